/**
 * The three-state rules in one step, for the services they decide alone (docs/model.md,
 * "Rules"): a service with no queue, no staged restart, no crash loop, no fraction field or
 * stale edge on its requirements, no load fault, no operator action, outside every cyclic block and whose
 * fraction layer is off in this run. Its evaluation is then its requirements, its warm-up and
 * the commit of what dependents see: the general evaluation (simulate.ts with requirements.ts
 * and restart.ts) reaches the same state by the same arithmetic, through steps that do nothing
 * for such a service. One function with no intermediate records keeps the catalogs that use
 * none of the engine-v2 fields as fast as the engine before them (docs/performance.md).
 */
import { REQ_ASYNC as REQ_ASYNC_, REQ_SOFT as REQ_SOFT_, blocksOf } from '../graph/compile.js';
import { STATE_DEGRADED as STATE_DEGRADED_, STATE_DOWN as STATE_DOWN_, STATE_UP as STATE_UP_, type Model } from './model.js';
import { timeAfter as timeAfter_ } from './events.js';
import { CAUSE_DEPENDENCY as CAUSE_DEPENDENCY_, CAUSE_DISABLED as CAUSE_DISABLED_, CAUSE_FAULT as CAUSE_FAULT_, CAUSE_GROUP as CAUSE_GROUP_, CAUSE_NONE as CAUSE_NONE_, CAUSE_WARMUP as CAUSE_WARMUP_, EV_WARM_END as EV_WARM_END_, type Sim } from './state.js';

// module-level copies of imports: read in hot loops without live-binding indirection
const REQ_ASYNC = REQ_ASYNC_;
const REQ_SOFT = REQ_SOFT_;
const STATE_DEGRADED = STATE_DEGRADED_;
const STATE_DOWN = STATE_DOWN_;
const STATE_UP = STATE_UP_;
const CAUSE_DEPENDENCY = CAUSE_DEPENDENCY_;
const CAUSE_DISABLED = CAUSE_DISABLED_;
const CAUSE_FAULT = CAUSE_FAULT_;
const CAUSE_GROUP = CAUSE_GROUP_;
const CAUSE_NONE = CAUSE_NONE_;
const CAUSE_WARMUP = CAUSE_WARMUP_;
const EV_WARM_END = EV_WARM_END_;
const timeAfter = timeAfter_;

/** Per model: which services the three-state rules decide alone, whatever the fraction layer does. */
const plainByModel = new WeakMap<Model, Uint8Array>();
/** Per model and fraction-layer mask (curveEager or fracNeeded): the services this step evaluates. */
const maskByFracOn = new WeakMap<Uint8Array, Uint8Array>();

function plainOf(model: Model): Uint8Array {
  let plain = plainByModel.get(model);
  if (plain) return plain;
  const g = model.graph;
  const n = g.n;
  plain = new Uint8Array(n);
  // cells move capacity and demand between services (cells-run.ts): the general evaluation throughout
  if (!model.cells) {
    const blockOf = blocksOf(g).blockOf;
    for (let i = 0; i < n; i++) {
      const m = model.services[i]!;
      let p = m.backlog === null && m.restart === null && m.crashLoop === null && blockOf[i]! < 0 && model.fracMode[i] === 0;
      // a stale edge (stale.ts) hides a dependency's impairment until its cached state expires
      for (let r = g.reqStart[i]!; r < g.reqStart[i + 1]! && p; r++) if (model.reqFrac[r] || model.reqBackpressure[r] || (model.reqStale !== undefined && model.reqStale[r]! >= 0)) p = false;
      plain[i] = p ? 1 : 0;
    }
    for (const f of model.faults) if (f.capacity >= 0 || f.demand >= 0) plain[f.service] = 0;
    for (const a of model.actions) plain[a.service] = 0;
  }
  plainByModel.set(model, plain);
  return plain;
}

/**
 * The services the plain step evaluates in a run whose fraction layer runs where `fracOn` is
 * non-zero: the plain services whose layer is off. `fracOn` is a per-model array (curveEager
 * or model.fracNeeded), so the mask is computed once per model and mode.
 */
export function plainServices(model: Model, fracOn: Uint8Array): Uint8Array {
  let mask = maskByFracOn.get(fracOn);
  if (mask) return mask;
  const plain = plainOf(model);
  mask = new Uint8Array(plain.length);
  for (let i = 0; i < plain.length; i++) mask[i] = plain[i] === 1 && fracOn[i] === 0 ? 1 : 0;
  maskByFracOn.set(fracOn, mask);
  return mask;
}

