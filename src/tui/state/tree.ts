/**
 * Dependency and dependent trees as display lines, built only as far as they are shown.
 * The same walk as analysis/neighbourhood.ts (depth first, each service expanded once,
 * later sightings marked), stopped after a line budget: a hub with thousands of
 * dependents costs what its first screens cost, not what its whole tree does.
 */
import type { DependencyType } from '../../catalog/model.js';
import type { Direction } from '../../analysis/neighbourhood.js';
import { nodeKey, serviceIdOf, type ServiceGraph } from '../../graph/build.js';
import { safeText } from '../../util/text.js';

export interface TreeLine {
  /** Box-drawing guides before the id. */
  readonly guide: string;
  readonly id: string;
  /** "[soft]", "[2 of 3]", "[async, 1 of 2]", or "". */
  readonly via: string;
  /** " ↑" when listed above, " …" when deeper than the depth shown, or "". */
  readonly mark: string;
}

export interface TreeLines {
  readonly lines: readonly TreeLine[];
  /** The walk stopped at the budget before listing everything. */
  readonly cut: boolean;
  /** Direct neighbours listed (at the first level), and how many there are. */
  readonly shownDirect: number;
  readonly totalDirect: number;
}

function viaText(type: DependencyType, group: { atLeast: number; size: number } | undefined): string {
  const bits: string[] = [];
  if (type !== 'hard') bits.push(type);
  if (group) bits.push(`${group.atLeast} of ${group.size}`);
  return bits.length ? ` [${bits.join(', ')}]` : '';
}

/** The first `max` lines of the tree of `id` in `direction`, `depth` levels deep. */
export function treeLinesOf(graph: ServiceGraph, id: string, direction: Direction, depth: number, max: number): TreeLines {
  const out: TreeLine[] = [];
  // the walk is over graph keys; ids are shown (see graph/build.ts)
  const root = nodeKey(id);
  const seen = new Set<string>([root]);
  const neighbours = (n: string): string[] => (direction === 'dependencies' ? graph.outNeighbors(n) : graph.inNeighbors(n));
  const top = neighbours(root);
  let shownDirect = 0;
  let cut = false;
  const walk = (node: string, next: readonly string[], level: number, indent: string): void => {
    for (let i = 0; i < next.length; i++) {
      if (out.length >= max) {
        cut = true;
        return;
      }
      const other = next[i]!;
      const last = i === next.length - 1;
      const e = direction === 'dependencies' ? graph.getEdgeAttributes(node, other) : graph.getEdgeAttributes(other, node);
      const guide = `${indent}${last ? '└─ ' : '├─ '}`;
      if (level === 1) shownDirect++;
      if (seen.has(other)) {
        out.push({ guide, id: safeText(serviceIdOf(other)), via: viaText(e.type, e.group), mark: ' ↑' });
        continue;
      }
      seen.add(other);
      const below = neighbours(other);
      const deeper = level < depth;
      out.push({ guide, id: safeText(serviceIdOf(other)), via: viaText(e.type, e.group), mark: !deeper && below.length > 0 ? ' …' : '' });
      if (deeper) walk(other, below, level + 1, `${indent}${last ? '   ' : '│  '}`);
    }
  };
  if (depth > 0) walk(root, top, 1, '');
  return { lines: out, cut, shownDirect, totalDirect: top.length };
}
