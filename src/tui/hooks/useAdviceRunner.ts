/**
 * Runs the advisor for the service the state asks about (state/advice.ts), off the render
 * path: the frame saying "computing…" goes out first, then the advisor (advisor.ts: a worker
 * thread in the terminal) reports each simulation done and the result is dispatched. Results
 * are kept per catalog, service and input, so asking again shows them at once.
 */
import { useEffect } from 'react';
import type { ExplorerData } from '../state/data.js';
import type { Action, SimRequest } from '../state/reducer.js';
import type { AdviceView } from '../state/advice-state.js';
import type { ServiceAdvice } from '../state/advice.js';
import type { Advisor } from '../advisor.js';

const cache = new WeakMap<object, Map<string, ServiceAdvice>>();

export function useAdviceRunner(advisor: Advisor, data: ExplorerData, advice: AdviceView | null, dispatch: (a: Action) => void): void {
  // What to compute, as values: progress updates change the advice object, not the work.
  const row = advice?.status === 'computing' ? advice.row : null;
  const requestKey = advice?.status === 'computing' ? JSON.stringify(advice.request) : null;
  useEffect(() => {
    if (row === null || requestKey === null) return undefined;
    const request = JSON.parse(requestKey) as SimRequest;
    const key = `${row} ${requestKey}`;
    let byKey = cache.get(data.catalog);
    if (!byKey) cache.set(data.catalog, (byKey = new Map()));
    const known = byKey.get(key);
    if (known) {
      dispatch({ type: 'advised', row, result: known });
      return undefined;
    }
    let cancelled = false;
    let run: { cancel(): void } | null = null;
    // after the frame that says "computing…"
    const timer = setTimeout(() => {
      const r = advisor.advise(data, row, request, (done, total) => !cancelled && dispatch({ type: 'adviceProgress', done, total }));
      run = r;
      r.result.then(
        (result) => {
          byKey.set(key, result);
          if (!cancelled) dispatch({ type: 'advised', row, result });
        },
        (e: unknown) => {
          if (!cancelled) dispatch({ type: 'adviceFailed', row, message: `the advisor failed (a bug, please report it): ${(e as Error)?.message ?? String(e)}` });
        },
      );
    }, 0);
    return () => {
      cancelled = true;
      clearTimeout(timer);
      run?.cancel();
    };
  }, [advisor, data, row, requestKey, dispatch]);
}
