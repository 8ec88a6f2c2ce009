/**
 * Dependency and dependent trees as display lines, built only as far as they are shown.
 * The same walk as analysis/neighbourhood.ts (depth first, each service expanded once,
 * later sightings marked, expanded when fewer than `depth` steps from the root), stopped
 * after a line budget: a hub with thousands of dependents costs what its first screens
 * cost, not what its whole tree does.
 */
import type { DependencyType } from '../../catalog/model.js';
import type { Direction } from '../../analysis/neighbourhood.js';
import { safeText } from '../../util/text.js';
import type { TreeGraph } from './graph.js';

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

/**
 * A test of whether service `i` is fewer than `depth` steps from `root` in `direction`, as
 * analysis/neighbourhood.ts's closerThan: both ways it walks only dependencies, one
 * breadth-first search from the root for `dependencies`, and for `dependents` one from each
 * service asked about (memoised), looking for the root within `depth - 1` steps.
 */
function closerThan(graph: TreeGraph, root: number, direction: Direction, depth: number): (i: number) => boolean {
  if (depth <= 0) return () => false;
  if (direction === 'dependencies') {
    const near = new Set<number>([root]);
    let frontier = [root];
    for (let d = 1; d < depth && frontier.length; d++) {
      const next: number[] = [];
      for (const k of frontier) for (const dep of graph.dependencies(k)) if (!near.has(dep)) (near.add(dep), next.push(dep));
      frontier = next;
    }
    return (i) => near.has(i);
  }
  const memo = new Map<number, boolean>();
  return (i) => {
    let found = memo.get(i);
    if (found === undefined) {
      found = i === root;
      let frontier = [i];
      const seen = new Set(frontier);
      for (let d = 1; d < depth && !found && frontier.length; d++) {
        const next: number[] = [];
        for (const k of frontier) {
          for (const dep of graph.dependencies(k)) {
            if (dep === root) found = true;
            if (!seen.has(dep)) (seen.add(dep), next.push(dep));
          }
        }
        frontier = next;
      }
      memo.set(i, found);
    }
    return found;
  };
}

/** The first `max` lines of the tree of `id` in `direction`, `depth` levels deep. */
export function treeLinesOf(graph: TreeGraph, id: string, direction: Direction, depth: number, max: number): TreeLines {
  const out: TreeLine[] = [];
  const root = graph.index.get(id)!;
  const seen = new Set<number>([root]);
  const closer = closerThan(graph, root, direction, depth);
  const neighbours = (n: number): readonly number[] => (direction === 'dependencies' ? graph.dependencies(n) : graph.dependents(n));
  const top = neighbours(root);
  let shownDirect = 0;
  let cut = false;
  const walk = (node: number, next: readonly number[], level: number, indent: string): void => {
    for (let i = 0; i < next.length; i++) {
      if (out.length >= max) {
        cut = true;
        return;
      }
      const other = next[i]!;
      const last = i === next.length - 1;
      const e = direction === 'dependencies' ? graph.edge(node, other) : graph.edge(other, node);
      const guide = `${indent}${last ? '└─ ' : '├─ '}`;
      if (level === 1) shownDirect++;
      if (seen.has(other)) {
        out.push({ guide, id: safeText(graph.ids[other]!), via: viaText(e.type, e.group), mark: ' ↑' });
        continue;
      }
      seen.add(other);
      const below = neighbours(other);
      const deeper = level < depth || closer(other); // met at level L: at most L steps away
      out.push({ guide, id: safeText(graph.ids[other]!), via: viaText(e.type, e.group), mark: !deeper && below.length > 0 ? ' …' : '' });
      if (deeper) walk(other, below, level + 1, `${indent}${last ? '   ' : '│  '}`);
    }
  };
  if (depth > 0) walk(root, top, 1, '');
  return { lines: out, cut, shownDirect, totalDirect: top.length };
}
