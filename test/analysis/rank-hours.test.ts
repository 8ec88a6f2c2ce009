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
import { serviceHoursShared, type ServiceHoursStats } from '../../src/analysis/rank-hours.js';
import { catalogFromShape, shapeArb, type CatalogShape } from './random-catalog.js';
import { powerLaw } from '../../bench/power-law.js';
import { blocksOf, compileGraph, type CompiledGraph } from '../../src/graph/compile.js';
import { load } from './load.js';
import { catalogOf } from '../engine/helpers.js';

/** The two computations agree exactly (Object.is: Infinity and -0 included). */
function same(catalog: Catalog, forMinutes: number): ServiceHoursStats {
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
    const paths = { closed: 0, proven: 0, checked: 0, plain: 0, engine: 0 };
    fc.assert(
      fc.property(shapeArb(arb), fc.constantFrom(60, 7.5, 0.1, 1e-3), (shape, d) => {
        const stats = same(catalogFromShape(shape), d);
        for (const k of ['closed', 'proven', 'checked', 'plain', 'engine'] as const) paths[k] += stats[k];
      }),
      { numRuns: runs },
    );
    // these catalogs have no mechanism with time in it: no failure runs the engine (those that
    // reach a cyclic block and are not settled in closed form are replayed, in the engine's
    // settling order); every other path is taken
    expect(paths.closed).toBeGreaterThan(0);
    expect(paths.checked).toBeGreaterThan(0);
    expect(paths.plain).toBeGreaterThan(0);
    expect(paths.engine).toBe(0);
  });

  it('equal it on dense random catalogs with cyclic blocks of more than 30 members', () => {
    const dense = { proven: 0, checked: 0, plain: 0, engine: 0 };
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
          const stats = same(catalogFromShape(shape), 60);
          dense.proven += stats.proven;
          dense.checked += stats.checked;
          dense.plain += stats.plain;
          dense.engine += stats.engine;
        },
      ),
      { numRuns: 25 },
    );
    // most failures here reach a block whose rules leave the engine's limits room (groups, soft
    // edges, more than 30 members): those where the replay of the blocks sees a limit act, or a
    // state move against the instant's direction, are replayed in full
    expect(dense.plain).toBeGreaterThan(0);
    expect(dense.engine).toBe(0);
  });

  it('equal it where a service of no cycle is evaluated while a second cycle settles (found by the property above)', () => {
    // s0 ⇄ s3 ⇄ s4 … and s8 ⇄ s29 …: two cyclic blocks; when the first settles, its commits queue
    // services of no block, which the engine evaluated tentatively while the second settled and
    // never committed (test/engine/stuck-label.test.ts); it now evaluates them after each commit.
    const shape: CatalogShape = JSON.parse(
      '{"layered":{"backEvery":9},"tiers":[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],"reqs":[[{"members":[3,0],"atLeast":1,"type":"hard","failOnDegraded":true}],[],[],[{"members":[0],"atLeast":1,"type":"hard","failOnDegraded":true},{"members":[4],"atLeast":1,"type":"hard","failOnDegraded":true}],[{"members":[29,0],"atLeast":1,"type":"hard","failOnDegraded":true}],[],[{"members":[16],"atLeast":1,"type":"hard","failOnDegraded":true}],[],[{"members":[0],"atLeast":1,"type":"hard","failOnDegraded":true},{"members":[29,0],"atLeast":1,"type":"hard","failOnDegraded":true}],[{"members":[0],"atLeast":1,"type":"soft","failOnDegraded":true}],[],[],[],[],[],[],[],[],[{"members":[0],"atLeast":1,"type":"hard","failOnDegraded":true}],[],[],[],[],[],[],[],[],[],[],[{"members":[8,0],"atLeast":1,"type":"hard","failOnDegraded":true},{"members":[1,0],"atLeast":1,"type":"hard","failOnDegraded":true}],[],[{"members":[9],"atLeast":1,"type":"hard","failOnDegraded":true}],[],[],[],[],[]]}',
    ) as CatalogShape;
    same(catalogFromShape(shape), 60);
  });

  it.each(['catalogs/example-shop', 'catalogs/aws-us-east-1', ...readdirSync('catalogs/incidents').map((d) => join('catalogs/incidents', d))])('equal it on %s', (path) => {
    same(load(path), 60);
  });

  it('equal it where a cache in front of an origin fails: it comes back cold, and its misses reach the origin against the edge (engine)', () => {
    // the CDN (hit ratio 0.9, warm in 15 min) down 0–60 comes back cold: x minutes after 60 the
    // origin (capacity 1) receives 1 + 0.9/0.1 · (1 − x/15) = 10 − 0.6x of its demand and serves
    // 1/(10 − 0.6x): unserved ∫₀¹⁵ (1 − 1/(10 − 0.6x)) dx = 15 − ln(10)/0.6 = 11.162 min; app, hard on
    // the origin, is degraded those 15 min (half served): 7.5 min. (11.162 + 7.5)/60 = 0.311 h,
    // within the chords' RAMP_EPS (ramp.ts) of the engine's figure. The replay has no cold caches:
    // a failure that reaches a cache runs the engine, as one that reaches its origin does.
    const catalog = catalogOf(`services:
  origin: {name: Origin}
  cdn:
    name: CDN
    dependsOn: [{service: origin, type: soft, fill: {hitRatio: 0.9, warm: 15m, share: 1}}]
  app:
    name: App
    dependsOn: [origin]
`);
    const stats = same(catalog, 60);
    expect(stats.engine).toBe(2); // origin, cdn
    expect(serviceHoursShared(catalog, 60).hours[1]).toBeCloseTo((15 - Math.log(10) / 0.6 + 7.5) / 60, 3);
  });

  it('a shard computes the same figures as the whole run', () => {
    const catalog = load('catalogs/example-shop');
    const all = serviceHoursShared(catalog, 60).hours;
    const parts = [serviceHoursShared(catalog, 60, { from: 0, to: 7 }).hours, serviceHoursShared(catalog, 60, { from: 7, to: all.length }).hours];
    expect([...parts[0]!, ...parts[1]!]).toEqual([...all]);
  });
});

