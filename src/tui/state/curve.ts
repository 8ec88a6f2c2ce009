/**
 * A simulation's recovery, as much of it as the explorer draws against another run (the
 * advisor's candidates): the counts by state over time, the timeline's length and the one-line
 * summary. A few hundred bytes where the whole result of a large catalog is megabytes, so the
 * advisor's worker thread sends this instead (src/tui/advice-worker.ts). Pure.
 */
import { formatDuration } from '../../catalog/units.js';
import { startingActions, type RecoveryPoint, type SimulationResult } from '../../engine/index.js';
import { timelineSpan } from './timeline.js';

export interface Curve {
  readonly recoveryCurve: readonly RecoveryPoint[];
  readonly servicesTotal: number;
  readonly affected: number;
  readonly fullRecoveryMinutes: number | null;
  /** The timeline's length (timelineSpan of the result). */
  readonly span: number;
  /** The result's recoverySummary. */
  readonly summary: string;
}

/** The curve of a simulation result. */
export function curveOf(res: SimulationResult): Curve {
  return { recoveryCurve: res.recoveryCurve, servicesTotal: res.servicesTotal, affected: res.affected, fullRecoveryMinutes: res.fullRecoveryMinutes, span: timelineSpan(res), summary: recoverySummary(res) };
}

const minutes = (m: number): string => formatDuration(m);

/**
 * How many services the simulation affected and when they were back. Services marked
 * `partial` do not hold up full recovery (docs/model.md), so when they recover later, or
 * never, that is said too rather than claiming everything is back.
 */
export function recoverySummary(res: SimulationResult): string {
  let text = summaries.get(res);
  if (text === undefined) summaries.set(res, (text = computeRecoverySummary(res)));
  return text;
}
// Drawn on every frame while the timeline plays; the scan of every service is done once.
const summaries = new WeakMap<SimulationResult, string>();

function computeRecoverySummary(res: SimulationResult): string {
  const full = res.fullRecoveryMinutes;
  if (full === null) return `${res.affected} affected; not everything recovers`;
  const lingering = res.services.filter((s) => s.impactStartMinutes !== null && (!s.recovered || (s.recoveredMinutes ?? 0) > full));
  if (lingering.length === 0) return `${res.affected} affected; all back at ${minutes(full)}`;
  const n = lingering.length;
  const verb = (one: string, many: string) => (n === 1 ? one : many);
  const until = lingering.some((s) => !s.recovered)
    ? verb('never ends', 'never end')
    : `${verb('lasts', 'last')} until ${minutes(Math.max(...lingering.map((s) => s.recoveredMinutes ?? 0)))}`;
  return `${res.affected} affected; full recovery at ${minutes(full)}; ${n} partial impact${verb('', 's')} ${until}`;
}

/**
 * What started the simulation, one line each (at most `max`, then how many more): each fault as
 * the run applied it, a load fault by what it did ("gets 3× its normal demand"), or, for a
 * scenario without faults, its first operator actions.
 */
export function triggerTexts(res: SimulationResult, max = 3): string[] {
  const all = [
    ...res.faults.map((f) => `trigger: ${f.service} ${f.what}, ${minutes(f.atMinutes)}–${f.untilMinutes === null ? 'never' : minutes(f.untilMinutes)}`),
    ...startingActions(res).map((a) => `trigger: operators ${a.do} ${a.service} at ${minutes(a.atMinutes!)}`),
  ];
  return all.length > max ? [...all.slice(0, max - 1), `… and ${all.length - max + 1} more triggers`] : all;
}
