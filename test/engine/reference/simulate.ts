/**
 * FROZEN REFERENCE: the engine as it was before capacity fractions (engine v2), kept unchanged
 * as the oracle that old-style catalogs must still match exactly (test/engine/equivalence.test.ts)
 * and as the baseline of the engine benchmark. Do not edit.
 *
 * The propagation engine's core: an event-driven simulation of service states in
 * continuous time. Between events every queue is linear (or quadratic while a
 * throttle ramps), so each next event (a queue draining, hitting its cap or its
 * collapse threshold) is solved in closed form: results are exact, with no time step.
 *
 * The rules are documented in docs/model.md. State lives in typed arrays; the hot
 * loop walks no catalog objects.
 */
import { REQ_ASYNC, REQ_SOFT, blocksOf } from '../../../src/graph/compile.js';
import { STATE_DEGRADED, STATE_DOWN, STATE_UP, type Model } from '../../../src/engine/model.js';
import { EventQueue, TransitionLog, firstPositiveRoot } from './events.js';

export { TransitionLog } from './events.js';

export const CAUSE_NONE = 0;
export const CAUSE_FAULT = 1;
export const CAUSE_DISABLED = 2;
export const CAUSE_DEPENDENCY = 3;
export const CAUSE_GROUP = 4;
export const CAUSE_WARMUP = 5;
export const CAUSE_COLLAPSE = 6;
export const CAUSE_BACKLOG = 7;
export const CAUSE_THROTTLE = 8;
/** Throttled by the modelled detection-and-mitigation, not by an operator action. */
export const CAUSE_MITIGATION = 9;

const EV_FAULT_START = 0;
const EV_FAULT_END = 1;
const EV_ACTION = 2;
const EV_WARM_END = 3;
const EV_BACKLOG = 4;
const EV_MITIGATION = 5;
const EV_RAMP_END = 6;

/** Origin bit of an impairment that comes from outside its cyclic block: always grounded. */
const ORIGIN_OUTSIDE = 1 << 31;
/** Origin bit shared by the members of a block beyond its first 30 (they cannot tell themselves apart). */
const ORIGIN_OVERFLOW = 1 << 30;

/** Longest simulated time: 30 days. Anything still impaired then never recovers. */
export const MAX_HORIZON = 30 * 24 * 60;
/** Re-evaluations of one service within one instant before its state is frozen (oscillation guard). */
const MAX_EVALS_PER_INSTANT = 12;

/** What one run produced. Times are minutes; NaN = never affected; Infinity = never recovered. */
export interface RunOutcome {
  readonly impactStart: Float64Array;
  readonly recovered: Float64Array;
  readonly impaired: Float64Array;
  readonly worst: Uint8Array;
  readonly affected: number;
  /** Last recovery of a non-partial service; 0 when nothing was affected; Infinity if one never recovers. */
  readonly fullRecovery: number;
  readonly log: TransitionLog;
  readonly backlogPeak: Float64Array;
  readonly backlogPeakAt: Float64Array;
  readonly collapseStart: Float64Array;
  readonly collapseEnd: Float64Array;
  /** How each collapse ended: 0 still collapsed, 1 throttle, 2 restart, 3 mitigation. */
  readonly collapseEndBy: Uint8Array;
  readonly horizon: number;
}

/**
 * Runs the model once with parameter values `v` (one per ParamTable slot).
 * Pure: same model and values → same outcome.
 */
