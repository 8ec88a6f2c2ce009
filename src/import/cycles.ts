/**
 * Cycles among imported dependencies, reported as notes: traces often show two
 * services calling each other, and the validator warns about hard cycles.
 */
import type { ImportedService } from './model.js';

/** Strongly connected components with more than one service, each sorted, sorted by first key. */
export function findCycles(services: readonly ImportedService[], types: ReadonlySet<string> = new Set(['hard', 'soft', 'async'])): string[][] {
  const adj = new Map<string, string[]>();
  for (const s of services) adj.set(s.key, s.dependsOn.filter((e) => types.has(e.type)).map((e) => e.target).filter((t) => t !== s.key));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  let next = 0;
  for (const root of [...adj.keys()].sort()) {
    if (index.has(root)) continue;
    const work: Array<{ v: string; i: number }> = [];
    const push = (v: string): void => {
      index.set(v, next); low.set(v, next); next++;
      stack.push(v); onStack.add(v);
      work.push({ v, i: 0 });
    };
    push(root);
    while (work.length) {
      const top = work[work.length - 1]!;
      const targets = adj.get(top.v) ?? [];
      if (top.i < targets.length) {
        const w = targets[top.i++]!;
        if (!adj.has(w)) continue;
        if (!index.has(w)) push(w);
        else if (onStack.has(w)) low.set(top.v, Math.min(low.get(top.v)!, index.get(w)!));
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1]!;
        low.set(parent.v, Math.min(low.get(parent.v)!, low.get(top.v)!));
      }
      if (low.get(top.v) === index.get(top.v)) {
        const comp: string[] = [];
        let w: string;
        do { w = stack.pop()!; onStack.delete(w); comp.push(w); } while (w !== top.v);
        if (comp.length > 1) out.push(comp.sort());
      }
    }
  }
  return out.sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
}
