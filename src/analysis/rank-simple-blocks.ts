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
 * test/analysis/rank-hours.test.ts compares the figures with one full simulation per service,
 * on catalogs with such blocks and with blocks just outside this description (a group, a soft
 * edge, a second block above) where the replay must decide instead.
 */
import { blocksOf, REQ_ASYNC, REQ_HARD, type CompiledGraph } from '../graph/compile.js';

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
