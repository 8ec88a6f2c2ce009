/**
 * Every cause of an impairment, not only the one the engine named. When two dependencies
 * fail together, the engine records the first requirement that imposes the state; the others
 * were causes too (the service stays impaired until all of them clear). For an interval whose
 * cause is a dependency or a redundancy group, these are the requirements that impose at least
 * its state at its start or at any change of their members within it. Pure.
 */
import type { Model } from './model.js';
import { STATE_DEGRADED, STATE_DOWN, STATE_UP } from './model.js';
import { REQ_ASYNC, REQ_SOFT } from '../graph/compile.js';

/** One cause found: the kind ('dependency' for 1 of 1, 'group' otherwise) and the member it names. */
export interface FoundCause {
  readonly group: boolean;
  /** The member that imposes the state (a down one first), as a service index. */
  readonly svc: number;
  /** For a group: every member down (or, with none down, degraded) at that moment. */
  readonly members: readonly number[];
  /** When the requirement was first seen imposing the state. */
  readonly at: number;
}

/** The state requirement r imposes on its owner at time t, with who imposes it. */
function imposed(model: Model, r: number, t: number, stateAt: (svc: number, t: number) => number, disabledAt: (svc: number, t: number) => boolean): { state: number; who: number; members: number[] } {
  const g = model.graph;
  const m0 = g.memberStart[r]!;
  const m1 = g.memberStart[r + 1]!;
  const size = m1 - m0;
  const down: number[] = [];
  const deg: number[] = [];
  for (let k = m0; k < m1; k++) {
    const m = g.reqMembers[k]!;
    if (g.reqFailover[r] === 1 && disabledAt(m, t)) continue; // a failover switched off has no effect
    const s = stateAt(m, t);
    if (s === STATE_DOWN) down.push(m);
    else if (s === STATE_DEGRADED) deg.push(m);
  }
  const need = g.reqAtLeast[r]!;
  let state = STATE_UP;
  let who = -1;
  if (size - down.length < need) { state = STATE_DOWN; who = down[0]!; }
  else if (size - down.length - deg.length < need) { state = STATE_DEGRADED; who = deg[0] ?? down[0]!; }
  if (state === STATE_UP) return { state, who, members: [] };
  if (g.reqType[r] === REQ_SOFT) state = STATE_DEGRADED;
  else if (state === STATE_DEGRADED && g.reqFailOnDegraded[r]) state = STATE_DOWN;
  return { state, who, members: down.length ? down : deg };
}

/**
 * The requirements of service `self` that impose at least `state` during [start, end): the
 * named cause among them. `changes(svc)` lists the times a service's state changed, so each
 * requirement is checked at the interval's start and at every change of a member within it.
 * Sorted by when each started to impose the state, then by catalog order.
 */
export function concurrentCauses(
  model: Model,
  self: number,
  window: { readonly state: number; readonly start: number; readonly end: number },
  stateAt: (svc: number, t: number) => number,
  disabledAt: (svc: number, t: number) => boolean,
  changes: (svc: number) => readonly number[],
): FoundCause[] {
  const g = model.graph;
  const found: FoundCause[] = [];
  for (let r = g.reqStart[self]!; r < g.reqStart[self + 1]!; r++) {
    if (g.reqType[r] === REQ_ASYNC) continue;
    const m0 = g.memberStart[r]!;
    const m1 = g.memberStart[r + 1]!;
    if (m1 === m0) continue;
    const times = [window.start];
    for (let k = m0; k < m1; k++) for (const t of changes(g.reqMembers[k]!)) if (t > window.start && t < window.end) times.push(t);
    times.sort((a, b) => a - b);
    for (const t of times) {
      const e = imposed(model, r, t, stateAt, disabledAt);
      if (e.state >= window.state) {
        found.push({ group: m1 - m0 > 1, svc: e.who, members: e.members, at: t });
        break;
      }
    }
  }
  return found.sort((a, b) => a.at - b.at);
}
