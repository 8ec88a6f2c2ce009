/**
 * Capacity as a fraction (docs/model.md, "Capacity as a fraction"): every service has, at
 * every instant, an available capacity c ∈ [0, 1] and a served fraction s ∈ [0, 1] of its
 * demand, each a line a + k·(t − at) between events (capacity returns linearly during a
 * staged restart). For services that use none of the fraction fields the three-state label
 * stays authoritative and c, s only describe it; for the others the label is derived from s.
 */
import { STATE_DEGRADED as STATE_DEGRADED_, STATE_DOWN as STATE_DOWN_, STATE_UP as STATE_UP_ } from './model.js';
import { timeAfter as timeAfter_ } from './events.js';
import { CAUSE_CAPACITY as CAUSE_CAPACITY_, CAUSE_DEMAND as CAUSE_DEMAND_, CAUSE_DEPENDENCY as CAUSE_DEPENDENCY_, CAUSE_NONE as CAUSE_NONE_, CAUSE_RESTART as CAUSE_RESTART_, EV_WAKE as EV_WAKE_, MAX_HORIZON as MAX_HORIZON_, type Sim } from './state.js';

// module-level copies of imports: read in hot loops without live-binding indirection
const STATE_DEGRADED = STATE_DEGRADED_;
const STATE_DOWN = STATE_DOWN_;
const STATE_UP = STATE_UP_;
const CAUSE_CAPACITY = CAUSE_CAPACITY_;
const CAUSE_DEMAND = CAUSE_DEMAND_;
const CAUSE_DEPENDENCY = CAUSE_DEPENDENCY_;
const CAUSE_NONE = CAUSE_NONE_;
const CAUSE_RESTART = CAUSE_RESTART_;
const EV_WAKE = EV_WAKE_;
const MAX_HORIZON = MAX_HORIZON_;
const timeAfter = timeAfter_;

/** A served fraction below this is `down`. */
export const FRAC_DOWN = 0.05;
/** Tolerance of fraction comparisons (floating point). */
export const FRAC_EPS = 1e-9;

