/**
 * The explorer's view of the dependency graph for its trees: neighbours by index, read from
 * the catalog itself, in the order graph/build.ts gives them (a service's dependencies in the
 * order of its requirements, each once; its dependents in catalog order of the dependent; the
 * first requirement naming a pair wins; references to unknown services and to the service
 * itself left out). It needs no compiled graph, so the first frame does not wait for one (a
 * large catalog's is compiled on a worker thread): a service's dependencies are read from its
 * requirements when asked for, and the dependents of all services are indexed on the first
 * question about any (one pass over every requirement). Building a graphology graph of a
 * 20,000-service catalog would take seconds and most of its memory.
 */
import type { Catalog, DependencyType, Service } from '../../catalog/model.js';

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

/** The tree graph of a catalog whose services, in catalog order, are `ids`, numbered by `index`. */
export function treeGraph(catalog: Catalog, ids: readonly string[], index: ReadonlyMap<string, number>): TreeGraph {
  const n = ids.length;
  const services: Service[] = [...catalog.services.values()];
  const outCache = new Map<number, number[]>();
  let reverse: number[][] | null = null;
  /** Every service's dependents: owners in catalog order, each once per target. */
  const dependentsOfAll = (): number[][] => {
    const rev: number[][] = Array.from({ length: n }, () => []);
    for (let i = 0; i < n; i++) {
      for (const d of services[i]!.dependsOn) {
        for (const id of d.of) {
          const t = index.get(id);
          if (t === undefined || t === i) continue;
          const list = rev[t]!;
          if (list[list.length - 1] !== i) list.push(i);
        }
      }
    }
    return rev;
  };
  return {
    n,
    ids,
    index,
    dependencies(i) {
      let out = outCache.get(i);
      if (!out) {
        const seen = new Set<number>();
        out = [];
        for (const d of services[i]!.dependsOn) {
          for (const id of d.of) {
            const t = index.get(id);
            if (t === undefined || t === i || seen.has(t)) continue;
            seen.add(t);
            out.push(t);
          }
        }
        if (outCache.size > 4096) outCache.clear();
        outCache.set(i, out);
      }
      return out;
    },
    dependents(i) {
      reverse ??= dependentsOfAll();
      return reverse[i]!;
    },
    edge(from, to) {
      const target = ids[to]!;
      const d = services[from]!.dependsOn.find((x) => x.of.includes(target))!;
      return d.group ? { type: d.type, group: { atLeast: d.atLeast, size: d.of.length } } : { type: d.type };
    },
  };
}
