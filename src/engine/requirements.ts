/**
 * The causal state of a service from its faults, operators and requirements (docs/model.md,
 * "Rules" and "Capacity as a fraction"). Old-style requirements use the three-state rules;
 * a requirement with `needs` or `scales` reads its dependency's served fraction instead.
 */
import { REQ_ASYNC as REQ_ASYNC_, REQ_HARD as REQ_HARD_, REQ_SOFT as REQ_SOFT_ } from '../graph/compile.js';
import { STATE_DEGRADED as STATE_DEGRADED_, STATE_DOWN as STATE_DOWN_, STATE_UP as STATE_UP_ } from './model.js';
import { CAUSE_CAPACITY as CAUSE_CAPACITY_, CAUSE_DEPENDENCY as CAUSE_DEPENDENCY_, CAUSE_DISABLED as CAUSE_DISABLED_, CAUSE_FAULT as CAUSE_FAULT_, CAUSE_GROUP as CAUSE_GROUP_, CAUSE_NONE as CAUSE_NONE_, EV_WAKE as EV_WAKE_, MAX_HORIZON as MAX_HORIZON_, type Sim } from './state.js';
import { liveOrigins as liveOrigins_, type Cycles } from './cycles.js';
import { FRAC_EPS as FRAC_EPS_, servedAt as servedAt_ } from './capacity.js';
import { timeAfter as timeAfter_ } from './events.js';
import { staleHides } from './stale.js';

// module-level copies of imports: read in hot loops without live-binding indirection
const liveOrigins = liveOrigins_;
const servedAt = servedAt_;
const timeAfter = timeAfter_;
const REQ_ASYNC = REQ_ASYNC_;
const REQ_HARD = REQ_HARD_;
const REQ_SOFT = REQ_SOFT_;
const STATE_DEGRADED = STATE_DEGRADED_;
const STATE_DOWN = STATE_DOWN_;
const STATE_UP = STATE_UP_;
const CAUSE_CAPACITY = CAUSE_CAPACITY_;
const CAUSE_DEPENDENCY = CAUSE_DEPENDENCY_;
const CAUSE_DISABLED = CAUSE_DISABLED_;
const CAUSE_FAULT = CAUSE_FAULT_;
const CAUSE_GROUP = CAUSE_GROUP_;
const CAUSE_NONE = CAUSE_NONE_;
const EV_WAKE = EV_WAKE_;
const MAX_HORIZON = MAX_HORIZON_;
const FRAC_EPS = FRAC_EPS_;

/** What {@link causalState} found; one instance per run, overwritten by each call. */
export interface Causal {
  c: number;
  ck: number;
  cS: number;
  /** An async dependency that is not up (work queues instead of being processed), or -1. */
  asyncBlock: number;
  /** Processing capacity left given the dependencies impaired under the three-state rules. */
  capFrac: number;
  /** Capacity bound from `scales` edges, as a line a + k·(t − now), and the dependency behind it. */
  scaleA: number;
  scaleK: number;
  scaleS: number;
  /** In a cyclic block: the origins of the causal impairment. */
  org: number;
}

export const newCausal = (): Causal => ({ c: 0, ck: 0, cS: -1, asyncBlock: -1, capFrac: 1, scaleA: 1, scaleK: 0, scaleS: -1, org: 0 });

/**
 * The causal-state function of one run: `(i, out)` computes the causal state of service i
 * at S.t into `out`. A factory, so the hot loop reads arrays bound once per run.
 */
