/**
 * A scenario's observed milestones in the explorer: where they fall on the timeline, the
 * legend under it, and what a selected service's observations say against the simulation.
 * The comparison itself is src/replay's (replayScenario, compareMilestone): this only places
 * and words its rows. Pure.
 */
import { formatDuration } from '../../catalog/units.js';
import type { ReplayResult, ReplayRow } from '../../replay/compare.js';
import { simulatedText } from '../../replay/render.js';
import { safeText } from '../../util/text.js';
import { cursorColumn } from './timeline.js';

import { OBSERVED_MARK } from './line.js';

export { OBSERVED_MARK } from './line.js';

/**
 * The sparkline columns of the observed times (the same scale as the `^` cursor), sorted,
 * each once. A time after the end of the timeline is marked at its last column.
 */
export function observedColumns(rows: readonly ReplayRow[], span: number, width: number): number[] {
  const cols = new Set<number>();
  for (const r of rows) cols.add(cursorColumn(r.observed, span, width));
  return [...cols].sort((a, b) => a - b);
}

/** The row of marks: OBSERVED_MARK at each observed column, spaces between, nothing after the last. */
export function observedMarkRow(rows: readonly ReplayRow[], span: number, width: number): string {
  let out = '';
  for (const c of observedColumns(rows, span, width)) out += `${' '.repeat(c - out.length)}${OBSERVED_MARK}`;
  return out;
}

/** The legend under the marks: "◆ observed: 15 milestones, 9 of 14 within tolerance". */
export function observedLegend(replay: ReplayResult): string {
  const s = replay.score;
  return `${OBSERVED_MARK} observed: ${s.total} milestone${s.total === 1 ? '' : 's'}, ${s.within} of ${s.scored} within tolerance`;
}

/** The observations of one service (raw id), in the scenario's order. */
export const observationsOf = (replay: ReplayResult | null, rawId: string): ReplayRow[] => (replay ? replay.rows.filter((r) => r.service === rawId) : []);

/** Signed whole minutes, "+0" at zero: "+0 min", "-19 min". */
const signed = (x: number): string => {
  const r = Math.round(x);
  return `${r >= 0 ? '+' : ''}${r} min`;
};

/**
 * One observation against the simulation, for the selected service:
 * "observed: recovered at +5h40m (simulated +5h40m, +0 min)". An upper bound reads "by",
 * a lower bound "not before"; without a simulated time the replay's own words say why.
 */
export function observationText(r: ReplayRow): string {
  const event = r.event === 'capacity' ? `${Math.round((r.fraction ?? 1) * 100)} % capacity` : r.event;
  const when = r.bound === 'upper' ? 'by' : r.bound === 'lower' ? 'not before' : 'at';
  const sim = r.simulated === null ? (r.status === 'not-simulated' ? 'not simulated' : `simulated: ${simulatedText(r)}`) : `simulated +${formatDuration(r.simulated)}, ${signed(r.error!)}`;
  return safeText(`observed: ${event} ${when} +${formatDuration(r.observed)} (${sim})`);
}
