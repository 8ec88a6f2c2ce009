/**
 * Property tests against brute-force oracles on random small catalogs (fast-check): any
 * mix of hard, soft and async dependencies, failOn: degraded, redundancy groups and cycles.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bfsFromNode } from 'graphology-traversal';
import { compileGraph } from '../../src/graph/compile.js';
import { buildGraph } from '../../src/graph/build.js';
import { reviewCatalog } from '../../src/analysis/review.js';
import { minimalCutSets } from '../../src/analysis/cut-sets.js';
import { rankServices, TIER_WEIGHTS } from '../../src/analysis/rank.js';
import { sweepSingleFailures } from '../../src/analysis/sweep.js';
import { coldStartDeadlocks } from '../../src/analysis/cycles.js';
import type { Catalog } from '../../src/catalog/model.js';
import { catalogFromShape, shapeArb } from './random-catalog.js';
import { naiveColdStartStuck, naiveCutSets, naiveSpofs, naiveStates } from './oracle.js';

const RUNS = { numRuns: 300 };

describe('SPOF', () => {
  it('is exactly the set of single failures that take the target down', () => {
    fc.assert(
      fc.property(shapeArb(), (shape) => {
        const catalog = catalogFromShape(shape);
        const ids = [...catalog.services.keys()];
        const review = reviewCatalog(catalog, { targets: ids, maxOrder: 1 });
        for (const t of ids) {
          const got = review.findings.flatMap((f) => (f.kind === 'spof' && f.targets.includes(t) ? [f.cause] : [])).sort();
          expect([t, got]).toEqual([t, naiveSpofs(catalog, t)]);
        }
      }),
      RUNS,
    );
  });

  it('findings carry paths of real dependencies through affected services, ending at the cause', () => {
    fc.assert(
      fc.property(shapeArb(), (shape) => {
        const catalog = catalogFromShape(shape);
        const review = reviewCatalog(catalog, { targets: [...catalog.services.keys()], maxOrder: 2 });
        const checkPath = (path: readonly { id: string }[], failed: string[]) => {
          const states = naiveStates(catalog, failed);
          for (let i = 1; i < path.length; i++) {
            const from = catalog.services.get(path[i - 1]!.id)!;
            expect(from.dependsOn.some((d) => d.type !== 'async' && d.of.includes(path[i]!.id))).toBe(true);
            expect(states.get(path[i]!.id)).not.toBe('up');
          }
        };
        for (const f of review.findings) {
          if (f.kind === 'spof') {
            expect(f.evidence.length).toBe(Math.min(3, f.targets.length));
            f.evidence.forEach((path, k) => {
              expect([path[0]!.id, path[path.length - 1]!.id]).toEqual([f.targets[k], f.cause]);
              checkPath(path, [f.cause]);
            });
            expect(f.location).toEqual(f.evidence[0]![1]!.via!.pos);
          } else if (f.kind === 'shared-fate') {
            for (const path of f.evidence) {
              expect(f.lost).toContain(path[0]!.id);
              expect(path[path.length - 1]!.id).toBe(f.cause);
              checkPath(path, [f.cause]);
            }
          } else if (f.kind === 'cut-set') {
            expect(f.evidence.length).toBeGreaterThan(0);
            for (const path of f.evidence) {
              expect(path[0]!.id).toBe(f.targets[0]); // the most critical target's paths
              expect(f.set).toContain(path[path.length - 1]!.id);
              checkPath(path, [...f.set]);
            }
          }
        }
      }),
      RUNS,
    );
  });
});

describe('minimal cut sets', () => {
  it.each([2, 3])('up to order %i are minimal and complete', (k) => {
    fc.assert(
      fc.property(shapeArb({ maxServices: 6 }), (shape) => {
        const catalog = catalogFromShape(shape);
        const cg = compileGraph(catalog);
        for (let t = 0; t < cg.n; t++) {
          const res = minimalCutSets(cg, t, { maxOrder: k });
          expect(res.truncated).toBe(false);
          const got = res.sets.map((s) => s.map((i) => cg.ids[i]!).sort()).sort((a, b) => a.length - b.length || a.join(',').localeCompare(b.join(',')));
          expect([cg.ids[t], got]).toEqual([cg.ids[t], naiveCutSets(catalog, cg.ids[t]!, k)]);
        }
      }),
      { numRuns: 200 },
    );
  });
});

/** Number of services that reach `id` backwards (its transitive dependents), by graphology-traversal. */
function reverseReach(catalog: Catalog, id: string): number {
  const g = buildGraph(catalog);
  let count = 0;
  bfsFromNode(g, id, () => void count++, { mode: 'inbound' });
  return count - 1;
}

