/**
 * Cyclic blocks whose settling needs no replay when one of their own members fails: the
 * engine's limits provably cannot act inside them, so the failure's figure is the closed form
 * of rank-closed-form.ts (given that what lies outside the block is safe there too).
 *
 * A block B is *simple* when it has at least two members and every requirement of a member
 * that names a member of B (async ones aside: they change nothing without a queue) is a hard
 * edge to that one service (`atLeast: 1` of a single member). When a member s of B fails alone:
 *
 * - No dependency of a member outside B is ever impaired: it would depend on s, and s on it
 *   through the member, so it would be in B. Only B's own edges carry the failure inside B,
 *   and they are hard single edges: a member's rule is "down as soon as one of them is down"
 *   (never degraded), each member changes its state at most once per instant, always the same
 *   way, and the origins of every impairment are s's own (src/engine/cycles.ts; s's bit, or
 *   the bit shared beyond the 30th member while s is its only grounded holder).
 * - Instant 0: every member reads each impaired dependency as grounded, so a member is down
 *   from the first evaluation after a dependency went down: its second at most, in the
 *   propagation and again in the settling (which restarts the count), far below the engine's
 *   12. The propagation already reaches the least fixpoint, the whole of B down (B is strongly
 *   connected), so the settling commits no change of state and no second round is needed
 *   (the engine allows 13).
 * - Instant D: when s is among the first 30 members its bit leaves the grounded set with its
 *   fault, every impairment in B is no longer grounded, and each member is up at its first
 *   evaluation. When it is beyond them, s reads the shared bit as grounded once more (it is
 *   still its holder while it is evaluated) and stays down through its dependencies, so the
 *   propagation changes no state; the settling then starts B from up with nothing grounded,
 *   each member is up at its first evaluation, and later evaluations change nothing.
 *
 * So each member of B is down from 0 to D and up after, at most once committed each way, as
 * the least fixpoint says; services outside B see each of them change once per instant,
 * which is what rank-closed-form.ts's bound for the acyclic part assumes. B is *alone* when
 * none of its members has a dependent outside B that is in or reaches another cyclic block:
 * then the failure reaches no other block (what it reaches beyond B is acyclic), and the
 * closed form holds wherever that acyclic part is safe.
 *
 * A failure *below* B (of a service s in no block whose dependents, followed while they can
 * reach a block, meet B and no other block) is proven too when no member of B and none of
 * the services on the way (the path P) can be degraded. The oscillation guard stops no service
 * of P, however often it is evaluated in an instant (src/engine/guard.ts stops members of cyclic
 * blocks, slots of services with cells and cold caches' origins; a failure that reaches a slot
 * with cells or a cache's origin goes through the engine: rank-hours.ts, reachesMechanism), so
 * each ends every instant on the rules' fixpoint of what lies below it. (P used to be limited to
 * services of at most 12 dependencies, when the guard stopped any service evaluated more often
 * than that; the tests have a chain feeding a service of 14 dependencies that recovers at its
 * 14th evaluation of the instant.) Then P is acyclic, its states move one way, once each;
 * impairments enter B with the origin "outside", always grounded, so every impaired member of
 * B counts for its dependents: at 0 the settling (counts restarted, P final) puts each member down at its first or second
 * evaluation, the whole of B down, a single change per member; at D, P recovers, the members
 * stay down through each other (the propagation changes no state of B, whatever it
 * evaluates), and the settling starts B from up with nothing impaired below it: each member
 * is up at its first evaluation, again a single change.
 *
 * test/analysis/rank-simple-blocks.test.ts compares the figures with one full simulation per
 * service on catalogs with such blocks, with blocks and paths just outside this description (a
 * group, a soft edge, a second block above, a service on the way that can be degraded) where
 * the replay must decide instead, on paths through services of more than 12 dependencies that
 * change one after another (hand-worked and random), and on a block where the limits do act.
 */
import { blocksOf, REQ_ASYNC, REQ_HARD, type CompiledGraph } from '../graph/compile.js';

