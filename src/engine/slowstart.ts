/**
 * The slow-start trap (docs/model.md, "Slow-start trap"): a staged restart whose units are
 * judged by a health check. A unit reaches full speed over `warmup` behind a throttle and over
 * `warmup × coldStart` under full load; `grace` after it starts, a unit below `threshold` of
 * full speed is removed and restarted. Under full load that can remove every unit before it
 * is warm, so capacity never returns until operators take the load off (a throttle).
 * Fleet-level and closed form: whether a starting unit passes depends only on the throttle
 * state, so the trap holds the restart's capacity line level, with no time step.
 */
import type { Sim } from './state.js';

/** Floating-point tolerance of the pass test (a unit exactly at the threshold passes). */
const EPS = 1e-9;

/**
 * Fraction of full speed a unit has reached `grace` minutes after it starts, when it warms
 * linearly to full speed over `warmup × factor` minutes (1 when that is 0: nothing to warm).
 */
export function warmthAtGrace(grace: number, warmup: number, factor: number): number {
  const w = Math.max(0, warmup) * Math.max(1, factor);
  if (!(w > 0)) return 1;
  const g = Math.max(0, grace);
  return g >= w ? 1 : g / w;
}

/**
 * Whether a unit of service i starting now fails its health check: the slow-start trap.
 * Under full load (no throttle) it warms `coldStart` times more slowly than behind one.
 */
export function trappedNow(S: Sim, i: number): boolean {
  const r = S.model.services[i]!.restart;
  const hc = r?.healthCheck;
  if (!r || !hc) return false;
  const factor = S.thrOn[i] ? 1 : S.v[r.coldStart]!;
  return warmthAtGrace(S.v[hc.grace]!, S.v[hc.warmup]!, factor) < hc.threshold - EPS;
}

/**
 * Holds the staged restart of service i level at `from` (the units already in service stay;
 * every unit that starts is removed by its health check): a restart line of slope 0 and no
 * end. A throttle put in place re-judges it (actions.ts restarts the ramp).
 */
export function holdTrap(S: Sim, i: number, from: number): void {
  S.rsOn[i] = 1;
  S.rsT0[i] = S.t;
  S.rsFrom[i] = from;
  S.rsK[i] = 0;
}

/** Whether service i is held by the trap now (a restart under way that does not advance). */
export const inTrap = (S: Sim, i: number): boolean => S.rsOn[i] === 1 && S.rsK[i] === 0;

/** The cause in words while the trap holds a service at a capacity fraction (explain.ts). */
export function trapDetail(threshold: number, capacity: string): string {
  return `slow-start trap: health checks remove hosts still warming under full load before they reach ${Math.round(threshold * 100)} % of full speed; capacity held at ${capacity} until the load is throttled`;
}
