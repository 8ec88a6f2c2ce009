/**
 * Strongly connected components and a dependencies-first order of a compiled graph's
 * requirement edges (owner → member), in typed arrays for the hot loops.
 */
import type { CompiledGraph } from '../graph/compile.js';
import { MODE_NONE } from './semantics.js';

/** A directed graph in CSR form: the successors of v are adj[start[v] .. start[v+1]-1]. */
export interface Csr {
  readonly n: number;
  readonly start: Uint32Array;
  readonly adj: Uint32Array;
}

/** Owner → member edges of the requirements `keep` accepts (by requirement index). */
export function requirementEdges(cg: CompiledGraph, keep: (r: number) => boolean): Csr {
  const start = new Uint32Array(cg.n + 1);
  let m = 0;
  for (let s = 0; s < cg.n; s++) {
    start[s] = m;
    for (let r = cg.reqStart[s]!; r < cg.reqStart[s + 1]!; r++) if (keep(r)) m += cg.memberStart[r + 1]! - cg.memberStart[r]!;
  }
  start[cg.n] = m;
  const adj = new Uint32Array(m);
  let k = 0;
  for (let s = 0; s < cg.n; s++) {
    for (let r = cg.reqStart[s]!; r < cg.reqStart[s + 1]!; r++) {
      if (!keep(r)) continue;
      for (let j = cg.memberStart[r]!; j < cg.memberStart[r + 1]!; j++) adj[k++] = cg.reqMembers[j]!;
    }
  }
  return { n: cg.n, start, adj };
}

export interface Components {
  /** Vertices with every component contiguous, components in reverse topological order:
   * a vertex's successors come in its own component or an earlier one (dependencies first). */
  readonly order: Uint32Array;
  /** Position of each vertex in `order`. */
  readonly pos: Uint32Array;
  /** Component of each vertex; components are numbered in `order`'s order. */
  readonly comp: Uint32Array;
  /** Component c occupies order[compStart[c] .. compStart[c+1]-1]. */
  readonly compStart: Uint32Array;
  readonly count: number;
}

/** Tarjan's algorithm, iterative (no recursion depth limit), vertices visited in index order. */
export function stronglyConnected(g: Csr): Components {
  const { n, start, adj } = g;
  const UNSEEN = 0xffffffff;
  const index = new Uint32Array(n).fill(UNSEEN);
  const low = new Uint32Array(n);
  const onStack = new Uint8Array(n);
  const stack = new Uint32Array(n);
  let sp = 0;
  const callV = new Uint32Array(n);
  const callIt = new Uint32Array(n);
  let cp = 0;
  const order = new Uint32Array(n);
  const comp = new Uint32Array(n);
  const compStartList: number[] = [];
  let emitted = 0;
  let next = 0;
  let count = 0;
  for (let root = 0; root < n; root++) {
    if (index[root] !== UNSEEN) continue;
    index[root] = low[root] = next++;
    stack[sp++] = root;
    onStack[root] = 1;
    callV[cp] = root;
    callIt[cp++] = start[root]!;
    while (cp > 0) {
      const v = callV[cp - 1]!;
      const it = callIt[cp - 1]!;
      if (it < start[v + 1]!) {
        callIt[cp - 1] = it + 1;
        const w = adj[it]!;
        if (index[w] === UNSEEN) {
          index[w] = low[w] = next++;
          stack[sp++] = w;
          onStack[w] = 1;
          callV[cp] = w;
          callIt[cp++] = start[w]!;
        } else if (onStack[w] && index[w]! < low[v]!) low[v] = index[w]!;
        continue;
      }
      cp--;
      if (cp > 0) {
        const parent = callV[cp - 1]!;
        if (low[v]! < low[parent]!) low[parent] = low[v]!;
      }
      if (low[v] === index[v]) {
        compStartList.push(emitted);
        let w: number;
        do {
          w = stack[--sp]!;
          onStack[w] = 0;
          comp[w] = count;
          order[emitted++] = w;
        } while (w !== v);
        count++;
      }
    }
  }
  compStartList.push(emitted);
  const pos = new Uint32Array(n);
  for (let i = 0; i < n; i++) pos[order[i]!] = i;
  return { order, pos, comp, compStart: Uint32Array.from(compStartList), count };
}

/** `from` and every service they depend on through requirements with an effect (mode ≠ 0), as a 0/1 mask. */
export function dependencyClosure(cg: CompiledGraph, mode: Uint8Array, from: readonly number[]): Uint8Array {
  const seen = new Uint8Array(cg.n);
  const stack = [...from];
  for (const f of from) seen[f] = 1;
  while (stack.length) {
    const s = stack.pop()!;
    for (let r = cg.reqStart[s]!; r < cg.reqStart[s + 1]!; r++) {
      if (mode[r] === MODE_NONE) continue;
      for (let j = cg.memberStart[r]!; j < cg.memberStart[r + 1]!; j++) {
        const x = cg.reqMembers[j]!;
        if (!seen[x]) {
          seen[x] = 1;
          stack.push(x);
        }
      }
    }
  }
  return seen;
}
