/**
 * The optimised review (src/analysis) against the straightforward reference builders of
 * reference.ts: byte-identical findings (JSON text, so order, evidence paths, positions and
 * titles all count) on random catalogs, the test fixtures, the two bundled catalogs and a
 * generated catalog with hub services and many redundancy groups.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileGraph } from '../../src/graph/compile.js';
import { reviewCatalog, type ReviewOptions } from '../../src/analysis/review.js';
import { sharedFateFindings } from '../../src/analysis/shared-fate.js';
import { minimalCutSets } from '../../src/analysis/cut-sets.js';
import { sweepSingleFailures } from '../../src/analysis/sweep.js';
import type { Catalog } from '../../src/catalog/model.js';
import { groupedCatalog } from '../../bench/analysis.js';
import { catalogFromShape, shapeArb } from './random-catalog.js';
import { FIXTURES, load } from './load.js';
import { referenceMinimalCutSets, referenceReview, referenceSharedFateFindings } from './reference.js';

const same = (catalog: Catalog, opts: ReviewOptions): void => {
  const got = JSON.stringify(reviewCatalog(catalog, opts), null, 1);
  const want = JSON.stringify(referenceReview(catalog, opts), null, 1);
  // toBe on the text: a failure shows the first differing line.
  expect(got).toBe(want);
};

describe('review equals the reference implementation', () => {
  it.each([
    ['small, any shape', { maxServices: 9 }],
    ['larger, mostly layered', { maxServices: 40, layered: { backEvery: 11 } }],
  ])('on random catalogs: %s', (_name, arb) => {
    fc.assert(
      fc.property(shapeArb(arb), fc.integer({ min: 1, max: 3 }), fc.boolean(), fc.option(fc.integer({ min: 0, max: 40 }), { nil: undefined }), (shape, maxOrder, allTargets, budget) => {
        const catalog = catalogFromShape(shape);
        same(catalog, {
          maxOrder,
          ...(allTargets ? { targets: [...catalog.services.keys()] } : {}),
          ...(budget !== undefined ? { cutSetBudget: budget } : {}),
        });
      }),
      { numRuns: 200 },
    );
  });

  it('shared-fate findings on random catalogs, the sweep feeding both', () => {
    fc.assert(
      fc.property(shapeArb({ maxServices: 30, layered: { backEvery: 7 } }), (shape) => {
        const catalog = catalogFromShape(shape);
        const cg = compileGraph(catalog);
        const sw = sweepSingleFailures(cg, { groups: true, counts: false });
        expect(JSON.stringify(sharedFateFindings(catalog, cg, sw.groupCauses))).toBe(JSON.stringify(referenceSharedFateFindings(catalog, cg, sw.groupCauses)));
      }),
      { numRuns: 200 },
    );
  });

  it('minimal cut sets (indices, truncation) on random catalogs and budgets', () => {
    fc.assert(
      fc.property(shapeArb({ maxServices: 14 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 60 }), (shape, maxOrder, budget) => {
        const catalog = catalogFromShape(shape);
        const cg = compileGraph(catalog);
        for (let t = 0; t < cg.n; t++) expect([t, minimalCutSets(cg, t, { maxOrder, budget })]).toEqual([t, referenceMinimalCutSets(cg, t, { maxOrder, budget })]);
      }),
      { numRuns: 150 },
    );
  });

  it.each([
    ['review-small.yaml', {}],
    ['review-small-head.yaml', { maxOrder: 3 }],
    ['fail-on-degraded.yaml', { maxOrder: 3 }],
  ])('on test/fixtures/analysis/%s', (file, opts) => {
    same(load(`${FIXTURES}/${file}`), opts);
  });

  it.each([1, 2, 3])('on catalogs/example-shop, max order %i', (maxOrder) => {
    same(load('catalogs/example-shop'), { maxOrder });
  });

  it.each([
    ['max order 1', { maxOrder: 1 }],
    ['max order 2', { maxOrder: 2 }],
    ['the DNS targets, max order 3', { maxOrder: 3, targets: ['dynamodb-endpoint-dns', 'dynamodb', 'route53'] }],
  ])('on catalogs/aws-us-east-1, %s', (_name, opts) => {
    same(load('catalogs/aws-us-east-1'), opts);
  });

  it('on a generated catalog with hubs and many redundancy groups (bench/analysis.ts)', () => {
    const catalog = groupedCatalog(600, 3);
    same(catalog, { maxOrder: 2 });
    same(catalog, { maxOrder: 3, targets: ['s599', 's598', 's597', 's596'], cutSetBudget: 2_000 });
  });
});
