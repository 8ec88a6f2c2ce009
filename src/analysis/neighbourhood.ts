/**
 * A service's dependencies or dependents as a tree to a chosen depth. Each service
 * appears expanded once; later sightings are marked `repeated` and not expanded again.
 */
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

export function neighbourhoodTree(graph: ServiceGraph, id: string, direction: Direction, depth: number): TreeNode {
  const root = nodeKey(id);
  const seen = new Set<string>([root]);
  // `node` and `other` are graph keys; ids shown come from the services (see graph/build.ts)
  const build = (node: string, level: number, via?: TreeNode['via']): TreeNode => {
    const svc = graph.getNodeAttributes(node).service;
    const next = direction === 'dependencies' ? graph.outNeighbors(node) : graph.inNeighbors(node);
    const children: TreeNode[] = [];
    if (level < depth) {
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
    return { id: svc.id, name: svc.name, tier: svc.tier, ...(via ? { via } : {}), repeated: false, truncated: level >= depth && next.length > 0, children };
  };
  return build(root, 0);
}