/** Which failures that reach a cyclic block take the closed form without a replay (see the file header). */
export class SimpleBlocks {
  /** Per service: a member of a simple block that is alone. */
  readonly member: Uint8Array;
  /** Per block: simple, alone, and no member can be degraded (failures below it can be proven). */
  private readonly clean: Uint8Array;
  private readonly blockOf: Int32Array;
  private readonly stamp: Int32Array;
  private readonly stack: Int32Array;
  private walk = 0;

  /**
   * `cyclic`: in a block or able to reach one; `degr`: can be degraded by some failure
   * (rank-closed-form.ts's canBeDegraded).
   */
  constructor(private readonly g: CompiledGraph, private readonly cyclic: Uint8Array, private readonly degr: Uint8Array) {
    this.member = simpleBlockMembers(g, cyclic);
    const { blockOf, blockStart, blockMembers } = blocksOf(g);
    this.blockOf = blockOf;
    const nb = blockStart.length - 1;
    this.clean = new Uint8Array(nb);
    for (let b = 0; b < nb; b++) {
      let ok = this.member[blockMembers[blockStart[b]!]!] === 1;
      for (let k = blockStart[b]!; k < blockStart[b + 1]! && ok; k++) if (degr[blockMembers[k]!]) ok = false;
      this.clean[b] = ok ? 1 : 0;
    }
    this.stamp = new Int32Array(nb > 0 ? g.n : 0);
    this.stack = new Int32Array(nb > 0 ? g.n : 0);
  }

  /** Whether the failure of service s (in or reaching a block) is proven to take the closed form. */
  proves(s: number): boolean {
    if (this.member[s]) return true;
    if (this.blockOf[s]! >= 0 || !this.cyclic[s]) return false;
    // below a block: follow the dependents that reach a block, up to the blocks they meet
    const { g, cyclic, degr, blockOf, stamp, stack } = this;
    const mark = ++this.walk;
    let top = 0;
    let block = -1;
    stamp[s] = mark;
    stack[top++] = s;
    while (top > 0) {
      const i = stack[--top]!;
      // (s itself is down by its fault, whatever its dependencies)
      if (i !== s && degr[i]) return false;
      for (let k = g.revStart[i]!; k < g.revStart[i + 1]!; k++) {
        const o = g.reqOwner[g.revReqs[k]!]!;
        if (!cyclic[o] || stamp[o] === mark) continue;
        stamp[o] = mark;
        const b = blockOf[o]!;
        if (b >= 0) {
          if (block >= 0 && b !== block) return false;
          if (!this.clean[b]) return false;
          block = b;
          continue;
        }
        stack[top++] = o;
      }
    }
    return block >= 0;
  }
}

/**
 * Per service: 1 when it is a member of a simple block that is alone (see the file header),
 * given `cyclic` (rank-closed-form.ts: in a block or able to reach one).
 */
export function simpleBlockMembers(g: CompiledGraph, cyclic: Uint8Array): Uint8Array {
  const n = g.n;
  const { blockOf, blockStart, blockMembers } = blocksOf(g);
  const nb = blockStart.length - 1;
  const out = new Uint8Array(n);
  for (let b = 0; b < nb; b++) {
    const m0 = blockStart[b]!;
    const m1 = blockStart[b + 1]!;
    if (m1 - m0 < 2) continue;
    let ok = true;
    for (let k = m0; k < m1 && ok; k++) {
      const i = blockMembers[k]!;
      for (let r = g.reqStart[i]!; r < g.reqStart[i + 1]! && ok; r++) {
        if (g.reqType[r] === REQ_ASYNC) continue;
        const r0 = g.memberStart[r]!;
        const r1 = g.memberStart[r + 1]!;
        let inside = false;
        for (let j = r0; j < r1; j++) if (blockOf[g.reqMembers[j]!] === b) inside = true;
        if (inside && !(g.reqType[r] === REQ_HARD && r1 - r0 === 1 && g.reqAtLeast[r] === 1)) ok = false;
      }
      // alone: no dependent outside B that is in or reaches another block
      for (let k2 = g.revStart[i]!; k2 < g.revStart[i + 1]! && ok; k2++) {
        const o = g.reqOwner[g.revReqs[k2]!]!;
        if (blockOf[o] !== b && cyclic[o]) ok = false;
      }
    }
    if (!ok) continue;
    for (let k = m0; k < m1; k++) out[blockMembers[k]!] = 1;
  }
  return out;
}
