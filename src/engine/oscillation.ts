/**
 * Queues that take turns until the horizon cut (docs/model.md, "Termination"). The engine does not
 * schedule a change past MAX_HORIZON, so a run whose services keep taking turns just stops there;
 * the services still changing state at the cut are found from the transition log alone: a service whose last changes repeat one pattern (the same sequence of
 * state, cause kind and cause service, each change the same time after its counterpart one period
 * earlier) and whose next change in that pattern falls after the cut. The run itself is not
 * changed: this is a reading of the log, done only for runs whose last change falls in the second
 * half of the horizon (outcome.ts; one comparison for every other run).
 *
 * A run stopped because its whole state repeated (repeat.ts) is read with the cycle known
 * (exactOscillationsOf): every service that changes within it, with the shortest period of its
 * own changes and the same "since".
 */
import type { TransitionLog } from './events.js';

/** One service's repeating pattern at the cut: its period and when the pattern began (minutes). */
export interface Oscillation {
  readonly service: number;
  readonly periodMinutes: number;
  readonly since: number;
  /**
   * Present when the run stopped because its whole state repeated (repeat.ts): the state at
   * `at` was the state at `from`, so the pattern goes on for ever.
   */
  readonly repeat?: { readonly from: number; readonly at: number };
}

/**
 * Tolerance on times, in minutes. Each change is a closed-form root scheduled from the previous
 * one, so a period is repeated up to a few ulps of the run's time (about 7e-12 min at 30 days);
 * 1e-6 min is the engine's own "same instant" scale (BLINK, and a queue within a millionth of a
 * minute's work of a bound is at it), far above that rounding and far below any real turn.
 */
export const OSC_TOL = 1e-6;

/** Longest pattern looked for, in changes (a turn of two or three queues is a handful). */
const MAX_PATTERN = 32;

/**
 * The services of `log` (the first `nServices`) still taking turns when the run was cut at
 * `cut`: each with the shortest period its last changes repeat with, over at least two periods.
 */
export function oscillationsOf(log: TransitionLog, nServices: number, cut: number): Oscillation[] {
  const idx: number[][] = Array.from({ length: nServices }, () => []);
  for (let j = 0; j < log.length; j++) { const s = log.service[j]!; if (s < nServices) idx[s]!.push(j); }
  const found: Oscillation[] = [];
  for (let s = 0; s < nServices; s++) {
    const o = patternOf(log, idx[s]!, cut);
    if (o !== null) found.push({ service: s, periodMinutes: o[0], since: o[1] });
  }
  return found;
}

/** [period, since] of one service's changes `e` (log indices), or null when they do not repeat to the cut. */
function patternOf(log: TransitionLog, e: readonly number[], cut: number): [number, number] | null {
  const m = e.length;
  const same = (a: number, b: number): boolean =>
    log.state[a] === log.state[b] && log.causeKind[a] === log.causeKind[b] && log.causeService[a] === log.causeService[b];
  for (let k = 1; k <= MAX_PATTERN && 2 * k < m; k++) {
    const P = log.time[e[m - 1]!]! - log.time[e[m - 1 - k]!]!;
    if (!(P > OSC_TOL)) continue;
    // j holds when change j repeats change j − k one period later
    const holds = (j: number): boolean => same(e[j]!, e[j - k]!) && Math.abs(log.time[e[j]!]! - log.time[e[j - k]!]! - P) <= OSC_TOL;
    let j0 = m;
    while (j0 - 1 >= k && holds(j0 - 1)) j0--;
    if (m - j0 < 2 * k) continue; // fewer than two whole periods
    // the change that would follow the last one (the counterpart of e[m − k], a period later) is past the cut
    if (log.time[e[m - k]!]! + P <= cut - OSC_TOL) continue;
    return [P, log.time[e[j0 - k]!]!];
  }
  return null;
}

/**
 * The services of `log` (the first `nServices`) that change state between the instants `from`
 * and `at` of a run whose whole state at `at` repeated its state at `from` (repeat.ts): their
 * changes in (from, at] repeat for ever with period at − from. Each is reported with the
 * shortest period of its own changes (the cycle's changes of it repeat k changes later, k a
 * divisor of their count) and the earliest change from which that pattern holds, read back
 * through the log as for the horizon cut.
 */
export function exactOscillationsOf(log: TransitionLog, nServices: number, from: number, at: number): Oscillation[] {
  const idx: number[][] = Array.from({ length: nServices }, () => []);
  for (let j = 0; j < log.length && log.time[j]! <= at; j++) { const s = log.service[j]!; if (s < nServices) idx[s]!.push(j); }
  const P = at - from;
  const found: Oscillation[] = [];
  for (let s = 0; s < nServices; s++) {
    const e = idx[s]!;
    let w0 = e.length;
    while (w0 > 0 && log.time[e[w0 - 1]!]! > from) w0--;
    const m = e.length - w0;
    if (m === 0) continue;
    const same = (a: number, b: number): boolean =>
      log.state[a] === log.state[b] && log.causeKind[a] === log.causeKind[b] && log.causeService[a] === log.causeService[b];
    // the time of the cycle's change j (0 ≤ j, counting on into the next turns of the cycle)
    const timeOf = (j: number): number => log.time[e[w0 + (j % m)]!]! + Math.floor(j / m) * P;
    for (let k = 1; k <= m; k++) {
      if (m % k !== 0) continue;
      const Q = timeOf(k) - timeOf(0);
      let ok = true;
      for (let j = 0; j < m && ok; j++) ok = same(e[w0 + j]!, e[w0 + ((j + k) % m)]!) && Math.abs(timeOf(j + k) - timeOf(j) - Q) <= OSC_TOL;
      if (!ok) continue;
      // back through the log: a change before the cycle belongs to the pattern when the change k later repeats it Q later
      let j0 = w0;
      while (j0 > 0 && same(e[j0 - 1]!, e[j0 - 1 + k]!) && Math.abs(log.time[e[j0 - 1 + k]!]! - log.time[e[j0 - 1]!]! - Q) <= OSC_TOL) j0--;
      found.push({ service: s, periodMinutes: Q, since: log.time[e[j0]!]!, repeat: { from, at } });
      break;
    }
  }
  return found;
}
