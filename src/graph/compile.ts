/**
 * The compact, indexed form of a catalog for hot loops (engine, analyses): services
 * are numbered 0..n-1 in catalog order and every dependency is a "requirement"
 * (k of a member list; a plain dependency is 1 of 1), stored in typed arrays (CSR).
 */
import type { Catalog, DependencyType } from '../catalog/model.js';
import { components } from '../catalog/dependency-index.js';

export const REQ_HARD = 0;
export const REQ_SOFT = 1;
export const REQ_ASYNC = 2;
const TYPE_CODE: Readonly<Record<DependencyType, number>> = { hard: REQ_HARD, soft: REQ_SOFT, async: REQ_ASYNC };

export interface CompiledGraph {
  readonly n: number;
  readonly ids: readonly string[];
  readonly index: ReadonlyMap<string, number>;
  readonly tier: Uint8Array;
  /** Requirements of service i are reqStart[i] .. reqStart[i+1]-1. */
  readonly reqStart: Uint32Array;
  readonly reqOwner: Uint32Array;
  readonly reqType: Uint8Array;
  readonly reqAtLeast: Uint32Array;
  readonly reqFailOnDegraded: Uint8Array;
  readonly reqFailover: Uint8Array;
  /** Members of requirement r are reqMembers[memberStart[r] .. memberStart[r+1]-1]. */
  readonly memberStart: Uint32Array;
  readonly reqMembers: Uint32Array;
  /** Requirements that service i is a member of: revReqs[revStart[i] .. revStart[i+1]-1]. */
  readonly revStart: Uint32Array;
  readonly revReqs: Uint32Array;
  /**
   * Cyclic blocks: strongly connected components of two or more services over every
   * requirement (any type). blockOf[i] is the block of service i, or -1 when it is on no
   * cycle; the members of block b are blockMembers[blockStart[b] .. blockStart[b+1]-1].
   */
  readonly blockOf?: Int32Array;
  readonly blockStart?: Uint32Array;
  readonly blockMembers?: Uint32Array;
}

export interface CyclicBlocks {
  readonly blockOf: Int32Array;
  readonly blockStart: Uint32Array;
  readonly blockMembers: Uint32Array;
}

/** The graph's cyclic blocks: precomputed by {@link compileGraph}, computed for graphs built otherwise. */
export function blocksOf(g: CompiledGraph): CyclicBlocks {
  if (g.blockOf && g.blockStart && g.blockMembers) return { blockOf: g.blockOf, blockStart: g.blockStart, blockMembers: g.blockMembers };
  return cyclicBlocks(g.ids, g.reqStart, g.memberStart, g.reqMembers);
}

/**
 * The cyclic blocks of a compiled dependency structure (see {@link CompiledGraph.blockOf}):
 * Tarjan's algorithm over the service numbers, every requirement's members as successors in
 * order (the members of service i's requirements are contiguous in `reqMembers`). Blocks are
 * numbered in the order the algorithm completes them, roots visited in number order.
 */
function cyclicBlocks(ids: readonly string[], reqStart: Uint32Array, memberStart: Uint32Array, reqMembers: Uint32Array): CyclicBlocks {
  const n = ids.length;
  const blockOf = new Int32Array(n).fill(-1);
  const start = new Uint32Array(n + 1);
  for (let i = 0; i <= n; i++) start[i] = memberStart[reqStart[i]!]!;
  const to = new Int32Array(reqMembers.buffer, reqMembers.byteOffset, reqMembers.length);
  const comps = components(n, start, to, 2);
  const blockStart = new Uint32Array(comps.length + 1);
  const blockMembers = new Uint32Array(comps.reduce((a, c) => a + c.length, 0));
  let m = 0;
  comps.forEach((c, b) => {
    blockStart[b] = m;
    for (const i of c.sort()) { blockOf[i] = b; blockMembers[m++] = i; }
  });
  blockStart[comps.length] = m;
  return { blockOf, blockStart, blockMembers };
}

/** Compiles a validated catalog (all references resolve). */
export function compileGraph(catalog: Catalog): CompiledGraph {
  const ids = [...catalog.services.keys()];
  const index = new Map(ids.map((id, i) => [id, i]));
  const n = ids.length;
  const tier = new Uint8Array(n);
  // upper bounds (every member resolves in a validated catalog); trimmed at the end if not
  let nReq = 0;
  let nMem = 0;
  for (const s of catalog.services.values()) {
    nReq += s.dependsOn.length;
    for (const d of s.dependsOn) nMem += d.of.length;
  }
  const reqStart = new Uint32Array(n + 1);
  const reqOwner = new Uint32Array(nReq);
  const reqType = new Uint8Array(nReq);
  const reqAtLeast = new Uint32Array(nReq);
  const reqFailOnDegraded = new Uint8Array(nReq);
  const reqFailover = new Uint8Array(nReq);
  const memberStart = new Uint32Array(nReq + 1);
  let reqMembers = new Uint32Array(nMem);
  const revCount = new Uint32Array(n + 1);
  let r = 0;
  let m = 0;
  ids.forEach((id, i) => {
    const s = catalog.services.get(id)!;
    tier[i] = s.tier;
    reqStart[i] = r;
    for (const d of s.dependsOn) {
      reqOwner[r] = i;
      reqType[r] = TYPE_CODE[d.type];
      reqFailOnDegraded[r] = d.failOn === 'degraded' ? 1 : 0;
      reqFailover[r] = d.failover ? 1 : 0;
      memberStart[r] = m;
      for (const t of d.of) {
        const ti = index.get(t);
        if (ti === undefined || ti === i) continue;
        reqMembers[m++] = ti;
        revCount[ti]!++;
      }
      reqAtLeast[r] = Math.min(d.atLeast, Math.max(m - memberStart[r]!, 1));
      r++;
    }
  });
  reqStart[n] = r;
  memberStart[nReq] = m;
  if (m < reqMembers.length) reqMembers = reqMembers.slice(0, m);
  const revStart = new Uint32Array(n + 1);
  for (let i = 0; i < n; i++) revStart[i + 1] = revStart[i]! + revCount[i]!;
  const fill = revStart.slice(0, n);
  const revReqs = new Uint32Array(m);
  for (let q = 0; q < nReq; q++) {
    for (let k = memberStart[q]!; k < memberStart[q + 1]!; k++) revReqs[fill[reqMembers[k]!]!++] = q;
  }
  const blocks = cyclicBlocks(ids, reqStart, memberStart, reqMembers);
  return { n, ids, index, tier, reqStart, reqOwner, reqType, reqAtLeast, reqFailOnDegraded, reqFailover, memberStart, reqMembers, revStart, revReqs, ...blocks };
}
