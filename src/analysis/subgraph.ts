/**
 * Dependency subgraphs: a service and everything it depends on through requirements with an
 * effect, as a compiled graph of its own. The state of a service after any failure set
 * depends only on this part of the graph (the rules look at a service's members, never at
 * its dependents), so questions about one target (its cut sets, the paths that explain
 * them) can be answered on the subgraph, at a cost in proportion to the target's
 * dependencies instead of to everything a failure reaches in the whole catalog.
 */
import type { CompiledGraph } from '../graph/compile.js';
import { MODE_NONE } from './semantics.js';

export interface Subgraph {
  /** The subgraph, services numbered in ascending order of their index in the whole graph. */
  readonly graph: CompiledGraph;
  /** Index in the whole graph of each service of the subgraph (ascending). */
  readonly orig: Uint32Array;
}

/**
 * Builds dependency subgraphs of one compiled graph, reusing its scratch arrays, so the
 * cost of each is in proportion to the subgraph, not to the whole graph.
 */
export class SubgraphBuilder {
  private readonly stamp: Uint32Array;
  private readonly local: Uint32Array;
  private gen = 0;

  constructor(
    readonly cg: CompiledGraph,
    /** Requirement modes of `cg` (requirementModes). */
    readonly mode: Uint8Array,
  ) {
    this.stamp = new Uint32Array(cg.n);
    this.local = new Uint32Array(cg.n);
  }

  /**
   * The subgraph of `roots` and their dependencies. Every requirement of its services is
   * kept, in order (so requirement r - reqStart[s] is still the index into the service's
   * `dependsOn`); members outside it are dropped, which only happens for requirements
   * without an effect (async ones).
   */
  of(roots: readonly number[]): Subgraph {
    const { cg, mode, stamp, local } = this;
    const gen = ++this.gen;
    const list: number[] = [];
    for (const r of roots) {
      if (stamp[r] === gen) continue;
      stamp[r] = gen;
      list.push(r);
    }
    for (let head = 0; head < list.length; head++) {
      const s = list[head]!;
      for (let r = cg.reqStart[s]!; r < cg.reqStart[s + 1]!; r++) {
        if (mode[r] === MODE_NONE) continue;
        for (let j = cg.memberStart[r]!; j < cg.memberStart[r + 1]!; j++) {
          const x = cg.reqMembers[j]!;
          if (stamp[x] === gen) continue;
          stamp[x] = gen;
          list.push(x);
        }
      }
    }
    const orig = Uint32Array.from(list).sort();
    const n = orig.length;
    let nReq = 0;
    let nMem = 0;
    for (let i = 0; i < n; i++) {
      const s = orig[i]!;
      local[s] = i;
      nReq += cg.reqStart[s + 1]! - cg.reqStart[s]!;
      nMem += cg.memberStart[cg.reqStart[s + 1]!]! - cg.memberStart[cg.reqStart[s]!]!;
    }
    const ids = new Array<string>(n);
    const tier = new Uint8Array(n);
    const reqStart = new Uint32Array(n + 1);
    const reqOwner = new Uint32Array(nReq);
    const reqType = new Uint8Array(nReq);
    const reqAtLeast = new Uint32Array(nReq);
    const reqFailOnDegraded = new Uint8Array(nReq);
    const reqFailover = new Uint8Array(nReq);
    const memberStart = new Uint32Array(nReq + 1);
    const reqMembers = new Uint32Array(nMem);
    const revStart = new Uint32Array(n + 1);
    let q = 0;
    let m = 0;
    for (let i = 0; i < n; i++) {
      const s = orig[i]!;
      ids[i] = cg.ids[s]!;
      tier[i] = cg.tier[s]!;
      reqStart[i] = q;
      for (let r = cg.reqStart[s]!; r < cg.reqStart[s + 1]!; r++, q++) {
        reqOwner[q] = i;
        reqType[q] = cg.reqType[r]!;
        reqAtLeast[q] = cg.reqAtLeast[r]!;
        reqFailOnDegraded[q] = cg.reqFailOnDegraded[r]!;
        reqFailover[q] = cg.reqFailover[r]!;
        memberStart[q] = m;
        for (let j = cg.memberStart[r]!; j < cg.memberStart[r + 1]!; j++) {
          const x = cg.reqMembers[j]!;
          if (stamp[x] !== gen) continue;
          reqMembers[m++] = local[x]!;
          revStart[local[x]! + 1]!++;
        }
      }
    }
    reqStart[n] = q;
    memberStart[nReq] = m;
    for (let i = 0; i < n; i++) revStart[i + 1]! += revStart[i]!;
    const fill = revStart.slice(0, n);
    const revReqs = new Uint32Array(m);
    for (let r = 0; r < nReq; r++) {
      for (let j = memberStart[r]!; j < memberStart[r + 1]!; j++) revReqs[fill[reqMembers[j]!]!++] = r;
    }
    const index = new Map(ids.map((id, i) => [id, i]));
    const graph: CompiledGraph = { n, ids, index, tier, reqStart, reqOwner, reqType, reqAtLeast, reqFailOnDegraded, reqFailover, memberStart, reqMembers: m < nMem ? reqMembers.slice(0, m) : reqMembers, revStart, revReqs };
    return { graph, orig };
  }

  /** Index in the last subgraph built of a service of the whole graph that belongs to it. */
  localIndex(s: number): number {
    if (this.stamp[s] !== this.gen) throw new Error(`service ${s} is not in the subgraph`);
    return this.local[s]!;
  }
}