/** Served fraction of service m at time t (clamped to [0, 1]). */
export function servedAt(S: Sim, m: number, t: number): number {
  const x = S.srvA[m]! + S.srvK[m]! * (t - S.fracAt[m]!);
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

/** clamp(y, 0, 1) */
function unit(y: number): number {
  return y < 0 ? 0 : y > 1 ? 1 : y;
}

/** ∫ over [0, d] of (1 − clamp(a + k·x, 0, 1)) dx: unserved minutes of one segment (exact). */
export function unservedOver(a: number, k: number, d: number): number {
  if (d <= 0) return 0;
  if (k === 0) return d * (1 - unit(a));
  // the clamped line is linear between the points where it crosses 0 and 1: trapezoids
  let x0 = (0 - a) / k;
  let x1 = (1 - a) / k;
  if (x0 > x1) { const s = x0; x0 = x1; x1 = s; }
  let served = 0;
  let prev = 0;
  for (let j = 0; j < 3; j++) {
    const cut = j === 0 ? x0 : j === 1 ? x1 : d;
    const c = cut < prev ? prev : cut > d ? d : cut;
    if (c > prev) { served += ((unit(a + k * prev) + unit(a + k * c)) / 2) * (c - prev); prev = c; }
  }
  return d - served;
}

/** Whether line 2 is below line 1 from now on: lower now, or level now (within FRAC_EPS) and rising slower. */
const below = (a1: number, k1: number, a2: number, k2: number): boolean => a2 < a1 - FRAC_EPS || (a2 <= a1 + FRAC_EPS && k2 < k1);

/**
 * The earlier of `cross` and the time the rising line a + k·x meets the line a2 + k2·x above it
 * (a module-level function, not a closure over capacityLine's locals: no context per call).
 */
function meet(cross: number, a: number, k: number, a2: number, k2: number): number {
  return k2 < k && a2 > a + FRAC_EPS ? Math.min(cross, (a2 - a) / (k - k2)) : cross;
}

/**
 * Capacity of service i now: 0 when down or collapsed; otherwise the least of the three-state
 * degradation (`base.capFrac` while degraded), the `scales` bound (`causal.scaleA`, `scaleK`,
 * `scaleS`), a load fault's cut and a staged restart's line. The bounds are read from the
 * records the engine's loop holds, not passed as numbers: no fraction is boxed per call. Sets S.capA/capK and returns the cause that binds it (CAUSE_NONE when none
 * beyond the three-state rules), with its service in `who[0]`.
 */
export function capacityLine(S: Sim, i: number, down: boolean, degraded: boolean, base: { readonly capFrac: number }, causal: { readonly scaleA: number; readonly scaleK: number; readonly scaleS: number }, who: Int32Array): number {
  let a = 1;
  let k = 0;
  let cause = CAUSE_NONE;
  who[0] = -1;
  if (down) { a = 0; }
  else {
    // the bounds, each a line a + k·(t − now); the least rules until a rising one crosses another
    const ra = S.rsOn[i] ? S.rsFrom[i]! + S.rsK[i]! * (S.t - S.rsT0[i]!) : Infinity;
    const rk = S.rsK[i]!;
    const cut = S.capCut[i]!;
    const cutK = S.capCutK[i]!; // a load fault that ramps (ramp.ts); 0 otherwise
    const deg = degraded ? base.capFrac : 1;
    const scaleA = causal.scaleA;
    const scaleK = causal.scaleK;
    if (deg < a) a = deg;
    if (below(a, k, scaleA, scaleK)) { a = scaleA; k = scaleK; cause = CAUSE_DEPENDENCY; who[0] = causal.scaleS; }
    if (below(a, k, cut, cutK)) { a = cut; k = cutK; cause = CAUSE_CAPACITY; who[0] = i; }
    if (below(a, k, ra, rk)) { a = ra; k = rk; cause = CAUSE_RESTART; who[0] = i; }
    if (k > 0) {
      // look again where the rising line meets the next bound above it
      let cross = a < 1 - FRAC_EPS ? (1 - a) / k : Infinity;
      cross = meet(cross, a, k, deg, 0);
      cross = meet(cross, a, k, cut, cutK);
      if (cause !== CAUSE_DEPENDENCY && scaleA < 1) cross = meet(cross, a, k, scaleA, scaleK);
      if (cause !== CAUSE_RESTART && ra < Infinity) cross = meet(cross, a, k, ra, rk);
      const at = timeAfter(S.t, cross);
      if (cross > FRAC_EPS && at <= MAX_HORIZON) S.q.push(at, EV_WAKE, i, 0);
    } else if (cutK < 0 || scaleK < 0) {
      // a falling bound (ramp.ts) above a level or falling line: look again where it passes below
      let cross = Infinity;
      if (cause !== CAUSE_CAPACITY) cross = meet(cross, a, k, cut, cutK);
      if (cause !== CAUSE_DEPENDENCY && (scaleA < 1 || scaleK < 0)) cross = meet(cross, a, k, scaleA, scaleK);
      if (cause !== CAUSE_RESTART && ra < Infinity) cross = meet(cross, a, k, ra, rk);
      const at = timeAfter(S.t, cross);
      if (cross > FRAC_EPS && at <= MAX_HORIZON) S.q.push(at, EV_WAKE, i, 0);
    }
  }
  S.capA[i] = a < 0 ? 0 : a;
  S.capK[i] = k;
  S.capT[i] = S.t;
  return cause;
}

/**
 * Starts the served line of service i now at sa + sk·(t − now) (sa already clamped to [0, 1]):
 * accounts the unserved minutes of the segment that ends, and when the line rises, schedules a
 * look at where it reaches full service or climbs out of `down` (curves and `needs` stay exact).
 */
export function moveServed(S: Sim, i: number, sa: number, sk: number): void {
  const t = S.t;
  if (sk > 0) {
    const full = timeAfter(t, (1 - sa) / sk);
    if (full <= MAX_HORIZON) S.q.push(full, EV_WAKE, i, 0);
    if (sa < FRAC_DOWN - FRAC_EPS) S.q.push(timeAfter(t, (FRAC_DOWN - sa) / sk), EV_WAKE, i, 0);
  } else if (sk < 0 && sa >= FRAC_DOWN - FRAC_EPS) {
    // a falling line (ramp.ts): look again once it is in `down`
    const low = timeAfter(t, (sa - FRAC_DOWN + 2 * FRAC_EPS) / -sk);
    if (low <= MAX_HORIZON) S.q.push(low, EV_WAKE, i, 0);
  }
  const dt = t - S.fracAt[i]!;
  if (dt > 0) S.unserved[i]! += unservedOver(S.srvA[i]!, S.srvK[i]!, dt);
  S.srvA[i] = sa;
  S.srvK[i] = sk;
  S.fracAt[i] = t;
}

/**
 * Sets the served fraction of service i now to the line sa + sk·(t − now) (clamped to full
 * service, with a wake-up when it gets there), accounts the unserved minutes of the segment
 * that ends, and returns the label the fraction implies; `cause[0]`, `cause[1]`: its cause
 * kind and service (the capacity bound `capCause`/`capWho`, else demand above capacity).
 */
export function servedLine(S: Sim, i: number, sa: number, sk: number, capCause: number, capWho: number, cause: Int32Array): number {
  if (sa >= 1 - FRAC_EPS) {
    // a line falling from full service (ramp.ts) is kept; one falling from above full service
    // is full until it reaches it
    if (sk < 0 && sa > 1 + FRAC_EPS) { const at = timeAfter(S.t, (sa - 1) / -sk); if (at <= MAX_HORIZON) S.q.push(at, EV_WAKE, i, 0); }
    if (sk < 0 && sa <= 1 + FRAC_EPS) sa = 1; else { sa = 1; sk = 0; }
  }
  if (sa < 0) sa = 0;
  if (sa !== servedAt(S, i, S.t) || sk !== S.srvK[i]) moveServed(S, i, sa, sk);
  let label = STATE_UP;
  cause[0] = CAUSE_NONE;
  cause[1] = -1;
  if (sa < FRAC_DOWN - FRAC_EPS) label = STATE_DOWN;
  else if (sa < 1 - FRAC_EPS || S.capA[i]! < 1 - FRAC_EPS || sk < 0 || S.capK[i]! < 0) label = STATE_DEGRADED; // falling: less the next instant
  if (label !== STATE_UP) {
    if (capCause !== CAUSE_NONE && (S.capA[i]! < 1 - FRAC_EPS || S.capK[i]! < 0)) { cause[0] = capCause; cause[1] = capWho; }
    else { cause[0] = CAUSE_DEMAND; cause[1] = i; }
  }
  return label;
}
