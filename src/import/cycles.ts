/**
 * Cycles among imported dependencies, reported as notes: traces often show two
 * services calling each other, and the validator warns about hard cycles.
 */
import { edgeTargets, type ImportedService } from './model.js';
import { stronglyConnectedComponents } from '../graph/scc.js';

/**
 * Strongly connected components with more than one service, each sorted, sorted by first key.
 * A redundancy group links its service to every member; with `wholeGroupsOnly`, only a group
 * that needs all of its members does (the rule the catalog validator uses for hard cycles).
 */
export function findCycles(services: readonly ImportedService[], types: ReadonlySet<string> = new Set(['hard', 'soft', 'async']), wholeGroupsOnly = false): string[][] {
  const adj = new Map<string, string[]>();
  for (const s of services) {
    const edges = s.dependsOn.filter((e) => types.has(e.type) && (!wholeGroupsOnly || !e.of || (e.atLeast ?? 1) >= e.of.length));
    adj.set(s.key, edges.flatMap(edgeTargets).filter((t) => t !== s.key));
  }
  const out = stronglyConnectedComponents([...adj.keys()].sort(), (v) => adj.get(v) ?? [])
    .filter((comp) => comp.length > 1)
    .map((comp) => comp.sort());
  return out.sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
}
