/**
 * Operator actions (docs/model.md, "Queues" and "Throttles"): throttle, relax, restart,
 * disable and enable, applied to the shared state at their stated time.
 */
import type { ActionSpec } from './model.js';
import { backlogAt as backlogAt_, throttleAt as throttleAt_ } from './backlog.js';
import { rampNow as rampNow_, startRamp as startRamp_ } from './restart.js';
import { EV_RAMP_END as EV_RAMP_END_, type Sim } from './state.js';
import { timeAfter as timeAfter_ } from './events.js';
import { collapseEnds } from './collapse-end.js';

// module-level copies of imports: read in hot loops without live-binding indirection
const backlogAt = backlogAt_;
const throttleAt = throttleAt_;
const rampNow = rampNow_;
const startRamp = startRamp_;
const EV_RAMP_END = EV_RAMP_END_;
const timeAfter = timeAfter_;

/** A throttle is lifted by a later `relax`; without one it lifts itself when the queue drains. */
function relaxAfter(S: Sim, svc: number, t: number): boolean {
  const actions = S.model.actions;
  for (let k = 0; k < actions.length; k++) {
    const a = actions[k]!;
    if (a.service === svc && a.kind === 'relax' && (S.clock ? S.clock.pending(k, t) : S.v[a.at]! > t)) return true;
  }
  return false;
}

/** Applies action `a` to service i at S.t; the caller re-evaluates i and its dependents. */
export function applyAction(S: Sim, i: number, a: ActionSpec): void {
  const t = S.t;
  const v = S.v;
  if (S.hasB[i]) {
    S.B[i] = backlogAt(S, i, t); S.bT[i] = t;
    // the queue as it stands before the action: a restart may drop it before any evaluation reads it
    if (S.B[i]! > S.backlogPeak[i]!) { S.backlogPeak[i] = S.B[i]!; S.backlogPeakAt[i] = t; }
  }
  switch (a.kind) {
    case 'throttle': {
      S.thrOn[i] = 1;
      S.thrByMitigation[i] = 0;
      S.thrRate[i] = a.rate >= 0 ? v[a.rate]! : S.hasB[i] ? S.bCap[i]! : Infinity;
      S.thrAutoLift[i] = relaxAfter(S, i, t) ? 0 : 1;
      // without a queue and with no relax to come, admission control has nothing to protect
      if (!S.hasB[i] && S.thrAutoLift[i]) S.thrOn[i] = 0;
      S.rampT0[i] = -1; S.rampT1[i] = -1;
      if (S.collapsed[i]) { collapseEnds(S, i, t, S.B[i]!, 1); S.collapsed[i] = 0; S.mitPending[i] = 0; S.mitGen[i]!++; }
      // a staged restart behind a throttle warms up at its plain pace, not the cold-start one
      if (S.rsOn[i] && S.thrOn[i]) startRamp(S, i, rampNow(S, i));
      break;
    }
    case 'relax': {
      if (!S.thrOn[i]) break;
      const over = a.over >= 0 ? Math.max(0, v[a.over]!) : 0;
      S.rampFrom[i] = throttleAt(S, i, t);
      S.rampT0[i] = t; S.rampT1[i] = timeAfter(t, over);
      S.q.push(S.rampT1[i]!, EV_RAMP_END, i, 0);
      break;
    }
    case 'restart':
      if (S.collapsed[i]) { collapseEnds(S, i, t, S.B[i]!, 2); S.collapsed[i] = 0; S.mitPending[i] = 0; S.mitGen[i]!++; }
      if (a.drop && S.hasB[i]) S.B[i] = 0;
      break;
    case 'disable':
      S.disabled[i] = 1;
      break;
    case 'enable':
      S.disabled[i] = 0;
      break;
  }
}
