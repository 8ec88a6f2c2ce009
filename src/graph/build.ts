/**
 * A graphology directed graph of a catalog: one node per service, one edge per
 * dependency, pointing from the dependent to what it depends on.
 *
 * Node keys: graphology keeps each node's neighbours in a plain object and tests for an
 * edge with `typeof out[target] !== 'undefined'`, so a target named like a property of
 * Object.prototype (`constructor`, a valid service id) looks like an existing edge and
 * adding it throws "edge already exists". Such ids get a key outside the id alphabet
 * ({@link nodeKey}); every other id is its own key. Code that goes from ids to the graph
 * uses {@link nodeKey}, and from the graph back to ids {@link serviceIdOf} (or the node's
 * `service.id`).
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

/** Marks a key made for an id that is an Object.prototype property; `%` is never in an id. */
const ESCAPE = '%';

/** The graph key of service `id`: the id itself, unless it names an Object.prototype property. */
export const nodeKey = (id: string): string => (id in Object.prototype || id.startsWith(ESCAPE) ? `${ESCAPE}${id}` : id);

/** The service id of a graph key (inverse of {@link nodeKey}). */
export const serviceIdOf = (key: string): string => (key.startsWith(ESCAPE) ? key.slice(ESCAPE.length) : key);

/** Builds the dependency graph. The first requirement naming a pair wins when a pair repeats. */
export function buildGraph(catalog: Catalog): ServiceGraph {
  const g: ServiceGraph = new DirectedGraph<NodeAttributes, EdgeAttributes>({ allowSelfLoops: false });
  for (const s of catalog.services.values()) g.addNode(nodeKey(s.id), { service: s });
  for (const s of catalog.services.values()) {
    const from = nodeKey(s.id);
    s.dependsOn.forEach((d, requirement) => {
      for (const id of d.of) {
        const to = nodeKey(id);
        if (id === s.id || !g.hasNode(to) || g.hasEdge(from, to)) continue;
        g.addDirectedEdge(from, to, {
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
