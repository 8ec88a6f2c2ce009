/**
 * Properties of demand lines that compose (src/engine/demand-line.ts) on random catalogs
 * (fast-check): a gradual failover onto the cells of `db`, one or two cold caches refilling in
 * front of it, demand faults on its cells; load faults that grow on `solo` (a service without
 * cells: a ramp cannot act on one cell) with a cold cache in front of it too. Wherever a slot
 * serves less than all of its demand, what it serves is c/d, so its demand is capacity over
 * served; at each point of its curve that demand must be the product of the contributions, each
 * computed here on its own from the scenario (not from the engine):
 *
 *   cell j of db:  d = f_j · max(1, D_j(t) / (1 + h)) · F(t),
 *                  D_j = 1 + Σ_out w_k · min(1, (t − t_k) / over) / W   (1 while no cell is out)
 *   solo:          d = Π_faults x(t) · F(t),   x(t) = from + (to − from) · min(1, (t − t₀) / over)
 *   F(t) = 1 + Σ_caches a · max(0, 1 − (t − back) / warm),   a = share · h / (1 − h)
 *
 * And a cache whose hit ratio is 0 leaves a draining service's results as they are without it.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { catalogOf, expectSane } from './helpers.js';
import { buildModel, prepareSimulation, run, simulate, type SimulationResult } from '../../src/engine/index.js';

const NAMES = ['a', 'b', 'c'];

interface Cache { hit: number; warm: number; share: number; down: number }
interface Spec {
  cells: number;
  weights: number[];
  headroom: number;
  after: number;
  over: number;
  lost: Array<{ cell: number; at: number; dur: number }>;
  surges: Array<{ cell: number; at: number; dur: number; x: number }>;
  caches: Cache[];
  ramps: Array<{ at: number; dur: number; from: number; to: number; over: number }>;
}

const cacheArb: fc.Arbitrary<Cache> = fc.record({
  hit: fc.integer({ min: 0, max: 90 }).map((x) => x / 100),
  warm: fc.integer({ min: 1, max: 40 }),
  share: fc.integer({ min: 1, max: 10 }).map((x) => x / 10),
  down: fc.integer({ min: 0, max: 30 }),
});

const specArb: fc.Arbitrary<Spec> = fc.record({
  cells: fc.integer({ min: 2, max: 3 }),
  weights: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 3, maxLength: 3 }),
  headroom: fc.constantFrom(0, 0.25, 0.5, 1),
  after: fc.constantFrom(0, 0, 1, 3),
  over: fc.integer({ min: 1, max: 40 }).map((x) => x / 2),
  lost: fc.array(fc.record({ cell: fc.nat(), at: fc.integer({ min: 0, max: 40 }), dur: fc.integer({ min: 1, max: 60 }) }), { minLength: 0, maxLength: 2 }),
  surges: fc.array(fc.record({ cell: fc.nat(), at: fc.integer({ min: 0, max: 40 }), dur: fc.integer({ min: 1, max: 60 }), x: fc.integer({ min: 11, max: 30 }).map((x) => x / 10) }), { maxLength: 2 }),
  caches: fc.array(cacheArb, { minLength: 1, maxLength: 2 }),
  ramps: fc.array(fc.record({ at: fc.integer({ min: 0, max: 30 }), dur: fc.integer({ min: 5, max: 80 }), from: fc.integer({ min: 5, max: 20 }).map((x) => x / 10), to: fc.integer({ min: 5, max: 40 }).map((x) => x / 10), over: fc.integer({ min: 1, max: 60 }) }), { minLength: 1, maxLength: 2 }),
});

/** db (cells, gradual failover), solo (ramps), a cache `c<k>` per cache in front of both; `hit` overrides the hit ratios. */
function toYaml(s: Spec, hit?: number): string {
  const names = NAMES.slice(0, s.cells);
  const total = s.weights.slice(0, s.cells).reduce((x, y) => x + y, 0);
  const services: Record<string, unknown> = {
    db: { name: 'DB', cells: Object.fromEntries(names.map((c, k) => [c, s.weights[k]! / total])), failover: { ...(s.after > 0 ? { after: `${s.after}m` } : {}), over: `${s.over}m` }, headroom: s.headroom },
    solo: { name: 'Solo' },
  };
  s.caches.forEach((c, k) => {
    const fill = { hitRatio: hit ?? c.hit, warm: `${c.warm}m`, share: c.share };
    services[`c${k}`] = { name: `Cache ${k}`, dependsOn: [{ service: 'db', type: 'soft', fill }, { service: 'solo', type: 'soft', fill }] };
  });
  const faults: unknown[] = [
    ...s.caches.map((c, k) => ({ service: `c${k}`, at: '0m', for: `${c.down}m` })).filter((_, k) => s.caches[k]!.down > 0),
    ...s.lost.map((f) => ({ service: 'db', cell: names[f.cell % s.cells], at: `${f.at}m`, for: `${f.dur}m` })),
    ...s.surges.map((f) => ({ service: 'db', cell: names[f.cell % s.cells], at: `${f.at}m`, for: `${f.dur}m`, demand: f.x })),
    ...s.ramps.map((f) => ({ service: 'solo', at: `${f.at}m`, for: `${f.dur}m`, demand: { from: f.from, to: f.to, over: `${f.over}m` } })),
  ];
  return stringify({ services, scenarios: { s: { faults } } });
}

