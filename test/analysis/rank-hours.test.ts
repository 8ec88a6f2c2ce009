/**
 * `rank --for` with shared work (src/analysis/rank-hours.ts) against the reference, one full
 * simulation per service (src/analysis/service-hours.ts): the figures must be the same
 * numbers, bit for bit, on random catalogs (cycles, groups, soft, async, failOn: degraded,
 * blocks of more than 30 members) and on every bundled catalog.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/catalog/model.js';
import { serviceHoursByFailure } from '../../src/analysis/service-hours.js';
import { serviceHoursShared } from '../../src/analysis/rank-hours.js';
import { catalogFromShape, shapeArb } from './random-catalog.js';
import { load } from './load.js';

/** The two computations agree exactly (Object.is: Infinity and -0 included). */
function same(catalog: Catalog, forMinutes: number): { plain: number; engine: number } {
  const reference = serviceHoursByFailure(catalog, forMinutes);
  const { hours, stats } = serviceHoursShared(catalog, forMinutes);
  const ids = [...catalog.services.keys()];
  const got = new Map(ids.map((id, i) => [id, hours[i]!]));
  for (const id of ids) {
    if (!Object.is(got.get(id), reference.get(id))) expect({ id, shared: got.get(id) }).toEqual({ id, shared: reference.get(id) });
  }
  return stats;
}

describe('service-hours with shared work', () => {
  it.each([
    ['small, any mix', { maxServices: 7 }, 300],
    ['40 services, a few cycles', { maxServices: 40, layered: { backEvery: 9 } }, 60],
    ['40 services, tangled', { maxServices: 40 }, 60],
  ])('equal the full simulation per service on random catalogs: %s', (_name, arb, runs) => {
    let plain = 0;
    fc.assert(
      fc.property(shapeArb(arb), fc.constantFrom(60, 7.5, 0.1, 1e-3), (shape, d) => {
        plain += same(catalogFromShape(shape), d).plain;
      }),
      { numRuns: runs },
    );
    // the plain path carried these catalogs (they have no mechanism with time in it)
    expect(plain).toBeGreaterThan(0);
  });

  it('equal it on dense random catalogs with cyclic blocks of more than 30 members', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 35, max: 70 }).chain((n) =>
          fc.record({
            tiers: fc.array(fc.constantFrom<0 | 1 | 2 | 3>(0, 1, 2, 3), { minLength: n, maxLength: n }),
            reqs: fc.array(
              fc.array(
                fc.record({
                  members: fc.array(fc.nat(n - 1), { minLength: 1, maxLength: 3 }),
                  atLeast: fc.integer({ min: 1, max: 3 }),
                  type: fc.constantFrom<'hard' | 'soft' | 'async'>('hard', 'hard', 'hard', 'soft', 'async'),
                  failOnDegraded: fc.integer({ min: 0, max: 5 }).map((x) => x === 0),
                }),
                { minLength: 1, maxLength: 6 },
              ),
              { minLength: n, maxLength: n },
            ),
          }),
        ),
        (shape) => {
          same(catalogFromShape(shape), 60);
        },
      ),
      { numRuns: 25 },
    );
  });

  it.each(['catalogs/example-shop', 'catalogs/aws-us-east-1', ...readdirSync('catalogs/incidents').map((d) => join('catalogs/incidents', d))])('equal it on %s', (path) => {
    same(load(path), 60);
  });

  it('a shard computes the same figures as the whole run', () => {
    const catalog = load('catalogs/example-shop');
    const all = serviceHoursShared(catalog, 60).hours;
    const parts = [serviceHoursShared(catalog, 60, { from: 0, to: 7 }).hours, serviceHoursShared(catalog, 60, { from: 7, to: all.length }).hours];
    expect([...parts[0]!, ...parts[1]!]).toEqual([...all]);
  });
});
