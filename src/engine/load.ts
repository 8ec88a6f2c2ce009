/**
 * Triggers that are load, not breakage (docs/model.md, "Load faults"): a fault with
 * `capacity: c` cuts the service's capacity to c while it lasts (a deploy that halves
 * capacity, a per-host limit that makes added hosts fail); one with `demand: d` multiplies
 * the demand on it (a surge). Their effects come out of the capacity and queue models.
 */
import type { Sim } from './state.js';

/** True when fault k is a load fault (it does not take the service down). */
export function isLoadFault(S: Sim, k: number): boolean {
  const f = S.model.faults[k]!;
  return f.capacity >= 0 || f.demand >= 0;
}

/** Recomputes the capacity cut and demand factor of service i from its active load faults. */
export function applyLoadFaults(S: Sim, i: number, active: Uint8Array): void {
  let cut = 1;
  let demand = 1;
  const faults = S.model.faults;
  for (let k = 0; k < faults.length; k++) {
    const f = faults[k]!;
    if (f.service !== i || !active[k]) continue;
    if (f.capacity >= 0) cut = Math.min(cut, Math.max(0, S.v[f.capacity]!));
    if (f.demand >= 0) demand *= Math.max(0, S.v[f.demand]!);
  }
  S.capCut[i] = cut;
  // operators' capacity and demand multiples (scale.ts; 1 and 1 when none): a queue's capacity
  // carries its own, so only a service without one has its demand factor divided by it
  // and the misses of cold caches in front of it (cachefill.ts; 1 when none)
  S.demand[i] = (demand * S.opsDem[i]! * S.fillDem[i]!) / (S.hasB[i] ? 1 : S.opsCap[i]!);
}
