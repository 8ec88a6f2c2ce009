/**
 * When a single failure's service-hours are the static sweep stretched in time. In a replay
 * without timed mechanisms (see rank-replay.ts) every service the failure reaches is down or
 * degraded from 0 to D and then up again, with the states of the rules' least fixpoint
 * (src/analysis/semantics.ts, what sweep.ts counts), *unless* one of the engine's limits acts
 * inside a cyclic block: a member evaluated more than 12 times in one instant keeps the state it
 * has (src/engine/guard.ts, MAX_EVALS_PER_INSTANT), an instant settles cyclic blocks at most 13
 * rounds, and the origins of a block's impairments are exact only for its first 30 members
 * (docs/model.md, "Cycles"). Then the figure is
 *
 *     (down · round(D) + degraded · round(D/2)) / 60
 *
 * (a degraded service without a queue or `capacity:` edge serves half its demand), and, when
 * both terms are multiples of 2⁻¹⁰ (every partial sum exact), it equals the engine's sum in
 * catalog order whatever that order is.
 *
 * Outside cyclic blocks and what reaches them (the *acyclic part*) no limit acts: the guard
 * stops no service outside a block (src/engine/guard.ts; the replayed services have no cells nor
 * cold caches), so each is evaluated again whenever a dependency changes and ends each instant
 * on the rules' fixpoint of what lies below it. (It used to stop a service with more than 12
 * dependencies that changed one after another, which then kept a stale state; this file marked
 * the failures that could reach one and replayed them.) The only failures of the acyclic part
 * that are replayed are those that reach the owner of a soft `failOn: degraded` edge, which the
 * engine and the sweep read differently. The failure of a member of a cyclic block whose rules
 * leave the limits no room, or of a service below such a block that reaches no other one
 * (rank-simple-blocks.ts), takes the closed form as well; other failures that reach a block are
 * checked by replaying the blocks and what reaches them (PlainReplay.settlesCleanly) and use
 * the closed form when the limits did not act there and every state moved one way.
 */
import { blocksOf, REQ_HARD, REQ_SOFT, type CompiledGraph } from '../graph/compile.js';
import { SimpleBlocks } from './rank-simple-blocks.js';

export interface ClosedFormPlan {
  /** Per service: in a cyclic block or able to reach one (a set closed under dependencies). */
  readonly cyclic: Uint8Array;
  /** Per service: its failure can reach the owner of a soft `failOn: degraded` edge (replayed). */
  readonly unsafe: Uint8Array;
  /** Cyclic blocks where the engine's limits provably cannot act (rank-simple-blocks.ts). */
  readonly simple: SimpleBlocks;
}

export function closedFormPlan(g: CompiledGraph): ClosedFormPlan {
  const n = g.n;
  const { blockOf } = blocksOf(g);
  const cyclic = new Uint8Array(n);
  const stack: number[] = [];
  const softFailOnOwner: number[] = [];
  for (let i = 0; i < n; i++) {
    let softFailOn = false;
    for (let r = g.reqStart[i]!; r < g.reqStart[i + 1]!; r++) if (g.reqType[r] === REQ_SOFT && g.reqFailOnDegraded[r]) softFailOn = true;
    // a soft `failOn: degraded` edge: the engine reads it as soft (degraded), the sweep as
    // down; failures that reach its owner are replayed (marked unsafe below)
    if (blockOf[i]! >= 0) { cyclic[i] = 1; stack.push(i); }
    if (softFailOn) softFailOnOwner.push(i);
  }
  spreadToDependencies(g, cyclic, stack);
  const degr = canBeDegraded(g);
  const unsafe = new Uint8Array(n);
  for (const x of softFailOnOwner) if (!unsafe[x]) { unsafe[x] = 1; stack.push(x); }
  spreadToDependencies(g, unsafe, stack);
  return { cyclic, unsafe, simple: new SimpleBlocks(g, cyclic, degr) };
}

/** Marks every dependency (transitively, any edge type) of the services on the stack. */
function spreadToDependencies(g: CompiledGraph, mark: Uint8Array, stack: number[]): void {
  while (stack.length > 0) {
    const i = stack.pop()!;
    for (let k = g.memberStart[g.reqStart[i]!]!; k < g.memberStart[g.reqStart[i + 1]!]!; k++) {
      const m = g.reqMembers[k]!;
      if (!mark[m]) { mark[m] = 1; stack.push(m); }
    }
  }
}

/**
 * Per service: 1 when some failure can leave it degraded (not down): it has a soft
 * requirement, or a hard one (`failOn: down`) on a service that can be degraded. A service
 * that cannot changes state at most once per instant. A least fixpoint over the graph.
 */
export function canBeDegraded(g: CompiledGraph): Uint8Array {
  const n = g.n;
  const out = new Uint8Array(n);
  const stack: number[] = [];
  const set = (i: number): void => { if (!out[i]) { out[i] = 1; stack.push(i); } };
  for (let i = 0; i < n; i++) {
    for (let r = g.reqStart[i]!; r < g.reqStart[i + 1]!; r++) if (g.reqType[r] === REQ_SOFT && g.memberStart[r + 1]! > g.memberStart[r]!) set(i);
  }
  while (stack.length > 0) {
    const m = stack.pop()!;
    for (let k = g.revStart[m]!; k < g.revStart[m + 1]!; k++) {
      const r = g.revReqs[k]!;
      if (g.reqType[r] === REQ_HARD && !g.reqFailOnDegraded[r]) set(g.reqOwner[r]!);
    }
  }
  return out;
}

const GRID = 1024;
const roundMinutes = (x: number): number => Math.round(x * 1000) / 1000;

/**
 * The closed form's minutes for `down` and `degraded` other services when a failure lasts
 * `d` minutes, or null when its terms are not on the 2⁻¹⁰ grid (then the engine's order of
 * summation matters and the replay sums instead).
 */
export function closedFormMinutes(d: number, down: number, degraded: number): number | null {
  const vDown = roundMinutes(d * (1 - 0));
  const vDeg = roundMinutes(d * (1 - 0.5));
  const total = down * vDown + degraded * vDeg;
  if (!Number.isInteger(vDown * GRID) || !Number.isInteger(vDeg * GRID) || !(total * GRID <= Number.MAX_SAFE_INTEGER)) return null;
  return total;
}