function blockSizes(g: CompiledGraph): number[] {
  const b = blocksOf(g);
  return Array.from({ length: b.blockStart.length - 1 }, (_, k) => b.blockStart[k + 1]! - b.blockStart[k]!);
}

describe('service-hours with shared work where the engine\'s limits act', () => {
  it('a service of no cycle evaluated more than 12 times in an instant still ends it on its dependencies\' states: closed form', () => {
    // A chain s0 → a1 → … → a26 (hard; index k is a_k, s0 = a0) and x (index 27) soft on a2, a4,
    // …, a24 and hard on a26. When s0 fails, the chain goes down one link after another, and the
    // FIFO worklist evaluates x once after each of its 13 dependencies changes: degraded at a2,
    // down at a26 (the 13th). When the fault ends at 60 the chain comes back the same way, one link
    // after another, and x is again evaluated 13 times; the 13th (a26 up) is past the engine's 12
    // per instant, but the oscillation guard stops only members of cyclic blocks
    // (src/engine/guard.ts), so x recovers at 60 with a26. (It used to stay down for ever:
    // Infinity.) The rules' fixpoint, stretched in time:
    //   s0 fails: a1 … a26 down (26) and x down (hard on a26) → 27 services × 60 min down, nothing
    //     degraded for longer than an instant → 27 × 60 / 60 = 27 service-hours;
    //   a_k fails (1 ≤ k ≤ 26): a_{k+1} … a26 (26 − k) and x down → 27 − k;
    //   x fails: nothing depends on it → 0.
    const reqs: CatalogShape['reqs'] = [[]];
    for (let i = 1; i <= 26; i++) reqs.push([{ members: [i - 1], atLeast: 1, type: 'hard', failOnDegraded: false }]);
    reqs.push([
      ...Array.from({ length: 12 }, (_, k) => ({ members: [2 * k + 2], atLeast: 1, type: 'soft' as const, failOnDegraded: false })),
      { members: [26], atLeast: 1, type: 'hard', failOnDegraded: false },
    ]);
    const catalog = catalogFromShape({ tiers: reqs.map(() => 2 as const), reqs });
    const stats = same(catalog, 60);
    const { hours } = serviceHoursShared(catalog, 60);
    expect([...hours]).toEqual([...Array.from({ length: 27 }, (_, k) => 27 - k), 0]);
    // no cycle, no soft `failOn: degraded`: every failure takes the closed form, none is replayed
    expect(stats).toEqual({ closed: 28, proven: 0, checked: 0, plain: 0, engine: 0 });
  });

  it.each([
    [300, 3000, 1, false],
    // Before the engine evaluated the services queued while a cyclic block settles after its
    // commit (src/engine/cycles.ts, `deferred`), some failures of the larger one left services
    // impaired for good: their tentative state was never committed. With hard requirements only
    // and the one fault ended, the least fixpoint has every service up again (docs/model.md,
    // "Cycles"): no figure is Infinity.
    [1000, 10000, 1, false],
  ])('power-law catalogs (bench/power-law.ts, hard only) with a cyclic block: %i services, %i dependencies, seed %i', (n, m, seed, stuck) => {
    const c = powerLaw(n, m, { soft: 0, async: 0, seed });
    const catalog = catalogFromShape({
      tiers: Array.from(c.tiers, (t) => t as 0 | 1 | 2 | 3),
      reqs: c.edges.map((es) => es.map((e) => ({ members: [e.to], atLeast: 1, type: 'hard' as const, failOnDegraded: false }))),
    });
    expect(Math.max(0, ...blockSizes(compileGraph(catalog)))).toBeGreaterThan(1);
    const stats = same(catalog, 60);
    // the failures that reach the block take the closed form, proven (rank-simple-blocks.ts) or checked by a replay
    expect(stats.proven + stats.checked).toBeGreaterThan(0);
    // Were some failures that reach the block to leave services impaired for good after the
    // fault ends (Infinity), the check would have to send them to the engine.
    const infinite = [...serviceHoursShared(catalog, 60).hours].filter((h) => h === Infinity).length;
    expect(infinite > 0).toBe(stuck);
    if (stuck) expect(stats.engine).toBeGreaterThanOrEqual(infinite);
  });
});
