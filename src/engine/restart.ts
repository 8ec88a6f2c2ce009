/**
 * What happens once the causes of an outage clear: a warm-up of fixed length
 * (`recovery.time`, docs/model.md "Rules") and a staged restart (`restart: {units, rate}`,
 * "Staged recovery"), in which capacity returns linearly as units come back, more slowly
 * when the service warms up under full load than behind a throttle (`coldStart`).
 */
import { STATE_DOWN as STATE_DOWN_ } from './model.js';
import { crashLoopOf as crashLoopOf_ } from './crashloop.js';
import { holdTrap, trappedNow } from './slowstart.js';
import { clearPanic, panicRamp } from './shedding.js';
import { timeAfter as timeAfter_ } from './events.js';
import { CAUSE_CRASHLOOP as CAUSE_CRASHLOOP_, CAUSE_WARMUP as CAUSE_WARMUP_, EV_RESTART_END as EV_RESTART_END_, EV_WARM_END as EV_WARM_END_, type Sim } from './state.js';

// module-level copies of imports: read in hot loops without live-binding indirection
const STATE_DOWN = STATE_DOWN_;
const CAUSE_WARMUP = CAUSE_WARMUP_;
const CAUSE_CRASHLOOP = CAUSE_CRASHLOOP_;
const crashLoopOf = crashLoopOf_;
const EV_RESTART_END = EV_RESTART_END_;
const EV_WARM_END = EV_WARM_END_;
const timeAfter = timeAfter_;

/** The base state after warm-up: filled by {@link recoveryStep}. */
export interface Base {
  base: number;
  baseK: number;
  baseS: number;
  capFrac: number;
}

export const newBase = (): Base => ({ base: 0, baseK: 0, baseS: -1, capFrac: 1 });

/** Minutes a staged restart of service i takes from zero: units / rate (or `over`), × coldStart unless throttled. */
export function restartMinutes(S: Sim, i: number): number {
  const r = S.model.services[i]!.restart!;
  const plain = r.over >= 0 ? S.v[r.over]! : S.v[r.units]! / S.v[r.rate]!;
  return S.thrOn[i] ? plain : plain * S.v[r.coldStart]!;
}

/** (Re)starts the capacity line of a staged restart at `from`, at the pace the throttle state allows. */
export function startRamp(S: Sim, i: number, from: number): void {
  const d = restartMinutes(S, i);
  S.rsGen[i]!++;
  clearPanic(S, i);
  if (from >= 1) { S.rsOn[i] = 0; return; }
  // the slow-start trap: health checks remove every unit before it is warm (slowstart.ts),
  // unless a load balancer's panic mode keeps them in service up to its threshold (shedding.ts)
  if (trappedNow(S, i)) { if (!panicRamp(S, i, from, d)) holdTrap(S, i, from); return; }
  if (!(d > 0)) { S.rsOn[i] = 0; return; }
  S.rsOn[i] = 1;
  S.rsT0[i] = S.t;
  S.rsFrom[i] = from;
  S.rsK[i] = 1 / d;
  S.q.push(timeAfter(S.t, (1 - from) * d), EV_RESTART_END, i, S.rsGen[i]!);
}

/** The capacity fraction a staged restart has reached now (1 when none is under way). */
export function rampNow(S: Sim, i: number): number {
  return S.rsOn[i] ? Math.min(1, S.rsFrom[i]! + S.rsK[i]! * (S.t - S.rsT0[i]!)) : 1;
}

/**
 * The warm-up and staged-restart step of one run: `(i, c, ck, cS, capFrac, out)` takes
 * service i's new causal state c (cause kind ck, service cS) and writes its base state into
 * `out`. A factory, so the hot loop reads arrays bound once per run.
 */
export function recoveryStepOf(S: Sim): (i: number, c: number, ck: number, cS: number, capFrac: number, out: Base) => void {
  const n = S.n;
  const services = S.model.services;
  const recTime = new Float64Array(n);
  for (const i of S.model.withRecovery) recTime[i] = S.v[services[i]!.recTime]!;
  const { cs, csCauseS, warmUntil, warmGen, warmCauseS, rsOn, rsGen, bDegCap, q } = S;
  const crashLoop = crashLoopOf(S);
  return (i: number, c: number, ck: number, cS: number, capFrac: number, out: Base): void => {
    const t = S.t;
    // a crash loop holds the service down past its causes, until its next restart attempt
    if (crashLoop(i, c === STATE_DOWN)) { c = STATE_DOWN; ck = CAUSE_CRASHLOOP; cS = i; }
    const prevC = cs[i]!;
    if (c === STATE_DOWN) {
      if (warmUntil[i]! >= 0) { warmUntil[i] = -1; warmGen[i]!++; }
      if (rsOn[i]) { rsOn[i] = 0; rsGen[i]!++; }
    } else if (prevC === STATE_DOWN) {
      const w = recTime[i]!;
      if (w > 0) {
        warmUntil[i] = timeAfter(t, w);
        warmGen[i]!++;
        warmCauseS[i] = csCauseS[i]!;
        q.push(warmUntil[i]!, EV_WARM_END, i, warmGen[i]!);
      }
      if (services[i]!.restart) startRamp(S, i, 0);
    }
    cs[i] = c; csCauseS[i] = cS;
    let base = c;
    let baseK = ck;
    let baseS = cS;
    if (warmUntil[i]! > t) {
      const ws = services[i]!.recState;
      if (ws >= base) { base = ws; baseK = CAUSE_WARMUP; baseS = warmCauseS[i]!; }
      if (bDegCap[i]! < capFrac) capFrac = bDegCap[i]!;
    } else if (warmUntil[i]! >= 0) warmUntil[i] = -1;
    out.base = base; out.baseK = baseK; out.baseS = baseS; out.capFrac = capFrac;
  };
}
