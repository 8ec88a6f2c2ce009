/**
 * Cycles among imported dependencies, reported as notes: traces often show two
 * services calling each other, and the validator warns about hard cycles.
 */
import type { ImportedService } from './model.js';
import { stronglyConnectedComponents } from '../graph/scc.js';

/** Strongly connected components with more than one service, each sorted, sorted by first key. */
export function findCycles(services: readonly ImportedService[], types: ReadonlySet<string> = new Set(['hard', 'soft', 'async'])): string[][] {
  const adj = new Map<string, string[]>();
  for (const s of services) adj.set(s.key, s.dependsOn.filter((e) => types.has(e.type)).map((e) => e.target).filter((t) => t !== s.key));
  const out = stronglyConnectedComponents([...adj.keys()].sort(), (v) => adj.get(v) ?? [])
    .filter((comp) => comp.length > 1)
    .map((comp) => comp.sort());
  return out.sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
}
