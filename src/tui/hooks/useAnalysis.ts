/**
 * The explorer's data, ranked once its analysis arrives: a large catalog opens with the
 * services in catalog order while the single-failure sweeps run off the main thread, and
 * the list is re-sorted by blast radius, with its markers, when they are done.
 */
import { useEffect, useState } from 'react';
import { withAnalysis, type Analysis, type ExplorerData } from '../state/data.js';

/** The analysis under way, or how to start it (called once the first frame is out). */
export type PendingAnalysis = Promise<Analysis> | (() => Promise<Analysis>);

export interface AnalysisState {
  readonly data: ExplorerData;
  /** Why the analysis failed (a bug), or null. */
  readonly error: string | null;
}

/** `adopt` receives the analysed data first (the reducer re-sorts), in the same update as the render's data. */
export function useAnalysis(initial: ExplorerData, pending: PendingAnalysis | undefined, adopt: (d: ExplorerData) => void): AnalysisState {
  const [st, setSt] = useState<AnalysisState>({ data: initial, error: null });
  useEffect(() => {
    if (!pending || initial.analysed) return undefined;
    let live = true;
    // an effect runs after the first frame is written: work started here does not delay it
    (typeof pending === 'function' ? pending() : pending).then(
      (a) => {
        if (!live) return;
        const data = withAnalysis(initial, a);
        adopt(data);
        setSt({ data, error: null });
      },
      (e: unknown) => live && setSt({ data: initial, error: `ranking failed (a bug, please report it): ${(e as Error)?.message ?? String(e)}` }),
    );
    return () => {
      live = false;
    };
  }, [initial, pending, adopt]);
  return st;
}
