/**
 * The end of a metastable collapse, as the run's records see it (collapse-peaks.ts): kept apart
 * from the record class so that state.ts can hold one without importing the Sim back.
 */
import type { Sim } from './state.js';

/**
 * A collapse of service i ends at t with `b` queued (`b` read before anything changes the queue),
 * ended `by` (RunOutcome.collapseEndBy's codes, which its record keeps too): its record and the
 * run's largest backlog see the queue as it stood. An operator restart that
 * drops the queue used to empty it before any evaluation read it, so the run's peak missed all
 * the growth since the last one (Roblox 2021-10-28: 162,883 queued named, 1,430,871 reached).
 */
export function collapseEnds(S: Sim, i: number, t: number, b: number, by: number): void {
  S.collapseEnd[i] = t; S.collapseEndBy[i] = by;
  if (b > S.backlogPeak[i]!) { S.backlogPeak[i] = b; S.backlogPeakAt[i] = t; }
  S.collapsePeaks?.close(i, t, b, by);
}
