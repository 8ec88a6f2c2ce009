/**
 * The integer strongly-connected-components search of dependency-index.ts (used by the
 * hard-cycle rule and by compileGraph's cyclic blocks) against the string-based one of
 * src/graph/scc.ts, an independent implementation: on random graphs, the same components in
 * the same order; and the index resolves members as a Map look-up would.
 */
import { describe, expect, it } from 'vitest';
import { components, dependencyIndex, hardTargets } from '../../src/catalog/dependency-index.js';
import { stronglyConnectedComponents } from '../../src/graph/scc.js';
import type { Dependency, Service } from '../../src/catalog/model.js';

/** A small deterministic generator (a linear congruential one) for the random graphs. */
function lcg(seed: number): () => number {
  let x = seed;
  return () => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
}

describe('dependency index', () => {
  it('finds the components the string-based Tarjan finds, in the same order', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const rnd = lcg(seed);
      const n = 1 + Math.floor(rnd() * 40);
      const succ: number[][] = Array.from({ length: n }, () => Array.from({ length: Math.floor(rnd() * 4) }, () => Math.floor(rnd() * n)));
      const start = new Uint32Array(n + 1);
      const to = new Int32Array(succ.flat());
      for (let i = 0; i < n; i++) start[i + 1] = start[i]! + succ[i]!.length;
      const ids = Array.from({ length: n }, (_, i) => `s${i}`);
      const expected = stronglyConnectedComponents(ids, (v) => succ[Number(v.slice(1))]!.map((t) => `s${t}`)).map((c) => c.map((v) => Number(v.slice(1))).sort((a, b) => a - b));
      const got = components(n, start, to).map((c) => [...c].sort((a, b) => a - b));
      expect(got, `seed ${seed}`).toEqual(expected);
      // the cycles alone: the same components of two or more services, in the same order
      expect(components(n, start, to, 2).map((c) => [...c].sort((a, b) => a - b)), `seed ${seed}`).toEqual(expected.filter((c) => c.length > 1));
    }
  });

  it('resolves members to numbers (-1 for an unknown id) and keeps the hard targets that need every member', () => {
    const pos = { file: 'x', line: 1, col: 1 };
    const dep = (of: string[], atLeast: number, type: Dependency['type'] = 'hard'): Dependency => ({ of, atLeast, group: of.length > 1, type, failOn: 'down', failover: false, pos, memberPos: of.map(() => pos) });
    const svc = (id: string, dependsOn: Dependency[]): Service => ({ id, name: id, tier: 2, links: [], labels: new Map(), dependsOn, partial: false, pos });
    const services = new Map([
      ['a', svc('a', [dep(['b'], 1), dep(['c'], 1, 'soft'), dep(['b', 'c'], 2), dep(['b', 'c'], 1), dep(['nope'], 1), dep(['a'], 1)])],
      ['b', svc('b', [])],
      ['c', svc('c', [dep(['a'], 1)])],
    ]);
    const x = dependencyIndex(services);
    expect([...x.reqStart]).toEqual([0, 6, 6, 7]);
    // members of a: b | c | b c | b c | nope | a; of c: a
    expect([...x.member]).toEqual([1, 2, 1, 2, 1, 2, -1, 0, 0]);
    const h = hardTargets(x);
    // a: b (plain hard), b and c (the 2-of-2 group); not the soft c, the 1-of-2 group, nope or itself
    expect([...h.start]).toEqual([0, 3, 3, 4]);
    expect([...h.to]).toEqual([1, 1, 2, 0]);
  });
});
