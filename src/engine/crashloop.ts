/**
 * Crash loops (docs/model.md, "Crash loops and reconnect herds"): a service whose restarts
 * fail while a cause persists retries with exponential backoff (base, doubling, at most cap).
 * When the cause clears it comes back at its next attempt: after the rest of the backoff in
 * progress on the fixed schedule, or, with jitter, after a uniform draw up to that backoff
 * (the draw is a parameter of the run, so runs stay pure).
 */
import { EV_CRASH_END, type Sim } from './state.js';
import { timeAfter } from './events.js';

/**
 * How far before now an attempt still counts as now (minutes). An outage whose cause clears
 * exactly at an attempt (a 29-minute outage against attempts at 3, 9, 19, 29 …: round numbers
 * meet) comes back at once in exact arithmetic; `elapsed` is a difference of two clock times
 * and can land a few ulps past it, which would wait a whole further backoff instead, and
 * differently from one occurrence of the same outage to the next (a run that repeats would not).
 */
export const ATTEMPT_TIE = 1e-9;

/**
 * Minutes from `elapsed` (time since the outage began) to the next restart attempt, and the
 * backoff in progress then: attempts at base, base + 2·base, … (each gap doubling, at most cap);
 * one at most ATTEMPT_TIE before `elapsed` is now.
 */
export function nextAttempt(base: number, cap: number, elapsed: number): { wait: number; backoff: number } {
  if (!(base > 0)) return { wait: 0, backoff: 0 };
  const e = elapsed - ATTEMPT_TIE;
  let at = 0;
  let d = Math.min(base, cap);
  while (d < cap) {
    if (at + d >= e) return { wait: Math.max(0, at + d - elapsed), backoff: d };
    at += d;
    d = Math.min(cap, 2 * d);
  }
  // at the cap: attempts every cap minutes from `at`
  const k = Math.max(1, Math.ceil((e - at) / cap));
  return { wait: Math.max(0, at + k * cap - elapsed), backoff: cap };
}

/**
 * The crash-loop step of one run: `(i, down)` tells whether service i, whose causes are
 * down (`down`) or clear, is still held down by its crash loop now.
 */
export function crashLoopOf(S: Sim): (i: number, down: boolean) => boolean {
  const list = S.model.withCrashLoop;
  if (list.length === 0) return () => false;
  const n = S.n;
  const base = new Float64Array(n);
  const cap = new Float64Array(n);
  const jitter = new Float64Array(n).fill(-1);
  const has = new Uint8Array(n);
  for (const i of list) {
    const c = S.model.services[i]!.crashLoop!;
    has[i] = 1;
    base[i] = S.v[c.base]!;
    cap[i] = Math.max(S.v[c.cap]!, base[i]!);
    if (c.jitter >= 0) jitter[i] = Math.min(1, Math.max(0, S.v[c.jitter]!));
  }
  const { downSince, crashUntil, crashDone, crashGen, q } = S;
  return (i: number, down: boolean): boolean => {
    if (!has[i]) return false;
    const t = S.t;
    if (down) {
      // the loop goes on from the first failure: a cause that returns during the wait resumes it
      if (downSince[i]! < 0) downSince[i] = t;
      if (crashUntil[i]! >= 0) { crashUntil[i] = -1; crashGen[i]!++; }
      crashDone[i] = 0;
      return false;
    }
    if (downSince[i]! < 0) return false;
    if (!crashDone[i]) {
      crashDone[i] = 1;
      const { wait, backoff } = nextAttempt(base[i]!, cap[i]!, t - downSince[i]!);
      const w = jitter[i]! >= 0 ? jitter[i]! * backoff : wait;
      if (w > 0) {
        crashUntil[i] = timeAfter(t, w);
        crashGen[i]!++;
        q.push(crashUntil[i]!, EV_CRASH_END, i, crashGen[i]!);
      }
    }
    if (crashUntil[i]! > t) return true;
    downSince[i] = -1; crashUntil[i] = -1; crashDone[i] = 0;
    return false;
  };
}
