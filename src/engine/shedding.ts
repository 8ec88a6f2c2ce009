/**
 * Load shedding and load-balancer panic mode (docs/model.md, "Load shedding and panic mode"):
 * the ways a service protects itself automatically while its causes are still there.
 *
 * - **Shedding** (`backlog.shedding`): admission control, circuit breaking, dropping work whose
 *   deadline has passed (the Google SRE book, "Addressing Cascading Failures"; AWS Builders'
 *   Library, "Using load shedding to avoid overload"). The queue never holds more than it can
 *   serve within the timeout, `L = μ · timeout`; arrivals beyond what that admits are rejected
 *   at once (they fail fast instead of expiring in the queue), so the service serves `μ / λ` of
 *   its demand and is degraded where, without shedding, it would collapse (goodput 0). With
 *   `after: d` the shedding engages `d` after a collapse starts and ends it, dropping the queue
 *   beyond `L`; it disengages when the queue has drained.
 * - **Panic mode** (`restart.healthCheck.panic`): a load balancer that sees fewer than `panic`
 *   of its hosts healthy routes to all of them (Envoy's panic threshold, 50 % by default), so a
 *   fleet in the slow-start trap (slowstart.ts) is not emptied: its warming units stay in service
 *   and the restart advances at the full-load pace up to `panic`, where the health checks, judging
 *   again, hold it.
 *
 * Closed form, as the queues are: shedding pins a queue at `L` (slope 0) and accounts the work it
 * rejects per segment; nothing here steps time.
 */
import { timeAfter } from './events.js';
import { collapseEnds } from './collapse-end.js';
import { EV_RESTART_END, EV_SHED, MAX_HORIZON, type Sim } from './state.js';
import { shedStateOf, type ShedState } from './shed-state.js';

export { shedStateOf };

/** Tolerance of the level comparisons (floating point). */
const EPS = 1e-9;

/** Closes the accounting of service i's current segment at t (rates unchanged since `since`). */
export function accountTo(st: ShedState, i: number, t: number): void {
  const dt = t - st.since[i]!;
  if (dt > 0) {
    const a = st.arrRate[i]! * dt;
    const s = st.srvRate[i]! * dt + 0.5 * st.srvRateK[i]! * dt * dt;
    st.arrived[i]! += a;
    st.served[i]! += s;
    // while shedding the queue is level: what arrives and is not served is rejected
    if (st.active[i]) st.shed[i]! += a - s;
  }
  st.since[i] = t;
}

/** Work service i has arrived, served and shed by minute t (t ≥ the last event): the segment extrapolated. */
export function totalsAt(st: ShedState, i: number, t: number): { arrived: number; served: number; shed: number } {
  const dt = Math.max(0, t - st.since[i]!);
  const a = st.arrRate[i]! * dt;
  const s = st.srvRate[i]! * dt + 0.5 * st.srvRateK[i]! * dt * dt;
  return { arrived: st.arrived[i]! + a, served: st.served[i]! + s, shed: st.shed[i]! + (st.active[i] ? a - s : 0) };
}

/**
 * The shedding judgement of service i at S.t, where a queue without shedding would collapse
 * (`b` past `limit = μ · timeout`, or level with it and still growing): returns the queue it
 * keeps. The work beyond the limit is rejected at once (counted as shed); the caller pins the
 * queue at the limit while arrivals exceed μ. Ends a collapse in place (`collapseEndBy` 5).
 */
export function shedExcess(S: Sim, st: ShedState, i: number, b: number, limit: number): number {
  if (S.collapsed[i]) {
    S.collapsed[i] = 0; S.mitPending[i] = 0; S.mitGen[i]!++;
    collapseEnds(S, i, S.t, b, COLLAPSE_ENDED_BY_SHEDDING);
  }
  if (b > limit) { st.shed[i]! += b - limit; return limit; }
  return b;
}

/** How a collapse ended (`collapseEndBy`): load shedding engaged (explain.ts). */
export const COLLAPSE_ENDED_BY_SHEDDING = 5;

/**
 * A collapse of service i started now: a shedding that engages `after` it is scheduled
 * (EV_SHED), unless one is already pending.
 */
export function onCollapse(S: Sim, st: ShedState, i: number): void {
  if (!st.on[i] || st.armed[i] || st.pending[i]) return;
  const at = timeAfter(S.t, st.after[i]!);
  if (at > MAX_HORIZON) return;
  st.pending[i] = 1;
  S.q.push(at, EV_SHED, i, ++st.gen[i]!);
}

/**
 * Service i processes again with no collapse (an intervention ended it: automatic mitigation, an
 * operator's throttle, restart or scale-out): a pending engagement is for a collapse that is over,
 * so it is dropped, and a later collapse waits its own `after`. (Kept while a dependency outage
 * subsumes the collapse: the work still fails, and is judged again when it can resume.)
 */
