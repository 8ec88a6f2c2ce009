/**
 * A graphology directed graph of a catalog: one node per service, one edge per
 * dependency, pointing from the dependent to what it depends on.
 */
import { DirectedGraph } from 'graphology';
import type { Catalog, DependencyType, Service } from '../catalog/model.js';

export interface NodeAttributes {
  readonly service: Service;
}

export interface EdgeAttributes {
  readonly type: DependencyType;
  readonly failOn: 'down' | 'degraded';
  readonly failover: boolean;
  /** Index of the requirement in the dependent's `dependsOn`. */
  readonly requirement: number;
  /** For a member of a redundancy group: the group's quorum and size. */
  readonly group?: { readonly atLeast: number; readonly size: number };
}

export type ServiceGraph = DirectedGraph<NodeAttributes, EdgeAttributes>;

/** Builds the dependency graph. The first requirement naming a pair wins when a pair repeats. */
export function buildGraph(catalog: Catalog): ServiceGraph {
  const g: ServiceGraph = new DirectedGraph<NodeAttributes, EdgeAttributes>({ allowSelfLoops: false });
  for (const s of catalog.services.values()) g.addNode(s.id, { service: s });
  for (const s of catalog.services.values()) {
    s.dependsOn.forEach((d, requirement) => {
      for (const target of d.of) {
        if (target === s.id || !g.hasNode(target) || g.hasEdge(s.id, target)) continue;
        g.addDirectedEdge(s.id, target, {
          type: d.type,
          failOn: d.failOn,
          failover: d.failover,
          requirement,
          ...(d.group ? { group: { atLeast: d.atLeast, size: d.of.length } } : {}),
        });
      }
    });
  }
  return g;
}
