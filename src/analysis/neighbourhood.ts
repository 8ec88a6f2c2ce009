/**
 * A service's dependencies or dependents as a tree to a chosen depth: every service at most
 * `depth` steps away is listed. The tree is walked depth first; each service is expanded at
 * its first sighting and later sightings are marked `repeated` (so the expanded copy is
 * always above them). Whether a service is expanded depends on its distance from the root,
 * found breadth first (graphology-traversal), not on where the walk met it: a direct
 * dependency first met deeper down, under another one, still shows its own dependencies.
 */
import { bfsFromNode } from 'graphology-traversal';
import type { DependencyType } from '../catalog/model.js';
import { nodeKey, type ServiceGraph } from '../graph/build.js';

export interface TreeNode {
  readonly id: string;
  readonly name: string;
  readonly tier: number;
  /** The edge that led here (absent at the root). */
  readonly via?: { readonly type: DependencyType; readonly group?: { atLeast: number; size: number }; readonly why?: string };
  readonly repeated: boolean;
  /** True when depth ran out before this node's own neighbours were listed. */
  readonly truncated: boolean;
  readonly children: readonly TreeNode[];
}

export type Direction = 'dependencies' | 'dependents';

/**
 * A test of whether a service (graph key) is fewer than `depth` steps from `root` (graph key)
 * in `direction`: the services whose own neighbours are still within `depth`. Both ways it
 * walks only dependencies (out-edges), which catalogs keep short, never the dependents of a
 * hub: for `dependencies`, one breadth-first search from the root; for `dependents`, one
 * from each service asked about (memoised), looking for the root within `depth - 1` steps.
 */
export function closerThan(graph: ServiceGraph, root: string, direction: Direction, depth: number): (key: string) => boolean {
  if (depth <= 0) return () => false;
  if (direction === 'dependencies') {
    const near = new Set<string>();
    bfsFromNode(
      graph,
      root,
      (key, _attrs, d) => {
        near.add(key);
        return d >= depth - 1; // true: do not go further from this service
      },
      { mode: 'out' },
    );
    return (key) => near.has(key);
  }
  // Many small searches, one per service asked about: written out here, because a
  // graphology-traversal search allocates a queue the size of the whole graph each time.
  const memo = new Map<string, boolean>();
  return (key) => {
    let found = memo.get(key);
    if (found === undefined) {
      found = key === root;
      let frontier = [key];
      const seen = new Set(frontier);
      for (let d = 1; d < depth && !found && frontier.length; d++) {
        const next: string[] = [];
        for (const k of frontier) {
          for (const dep of graph.outNeighbors(k)) {
            if (dep === root) found = true;
            if (!seen.has(dep)) {
              seen.add(dep);
              next.push(dep);
            }
          }
        }
        frontier = next;
      }
      memo.set(key, found);
    }
    return found;
  };
}

export function neighbourhoodTree(graph: ServiceGraph, id: string, direction: Direction, depth: number): TreeNode {
  const root = nodeKey(id);
  const seen = new Set<string>([root]);
  const closer = closerThan(graph, root, direction, depth);
  // `node` and `other` are graph keys; ids shown come from the services (see graph/build.ts)
  // a service met at level L is at most L steps away: only deeper sightings need the test
  const build = (node: string, level: number, via?: TreeNode['via']): TreeNode => {
    const expand = level < depth || closer(node);
    const svc = graph.getNodeAttributes(node).service;
    const next = direction === 'dependencies' ? graph.outNeighbors(node) : graph.inNeighbors(node);
    const children: TreeNode[] = [];
    if (expand) {
      for (const other of next) {
        const edge = direction === 'dependencies' ? graph.getEdgeAttributes(node, other) : graph.getEdgeAttributes(other, node);
        const owner = graph.getNodeAttributes(direction === 'dependencies' ? node : other).service;
        const why = owner.dependsOn[edge.requirement]?.why;
        const v: TreeNode['via'] = { type: edge.type, ...(edge.group ? { group: edge.group } : {}), ...(why ? { why } : {}) };
        if (seen.has(other)) {
          const o = graph.getNodeAttributes(other).service;
          children.push({ id: o.id, name: o.name, tier: o.tier, via: v, repeated: true, truncated: false, children: [] });
        } else {
          seen.add(other);
          children.push(build(other, level + 1, v));
        }
      }
    }
    return { id: svc.id, name: svc.name, tier: svc.tier, ...(via ? { via } : {}), repeated: false, truncated: !expand && next.length > 0, children };
  };
  return build(root, 0);
}
