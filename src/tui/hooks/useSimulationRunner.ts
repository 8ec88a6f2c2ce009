/**
 * Runs the requested simulation outside the key handler: the frame saying "simulating…" goes
 * out first, then the simulator (simulator.ts: the explorer's worker thread in the terminal)
 * runs it and its result (or failure) is dispatched. A newer request cancels the run of an
 * older one, whose result is then never dispatched.
 */
import { useEffect, useRef } from 'react';
import type { ExplorerData } from '../state/data.js';
import type { Action, SimRequest } from '../state/reducer.js';
import type { Simulator } from '../simulator.js';
import type { Run } from '../cancellable.js';
import type { SimOutcome } from '../state/simulate.js';

export function useSimulationRunner(simulator: Simulator, data: ExplorerData, pending: SimRequest | null, dispatch: (a: Action) => void): void {
  // The analysis arriving changes the data, not what a request simulates (its rows and
  // scenarios keep their indices): a run under way goes on.
  const dataRef = useRef(data);
  dataRef.current = data;
  const catalog = data.catalog;
  useEffect(() => {
    if (!pending) return undefined;
    let cancelled = false;
    let run: Run<SimOutcome> | null = null;
    // after the frame that says "simulating…"
    const timer = setTimeout(() => {
      run = simulator.simulate(dataRef.current, pending);
      run.result.then(
        ({ result, label, replay }) => {
          if (!cancelled) dispatch({ type: 'simulated', result, label, replay, request: pending });
        },
        (e: unknown) => {
          if (!cancelled) dispatch({ type: 'simulationFailed', message: `simulation failed (a bug, please report it): ${(e as Error)?.message ?? String(e)}` });
        },
      );
    }, 0);
    return () => {
      cancelled = true;
      clearTimeout(timer);
      run?.cancel();
    };
  }, [simulator, catalog, pending, dispatch]);
}