/** F(t): the caches' surges, each a line from its return (a cache down 0 min never empties). */
function fillAt(s: Spec, t: number): number {
  let F = 1;
  for (const c of s.caches) {
    if (c.down === 0 || !(c.hit > 0) || t < c.down) continue;
    const cold = 1 - (t - c.down) / c.warm;
    if (cold > 0) F += ((c.share * c.hit) / (1 - c.hit)) * cold;
  }
  return F;
}

/** Whether cell k of db is down at t (its faults' union) and since when. */
function downSince(s: Spec, k: number, t: number): number | null {
  const mine = s.lost.filter((f) => f.cell % s.cells === k).map((f) => [f.at, f.at + f.dur] as const).sort((x, y) => x[0] - y[0]);
  let since: number | null = null;
  let end = -Infinity;
  for (const [a, b] of mine) {
    if (a > t) break;
    if (a > end) since = a; // a new outage (not joined to the last one)
    end = Math.max(end, b);
  }
  return since !== null && t < end ? since : null;
}

/** The demand of cell k of db at t: f · max(1, D / (1 + h)) · F; null when k is out (it serves nothing). */
function cellDemand(s: Spec, k: number, t: number): number | null {
  const total = s.weights.slice(0, s.cells).reduce((x, y) => x + y, 0);
  const w = (j: number): number => s.weights[j]! / total;
  const out: Array<{ j: number; from: number }> = [];
  for (let j = 0; j < s.cells; j++) {
    const d = downSince(s, j, t);
    if (d !== null && t >= d + s.after) out.push({ j, from: d + s.after });
  }
  if (out.some((o) => o.j === k)) return null;
  const W = 1 - out.reduce((x, o) => x + w(o.j), 0);
  const D = out.length === 0 ? 1 : 1 + out.reduce((x, o) => x + w(o.j) * Math.min(1, (t - o.from) / s.over), 0) / W;
  const f = s.surges.filter((x) => x.cell % s.cells === k && t >= x.at && t < x.at + x.dur).reduce((p, x) => p * x.x, 1);
  return f * Math.max(1, D / (1 + s.headroom)) * fillAt(s, t);
}

/** The demand of solo at t: the product of its ramping faults' sizes, times F. */
function soloDemand(s: Spec, t: number): number {
  let d = 1;
  for (const r of s.ramps) if (t >= r.at && t < r.at + r.dur) d *= r.from + (r.to - r.from) * Math.min(1, (t - r.at) / r.over);
  return d * fillAt(s, t);
}

/** Every time something changes in the scenario: points there are skipped (either side's value is right). */
function kinks(s: Spec): number[] {
  const k = [0];
  for (const c of s.caches) k.push(c.down, c.down + c.warm);
  for (const f of s.lost) k.push(f.at, f.at + s.after, f.at + s.after + s.over, f.at + f.dur);
  for (const f of s.surges) k.push(f.at, f.at + f.dur);
  for (const r of s.ramps) k.push(r.at, r.at + r.over, r.at + r.dur);
  return k;
}

