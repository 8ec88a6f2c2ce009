/**
 * A service's demand as a line (docs/model.md, "Load faults that grow", "Cold caches loading
 * their origin", "Gradual failover"): `S.demand[i]` is its value at `S.demT[i]`, `S.demK[i]`
 * its slope per minute (state.ts). Three mechanisms write it, each a factor of the demand:
 *
 *   d(t) = ops · L(t) · G(t) · F(t)
 *
 * L the load faults (ramp.ts: lines while they grow), G what a gradual failover moves onto a
 * cell (failover-drain.ts: a line between the ends of the drains, level within the headroom),
 * F the misses of the cold caches in front of it (cachefill.ts: a line between the starts and
 * ends of their refills). The first writer of an evaluation sets the line; each further factor
 * multiplies it here, after re-basing it at now, by the product rule: the slope of the product
 * is the sum of each factor's slope times the others' values, d' = d_L'·G·F + d_L·G'·F + …, so no
 * factor's slope is lost. The product of two sloped lines is a quadratic; the engine follows
 * its tangent and looks again before the two drift apart by RAMP_EPS of the demand:
 * (d + dk·x)(F + K·x) = dF + (dk·F + d·K)·x + dk·K·x², so the tangent is off by |dk·K|·x².
 */
import { timeAfter } from './events.js';
import { EV_WAKE, MAX_HORIZON, type Sim } from './state.js';

/** Largest gap between a demand's tangent and the product it follows, and between the served fraction c(t)/d(t) of a sloped demand and its chord (ramp.ts). */
export const RAMP_EPS = 1e-3;

/** Schedules a look at service i at t + dt unless one is already due by then (`slot`: its pending time). */
export function wakeBy(S: Sim, i: number, dt: number, slot: Float64Array): void {
  if (!(dt > 0) || !Number.isFinite(dt)) return;
  const at = timeAfter(S.t, dt);
  if (at > MAX_HORIZON) return;
  const pending = slot[i]!;
  if (pending > S.t && pending <= at) return;
  slot[i] = at;
  S.q.push(at, EV_WAKE, i, 0);
}

/** Sets slot i's demand line: `a` now, `k` per minute from now. */
export function setDemand(S: Sim, i: number, a: number, k: number): void {
  S.demand[i] = a;
  S.demK[i] = k;
  S.demT[i] = S.t;
}

/** The product rule on a line [value, slope] in `ln`: times F + K·x. */
export function timesLine(ln: Float64Array, F: number, K: number): void {
  ln[1] = ln[1]! * F + ln[0]! * K;
  ln[0] = ln[0]! * F;
}

/** Slot i's demand now, on its line. */
export function demandNow(S: Sim, i: number): number {
  const dt = S.t - S.demT[i]!;
  return dt === 0 ? S.demand[i]! : S.demand[i]! + S.demK[i]! * dt;
}

/**
 * Multiplies slot i's demand line, re-based at now, by the factor F + K·x (x minutes from now):
 * value d·F, slope dk·F + d·K. With both slopes nonzero, wakes i before the tangent drifts from
 * the product by RAMP_EPS of it, at x = √(RAMP_EPS·d·F / |dk·K|).
 */
export function mulDemand(S: Sim, i: number, F: number, K: number): void {
  const d = demandNow(S, i);
  const dk = S.demK[i]!;
  S.demand[i] = d * F;
  S.demK[i] = dk * F + d * K;
  S.demT[i] = S.t;
  if (dk !== 0 && K !== 0 && d > 0) wakeBy(S, i, Math.sqrt((RAMP_EPS * d * F) / Math.abs(dk * K)), S.rampNext);
}

/**
 * Slot i's demand, level apart from a factor F + K·x that is already multiplied into its value
 * (load.ts folds `S.fillDem` into a level demand): re-based at now with the product rule's slope
 * for a level rest, (d / F)·K.
 */
export function slopeOfFactor(S: Sim, i: number, F: number, K: number): void {
  S.demK[i] = K === 0 ? 0 : (S.demand[i]! * K) / F;
  S.demT[i] = S.t;
}
