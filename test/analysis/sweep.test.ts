import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileGraph } from '../../src/graph/compile.js';
import { ScenarioSweep, sweepSingleFailures } from '../../src/analysis/sweep.js';
import { SubgraphBuilder } from '../../src/analysis/subgraph.js';
import { requirementModes } from '../../src/analysis/semantics.js';
import { FailureEvaluator, DOWN, UP } from '../../src/analysis/semantics.js';
import { catalogFromShape, shapeArb } from './random-catalog.js';
import { naiveAffected, naiveDownSet, naiveSpofs, naiveStates } from './oracle.js';

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

describe('ScenarioSweep', () => {
  it.each([
    ['tangled', { maxServices: 12 }],
    ['layered, more services than a word has bits', { maxServices: 70, layered: { backEvery: 9 } }],
  ])('says, per extra failure, whether the target is down with the base set: %s', (_name, arb) => {
    fc.assert(
      fc.property(shapeArb(arb), fc.nat(69), fc.array(fc.nat(69), { maxLength: 3 }), fc.array(fc.nat(69), { maxLength: 70 }), (shape, t, basePicks, extraPicks) => {
        const catalog = catalogFromShape(shape);
        const cg = compileGraph(catalog);
        const target = t % cg.n;
        const base = [...new Set(basePicks.map((b) => b % cg.n))];
        const extra = extraPicks.map((e) => e % cg.n); // repeats and overlaps with base allowed
        const down = new ScenarioSweep(cg).downWith(target, base, extra);
        extra.forEach((e, i) => {
          const expected = naiveDownSet(catalog, [...base, e].map((x) => cg.ids[x]!)).has(cg.ids[target]!);
          expect([base, e, ((down[i >>> 5]! >>> (i & 31)) & 1) === 1]).toEqual([base, e, expected]);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('splits more than 2048 scenarios into passes of 64 words', () => {
    fc.assert(
      fc.property(shapeArb({ maxServices: 10 }), fc.nat(9), fc.array(fc.nat(9), { maxLength: 2 }), fc.array(fc.nat(9), { minLength: 2049, maxLength: 4500 }), (shape, t, basePicks, extraPicks) => {
        const catalog = catalogFromShape(shape);
        const cg = compileGraph(catalog);
        const target = t % cg.n;
        const base = [...new Set(basePicks.map((b) => b % cg.n))];
        const extra = extraPicks.map((e) => e % cg.n);
        const down = new ScenarioSweep(cg).downWith(target, base, extra);
        const byService = new Map(cg.ids.map((id, v) => [v, naiveDownSet(catalog, [...base.map((b) => cg.ids[b]!), id]).has(cg.ids[target]!)]));
        const got = extra.map((_, i) => ((down[i >>> 5]! >>> (i & 31)) & 1) === 1);
        expect(got).toEqual(extra.map((e) => byService.get(e)));
      }),
      { numRuns: 30 },
    );
  });
});

describe('SubgraphBuilder', () => {
  it('keeps exactly the dependencies of the roots, and their states under any failure set', () => {
    fc.assert(
      fc.property(shapeArb({ maxServices: 12 }), fc.array(fc.nat(11), { minLength: 1, maxLength: 3 }), fc.array(fc.nat(11), { maxLength: 3 }), (shape, rootPicks, failPicks) => {
        const catalog = catalogFromShape(shape);
        const cg = compileGraph(catalog);
        const builder = new SubgraphBuilder(cg, requirementModes(cg));
        const roots = rootPicks.map((r) => r % cg.n);
        const sub = builder.of(roots);
        // Membership: what the roots reach through dependencies with an effect (by hand: a DFS over the catalog).
        const reach = new Set<string>();
        const visit = (id: string): void => {
          if (reach.has(id)) return;
          reach.add(id);
          for (const d of catalog.services.get(id)!.dependsOn) if (d.type !== 'async') for (const m of d.of) if (m !== id) visit(m);
        };
        for (const r of roots) visit(cg.ids[r]!);
        expect([...sub.graph.ids].sort()).toEqual([...reach].sort());
        expect([...sub.orig].map((i) => cg.ids[i])).toEqual(sub.graph.ids);
        // Requirements stay aligned with each service's dependsOn.
        for (let i = 0; i < sub.graph.n; i++) expect(sub.graph.reqStart[i + 1]! - sub.graph.reqStart[i]!).toBe(catalog.services.get(sub.graph.ids[i]!)!.dependsOn.length);
        // States inside the subgraph are those of the whole catalog, for failures inside it.
        const failed = [...new Set(failPicks.map((f) => cg.ids[f % cg.n]!))].filter((id) => reach.has(id));
        const ev = new FailureEvaluator(sub.graph);
        ev.run(failed.map((id) => sub.graph.index.get(id)!));
        const whole = naiveStates(catalog, failed);
        sub.graph.ids.forEach((id, i) => expect([id, ev.state[i] === UP ? 'up' : ev.state[i] === DOWN ? 'down' : 'degraded']).toEqual([id, whole.get(id)]));
      }),
      { numRuns: 300 },
    );
  });
});
