/**
 * The explorer's fallback blast-radius measure: how many services depend on each
 * service, directly or transitively (reverse reachability over every requirement).
 * One breadth-first search per service over the compiled graph's reverse index, in
 * typed arrays: about 50 ms for 20,000 services, where a per-node traversal through
 * the graphology object API takes seconds.
 */
import type { CompiledGraph } from '../../graph/compile.js';

/** For each service index: the number of other services that reach it through dependencies. */
export function transitiveDependents(cg: CompiledGraph): Uint32Array {
  const n = cg.n;
  const out = new Uint32Array(n);
  // seen[v] === source marks v visited in the current search; no clearing between searches.
  const seen = new Int32Array(n).fill(-1);
  const queue = new Uint32Array(n);
  for (let src = 0; src < n; src++) {
    let head = 0;
    let tail = 0;
    queue[tail++] = src;
    seen[src] = src;
    while (head < tail) {
      const v = queue[head++]!;
      for (let k = cg.revStart[v]!; k < cg.revStart[v + 1]!; k++) {
        const owner = cg.reqOwner[cg.revReqs[k]!]!;
        if (seen[owner] !== src) {
          seen[owner] = src;
          queue[tail++] = owner;
        }
      }
    }
    out[src] = tail - 1;
  }
  return out;
}
