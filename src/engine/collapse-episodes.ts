/**
 * A service's collapses as its result sums them up (ServiceResult.collapse): from the run's
 * record of each collapse, the first's start and the last's end and how it ended; how many
 * times, counted from its intervals; and the largest queue while collapsed.
 */
import type { Interval, ServiceResult } from './result.js';
import type { RunOutcome } from './outcome.js';
import type { CompiledGraph } from '../graph/compile.js';

/**
 * How many separate collapses the intervals hold (stretches whose cause is a collapse, apart
 * from the one before), when more than one: a result's `collapse` then spans the first's start
 * to the last's end, and the intervals give each.
 */
export function collapseEpisodes(ints: readonly Interval[]): { episodes?: number } {
  let n = 0;
  let prevEnd = NaN;
  for (const iv of ints) {
    if (iv.cause.kind !== 'collapse') continue;
    if (iv.start !== prevEnd) n++;
    prevEnd = iv.end ?? Infinity;
  }
  return n > 1 ? { episodes: n } : {};
}

const round = (x: number): number => Math.round(x * 1000) / 1000;

/** How a collapse ended, in words, by CollapsePeaks.endBy's codes. */
const ENDED_BY = ['not ended', 'admission throttled by operators', 'restarted by operators', 'detection and mitigation', 'capacity added by operators', 'load shedding engaged', 'a new outage (the queue is judged again when work can resume)'];

/**
 * The `collapse` field of service i's result, from the run's record of each collapse
 * (collapse-peaks.ts): from the first's start to the last's end, `endedBy` the last's (with
 * `timedBy(t)`, the operator action that ended it at t, if any), how many separate collapses
 * the intervals show, and the largest queue while collapsed (not the run's largest queue,
 * `backlogPeak`, which can come after the collapse); the first collapse judged before one of
 * its dependencies took its state at that minute (`service(m)`: its id and name). Null when it never
 * collapsed. `g`: the run's compiled graph.
 */
export function collapseResult(out: RunOutcome, i: number, ints: readonly Interval[], timedBy: (t: number) => string, g: CompiledGraph, service: (m: number) => { readonly service: string; readonly name: string }): ServiceResult['collapse'] {
  const p = out.collapsePeaks;
  const recs = p?.recordsOf(i) ?? [];
  if (p === null || recs.length === 0) return null;
  const last = recs[recs.length - 1]!;
  const end = p.end[last]!;
  const q = p.largest(i)!;
  let early = -1;
  let dep = -1;
  for (const k of recs) if ((dep = p.judgedBefore(k, out.log, g)) >= 0) { early = k; break; }
  return {
    startMinutes: round(p.start[recs[0]!]!),
    endMinutes: Number.isNaN(end) ? null : round(end),
    endedBy: ENDED_BY[p.endBy[last]!]! + (Number.isNaN(end) ? '' : timedBy(end)),
    ...collapseEpisodes(ints),
    queued: { value: Math.round(q.peak), atMinutes: round(q.at) },
    ...(early < 0 ? {} : { judgedBefore: { ...service(dep), atMinutes: round(p.start[early]!) } }),
  };
}
