/**
 * Queues (docs/model.md, "Queues"): a fluid backlog per service, advanced in closed form
 * between events. Processing follows the service's capacity line and any admission
 * throttle, each linear in time, so the queue is quadratic at most and every next event
 * (drained, capped, collapse threshold, a ramp crossing) is a root of a quadratic.
 */
import { STATE_DEGRADED as STATE_DEGRADED_, STATE_DOWN as STATE_DOWN_, STATE_UP as STATE_UP_ } from './model.js';
import { firstPositiveRoot as firstPositiveRoot_, timeAfter as timeAfter_ } from './events.js';
import { EV_BACKLOG as EV_BACKLOG_, EV_MITIGATION as EV_MITIGATION_, MAX_HORIZON as MAX_HORIZON_, type Sim } from './state.js';
import { accountTo, onCollapse, onDrained, onResumed, setRates, shedExcess } from './shedding.js';
import { COLLAPSE_ENDED_BY_OUTAGE, CollapsePeaks } from './collapse-peaks.js';
import { collapseEnds } from './collapse-end.js';
import { JUDGE_ANY } from './judge.js';
import { WorkList } from './worklist.js';

// module-level copies of imports: read in hot loops without live-binding indirection
const firstPositiveRoot = firstPositiveRoot_;
const timeAfter = timeAfter_;
const STATE_DEGRADED = STATE_DEGRADED_;
const STATE_DOWN = STATE_DOWN_;
const STATE_UP = STATE_UP_;
const EV_BACKLOG = EV_BACKLOG_;
const EV_MITIGATION = EV_MITIGATION_;
const MAX_HORIZON = MAX_HORIZON_;

/** Backlog of service i at time t from its current segment. */
export function backlogAt(S: Sim, i: number, t: number): number {
  const s = t - S.bT[i]!;
  if (s <= 0) return S.B[i]!;
  const x = S.B[i]! + S.bSlope0[i]! * s + 0.5 * S.bCurv[i]! * s * s;
  return x < 0 ? 0 : x > S.bCapMax[i]! ? S.bCapMax[i]! : x;
}

/** The admitted rate of service i at time t (Infinity when no throttle). */
export function throttleAt(S: Sim, i: number, t: number): number {
  if (!S.thrOn[i]) return Infinity;
  const r0 = S.rampT0[i]!;
  if (r0 >= 0 && t >= r0) {
    const span = S.rampT1[i]! - r0;
    const f = span > 0 ? Math.min(1, (t - r0) / span) : 1;
    return S.rampFrom[i]! + (S.bCap[i]! - S.rampFrom[i]!) * f;
  }
  return S.thrRate[i]!;
}

/** What the queue step leaves for the served fraction: the processing line and arrival. */
export interface QueueOut {
  muA: number;
  muK: number;
  lambda: number;
}

/**
 * The queue step of one run: `(i, base, baseS, asyncBlock, out)` advances the queue of
 * service i to now and sets its rates from its base state and capacity line (a fraction of
 * `capacity`). A factory, so the hot loop reads arrays bound once per run.
 */
