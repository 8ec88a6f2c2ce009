/**
 * Reading a simulation result as a timeline: each service's state at a time, the counts
 * by state, where time can step to, the recovery curve as a sparkline, and wall-clock
 * times for scenarios that state their start. Pure functions of a SimulationResult.
 */
import type { Cause, Interval, RecoveryPoint, ServiceResult, SimulationResult, StateName } from '../../engine/index.js';
import { clockAt as wallClock, parseStart } from '../../util/clock.js';

/** What the counts by state are read from: a result, or its curve (curve.ts). */
export type Counts = Pick<SimulationResult, 'recoveryCurve' | 'servicesTotal'>;

export interface StateAt {
  readonly state: StateName;
  /** The interval `t` falls in, or null when up. */
  readonly interval: Interval | null;
}

/** A service's state at minute `t`: the interval containing `t` (start inclusive, end exclusive), else up. */
export function stateAt(s: ServiceResult, t: number): StateAt {
  for (const iv of s.intervals) {
    if (iv.start <= t && (iv.end === null || t < iv.end)) return { state: iv.state, interval: iv };
  }
  return { state: 'up', interval: null };
}

/** The cause of the impairment at `t`, or null when up. */
export const causeAt = (s: ServiceResult, t: number): Cause | null => stateAt(s, t).interval?.cause ?? null;

/** Counts by state at minute `t`, from the recovery curve (a step function, sorted by minute). */
export function countsAt(result: Counts, t: number): RecoveryPoint {
  const curve = result.recoveryCurve;
  // Binary search for the last point at or before t: the curve of a large catalog is long.
  let lo = 0;
  let hi = curve.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (curve[mid]!.minute <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? { minute: 0, up: result.servicesTotal, degraded: 0, down: 0 } : curve[lo - 1]!;
}

/**
 * The length of the timeline in minutes: the last time anything visible changes (a count
 * by state, or a service's state or cause), or an hour when nothing changes after minute 0
 * (a failure that never clears). The engine's horizon can lie far beyond that (its last
 * internal event), which would leave most of the timeline flat.
 */
export function timelineSpan(result: SimulationResult): number {
  let last = 0;
  for (const p of result.recoveryCurve) if (p.minute > last) last = p.minute;
  for (const s of result.services) {
    for (const iv of s.intervals) {
      if (iv.start > last) last = iv.start;
      if (iv.end !== null && iv.end > last) last = iv.end;
    }
  }
  return last > 0 ? last : 60;
}

const STEPS = [0.25, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 240, 480, 720, 1440];

/** A round scrub step giving about 60 steps over `span` minutes. */
export function niceStep(span: number): number {
  const want = span / 60;
  return STEPS.find((s) => s >= want) ?? STEPS[STEPS.length - 1]!;
}

/** The minutes at which something changes (recovery-curve points), sorted, with 0 and the span. */
export function eventTimes(result: SimulationResult): number[] {
  const set = new Set<number>([0, timelineSpan(result)]);
  for (const p of result.recoveryCurve) set.add(p.minute);
  return [...set].sort((a, b) => a - b);
}

/** The next event strictly after `t` (direction 1) or strictly before it (-1); `t` itself when none. */
export function seekEvent(times: readonly number[], t: number, direction: 1 | -1): number {
  if (direction > 0) return times.find((x) => x > t) ?? t;
  for (let k = times.length - 1; k >= 0; k--) if (times[k]! < t) return times[k]!;
  return t;
}

const BLOCKS = '▁▂▃▄▅▆▇█';

/**
 * The recovery curve in `width` cells: services up at evenly spaced times from 0 to the
 * span, scaled between the fewest up and all services (█ = everything up).
 */
export function sparkline(result: SimulationResult, width: number): string {
  if (width <= 0) return '';
  // The line does not depend on the time shown: drawn once per result and width.
  let byWidth = sparkCache.get(result);
  if (!byWidth) sparkCache.set(result, (byWidth = new Map()));
  let line = byWidth.get(width);
  if (line === undefined) byWidth.set(width, (line = drawSparkline(result, width)));
  return line;
}

const sparkCache = new WeakMap<SimulationResult, Map<number, string>>();

function drawSparkline(result: SimulationResult, width: number): string {
  const span = timelineSpan(result);
  let lo = result.servicesTotal;
  for (const p of result.recoveryCurve) lo = Math.min(lo, p.up);
  const hi = result.servicesTotal;
  let out = '';
  for (let j = 0; j < width; j++) {
    const t = width === 1 ? span : (span * j) / (width - 1);
    const up = countsAt(result, t).up;
    const level = hi === lo ? BLOCKS.length - 1 : Math.round(((up - lo) / (hi - lo)) * (BLOCKS.length - 1));
    out += BLOCKS[level];
  }
  return out;
}

/** The sparkline column of minute `t`. */
export function cursorColumn(t: number, span: number, width: number): number {
  if (width <= 1 || span <= 0) return 0;
  return Math.max(0, Math.min(width - 1, Math.round((t / span) * (width - 1))));
}

/**
 * Wall-clock time `minutes` after `start` (ISO 8601 with an offset or Z), in that offset, as
 * every other output writes it: `02:25 20 Oct`, rounded to the nearest minute. Null when
 * `start` is not a date with an offset.
 */
export function clockAt(start: string, minutes: number): string | null {
  const s = parseStart(start);
  return s ? wallClock(s, minutes, true) : null;
}

/** The offset of an ISO 8601 time as a zone name: `UTC` or `UTC-07:00`. */
export function zoneOf(start: string): string {
  const m = /([+-]\d\d):?(\d\d)$/.exec(start);
  return m ? `UTC${m[1]}:${m[2]}` : 'UTC';
}

/**
 * Affected services (row indices) in the order the cascade reaches them: first impact,
 * then the given ranking (its order breaks ties).
 */
export function cascadeOrder(result: SimulationResult, ranked: readonly number[]): number[] {
  const rankPos = new Uint32Array(result.services.length);
  ranked.forEach((row, k) => (rankPos[row] = k));
  const affected: number[] = [];
  result.services.forEach((s, i) => {
    if (s.impactStartMinutes !== null) affected.push(i);
  });
  return affected.sort((a, b) => result.services[a]!.impactStartMinutes! - result.services[b]!.impactStartMinutes! || rankPos[a]! - rankPos[b]!);
}

/** Services impaired (down or degraded) at minute `t`. */
const impairedAt = (result: Counts, t: number): number => {
  const c = countsAt(result, t);
  return c.down + c.degraded;
};

/** The most services impaired at once. */
export function peakImpaired(result: Counts): number {
  let peak = 0;
  for (const p of result.recoveryCurve) peak = Math.max(peak, p.down + p.degraded);
  return peak;
}

/**
 * A recovery curve on a given scale, to draw two simulations against each other: services
 * impaired at evenly spaced times from 0 to `span`, as blocks from `▁` (`peak` impaired) to
 * `█` (none). With the span and peak of a simulation itself this is its sparkline; a patched
 * catalog's extra services (an added replica) count only when impaired.
 */
export function curveOn(result: Counts, width: number, span: number, peak: number): string {
  let out = '';
  for (let j = 0; j < width; j++) {
    const t = width === 1 ? span : (span * j) / (width - 1);
    const level = peak <= 0 ? BLOCKS.length - 1 : Math.round((1 - Math.min(peak, impairedAt(result, t)) / peak) * (BLOCKS.length - 1));
    out += BLOCKS[level];
  }
  return out;
}