describe('ranking', () => {
  it('equals reverse reachability on hard-only graphs', () => {
    fc.assert(
      fc.property(shapeArb({ maxServices: 12, hardOnly: true }), (shape) => {
        const catalog = catalogFromShape(shape);
        for (const row of rankServices(catalog, compileGraph(catalog))) {
          expect([row.id, row.blastRadius, row.down]).toEqual([row.id, reverseReach(catalog, row.id), reverseReach(catalog, row.id)]);
        }
      }),
      RUNS,
    );
  });

  it('counts, per tier, the services the oracle finds down or degraded', () => {
    fc.assert(
      fc.property(shapeArb(), (shape) => {
        const catalog = catalogFromShape(shape);
        for (const row of rankServices(catalog, compileGraph(catalog))) {
          const st = naiveStates(catalog, [row.id]);
          const hit = [...st].filter(([id, s]) => id !== row.id && s !== 'up').map(([id]) => catalog.services.get(id)!);
          expect(row.blastRadius).toBe(hit.length);
          expect(row.down).toBe([...st].filter(([id, s]) => id !== row.id && s === 'down').length);
          expect(row.weighted).toBe(hit.reduce((a, s) => a + TIER_WEIGHTS[s.tier]!, 0));
        }
      }),
      RUNS,
    );
  });
});

describe('shared fate', () => {
  it('lists for each group exactly the single failures that defeat it', () => {
    fc.assert(
      fc.property(shapeArb(), (shape) => {
        const catalog = catalogFromShape(shape);
        const cg = compileGraph(catalog);
        const sweep = sweepSingleFailures(cg, { groups: true });
        for (const s of catalog.services.values()) {
          s.dependsOn.forEach((d, j) => {
            if (d.of.length < 2 || d.type === 'async') return;
            const r = cg.reqStart[cg.index.get(s.id)!]! + j;
            const expected = [...catalog.services.keys()].filter((c) => {
              const st = naiveStates(catalog, [c]);
              // defeated: quorum lost (hard) or fewer than k members up (soft, failOn: degraded)
              const healthy = d.of.filter((m) => (d.type === 'hard' && d.failOn === 'down' ? st.get(m) !== 'down' : st.get(m) === 'up')).length;
              return healthy < d.atLeast;
            });
            expect([s.id, j, (sweep.groupCauses.get(r) ?? []).map((i) => cg.ids[i]).sort()]).toEqual([s.id, j, expected.sort()]);
          });
        }
      }),
      RUNS,
    );
  });
});

describe('cold-start deadlocks', () => {
  it('account for every service that cannot cold-start, and fixing them lets everything start', () => {
    fc.assert(
      fc.property(shapeArb({ maxServices: 8 }), (shape) => {
        const catalog = catalogFromShape(shape);
        const cg = compileGraph(catalog);
        const deadlocks = coldStartDeadlocks(cg);
        const stuck = new Set(naiveColdStartStuck(catalog));
        const reported = deadlocks.flatMap((d) => [...d.stuck, ...d.blocked].map((i) => cg.ids[i]!));
        for (const id of reported) expect(stuck.has(id)).toBe(true);
        // With the deadlocked services' dependencies removed, everything starts.
        const freed = new Set(deadlocks.flatMap((d) => d.stuck.map((i) => cg.ids[i]!)));
        const fixed: Catalog = { ...catalog, services: new Map([...catalog.services].map(([id, s]) => [id, freed.has(id) ? { ...s, dependsOn: [] } : s])) };
        expect(naiveColdStartStuck(fixed)).toEqual([]);
        // Each cycle path is a real cycle of dependencies among its stuck services.
        for (const d of deadlocks) {
          expect(d.path[0]).toBe(d.path[d.path.length - 1]);
          for (let i = 1; i < d.path.length; i++) {
            const from = catalog.services.get(cg.ids[d.path[i - 1]!]!)!;
            expect(from.dependsOn.some((dep) => dep.of.includes(cg.ids[d.path[i]!]!))).toBe(true);
          }
        }
      }),
      RUNS,
    );
  });
});
