/**
 * The sweep's layout: the swept services in dependencies-first order (strongly connected
 * components contiguous) and their requirements re-indexed by that order, so one pass over
 * positions evaluates every service after what it depends on (sweep.ts, sweep-scenarios.ts).
 */
import type { CompiledGraph } from '../graph/compile.js';
import { MODE_NONE, MODE_SOFT } from './semantics.js';
import { requirementEdges, stronglyConnected } from './order.js';

export const NOT_SWEPT = 0xffffffff;

/** The swept services in dependencies-first order, strongly connected components contiguous. */
export interface Layout {
  readonly order: Uint32Array;
  /** Position of each service in `order`, NOT_SWEPT when it is not swept. */
  readonly pos: Uint32Array;
  /** Component of each position; component c spans compStart[c] .. compStart[c+1]-1. */
  readonly compOfPos: Uint32Array;
  readonly compStart: Uint32Array;
  readonly count: number;
}

export function layout(cg: CompiledGraph, mode: Uint8Array, keep: Uint8Array | undefined): Layout {
  const comps = stronglyConnected(requirementEdges(cg, (r) => mode[r] !== MODE_NONE));
  // A kept set is closed under dependencies, so it holds whole components.
  const order = keep ? comps.order.filter((s) => keep[s] === 1) : comps.order;
  const pos = new Uint32Array(cg.n).fill(NOT_SWEPT);
  const compOfPos = new Uint32Array(order.length);
  const starts: number[] = [];
  let count = 0;
  for (let p = 0; p < order.length; p++) {
    if (p === 0 || comps.comp[order[p]!] !== comps.comp[order[p - 1]!]) {
      starts.push(p);
      count++;
    }
    compOfPos[p] = count - 1;
    pos[order[p]!] = p;
  }
  starts.push(order.length);
  return { order, pos, compOfPos, compStart: Uint32Array.from(starts), count };
}

/** Requirements re-indexed by position in the dependencies-first order (only those with an effect). */
export interface Positional {
  readonly reqStart: Uint32Array;
  readonly reqMode: Uint8Array;
  /** n - k + 1: how many members must be lost (down, or not up) for the requirement to act. */
  readonly reqThreshold: Uint32Array;
  readonly reqOwnerPos: Uint32Array;
  readonly reqOrig: Uint32Array;
  readonly memberStart: Uint32Array;
  readonly members: Uint32Array;
  readonly hasSoft: boolean;
  readonly maxThreshold: number;
  /** Positional indices of requirements with at least two members. */
  readonly groupReqs: readonly number[];
}

export function buildPositional(cg: CompiledGraph, mode: Uint8Array, comps: Layout): Positional {
  const n = comps.order.length;
  const reqStart = new Uint32Array(n + 1);
  const reqs: number[] = [];
  for (let p = 0; p < n; p++) {
    reqStart[p] = reqs.length;
    const s = comps.order[p]!;
    for (let r = cg.reqStart[s]!; r < cg.reqStart[s + 1]!; r++) if (mode[r] !== MODE_NONE) reqs.push(r);
  }
  reqStart[n] = reqs.length;
  const nr = reqs.length;
  const reqMode = new Uint8Array(nr);
  const reqThreshold = new Uint32Array(nr);
  const reqOwnerPos = new Uint32Array(nr);
  const reqOrig = Uint32Array.from(reqs);
  const memberStart = new Uint32Array(nr + 1);
  let nm = 0;
  for (const r of reqs) nm += cg.memberStart[r + 1]! - cg.memberStart[r]!;
  const members = new Uint32Array(nm);
  let hasSoft = false;
  let maxThreshold = 1;
  const groupReqs: number[] = [];
  let k = 0;
  for (let q = 0; q < nr; q++) {
    const r = reqs[q]!;
    reqMode[q] = mode[r]!;
    if (mode[r] === MODE_SOFT) hasSoft = true;
    const size = cg.memberStart[r + 1]! - cg.memberStart[r]!;
    reqThreshold[q] = size - cg.reqAtLeast[r]! + 1;
    if (reqThreshold[q]! > maxThreshold) maxThreshold = reqThreshold[q]!;
    reqOwnerPos[q] = comps.pos[cg.reqOwner[r]!]!;
    memberStart[q] = k;
    for (let j = cg.memberStart[r]!; j < cg.memberStart[r + 1]!; j++) members[k++] = comps.pos[cg.reqMembers[j]!]!;
    if (size >= 2) groupReqs.push(q);
  }
  memberStart[nr] = k;
  return { reqStart, reqMode, reqThreshold, reqOwnerPos, reqOrig, memberStart, members, hasSoft, maxThreshold, groupReqs };
}