/** Per model: each service's warm-up slot (-1: none) and state during warm-up. */
const warmByModel = new WeakMap<Model, { readonly slot: Int32Array; readonly state: Uint8Array }>();

function warmOf(model: Model): { readonly slot: Int32Array; readonly state: Uint8Array } {
  let w = warmByModel.get(model);
  if (w) return w;
  const n = model.services.length;
  const slot = new Int32Array(n);
  const state = new Uint8Array(n);
  for (let i = 0; i < n; i++) { slot[i] = model.services[i]!.recTime; state[i] = model.services[i]!.recState; }
  w = { slot, state };
  warmByModel.set(model, w);
  return w;
}

/**
 * The plain step of one run: `(i)` evaluates plain service i at S.t and commits what its
 * dependents see. The same rules as requirements.ts (without cycles, fractions or
 * backpressure) and restart.ts (the warm-up alone). A factory, so the hot loop reads arrays
 * bound once per run.
 */
export function plainStepOf(S: Sim, commit: (i: number, e: number, eK: number, eS: number) => void): (i: number) => void {
  const { reqStart, reqType, reqAtLeast, reqFailOnDegraded, reqFailover, memberStart, reqMembers } = S.g;
  const { st, disabled, faults, cs, csCauseS, warmUntil, warmGen, warmCauseS, q, v } = S;
  const { slot: warmSlot, state: warmState } = warmOf(S.model);
  return (i: number): void => {
    let c = STATE_UP;
    let ck = CAUSE_NONE;
    let cS = -1;
    if (faults[i]! > 0) {
      c = STATE_DOWN; ck = CAUSE_FAULT; cS = i;
    } else if (disabled[i]) {
      c = STATE_DOWN; ck = CAUSE_DISABLED; cS = i;
    } else {
      for (let r = reqStart[i]!; r < reqStart[i + 1]!; r++) {
        const type = reqType[r]!;
        // an async dependency only holds work in a queue, and this service has none
        if (type === REQ_ASYNC) continue;
        const m0 = memberStart[r]!;
        const m1 = memberStart[r + 1]!;
        const size = m1 - m0;
        if (size === 0) continue;
        let nDown = 0;
        let nDeg = 0;
        let firstDown = -1;
        let firstDeg = -1;
        const failover = reqFailover[r] === 1;
        for (let k = m0; k < m1; k++) {
          const m = reqMembers[k]!;
          if (failover && disabled[m]) continue; // the failover is switched off: no effect
          const sm = st[m]!;
          if (sm === STATE_DOWN) { nDown++; if (firstDown < 0) firstDown = m; }
          else if (sm === STATE_DEGRADED) { nDeg++; if (firstDeg < 0) firstDeg = m; }
        }
        const need = reqAtLeast[r]!;
        let effect = STATE_UP;
        let who = -1;
        if (size - nDown < need) { effect = STATE_DOWN; who = firstDown; }
        else if (size - nDown - nDeg < need) { effect = STATE_DEGRADED; who = firstDeg >= 0 ? firstDeg : firstDown; }
        else continue; // up, or the group absorbs the loss
        if (type === REQ_SOFT) effect = STATE_DEGRADED;
        else if (effect === STATE_DEGRADED && reqFailOnDegraded[r]) effect = STATE_DOWN;
        if (effect > c) { c = effect; ck = size > 1 ? CAUSE_GROUP : CAUSE_DEPENDENCY; cS = who; }
      }
    }
    // the warm-up once the causes of an outage clear
    const t = S.t;
    if (c === STATE_DOWN) {
      if (warmUntil[i]! >= 0) { warmUntil[i] = -1; warmGen[i]!++; }
    } else if (cs[i] === STATE_DOWN) {
      const w = warmSlot[i]! >= 0 ? v[warmSlot[i]!]! : 0;
      if (w > 0) {
        warmUntil[i] = timeAfter(t, w);
        warmGen[i]!++;
        warmCauseS[i] = csCauseS[i]!;
        q.push(warmUntil[i]!, EV_WARM_END, i, warmGen[i]!);
      }
    }
    cs[i] = c; csCauseS[i] = cS;
    if (warmUntil[i]! > t) {
      const ws = warmState[i]!;
      if (ws >= c) { c = ws; ck = CAUSE_WARMUP; cS = warmCauseS[i]!; }
    } else if (warmUntil[i]! >= 0) warmUntil[i] = -1;
    if (c === STATE_UP) { ck = CAUSE_NONE; cS = -1; }
    commit(i, c, ck, cS);
  };
}