/**
 * Whether a demand read off a curve point matches `want`: the results round a point's minute to
 * a thousandth (so the demand there is that of some time within 0.0005 of it) and its served
 * fraction to a millionth (so the demand is c/s to 0.5e-6/s of itself).
 */
function matches(p: { t: number; d: number; s: number }, want: (t: number) => number | null): boolean {
  // the independent demand over the window, on a grid fine enough that between two of its
  // points it moves by no more than the largest step seen (a kink may lie inside)
  const xs: number[] = [];
  for (let k = -20; k <= 20; k++) {
    const x = want(p.t + k * 2.5e-5);
    if (x === null) return true; // a cell out near there
    xs.push(x);
  }
  let step = 0;
  for (let k = 1; k < xs.length; k++) step = Math.max(step, Math.abs(xs[k]! - xs[k - 1]!));
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  const tol = hi * (0.6e-6 / p.s + 1e-9) + step;
  return p.d >= lo - tol && p.d <= hi + tol;
}

/** Points of a curve where the slot serves part of its demand, the last one at each minute (the value set there). */
function overloaded(points: ReadonlyArray<{ minute: number; capacity: number; served: number }>): Array<{ t: number; d: number; s: number }> {
  const out: Array<{ t: number; d: number; s: number }> = [];
  for (let k = 0; k < points.length; k++) {
    const p = points[k]!;
    if (k + 1 < points.length && points[k + 1]!.minute === p.minute) continue;
    if (p.served > 0.02 && p.served < 1 - 1e-6 && p.capacity > 0) out.push({ t: p.minute, d: p.capacity / p.served, s: p.served });
  }
  return out;
}

describe('demand lines that compose, on random catalogs', () => {
  it('the demand wherever a slot is overloaded is the product of the contributions computed on their own', () => {
    let checked = 0;
    fc.assert(
      fc.property(specArb, (s) => {
        const c = catalogOf(toYaml(s));
        const r: SimulationResult = simulate(prepareSimulation(c), { scenario: c.scenarios.get('s')! });
        expectSane(r);
        const near = kinks(s);
        const away = (t: number): boolean => near.every((x) => Math.abs(t - x) > 1e-3);
        const db = r.services.find((x) => x.id === 'db')!;
        for (let k = 0; k < s.cells; k++) {
          const cell = db.cells!.find((x) => x.cell === NAMES[k])!;
          for (const p of overloaded(cell.capacity ?? [])) {
            if (!away(p.t)) continue;
            if (cellDemand(s, k, p.t) === null) continue;
            checked++;
            if (!matches(p, (t) => cellDemand(s, k, t))) expect([p.t, p.d]).toEqual([p.t, cellDemand(s, k, p.t)]);
          }
        }
        for (const p of overloaded(r.services.find((x) => x.id === 'solo')!.capacity ?? [])) {
          if (!away(p.t)) continue;
          checked++;
          if (!matches(p, (t) => soloDemand(s, t))) expect([p.t, p.d]).toEqual([p.t, soloDemand(s, p.t)]);
        }
      }),
      { numRuns: 100 },
    );
    expect(checked).toBeGreaterThan(500);
  });

  it('a cache with a hit ratio of 0 in front of a draining service changes none of its results', () => {
    fc.assert(
      fc.property(specArb, (s) => {
        const inert = catalogOf(toYaml(s, 0));
        const without = catalogOf(toYaml({ ...s, caches: [] }));
        const raw = (c: ReturnType<typeof catalogOf>) => {
          const m = buildModel(prepareSimulation(c), { scenario: c.scenarios.get('s')! });
          const o = run(m, m.params.medians());
          return new Map(m.graph.ids.map((id, i) => [id, [o.unserved[i]!, o.impaired[i]!]]));
        };
        const a = raw(inert);
        const b = raw(without);
        for (const [id, [u, imp]] of b) {
          expect(Math.abs(a.get(id)![0]! - u!)).toBeLessThanOrEqual(1e-9);
          expect(Math.abs(a.get(id)![1]! - imp!)).toBeLessThanOrEqual(1e-9);
        }
      }),
      { numRuns: 100 },
    );
  });
});