export function updateBacklogOf(S: Sim): (i: number, base: number, baseS: number, asyncBlock: number, out: QueueOut) => boolean {
  const { B, bT, bCap, collapsed, thrOn, mitDue, mitPending, thrRate, thrAutoLift, thrByMitigation, mitGen, collapseStart } = S;
  const { herdRate, herdPending, demT } = S;
  const sh = S.shedding; // load shedding (shedding.ts); null for a model without it
  const { blockedBy, blockedIn, blockedFrom, processing, capA, capK, rsOn, rampT0, rampT1, rampFrom, demand, demK, bArr, bRetry, bTimeout, bMit, q, bSlope0, bCurv, bCapMax, backlogPeak, backlogPeakAt, bNext, bGen } = S;
  return (i: number, base: number, baseS: number, asyncBlock: number, out: QueueOut): boolean => {
    const t = S.t;
    if (mitDue[i]) {
      mitDue[i] = 0;
      if (collapsed[i] && base === STATE_UP) {
        B[i] = backlogAt(S, i, t); bT[i] = t;
        collapsed[i] = 0; mitPending[i] = 0;
        collapseEnds(S, i, t, B[i]!, 3);
        thrOn[i] = 1; thrRate[i] = bCap[i]!; thrAutoLift[i] = 1; thrByMitigation[i] = 1;
      }
    }
    // a dependency outage during a collapse subsumes it: the queue is re-judged when work can resume
    if (collapsed[i] && base === STATE_DOWN) { collapsed[i] = 0; mitGen[i]!++; mitPending[i] = 0; collapseStart[i] = NaN; S.collapsePeaks?.close(i, t, backlogAt(S, i, t), COLLAPSE_ENDED_BY_OUTAGE); }
    // automatic mitigation protects one episode: a new outage ends it (operators' throttles stay)
    if (thrOn[i] && thrByMitigation[i] && base === STATE_DOWN) { thrOn[i] = 0; thrByMitigation[i] = 0; thrRate[i] = Infinity; }
    let b = backlogAt(S, i, t);
    B[i] = b; bT[i] = t;
    // who blocked or slowed it (named below) is decided by the state its instant settles to: each
    // evaluation starts again from the name it had before the instant (an earlier evaluation in
    // the instant may have seen a dependency in a state that lasted no time)
    if (blockedIn[i] !== S.instant) { blockedIn[i] = S.instant; blockedFrom[i] = blockedBy[i]!; }
    else blockedBy[i] = blockedFrom[i]!;
    const shed = sh !== null && sh.on[i] === 1;
    if (shed) {
      accountTo(sh, i, t);
      // shedding engaged during a collapse ends it: the queue is judged again below
      if (sh.armed[i] && collapsed[i] && base !== STATE_DOWN) shedExcess(S, sh, i, b, Infinity);
    }
    const blocked = base === STATE_DOWN || collapsed[i] === 1 || asyncBlock >= 0;
    if (base === STATE_DOWN) blockedBy[i] = baseS >= 0 ? baseS : i;
    else if (asyncBlock >= 0) blockedBy[i] = asyncBlock;
    processing[i] = blocked ? 0 : 1;
    const capEff = bCap[i]! * capA[i]!;
    const capEffK = bCap[i]! * capK[i]!;
    const ramping = rsOn[i] === 1;
    let mu = 0;
    let curv = 0;
    let rampCross = Infinity;
    if (!blocked) {
      const thr = throttleAt(S, i, t);
      const thrRamp = thrOn[i] && rampT0[i]! >= 0 && t < rampT1[i]!;
      const thrK = thrRamp ? (bCap[i]! - rampFrom[i]!) / (rampT1[i]! - rampT0[i]!) : 0;
      if (capEffK === 0) {
        mu = Math.min(capEff, thr);
        if (thrRamp && thr < capEff) {
          const k = thrK;
          if (k > 0) { curv = -k; rampCross = Math.min((capEff - thr) / k, rampT1[i]! - t); }
        }
      } else if (thr < capEff) {
        // a throttle below a capacity that is coming back: the lower line rules until they cross
        mu = thr; curv = -thrK;
        if (thrK > capEffK) rampCross = (capEff - thr) / (thrK - capEffK);
        if (thrRamp) rampCross = Math.min(rampCross, rampT1[i]! - t);
      } else {
        mu = capEff; curv = -capEffK;
        if (thr < Infinity && capEffK > thrK) rampCross = (thr - capEff) / (capEffK - thrK);
      }
    }
    // a demand that is a line (a gradual failover, failover-drain.ts): its value now
    const dk = demK[i]!;
    const dem = dk === 0 ? demand[i]! : demand[i]! + dk * (t - demT[i]!);
    const arr = bArr[i]! * dem * (base === STATE_DOWN ? bRetry[i]! : 1) + herdRate[i]!;
    // metastable collapse: the queue cannot be served within the work's timeout (judged once a
    // staged restart has brought its capacity back: while hosts return, the queue waits)
    // (at the threshold, a queue that is still growing is past it the next instant; "at" is within
    // a relative 1e-9: a queue reaching it at a scheduled event lands a few ulps short, and the
    // remaining root, under firstPositiveRoot's 1e-12, would never be scheduled)
    const limit = mu * bTimeout[i]!;
    // a capacity that decays (ramp.ts): the threshold μ(t)·timeout falls with it (0: level)
    const limK = curv > 0 && !thrOn[i] ? -curv * bTimeout[i]! : 0;
    // past the limit while the instant still propagates: judged once it settles (judge.ts); until
    // then the queue goes on as it is and its evaluation commits nothing
    let later = false;
    if (!blocked && !thrOn[i] && !ramping && mu > 0 && (b > limit || (b >= limit * (1 - 1e-9) && (limK === 0 ? arr > mu : arr - mu > limK)))) {
      if (S.judge !== i && S.judge !== JUDGE_ANY) { (S.pending ??= new WorkList(S.g)).add(i); later = true; }
      else if (shed && sh.armed[i]) {
        // load shedding: the work it cannot serve within the timeout is rejected, not collapsed on
        b = shedExcess(S, sh, i, b, limit); B[i] = b;
      } else {
        if (shed) onCollapse(S, sh, i);
        collapsed[i] = 1;
        collapseStart[i] = Number.isNaN(collapseStart[i]!) ? t : collapseStart[i]!;
        (S.collapsePeaks ??= new CollapsePeaks(S.n)).begin(i, t, b, S.log.length);
        processing[i] = 0;
        blockedBy[i] = i;
        mu = 0; curv = 0; rampCross = Infinity;
      }
    }
    // Detection and mitigation start once the causes have cleared and the service still does not
    // recover: an outage that outlasts the collapse postpones its detection.
    if (collapsed[i] && bMit[i]! < Infinity) {
      if (base === STATE_UP && !mitPending[i]) { mitPending[i] = 1; mitGen[i]!++; q.push(timeAfter(t, bMit[i]!), EV_MITIGATION, i, mitGen[i]!); }
      else if (base !== STATE_UP && mitPending[i]) { mitPending[i] = 0; mitGen[i]!++; }
    }
    let slope = arr - mu;
    // a demand that is a line (a ramping load fault, a gradual failover): arrival is a line and
    // the queue bends by its slope, B'' = λ' − μ' (exact: the queue stays a quadratic; 0: none)
    let dCurv = dk !== 0 ? bArr[i]! * dk * (base === STATE_DOWN ? bRetry[i]! : 1) : 0;
    curv += dCurv;
    // work piling up, or held level, because impaired dependencies slowed processing: remember who
    if (!blocked && slope >= 0 && (b > 0 || slope > 0) && base === STATE_DEGRADED && baseS >= 0) blockedBy[i] = baseS;
    // and piling up with every dependency up: its own load (a surge, a capacity cut), not the
    // dependency that held it before (a queue that drains keeps the name of who filled it)
    else if (!blocked && slope > 0 && base === STATE_UP) blockedBy[i] = i;
    // a queue within a millionth of a minute's work of empty is empty (floating-point roots land just short)
    const tol = 1e-6 * (bArr[i]! + bCap[i]! + 1);
    if (b <= tol && slope <= 0 && curv <= 0) { B[i] = 0; slope = 0; curv = 0; dCurv = 0; if (herdRate[i] === 0) herdPending[i] = 0; }
    else if (b <= tol && slope < 0 && curv > 0) {
      // an empty queue whose processing falls toward its arrival (ramp.ts): empty until they meet
      rampCross = Math.min(rampCross, -slope / curv);
      B[i] = 0; slope = 0; curv = 0; dCurv = 0; if (herdRate[i] === 0) herdPending[i] = 0;
    }
    // likewise a queue within a millionth of a minute's work of its cap, still filling, is at its cap
    if (B[i]! >= bCapMax[i]! - tol && slope > 0) { B[i] = bCapMax[i]!; slope = 0; curv = 0; dCurv = 0; }
    // while shedding, a queue at what can be served within the timeout stays there: the rest is rejected
    let pinnedUntil = Infinity;
    let pinned = false;
    const muRise = -(curv - dCurv);
    if (shed && !later && sh.armed[i] && processing[i] && !thrOn[i] && !ramping && mu > 0 && slope > 0 && B[i]! >= limit * (1 - 1e-9) - tol) {
      B[i] = limit; slope = 0; pinned = true;
      // arrivals minus processing falling (a capacity line, a falling demand): back under at (λ − μ) / −B''
      if (curv < 0) pinnedUntil = (arr - mu) / -curv;
      curv = 0;
    }
    bSlope0[i] = slope; bCurv[i] = curv;
    if (B[i]! > backlogPeak[i]!) { backlogPeak[i] = B[i]!; backlogPeakAt[i] = t; }
    if (collapsed[i] && S.collapsePeaks !== null) S.collapsePeaks.note(i, t, B[i]!);
    // the next backlog event: drained, capped, collapse threshold, or a ramp crossing
    let next = rampCross < pinnedUntil ? rampCross : pinnedUntil;
    if (B[i]! > 0 || slope > 0 || curv > 0) {
      next = Math.min(next, firstPositiveRoot(0.5 * curv, slope, B[i]!));
      if (bCapMax[i]! < Infinity) next = Math.min(next, firstPositiveRoot(0.5 * curv, slope, B[i]! - bCapMax[i]!));
      if (processing[i] && !thrOn[i] && !ramping && mu > 0 && bTimeout[i]! < Infinity && (slope > 0 || limK < 0)) {
        next = Math.min(next, firstPositiveRoot(0.5 * curv, slope - limK, B[i]! - mu * bTimeout[i]!));
      }
    }
    // reschedule only when the next backlog event moved (re-evaluations often change nothing)
    // (strictly after now: a root floating point absorbs into t is reached by the next instant)
    const at = next < Infinity && t + next <= MAX_HORIZON ? timeAfter(t, next) : Infinity;
    if (at !== bNext[i] && !later) {
      bGen[i]!++;
      bNext[i] = at;
      if (at < Infinity) q.push(at, EV_BACKLOG, i, bGen[i]!);
    }
    // an admission throttle with no relax to come lifts itself once the queue is gone
    if (thrOn[i] && thrAutoLift[i] && B[i] === 0 && processing[i]) { thrOn[i] = 0; thrRate[i] = Infinity; }
    if (shed) {
      const empty = B[i] === 0 && slope === 0;
      setRates(S, sh, i, arr, !processing[i] ? 0 : empty ? arr : mu, processing[i] && !empty ? muRise : 0, pinned);
      if (B[i] === 0 && processing[i]) onDrained(sh, i);
      onResumed(S, sh, i);
    }
    out.muA = processing[i] ? mu : 0;
    out.muK = processing[i] ? muRise : 0;
    out.lambda = bArr[i]! * dem + herdRate[i]!;
    return later;
  };
}