export function onResumed(S: Sim, st: ShedState, i: number): void {
  if (st.pending[i] && S.processing[i] && !S.collapsed[i]) { st.pending[i] = 0; st.gen[i]!++; }
}

/** EV_SHED of generation x: shedding engages; the caller re-evaluates service i. */
export function engage(st: ShedState, i: number, x: number): boolean {
  if (st.gen[i] !== x || !st.pending[i]) return false;
  st.pending[i] = 0;
  st.armed[i] = 1;
  return true;
}

/** The queue of service i has drained: a delayed shedding disengages (the breaker closes). */
export function onDrained(st: ShedState, i: number): void {
  if (st.after[i]! > 0) st.armed[i] = 0;
}

/**
 * Sets the rates of service i's new segment (after accountTo): arrival `arr`, service
 * `srv + srvK·s`, and whether it sheds (the queue level at its limit); records where shedding
 * starts or its rates change.
 */
export function setRates(S: Sim, st: ShedState, i: number, arr: number, srv: number, srvK: number, shedding: boolean): void {
  const changed = !st.active[i] || arr !== st.arrRate[i] || srv !== st.srvRate[i];
  st.arrRate[i] = arr; st.srvRate[i] = srv; st.srvRateK[i] = srvK;
  st.active[i] = shedding ? 1 : 0;
  if (shedding && changed) st.episodes.push(i, S.t, arr, srv);
}

/** The arrival and service rates where service i's shedding interval starting at t began, or null. */
export function episodeAt(st: ShedState, i: number, t: number): { arr: number; mu: number } | null {
  const e = st.episodes;
  let best: { arr: number; mu: number } | null = null;
  for (let k = 0; k + 3 < e.length; k += 4) if (e[k] === i && e[k + 1]! <= t + EPS) best = { arr: e[k + 2]!, mu: e[k + 3]! };
  return best;
}

/** "1,250": a rate per minute, rounded, in words. */
const rateText = (x: number): string => Math.round(x).toLocaleString('en-US');

/** The cause in words while service i sheds (explain.ts). */
export function shedDetail(fraction: number, rates: { arr: number; mu: number } | null, unit: string, dependency: string | null): string {
  const share = Math.max(0, Math.min(100, Math.round((1 - fraction) * 100)));
  const head = rates
    ? `shedding ${share} % of its load: ${rateText(rates.arr)} ${unit} arrive per minute, ${rateText(rates.mu)} can be served within their timeout; the rest is rejected at once`
    : `shedding ${share} % of its load: work that cannot be served within its timeout is rejected at once`;
  return dependency ? `${head} (capacity cut while ${dependency} is impaired)` : head;
}

// ---------------------------------------------------------------------------------------------
// Panic mode

/** Service i's panic threshold (-1: none). */
export const panicOf = (S: Sim, i: number): number => S.model.services[i]!.restart?.healthCheck?.panic ?? -1;

/**
 * The slow-start trap holds service i's restart at `from`; with panic mode below the threshold,
 * the restart instead rises at the full-load pace `1/d` per minute to the threshold. Returns
 * false when panic mode does not apply (no threshold, or the fleet already at or above it).
 */
export function panicRamp(S: Sim, i: number, from: number, d: number): boolean {
  const st = S.shedding;
  const p = panicOf(S, i);
  if (st === null || p < 0 || from >= p - EPS || !(d > 0)) return false;
  S.rsOn[i] = 1;
  S.rsT0[i] = S.t;
  S.rsFrom[i] = from;
  S.rsK[i] = 1 / d;
  st.panicUp[i] = 1;
  S.q.push(timeAfter(S.t, (p - from) * d), EV_RESTART_END, i, S.rsGen[i]!);
  return true;
}

/**
 * EV_RESTART_END of a panic-mode ramp: the fleet reached the threshold, the balancer leaves
 * panic and the health checks hold it there (slope 0, as the trap does). False for a plain end.
 */
export function panicReached(S: Sim, i: number): boolean {
  const st = S.shedding;
  if (st === null || !st.panicUp[i]) return false;
  st.panicUp[i] = 0;
  S.rsOn[i] = 1;
  S.rsT0[i] = S.t;
  S.rsFrom[i] = panicOf(S, i);
  S.rsK[i] = 0;
  return true;
}

/** A restart of service i (re)starts: any panic-mode ramp is over. */
export function clearPanic(S: Sim, i: number): void {
  if (S.shedding !== null) S.shedding.panicUp[i] = 0;
}

/** The cause in words while panic mode lifts a trapped fleet (explain.ts). */
export function panicDetail(panic: number, c0: string, c1: string): string {
  return `load-balancer panic mode: with under ${Math.round(panic * 100)} % of hosts healthy, traffic goes to all of them, so warming hosts stay in service; capacity ${c0} → ${c1} at the full-load pace`;
}