export function causalStateOf(S: Sim, cy: Cycles): (i: number, out: Causal) => void {
  const { reqStart, reqType, reqAtLeast, reqFailOnDegraded, reqFailover, memberStart, reqMembers } = S.g;
  const model = S.model;
  const { reqCapacity: reqCap, reqFrac, reqNeeds, reqScales, reqBackpressure, reqStale } = model;
  const { st, disabled, bDegCap, faults, capCut, capCutK, srvK, q, full } = S;
  const blockOf = cy.blockOf;
  // the `scales` bounds of one evaluation, each a line a + k·(t − now), and the dependency behind it
  let maxReqs = 0;
  for (let i = 0; i < S.n; i++) if (reqStart[i + 1]! - reqStart[i]! > maxReqs) maxReqs = reqStart[i + 1]! - reqStart[i]!;
  const bndA = new Float64Array(maxReqs);
  const bndK = new Float64Array(maxReqs);
  const bndS = new Int32Array(maxReqs);
  return (i: number, out: Causal): void => {
    let c = STATE_UP;
    let ck = CAUSE_NONE;
    let cS = -1;
    let asyncBlock = -1;
    let capFrac = 1;
    let scaleA = 1;
    let scaleK = 0;
    let scaleS = -1;
    let nb = 0;
    const bi = blockOf[i]!;
    let orgC = 0;
    if (faults[i]! > 0) {
      c = STATE_DOWN; ck = CAUSE_FAULT; cS = i;
    } else if (disabled[i]) {
      c = STATE_DOWN; ck = CAUSE_DISABLED; cS = i;
    } else {
      if (capCut[i]! <= 0 && !(capCutK[i]! > 0)) { c = STATE_DOWN; ck = CAUSE_CAPACITY; cS = i; } // rising from 0 (ramp.ts): not down
      for (let r = reqStart[i]!; r < reqStart[i + 1]!; r++) {
        const type = reqType[r]!;
        const m0 = memberStart[r]!;
        const m1 = memberStart[r + 1]!;
        const size = m1 - m0;
        if (size === 0) continue;
        if (type === REQ_ASYNC) {
        // backpressure: a full bounded queue blocks the writes, and this service with them
        if (reqBackpressure[r]) {
          const m = reqMembers[m0]!;
          if (full[m] && STATE_DOWN > c && (bi < 0 || liveOrigins(cy, m, i, bi) !== 0)) { c = STATE_DOWN; ck = CAUSE_DEPENDENCY; cS = m; orgC = bi >= 0 ? liveOrigins(cy, m, i, bi) : 0; }
        }
          if (asyncBlock < 0) for (let k = m0; k < m1; k++) { const m = reqMembers[k]!; if (st[m] !== STATE_UP && (bi < 0 || liveOrigins(cy, m, i, bi) !== 0) && !(reqStale !== undefined && reqStale[r]! >= 0 && staleHides(S, reqStale[r]!, m, i))) { asyncBlock = m; break; } }
          continue;
        }
        if (reqFrac[r]) {
          // capacity as a fraction: what the dependency serves, not its label
          const m = reqMembers[m0]!;
          // a stale edge (stale.ts): the dependency's impairment is not felt before its cached state expires
          if (reqStale !== undefined && reqStale[r]! >= 0 && st[m] !== STATE_UP && staleHides(S, reqStale[r]!, m, i)) continue;
          let om = 0;
          if (bi >= 0 && st[m] !== STATE_UP) { om = liveOrigins(cy, m, i, bi); if (om === 0) continue; }
          const s = servedAt(S, m, S.t);
          const sk = srvK[m]!;
          let effect = STATE_UP;
          const need = reqNeeds[r]!;
          let needFails = false;
          if (need === need && s + FRAC_EPS < need) {
            needFails = true;
            effect = type === REQ_HARD ? STATE_DOWN : STATE_DEGRADED;
            // the dependency's capacity is coming back: look again when it crosses the need
            // (strictly later: a crossing floating point absorbs into now is looked at the next instant)
            if (sk > 0) { const at = timeAfter(S.t, (need - s) / sk); if (at <= MAX_HORIZON) q.push(at, EV_WAKE, i, 0); }
          } else if (need === need && sk < 0) {
            // the dependency's capacity is falling (ramp.ts): look again once it is below the need
            const at = timeAfter(S.t, (s - need + 2 * FRAC_EPS) / -sk);
            if (at <= MAX_HORIZON) q.push(at, EV_WAKE, i, 0);
          }
          const share = reqScales[r]!;
          if (share > 0 && (s < 1 - FRAC_EPS || sk < 0)) { // falling from full (ramp.ts): a bound already
            // `scales` bounds the capacity whatever the edge type
            const a = 1 - share * (1 - s);
            if (a < scaleA || (sk < 0 && a <= scaleA && share * sk < scaleK)) { scaleA = a; scaleK = share * sk; scaleS = m; }
            bndA[nb] = a; bndK[nb] = share * sk; bndS[nb] = m; nb++;
            // the label (down below FRAC_DOWN) comes from the served fraction; the capacity stays what it is
            if (effect === STATE_UP) effect = STATE_DEGRADED;
          }
          if (effect === STATE_UP) continue;
          if (needFails && effect === STATE_DEGRADED) {
            const f = reqCap[r]!;
            const frac = f === f ? f : bDegCap[i]!;
            if (frac < capFrac) capFrac = frac;
          }
          if (effect > c) { c = effect; ck = CAUSE_DEPENDENCY; cS = m; orgC = om; }
          else if (effect === c) orgC |= om;
          continue;
        }
        let nDown = 0;
        let nDeg = 0;
        let firstDown = -1;
        let firstDeg = -1;
        const failover = reqFailover[r] === 1;
        let orgR = 0;
        for (let k = m0; k < m1; k++) {
          const m = reqMembers[k]!;
          if (failover && disabled[m]) continue; // the failover is switched off: no effect
          const sm = st[m]!;
          if (sm !== STATE_UP && reqStale !== undefined && reqStale[r]! >= 0 && staleHides(S, reqStale[r]!, m, i)) continue; // stale.ts
          if (sm !== STATE_UP && bi >= 0) {
            // an impairment that comes from i itself, around the cycle, does not count for i
            const om = liveOrigins(cy, m, i, bi);
            if (om === 0) continue;
            orgR |= om;
          }
          if (sm === STATE_DOWN) { nDown++; if (firstDown < 0) firstDown = m; }
          else if (sm === STATE_DEGRADED) { nDeg++; if (firstDeg < 0) firstDeg = m; }
        }
        const need = reqAtLeast[r]!;
        let effect = STATE_UP;
        let who = -1;
        if (size - nDown < need) { effect = STATE_DOWN; who = firstDown; }
        else if (size - nDown - nDeg < need) { effect = STATE_DEGRADED; who = firstDeg >= 0 ? firstDeg : firstDown; }
        else if (nDown + nDeg > 0 && size > 1) { continue; } // quorum holds: the group absorbs the loss
        if (effect === STATE_UP) continue;
        if (type === REQ_SOFT) effect = STATE_DEGRADED;
        else if (effect === STATE_DEGRADED && reqFailOnDegraded[r]) effect = STATE_DOWN;
        const f = reqCap[r]!;
        const frac = f === f ? f : bDegCap[i]!; // NaN: the service's default
        if (frac < capFrac) capFrac = frac;
        if (effect > c) {
          c = effect;
          ck = size > 1 ? CAUSE_GROUP : CAUSE_DEPENDENCY;
          cS = who;
          orgC = orgR;
        } else if (effect === c) orgC |= orgR;
      }
    }
    if (nb > 1) {
      // several `scales` bounds: the least one from now on binds (of those level with the least
      // now, the one rising slowest), until a bound above it that rises slower meets it; look
      // again there, where the capacity line bends (a dependency coming back past another one
      // still down)
      const a0 = scaleA;
      for (let j = 0; j < nb; j++) if (bndA[j]! <= a0 + FRAC_EPS && bndK[j]! < scaleK) { scaleA = bndA[j]!; scaleK = bndK[j]!; scaleS = bndS[j]!; }
      let cross = Infinity;
      for (let j = 0; j < nb; j++) if (bndK[j]! < scaleK && bndA[j]! > scaleA + FRAC_EPS) { const x = (bndA[j]! - scaleA) / (scaleK - bndK[j]!); if (x < cross) cross = x; }
      if (cross < Infinity) { const at = timeAfter(S.t, cross); if (at <= MAX_HORIZON) q.push(at, EV_WAKE, i, 0); }
    }
    out.c = c; out.ck = ck; out.cS = cS; out.asyncBlock = asyncBlock; out.capFrac = capFrac;
    out.scaleA = scaleA; out.scaleK = scaleK; out.scaleS = scaleS; out.org = orgC;
  };
}
