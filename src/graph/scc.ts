/**
 * Strongly connected components of a directed graph given as node ids and a
 * successor function (Tarjan's algorithm, iterative, so deep graphs cannot overflow
 * the stack). Used to find dependency cycles in catalogs and in imports.
 */

/**
 * Every strongly connected component, in the order Tarjan's algorithm completes them
 * (dependencies before dependents), roots visited in the order of `nodes`. Successors
 * not in `nodes` are ignored.
 */
export function stronglyConnectedComponents(nodes: readonly string[], successors: (v: string) => readonly string[]): string[][] {
  const known = new Set(nodes);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  let next = 0;
  for (const root of nodes) {
    if (index.has(root)) continue;
    const work: Array<{ v: string; it: number; targets: readonly string[] }> = [];
    const push = (v: string): void => {
      index.set(v, next);
      low.set(v, next);
      next++;
      stack.push(v);
      onStack.add(v);
      work.push({ v, it: 0, targets: successors(v) });
    };
    push(root);
    while (work.length) {
      const top = work[work.length - 1]!;
      if (top.it < top.targets.length) {
        const w = top.targets[top.it++]!;
        if (!known.has(w)) continue;
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
        do {
          w = stack.pop()!;
          onStack.delete(w);
          comp.push(w);
        } while (w !== top.v);
        out.push(comp);
      }
    }
  }
  return out;
}