export function run(model: Model, v: Float64Array): RunOutcome {
  const g = model.graph;
  const n = g.n;
  const reqCap = model.reqCapacity;
  const { reqStart, reqType, reqAtLeast, reqFailOnDegraded, reqFailover, memberStart, reqMembers, revStart, revReqs, reqOwner } = g;

  // --- per-service state
  const st = new Uint8Array(n); // effective state, what dependents see
  const stCauseK = new Uint8Array(n);
  const stCauseS = new Int32Array(n).fill(-1);
  const cs = new Uint8Array(n); // causal state from faults, operators and dependencies
  const csCauseS = new Int32Array(n).fill(-1);
  const faults = new Int32Array(n);
  const disabled = new Uint8Array(n);
  const warmUntil = new Float64Array(n).fill(-1);
  const warmGen = new Int32Array(n);
  const warmCauseS = new Int32Array(n).fill(-1);
  // backlog
  const hasB = new Uint8Array(n);
  const B = new Float64Array(n);
  const bT = new Float64Array(n); // time B was last set
  const bSlope0 = new Float64Array(n); // dB/dt at bT
  const bCurv = new Float64Array(n); // d²B/dt² (negative while a throttle ramps up)
  const bGen = new Int32Array(n);
  const bNext = new Float64Array(n).fill(Infinity); // time of the pending backlog event
  const collapsed = new Uint8Array(n);
  const blockedBy = new Int32Array(n).fill(-1);
  const processing = new Uint8Array(n);
  // throttles
  const thrOn = new Uint8Array(n);
  const thrRate = new Float64Array(n).fill(Infinity);
  const thrAutoLift = new Uint8Array(n);
  const thrByMitigation = new Uint8Array(n);
  const rampT0 = new Float64Array(n).fill(-1);
  const rampT1 = new Float64Array(n).fill(-1);
  const rampFrom = new Float64Array(n);
  const mitGen = new Int32Array(n);
  const mitPending = new Uint8Array(n);
  const mitDue = new Uint8Array(n);
  // outputs
  const impactStart = new Float64Array(n).fill(NaN);
  const recovered = new Float64Array(n).fill(NaN);
  const impaired = new Float64Array(n);
  const lastChange = new Float64Array(n);
  const worst = new Uint8Array(n);
  const backlogPeak = new Float64Array(n);
  const backlogPeakAt = new Float64Array(n).fill(NaN);
  const collapseStart = new Float64Array(n).fill(NaN);
  const collapseEnd = new Float64Array(n).fill(NaN);
  const collapseEndBy = new Uint8Array(n);
  const log = new TransitionLog();

  const bArr = new Float64Array(n);
  const bCap = new Float64Array(n);
  const bCapMax = new Float64Array(n);
  const bTimeout = new Float64Array(n);
  const bRetry = new Float64Array(n);
  const bDegCap = new Float64Array(n);
  const bMit = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const bm = model.services[i]!.backlog;
    if (!bm) continue;
    hasB[i] = 1;
    bArr[i] = v[bm.arrival]!;
    bCap[i] = v[bm.capacity]!;
    bCapMax[i] = v[bm.cap]!;
    bTimeout[i] = v[bm.timeout]!;
    bRetry[i] = v[bm.retry]!;
    bDegCap[i] = v[bm.degradedCapacity]!;
    bMit[i] = v[bm.mitigation]!;
  }
  // A scenario that states when operators intervened (throttle or restart) replaces the
  // modelled detection-and-mitigation delay for that service.
  for (const a of model.actions) if (a.kind === 'throttle' || a.kind === 'restart') bMit[a.service] = Infinity;

  // A throttle is lifted by a later `relax`; without one it lifts itself when the queue drains.
  const relaxAfter = (svc: number, t: number): boolean => {
    for (const a of model.actions) if (a.service === svc && a.kind === 'relax' && v[a.at]! > t) return true;
    return false;
  };

  const q = new EventQueue();
  for (let k = 0; k < model.faults.length; k++) {
    const f = model.faults[k]!;
    const at = Math.max(0, v[f.at]!);
    q.push(at, EV_FAULT_START, f.service, k);
    const end = f.duration >= 0 ? at + Math.max(0, v[f.duration]!) : f.until >= 0 ? Math.max(at, v[f.until]!) : Infinity;
    if (end < Infinity) q.push(end, EV_FAULT_END, f.service, k);
  }
  for (let k = 0; k < model.actions.length; k++) {
    const a = model.actions[k]!;
    q.push(Math.max(0, v[a.at]!), EV_ACTION, a.service, k);
  }

  // --- worklist for propagation within one instant
  const work = new Int32Array(n + 1);
  let wHead = 0;
  let wLen = 0;
  const inWork = new Uint8Array(n);
  const evalStamp = new Int32Array(n).fill(-1);
  const evalCount = new Int32Array(n);
  let instant = 0;
  const enqueue = (i: number): void => {
    if (inWork[i]) return;
    inWork[i] = 1;
    work[(wHead + wLen) % (n + 1)] = i;
    wLen++;
  };
  const enqueueDependents = (i: number): void => {
    for (let k = revStart[i]!; k < revStart[i + 1]!; k++) enqueue(reqOwner[revReqs[k]!]!);
  };

  /** Backlog at time t from the current segment. */
  const backlogAt = (i: number, t: number): number => {
    const s = t - bT[i]!;
    if (s <= 0) return B[i]!;
    const x = B[i]! + bSlope0[i]! * s + 0.5 * bCurv[i]! * s * s;
    return x < 0 ? 0 : x > bCapMax[i]! ? bCapMax[i]! : x;
  };
  /** The admitted rate at time t (Infinity when no throttle). */
  const throttleAt = (i: number, t: number): number => {
    if (!thrOn[i]) return Infinity;
    if (rampT0[i]! >= 0 && t >= rampT0[i]!) {
      const span = rampT1[i]! - rampT0[i]!;
      const f = span > 0 ? Math.min(1, (t - rampT0[i]!) / span) : 1;
      return rampFrom[i]! + (bCap[i]! - rampFrom[i]!) * f;
    }
    return thrRate[i]!;
  };

  let t = 0;

  // cyclic blocks (see settle)
  const { blockOf, blockStart, blockMembers } = blocksOf(g);
  const blockTouched = new Uint8Array(blockStart.length);
  const touched = new Int32Array(blockStart.length);
  let nTouched = 0;
  let settling = false;
  const saveSt = new Uint8Array(n);
  const saveK = new Uint8Array(n);
  const saveS = new Int32Array(n);
  // For a member of a cyclic block: the set of members its impairment stems from, as bits of
  // their position in the block (its own bit for a cause of its own; ORIGIN_OUTSIDE for a cause
  // outside the block). A member ignores an impairment whose grounded origins are only itself:
  // no service waits on its own impairment coming back around a cycle, nor on one whose
  // origins have all recovered. `grounded[b]`: the bits of block b's members impaired by a
  // cause of their own.
  const originOf = new Int32Array(n);
  const bitOf = new Int32Array(n);
  const grounded = new Int32Array(blockStart.length).fill(ORIGIN_OUTSIDE);
  const overflowGrounded = new Int32Array(blockStart.length);
  const ownGrounded = new Uint8Array(n);
  for (let b = 0; b + 1 < blockStart.length; b++) for (let k = blockStart[b]!; k < blockStart[b + 1]!; k++) bitOf[blockMembers[k]!] = k - blockStart[b]! < 30 ? 1 << (k - blockStart[b]!) : ORIGIN_OVERFLOW;
  /** The grounded origins of member m's impairment that are not i itself (0: i may ignore it). */
  const liveOrigins = (m: number, i: number, bi: number): number => (blockOf[m] === bi ? originOf[m]! & grounded[bi]! & ~(bitOf[i] === ORIGIN_OVERFLOW ? 0 : bitOf[i]!) : ORIGIN_OUTSIDE);

  /** Re-evaluates service i at time t, logging any change of what dependents see. */
  const evaluate = (i: number): void => {
    // 1. causal state from faults, operators and requirements
    let c = STATE_UP;
    let ck = CAUSE_NONE;
    let cS = -1;
    let asyncBlock = -1; // an async dependency that is not up: work queues instead of being processed
    let capFrac = 1; // processing capacity left given the impaired dependencies
    const bi = blockOf[i]!; // cyclic block, or -1
    let orgC = 0; // in a block: where the causal state's impairment comes from (see `originOf`)
    if (faults[i]! > 0) {
      c = STATE_DOWN; ck = CAUSE_FAULT; cS = i;
    } else if (disabled[i]) {
      c = STATE_DOWN; ck = CAUSE_DISABLED; cS = i;
    } else {
      for (let r = reqStart[i]!; r < reqStart[i + 1]!; r++) {
        const type = reqType[r]!;
        const m0 = memberStart[r]!;
        const m1 = memberStart[r + 1]!;
        const size = m1 - m0;
        if (size === 0) continue;
        if (type === REQ_ASYNC) {
          if (asyncBlock < 0) for (let k = m0; k < m1; k++) { const m = reqMembers[k]!; if (st[m] !== STATE_UP && (bi < 0 || liveOrigins(m, i, bi) !== 0)) { asyncBlock = m; break; } }
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
          if (sm !== STATE_UP && bi >= 0) {
            // an impairment that comes from i itself, around the cycle, does not count for i
            const om = liveOrigins(m, i, bi);
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

    // 2. warm-up after the causes of an outage clear
    const prevC = cs[i]!;
    if (c === STATE_DOWN) {
      if (warmUntil[i]! >= 0) { warmUntil[i] = -1; warmGen[i]!++; }
    } else if (prevC === STATE_DOWN && model.services[i]!.recTime >= 0) {
      const w = v[model.services[i]!.recTime]!;
      if (w > 0) {
        warmUntil[i] = t + w;
        warmGen[i]!++;
        warmCauseS[i] = csCauseS[i]!;
        q.push(t + w, EV_WARM_END, i, warmGen[i]!);
      }
    }
    cs[i] = c; csCauseS[i] = cS;
    let base = c;
    let baseK = ck;
    let baseS = cS;
    if (warmUntil[i]! > t) {
      const ws = model.services[i]!.recState;
      if (ws >= base) { base = ws; baseK = CAUSE_WARMUP; baseS = warmCauseS[i]!; }
      if (bDegCap[i]! < capFrac) capFrac = bDegCap[i]!;
    } else if (warmUntil[i]! >= 0) warmUntil[i] = -1;

    // 3. backlog: advance the queue to now, then set its new rates
    if (hasB[i]) {
      if (mitDue[i]) {
        mitDue[i] = 0;
        if (collapsed[i] && base === STATE_UP) {
          B[i] = backlogAt(i, t); bT[i] = t;
          collapsed[i] = 0; mitPending[i] = 0; collapseEnd[i] = t; collapseEndBy[i] = 3;
          thrOn[i] = 1; thrRate[i] = bCap[i]!; thrAutoLift[i] = 1; thrByMitigation[i] = 1;
        }
      }
      // a dependency outage during a collapse subsumes it: the queue is re-judged when work can resume
      if (collapsed[i] && base === STATE_DOWN) { collapsed[i] = 0; mitGen[i]!++; mitPending[i] = 0; collapseStart[i] = NaN; }
      // automatic mitigation protects one episode: a new outage ends it (operators' throttles stay)
      if (thrOn[i] && thrByMitigation[i] && base === STATE_DOWN) { thrOn[i] = 0; thrByMitigation[i] = 0; thrRate[i] = Infinity; }
      const b = backlogAt(i, t);
      B[i] = b; bT[i] = t;
      const blocked = base === STATE_DOWN || collapsed[i] === 1 || asyncBlock >= 0;
      if (base === STATE_DOWN) blockedBy[i] = baseS >= 0 ? baseS : i;
      else if (asyncBlock >= 0) blockedBy[i] = asyncBlock;
      processing[i] = blocked ? 0 : 1;
      const capEff = bCap[i]! * (base === STATE_DEGRADED ? capFrac : 1);
      let mu = 0;
      let curv = 0;
      let rampCross = Infinity;
      if (!blocked) {
        const thr = throttleAt(i, t);
        mu = Math.min(capEff, thr);
        if (thrOn[i] && rampT0[i]! >= 0 && t < rampT1[i]! && thr < capEff) {
          const k = (bCap[i]! - rampFrom[i]!) / (rampT1[i]! - rampT0[i]!);
          if (k > 0) { curv = -k; rampCross = Math.min((capEff - thr) / k, rampT1[i]! - t); }
        }
      }
      const arr = bArr[i]! * (base === STATE_DOWN ? bRetry[i]! : 1);
      // metastable collapse: the queue cannot be served within the work's timeout
      if (!blocked && !thrOn[i] && mu > 0 && b > mu * bTimeout[i]!) {
        collapsed[i] = 1;
        collapseStart[i] = Number.isNaN(collapseStart[i]!) ? t : collapseStart[i]!;
        processing[i] = 0;
        blockedBy[i] = i;
        mu = 0; curv = 0; rampCross = Infinity;
      }
      // Detection and mitigation start once the causes have cleared and the service still does not
      // recover: an outage that outlasts the collapse postpones its detection.
      if (collapsed[i] && bMit[i]! < Infinity) {
        if (base === STATE_UP && !mitPending[i]) { mitPending[i] = 1; mitGen[i]!++; q.push(t + bMit[i]!, EV_MITIGATION, i, mitGen[i]!); }
        else if (base !== STATE_UP && mitPending[i]) { mitPending[i] = 0; mitGen[i]!++; }
      }
      let slope = arr - mu;
      // work piling up, or held level, because impaired dependencies slowed processing: remember who
      if (!blocked && slope >= 0 && (b > 0 || slope > 0) && base === STATE_DEGRADED && baseS >= 0) blockedBy[i] = baseS;
      // a queue within a millionth of a minute's work of empty is empty (floating-point roots land just short)
      if (b <= 1e-6 * (bArr[i]! + bCap[i]! + 1) && slope <= 0 && curv <= 0) { B[i] = 0; slope = 0; curv = 0; }
      if (B[i]! >= bCapMax[i]! && slope > 0) { slope = 0; curv = 0; }
      bSlope0[i] = slope; bCurv[i] = curv;
      if (B[i]! > backlogPeak[i]!) { backlogPeak[i] = B[i]!; backlogPeakAt[i] = t; }
      // the next backlog event: drained, capped, collapse threshold, or the ramp reaching capacity
      let next = rampCross;
      if (B[i]! > 0 || slope > 0) {
        next = Math.min(next, firstPositiveRoot(0.5 * curv, slope, B[i]!));
        if (bCapMax[i]! < Infinity) next = Math.min(next, firstPositiveRoot(0.5 * curv, slope, B[i]! - bCapMax[i]!));
        if (processing[i] && !thrOn[i] && mu > 0 && bTimeout[i]! < Infinity && slope > 0) {
          next = Math.min(next, firstPositiveRoot(0.5 * curv, slope, B[i]! - mu * bTimeout[i]!));
        }
      }
      // reschedule only when the next backlog event moved (re-evaluations often change nothing)
      const at = next < Infinity && t + next <= MAX_HORIZON ? t + next : Infinity;
      if (at !== bNext[i]) {
        bGen[i]!++;
        bNext[i] = at;
        if (at < Infinity) q.push(at, EV_BACKLOG, i, bGen[i]!);
      }
      // an admission throttle with no relax to come lifts itself once the queue is gone
      if (thrOn[i] && thrAutoLift[i] && B[i] === 0 && processing[i]) { thrOn[i] = 0; thrRate[i] = Infinity; }
    }

    // 4. what dependents see
    let e = base;
    let eK = baseK;
    let eS = baseS;
    if (hasB[i] && collapsed[i]) { e = STATE_DOWN; eK = CAUSE_COLLAPSE; eS = i; }
    else if (e === STATE_UP && thrOn[i]) { e = STATE_DEGRADED; eK = thrByMitigation[i] ? CAUSE_MITIGATION : CAUSE_THROTTLE; eS = i; }
    else if (e === STATE_UP && hasB[i] && processing[i] && B[i]! > 0) { e = STATE_DEGRADED; eK = CAUSE_BACKLOG; eS = blockedBy[i]! >= 0 ? blockedBy[i]! : i; }
    if (e === STATE_UP) { eK = CAUSE_NONE; eS = -1; }
    let originChanged = false;
    if (bi >= 0) {
      const own = e !== STATE_UP && eK !== CAUSE_DEPENDENCY && eK !== CAUSE_GROUP;
      const o = e === STATE_UP ? 0 : own ? bitOf[i]! : orgC;
      originChanged = o !== originOf[i];
      originOf[i] = o;
      const bit = bitOf[i]!;
      if (bit === ORIGIN_OVERFLOW) {
        const was = ownGrounded[i] === 1;
        if (own !== was) overflowGrounded[bi]! += own ? 1 : -1;
        if (overflowGrounded[bi]! > 0) grounded[bi]! |= bit; else grounded[bi]! &= ~bit;
      } else if (own) grounded[bi]! |= bit;
      else grounded[bi]! &= ~bit;
      ownGrounded[i] = own ? 1 : 0;
      // members of the block read origins, not only states: wake them when the origin moved
      if (originChanged && e === st[i]) for (let k = revStart[i]!; k < revStart[i + 1]!; k++) { const o2 = reqOwner[revReqs[k]!]!; if (blockOf[o2] === bi) enqueue(o2); }
    }

    if (settling) {
      // inside a cyclic block's fixpoint: tentative, only the block's members see it
      if (e !== st[i]) for (let k = revStart[i]!; k < revStart[i + 1]!; k++) { const o = reqOwner[revReqs[k]!]!; if (blockOf[o] === blockOf[i]) enqueue(o); }
      st[i] = e; stCauseK[i] = eK; stCauseS[i] = eS;
      return;
    }
    commit(i, e, eK, eS);
  };

  /** Records a change of what dependents see and wakes them. */
  const commit = (i: number, e: number, eK: number, eS: number): void => {
    if (e !== st[i] || eK !== stCauseK[i] || eS !== stCauseS[i]) {
      const was = st[i]!;
      if (was !== STATE_UP) impaired[i] += t - lastChange[i]!;
      lastChange[i] = t;
      if (was === STATE_UP && e !== STATE_UP && Number.isNaN(impactStart[i]!)) impactStart[i] = t;
      if (e === STATE_UP) recovered[i] = t;
      if (e > worst[i]!) worst[i] = e;
      st[i] = e; stCauseK[i] = eK; stCauseS[i] = eS;
      log.push(t, i, e, eK, eS);
      // dependents read only the state; a new cause with the same state changes nothing for them
      if (e !== was) enqueueDependents(i);
    }
  };

  const drain = (): void => {
    while (wLen > 0) {
      const i = work[wHead]!;
      wHead = (wHead + 1) % (n + 1);
      wLen--;
      inWork[i] = 0;
      if (evalStamp[i] !== instant) { evalStamp[i] = instant; evalCount[i] = 0; }
      if (++evalCount[i]! > MAX_EVALS_PER_INSTANT) continue; // oscillation guard: keep the state reached
      if (!settling && blockOf[i]! >= 0 && !blockTouched[blockOf[i]!]) { blockTouched[blockOf[i]!] = 1; touched[nTouched++] = blockOf[i]!; }
      evaluate(i);
    }
  };

  /**
   * Least fixpoint of a cyclic block: impairment must be grounded in a cause (a fault, a
   * disable, a warm-up, a queue, a throttle, or a dependency outside the block), never only
   * in the members holding each other impaired. Members impaired only through a dependency
   * start from up, the block is iterated upward from there, and only the differences from
   * the states before are committed (a state that comes back unchanged logs nothing).
   */
  const settle = (b: number): void => {
    const m0 = blockStart[b]!;
    const m1 = blockStart[b + 1]!;
    let any = false;
    for (let k = m0; k < m1; k++) {
      const i = blockMembers[k]!;
      if (st[i] !== STATE_UP && (stCauseK[i] === CAUSE_DEPENDENCY || stCauseK[i] === CAUSE_GROUP)) { any = true; break; }
    }
    if (!any) return;
    for (let k = m0; k < m1; k++) {
      const i = blockMembers[k]!;
      saveSt[i] = st[i]!; saveK[i] = stCauseK[i]!; saveS[i] = stCauseS[i]!;
      if (st[i] !== STATE_UP && (stCauseK[i] === CAUSE_DEPENDENCY || stCauseK[i] === CAUSE_GROUP)) { st[i] = STATE_UP; stCauseK[i] = CAUSE_NONE; stCauseS[i] = -1; }
      evalCount[i] = 0;
      enqueue(i);
    }
    settling = true;
    drain();
    settling = false;
    for (let k = m0; k < m1; k++) {
      const i = blockMembers[k]!;
      const e = st[i]!; const eK = stCauseK[i]!; const eS = stCauseS[i]!;
      st[i] = saveSt[i]!; stCauseK[i] = saveK[i]!; stCauseS[i] = saveS[i]!;
      commit(i, e, eK, eS);
    }
  };

  const ev = new Float64Array(4);
  while (q.size > 0) {
    t = q.peekTime();
    if (t > MAX_HORIZON) break;
    instant++;
    while (q.size > 0 && q.peekTime() <= t) {
      q.pop(ev);
      const kind = ev[1]!;
      const i = ev[2]!;
      const x = ev[3]!;
      switch (kind) {
        case EV_FAULT_START: faults[i]!++; enqueue(i); break;
        case EV_FAULT_END: faults[i]!--; enqueue(i); break;
        case EV_WARM_END: if (warmGen[i] === x) enqueue(i); break;
        case EV_BACKLOG: if (bGen[i] === x) { bNext[i] = Infinity; enqueue(i); } break;
        case EV_MITIGATION:
          // applied in evaluate, once every event of this instant is in: a dependency failing
          // at this very moment postpones the mitigation
          if (mitGen[i] === x && collapsed[i]) { mitDue[i] = 1; enqueue(i); }
          break;
        case EV_RAMP_END:
          if (thrOn[i] && rampT1[i] === t) {
            if (hasB[i]) B[i] = backlogAt(i, t), bT[i] = t;
            thrOn[i] = 0; thrRate[i] = Infinity; rampT0[i] = -1; rampT1[i] = -1;
            enqueue(i);
          }
          break;
        case EV_ACTION: {
          const a = model.actions[x]!;
          if (hasB[i]) { B[i] = backlogAt(i, t); bT[i] = t; }
          switch (a.kind) {
            case 'throttle': {
              thrOn[i] = 1;
              thrByMitigation[i] = 0;
              thrRate[i] = a.rate >= 0 ? v[a.rate]! : hasB[i] ? bCap[i]! : Infinity;
              thrAutoLift[i] = relaxAfter(i, t) ? 0 : 1;
              // without a queue and with no relax to come, admission control has nothing to protect
              if (!hasB[i] && thrAutoLift[i]) thrOn[i] = 0;
              rampT0[i] = -1; rampT1[i] = -1;
              if (collapsed[i]) { collapsed[i] = 0; mitPending[i] = 0; mitGen[i]!++; collapseEnd[i] = t; collapseEndBy[i] = 1; }
              break;
            }
            case 'relax': {
              if (!thrOn[i]) break;
              const over = a.over >= 0 ? Math.max(0, v[a.over]!) : 0;
              rampFrom[i] = throttleAt(i, t);
              rampT0[i] = t; rampT1[i] = t + over;
              q.push(t + over, EV_RAMP_END, i, 0);
              break;
            }
            case 'restart':
              if (collapsed[i]) { collapsed[i] = 0; mitPending[i] = 0; mitGen[i]!++; collapseEnd[i] = t; collapseEndBy[i] = 2; }
              if (a.drop && hasB[i]) B[i] = 0;
              break;
            case 'disable':
              disabled[i] = 1;
              break;
            case 'enable':
              disabled[i] = 0;
              break;
          }
          enqueue(i);
          enqueueDependents(i);
          break;
        }
      }
    }
    // propagate within this instant, then settle the cyclic blocks it touched
    for (let round = 0; ; round++) {
      drain();
      if (nTouched === 0 || round > MAX_EVALS_PER_INSTANT) break;
      for (let k = 0; k < nTouched; k++) { const b = touched[k]!; blockTouched[b] = 0; settle(b); }
      nTouched = 0;
      if (wLen === 0) break;
    }
    nTouched = 0;
    blockTouched.fill(0);
  }

  // close out
  // the time of the last state change (stale events can pop later without changing anything)
  const horizon = log.length > 0 ? log.time[log.length - 1]! : 0;
  let affected = 0;
  let full = 0;
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(impactStart[i]!)) continue;
    affected++;
    if (st[i] !== STATE_UP) {
      recovered[i] = Infinity;
      impaired[i] = Infinity;
    }
    if (!model.partial[i] && recovered[i]! > full) full = recovered[i]!;
  }
  return { impactStart, recovered, impaired, worst, affected, fullRecovery: full, log, backlogPeak, backlogPeakAt, collapseStart, collapseEnd, collapseEndBy, horizon };
}
