/**
 * The explorer's view of the dependency graph for its trees: neighbours by index over the
 * compiled graph's arrays (graph/compile.ts), in the order graph/build.ts gives them (a
 * service's dependencies in catalog order, its dependents in catalog order of the
 * dependent; the first requirement naming a pair wins), with the dependency shown on an
 * edge read from the catalog only for the lines drawn. Building a graphology graph of a
 * 20,000-service catalog takes seconds and most of its memory; this takes nothing more
 * than the compiled graph, which the analyses need anyway.
 */
import type { Catalog, DependencyType } from '../../catalog/model.js';
import type { CompiledGraph } from '../../graph/compile.js';

export interface EdgeInfo {
  readonly type: DependencyType;
  /** For a member of a redundancy group: the group's quorum and size. */
  readonly group?: { readonly atLeast: number; readonly size: number };
}

export interface TreeGraph {
  readonly n: number;
  readonly ids: readonly string[];
  readonly index: ReadonlyMap<string, number>;
  /** What service i depends on, each once, in the order of its requirements. */
  dependencies(i: number): readonly number[];
  /** What depends on service i, each once, in catalog order. */
  dependents(i: number): readonly number[];
  /** The dependency of `from` on `to` (the first requirement of `from` naming `to`). */
  edge(from: number, to: number): EdgeInfo;
}

/** The tree graph of a catalog, from its compiled graph. Neighbour lists are built on first use. */
export function treeGraph(catalog: Catalog, cg: CompiledGraph): TreeGraph {
  const outCache = new Map<number, number[]>();
  const inCache = new Map<number, number[]>();
  /** The requirement of `from` that first names `to` (its index in from's dependsOn). */
  const requirementOf = (from: number, to: number): number => {
    for (let r = cg.reqStart[from]!; r < cg.reqStart[from + 1]!; r++) {
      for (let k = cg.memberStart[r]!; k < cg.memberStart[r + 1]!; k++) if (cg.reqMembers[k] === to) return r - cg.reqStart[from]!;
    }
    return -1;
  };
  return {
    n: cg.n,
    ids: cg.ids,
    index: cg.index,
    dependencies(i) {
      let out = outCache.get(i);
      if (!out) {
        const seen = new Set<number>();
        out = [];
        for (let k = cg.memberStart[cg.reqStart[i]!]!; k < cg.memberStart[cg.reqStart[i + 1]!]!; k++) {
          const t = cg.reqMembers[k]!;
          if (!seen.has(t)) {
            seen.add(t);
            out.push(t);
          }
        }
        outCache.set(i, out);
      }
      return out;
    },
    dependents(i) {
      let out = inCache.get(i);
      if (!out) {
        // revReqs lists requirements in ascending order, so owners come in catalog order
        out = [];
        let last = -1;
        for (let k = cg.revStart[i]!; k < cg.revStart[i + 1]!; k++) {
          const owner = cg.reqOwner[cg.revReqs[k]!]!;
          if (owner !== last) out.push(owner);
          last = owner;
        }
        if (inCache.size > 4096) inCache.clear();
        inCache.set(i, out);
      }
      return out;
    },
    edge(from, to) {
      const d = catalog.services.get(cg.ids[from]!)!.dependsOn[requirementOf(from, to)]!;
      return d.group ? { type: d.type, group: { atLeast: d.atLeast, size: d.of.length } } : { type: d.type };
    },
  };
}
