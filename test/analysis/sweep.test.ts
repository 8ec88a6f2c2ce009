import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileGraph } from '../../src/graph/compile.js';
import { sweepSingleFailures } from '../../src/analysis/sweep.js';
import { FailureEvaluator, DOWN, UP } from '../../src/analysis/semantics.js';
import { catalogFromShape, shapeArb } from './random-catalog.js';
import { naiveAffected, naiveSpofs, naiveStates } from './oracle.js';

describe('FailureEvaluator', () => {
  it('matches the naive fixpoint on random catalogs and failure sets', () => {
    fc.assert(
      fc.property(shapeArb(), fc.array(fc.nat(6), { maxLength: 3 }), (shape, failedIdx) => {
        const catalog = catalogFromShape(shape);
        const cg = compileGraph(catalog);
        const failed = [...new Set(failedIdx.filter((i) => i < cg.n))];
        const ev = new FailureEvaluator(cg);
        ev.run(failed);
        const expected = naiveStates(catalog, failed.map((i) => cg.ids[i]!));
        const got = new Map(cg.ids.map((id, i) => [id, ev.state[i] === UP ? 'up' : ev.state[i] === DOWN ? 'down' : 'degraded']));
        expect(got).toEqual(expected);
      }),
      { numRuns: 400 },
    );
  });
});

describe('sweepSingleFailures', () => {
  it.each([
    ['with groups', { maxServices: 40, layered: { backEvery: 9 } }],
    ['without groups', { maxServices: 40, layered: { backEvery: 9 }, plain: true }],
    ['without groups, tangled', { maxServices: 40, plain: true }],
  ])('targets-only mode (no counts) finds the same causes and defeated groups: %s', (_name, arb) => {
    fc.assert(
      fc.property(shapeArb(arb), fc.array(fc.nat(39), { maxLength: 40 }), (shape, picks) => {
        const catalog = catalogFromShape(shape);
        const cg = compileGraph(catalog);
        const targets = [...new Set(picks.filter((t) => t < cg.n))];
        const full = sweepSingleFailures(cg, { targets, groups: true, wordsPerRow: 1 });
        const only = sweepSingleFailures(cg, { targets, groups: true, counts: false, wordsPerRow: 1 });
        expect(only.causes).toEqual(full.causes);
        expect(only.causeCount).toEqual(full.causeCount);
        expect(only.groupCauses).toEqual(full.groupCauses);
        const counted = sweepSingleFailures(cg, { targets, targetMode: 'count', counts: false, wordsPerRow: 1 });
        expect(counted.causes.size).toBe(0);
        for (const t of targets) expect(counted.causeCount.get(t)).toBe(naiveSpofs(catalog, cg.ids[t]!).length);
        for (const t of targets) expect((only.causes.get(t) ?? []).map((c) => cg.ids[c]).sort()).toEqual(naiveSpofs(catalog, cg.ids[t]!));
      }),
      { numRuns: 150 },
    );
  });

  it.each([1, 2])('counts and SPOF causes equal brute force (W=%i)', (wordsPerRow) => {
    fc.assert(
      fc.property(shapeArb({ maxServices: 8 }), (shape) => {
        const catalog = catalogFromShape(shape);
        const cg = compileGraph(catalog);
        const targets = cg.ids.map((_, i) => i);
        const res = sweepSingleFailures(cg, { targets, wordsPerRow });
        cg.ids.forEach((id, i) => {
          const o = naiveAffected(catalog, id);
          expect([id, res.down[i], res.affected[i]]).toEqual([id, o.down, o.affected]);
          expect((res.causes.get(i) ?? []).map((c) => cg.ids[c]).sort()).toEqual(naiveSpofs(catalog, id));
        });
      }),
      { numRuns: 300 },
    );
  });

  it('targets-only mode is exact with many targets on group-free graphs', () => {
    fc.assert(
      fc.property(shapeArb({ maxServices: 80, layered: { backEvery: 13 }, plain: true }), (shape) => {
        const catalog = catalogFromShape(shape);
        const cg = compileGraph(catalog);
        const targets = cg.ids.map((_, i) => i).reverse();
        const res = sweepSingleFailures(cg, { targets, counts: false, wordsPerRow: 1 });
        const counted = sweepSingleFailures(cg, { targets, counts: false, targetMode: 'count', wordsPerRow: 1 });
        for (const t of targets) {
          const expected = naiveSpofs(catalog, cg.ids[t]!);
          expect([cg.ids[t], (res.causes.get(t) ?? []).map((c) => cg.ids[c]).sort()]).toEqual([cg.ids[t], expected]);
          expect(counted.causeCount.get(t)).toBe(expected.length);
        }
      }),
      { numRuns: 40 },
    );
  });

  it.each([
    ['tangled', {}],
    ['layered with a few cycles', { layered: { backEvery: 17 } }],
    ['layered', { layered: { backEvery: 1_000_000 } }],
  ])('is exact across block boundaries (many blocks of 32 scenarios): %s', (_name, extra) => {
    fc.assert(
      fc.property(shapeArb({ maxServices: 90, ...extra }), (shape) => {
        const catalog = catalogFromShape(shape);
        const cg = compileGraph(catalog);
        const targets = cg.ids.map((_, i) => i).filter((i) => i % 7 === 0);
        const res = sweepSingleFailures(cg, { targets, wordsPerRow: 1 });
        cg.ids.forEach((id, i) => {
          const o = naiveAffected(catalog, id);
          expect([id, res.down[i], res.affected[i]]).toEqual([id, o.down, o.affected]);
        });
        for (const t of targets) expect((res.causes.get(t) ?? []).map((c) => cg.ids[c]).sort()).toEqual(naiveSpofs(catalog, cg.ids[t]!));
      }),
      { numRuns: 40 },
    );
  });
});
