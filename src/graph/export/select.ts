/**
 * Narrowing a graph before it is drawn, with dependency-cruiser's conventions:
 * - focus: the named services and their neighbours to a depth, in both directions (what
 *   they depend on, to `depth` levels, and what depends on them, to `depth` levels);
 * - reaches: the named services and everything that depends on them, directly or not;
 * - collapse: one node per value of an attribute (system, owner, or a label), the edges
 *   between groups merged and counted.
 * The walks are breadth-first searches of the graphology graph (graphology-traversal).
 */
import { bfsFromNode } from 'graphology-traversal';
import { DirectedGraph } from 'graphology';
import type { DependencyType, Service } from '../../catalog/model.js';
import type { StateName } from '../../engine/result.js';
import { nodeKey, type ServiceGraph } from '../build.js';
import { edgeKey, exportText, STATE_COLORS, type ExportEdge, type ExportGraph, type ExportGraphAttributes, type ExportNode } from './model.js';

export interface Selection {
  /** Graph keys of the services to draw. */
  readonly keep: Set<string>;
  /** Graph keys of the services named by focus / reaches. */
  readonly roots: Set<string>;
}

/** Keys within `depth` steps of `start` following edges one way (`out`: dependencies, `in`: dependents). */
function within(graph: ServiceGraph, start: string, mode: 'out' | 'in', depth: number, into: Set<string>): void {
  bfsFromNode(
    graph,
    start,
    (key, _attrs, d) => {
      into.add(key);
      return d >= depth; // true: do not go further from this node
    },
    { mode },
  );
}

/**
 * The services to draw: with `focus`, each named service and its neighbours to `depth`
 * levels each way; with `reaches`, each named service and everything that depends on it
 * at any distance. Both together: the union. Neither: every service. Ids must exist.
 */
export function selectServices(graph: ServiceGraph, opts: { focus?: readonly string[]; depth?: number; reaches?: readonly string[] }): Selection | undefined {
  const focus = opts.focus ?? [];
  const reaches = opts.reaches ?? [];
  if (focus.length === 0 && reaches.length === 0) return undefined;
  const keep = new Set<string>();
  const roots = new Set<string>();
  const depth = opts.depth ?? 1;
  for (const id of focus) {
    const key = nodeKey(id);
    roots.add(key);
    within(graph, key, 'out', depth, keep);
    within(graph, key, 'in', depth, keep);
  }
  for (const id of reaches) {
    const key = nodeKey(id);
    roots.add(key);
    within(graph, key, 'in', Infinity, keep);
  }
  return { keep, roots };
}

/** A service's value of `system`, `owner`, or a label key; undefined when it has none (or an empty one). */
export function groupValue(s: Service, by: string): string | undefined {
  const value = by === 'system' ? s.system : by === 'owner' ? s.owner : s.labels.get(by);
  return value === '' ? undefined : value;
}

const STATE_RANK: Readonly<Record<StateName, number>> = { up: 0, degraded: 1, down: 2 };
const TYPE_RANK: Readonly<Record<DependencyType, number>> = { async: 0, soft: 1, hard: 2 };

/**
 * One node per value of `by` (services without a value stay as they are), keyed
 * `<by>:<value>` (a key no service id can have: ids hold no `:`). A group's tier is its
 * most critical member's; with a scenario, its state is its members' worst, its impact
 * their first and its recovery their last. Edges between two groups merge into one of the
 * strongest type among them, with counts per type; edges inside a group are dropped.
 * `valueOf` gives the value of a node key (undefined: not grouped).
 */
export function collapseGraph(g: ExportGraph, by: string, valueOf: (key: string) => string | undefined): ExportGraph {
  const out: ExportGraph = new DirectedGraph<ExportNode, ExportEdge, ExportGraphAttributes>({ allowSelfLoops: false });
  out.replaceAttributes({ ...g.getAttributes(), collapsedBy: exportText(by) });
  const target = new Map<string, string>();
  g.forEachNode((key, a) => {
    const value = valueOf(key);
    if (value === undefined) {
      target.set(key, key);
      out.addNode(key, { ...a });
      return;
    }
    const gk = `${by}:${value}`;
    target.set(key, gk);
    if (!out.hasNode(gk)) {
      out.addNode(gk, { label: exportText(value), kind: 'group', service: exportText(gk), tier: a.tier, members: 1, ...(a.focus ? { focus: true } : {}), ...outcomeOf(a) });
      return;
    }
    const cur = out.getNodeAttributes(gk);
    out.replaceNodeAttributes(gk, mergeMember(cur, a));
  });
  g.forEachEdge((_e, a, from, to) => {
    const s = target.get(from)!;
    const t = target.get(to)!;
    if (s === t) return;
    const key = edgeKey(s, t);
    const counts = { count: 1, hard: 0, soft: 0, async: 0, [a.type]: 1 };
    if (!out.hasEdge(key)) {
      out.addDirectedEdgeWithKey(key, s, t, { type: a.type, failOn: a.failOn, failover: a.failover, ...counts });
      return;
    }
    const cur = out.getEdgeAttributes(key);
    out.replaceEdgeAttributes(key, {
      type: TYPE_RANK[a.type] > TYPE_RANK[cur.type] ? a.type : cur.type,
      failOn: a.failOn === 'degraded' || cur.failOn === 'degraded' ? 'degraded' : 'down',
      failover: cur.failover && a.failover,
      count: cur.count! + 1,
      hard: cur.hard! + counts.hard,
      soft: cur.soft! + counts.soft,
      async: cur.async! + counts.async,
    });
  });
  return out;
}

const outcomeOf = (a: ExportNode): Partial<ExportNode> => ({
  ...(a.state !== undefined ? { state: a.state, color: STATE_COLORS[a.state] } : {}),
  ...(a.impactMinutes !== undefined ? { impactMinutes: a.impactMinutes } : {}),
  ...(a.recoveredMinutes !== undefined ? { recoveredMinutes: a.recoveredMinutes } : {}),
  ...(a.recovered !== undefined ? { recovered: a.recovered } : {}),
});

/** A group's attributes with one more member. */
function mergeMember(cur: ExportNode, a: ExportNode): ExportNode {
  const next: ExportNode = { ...cur, tier: Math.min(cur.tier, a.tier), members: cur.members! + 1 };
  if (a.focus) next.focus = true;
  if (a.state !== undefined && cur.state !== undefined && STATE_RANK[a.state] > STATE_RANK[cur.state]) {
    next.state = a.state;
    next.color = STATE_COLORS[a.state];
  }
  if (a.impactMinutes !== undefined) next.impactMinutes = cur.impactMinutes === undefined ? a.impactMinutes : Math.min(cur.impactMinutes, a.impactMinutes);
  // the group is back when its last affected member is: a member that never recovers keeps it down
  if (a.recovered === false || cur.recovered === false) {
    next.recovered = false;
    delete next.recoveredMinutes;
  } else if (a.recovered === true) {
    next.recovered = true;
    next.recoveredMinutes = Math.max(cur.recoveredMinutes ?? -Infinity, a.recoveredMinutes!);
  }
  return next;
}
