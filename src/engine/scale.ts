/**
 * Operators changing capacity or demand (docs/model.md, "Capacity and demand changed by
 * operators"): `do: scale, capacity: x` makes the service's capacity x times its nominal
 * capacity from then on (servers added, a provider raising a limit); `do: shed, demand: y`
 * makes the demand reaching it y times its normal demand (traffic moved to another path,
 * features switched off). Both are steps at the action's time; 1 restores the nominal value.
 *
 * State: `S.opsCap[i]` (x) and `S.opsDem[i]` (y), 1 by default. A queue's processing rate
 * becomes x · capacity · c and its arrival y · d · arrival (d: load faults' demand factor), so
 * every queue equation of backlog.ts applies unchanged. A service without a queue serves
 * s = min(1, x · c / (y · d)): its demand factor (load.ts) is divided by x and multiplied by y.
 */
import type { ActionSpec } from './model.js';
import { backlogAt } from './backlog.js';
import { collapseEnds } from './collapse-end.js';
import { applyLoadFaults } from './load.js';
import type { Sim } from './state.js';

/** How a collapse ended (`collapseEndBy`): capacity added by operators (explain.ts). */
export const COLLAPSE_ENDED_BY_SCALE = 4;

/** True for the actions this module applies. */
export const isScaleAction = (a: ActionSpec): boolean => a.kind === 'scale' || a.kind === 'shed';

/**
 * Applies a `scale` or `shed` action to service i at S.t (`loadActive`: the load faults in
 * effect, to recompute the demand factor). Added capacity ends a metastable collapse when it can
 * serve the queue within the work's timeout (`B ≤ x · capacity · c · timeout`), the same
 * judgement that started it; shedding demand never ends one by itself (the queue is still there).
 */
export function applyScale(S: Sim, i: number, a: ActionSpec, loadActive: Uint8Array): void {
  const t = S.t;
  if (S.hasB[i]) { S.B[i] = backlogAt(S, i, t); S.bT[i] = t; }
  if (a.kind === 'scale' && a.capacity !== undefined && a.capacity >= 0) {
    // more than 0 (the validator refuses 0): a fleet cannot be scaled to nothing, only disabled
    const x = Math.max(1e-9, S.v[a.capacity]!);
    if (S.hasB[i]) S.bCap[i] = (S.bCap[i]! * x) / S.opsCap[i]!;
    S.opsCap[i] = x;
    if (S.hasB[i] && S.collapsed[i] && S.B[i]! <= S.bCap[i]! * S.capA[i]! * S.bTimeout[i]!) {
      S.collapsed[i] = 0; S.mitPending[i] = 0; S.mitGen[i]!++;
      collapseEnds(S, i, t, S.B[i]!, COLLAPSE_ENDED_BY_SCALE);
    }
  } else if (a.kind === 'shed' && a.demand !== undefined && a.demand >= 0) {
    S.opsDem[i] = Math.max(0, S.v[a.demand]!);
  }
  applyLoadFaults(S, i, loadActive);
}
