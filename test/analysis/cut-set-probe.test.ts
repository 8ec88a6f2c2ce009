/** The cut-set probe that `blast review` times before committing to the whole search. */
import { describe, expect, it } from 'vitest';
import { PROBE_BUDGET, probeCutSets, probeSample } from '../../src/analysis/cut-set-probe.js';
import { compileGraph } from '../../src/graph/compile.js';
import { FIXTURES, load } from './load.js';

describe('cut-set probe', () => {
  it('samples targets spread evenly through the list, all of them when there are few', () => {
    expect(probeSample([1, 2, 3], 8)).toEqual([1, 2, 3]);
    // 100 targets, 4 probes: the middles of the four quarters.
    expect(probeSample(Array.from({ length: 100 }, (_, i) => i), 4)).toEqual([12, 37, 62, 87]);
  });

  it('finishes the search on a small catalog (scale 1), and scales a truncated one by budget / probe budget', () => {
    const catalog = load(`${FIXTURES}/review-small.yaml`);
    const cg = compileGraph(catalog);
    const front = cg.index.get('front')!;
    expect(probeCutSets(cg, front, 2, 200_000)).toBe(1);
    // With a budget of 1 set the probe's own budget is 1 as well: the search is truncated at
    // its first pair, and one probe stands for one real search.
    expect(probeCutSets(cg, front, 3, 1)).toBe(1);
    expect(PROBE_BUDGET).toBeLessThan(200_000);
  });
});
