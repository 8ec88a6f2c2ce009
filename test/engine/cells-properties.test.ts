/**
 * Properties of cells on random catalogs (fast-check): weighted served fractions within
 * [0, 1], no NaN, no negative time, termination; more headroom never makes a service
 * recover later (without queues, so without collapses); and a service with one cell of
 * share 1 behaves exactly as the same service without cells.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { catalogOf, expectSane } from './helpers.js';
import { prepareSimulation, simulate, type SimulationResult } from '../../src/engine/index.js';

const NAMES = ['a', 'b', 'c'];

interface Svc {
  cells: number; // 0: no cells
  weights: number[];
  failover: boolean;
  /** Minutes before a down cell's traffic moves (0: at once). */
  delay: number;
  headroom: number;
  deps: Array<{ to: number; type: 'hard' | 'soft'; needs: number | null; local: boolean }>;
  backlog: { arrival: number; capacity: number; timeout: number } | null;
  restart: { units: number; rate: number } | null;
  recovery: number | null;
}
interface Spec {
  services: Svc[];
  faults: Array<{ service: number; cell: number | null; at: number; dur: number; kind: 'down' | 'capacity' | 'demand'; x: number }>;
}

const svcArb = (queues: boolean): fc.Arbitrary<Svc> =>
  fc.record({
    cells: fc.integer({ min: 0, max: 3 }),
    weights: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 3, maxLength: 3 }),
    failover: fc.boolean(),
    delay: fc.constantFrom(0, 0, 2),
    headroom: fc.constantFrom(0, 0.25, 0.5, 1),
    deps: fc.array(fc.record({ to: fc.nat(), type: fc.constantFrom<'hard' | 'soft'>('hard', 'soft'), needs: fc.option(fc.integer({ min: 1, max: 10 }).map((k) => k / 10)), local: fc.boolean() }), { maxLength: 2 }),
    backlog: queues ? fc.option(fc.record({ arrival: fc.integer({ min: 10, max: 100 }), capacity: fc.integer({ min: 101, max: 300 }), timeout: fc.integer({ min: 1, max: 60 }) }), { freq: 2 }) : fc.constant(null),
    restart: fc.option(fc.record({ units: fc.integer({ min: 1, max: 100 }), rate: fc.integer({ min: 1, max: 20 }) }), { freq: 3 }),
    recovery: fc.option(fc.integer({ min: 1, max: 20 }), { freq: 3 }),
  });

const specArb = (queues: boolean): fc.Arbitrary<Spec> =>
  fc.record({
    services: fc.array(svcArb(queues), { minLength: 2, maxLength: 6 }),
    faults: fc.array(
      fc.record({ service: fc.nat(), cell: fc.option(fc.nat()), at: fc.integer({ min: 0, max: 60 }), dur: fc.integer({ min: 1, max: 120 }), kind: fc.constantFrom<'down' | 'capacity' | 'demand'>('down', 'down', 'capacity', 'demand'), x: fc.integer({ min: 0, max: 20 }) }),
      { minLength: 1, maxLength: 4 },
    ),
  });

/**
 * YAML of a spec. `headroomPlus` adds to every headroom; `single`: every service gets one
 * cell of share 1 (`only`), or none when `single` is 'none' (the uncelled reference).
 */
function toYaml(spec: Spec, opts: { headroomPlus?: number; single?: 'one' | 'none' } = {}): string {
  const services: Record<string, unknown> = {};
  const cellsOf = (s: Svc): string[] => (opts.single === 'one' ? ['only'] : opts.single === 'none' ? [] : NAMES.slice(0, s.cells));
  spec.services.forEach((s, i) => {
    const mine = cellsOf(s);
    const deps: unknown[] = [];
    const seen = new Set<number>();
    if (i > 0) {
      for (const d of s.deps) {
        const to = d.to % i; // acyclic
        if (seen.has(to)) continue;
        seen.add(to);
        const theirs = cellsOf(spec.services[to]!);
        const local = d.local && mine.length > 0 && mine.every((c) => theirs.includes(c));
        deps.push({ service: `s${to}`, type: d.type, ...(d.needs !== null ? { needs: d.needs } : {}), ...(local ? { cell: 'local' } : {}) });
      }
    }
    const total = s.weights.slice(0, mine.length).reduce((x, y) => x + y, 0);
    services[`s${i}`] = {
      name: `Service ${i}`,
      ...(mine.length === 1 && opts.single === 'one' ? { cells: { only: 1 } } : {}),
      ...(mine.length > 0 && opts.single === undefined ? { cells: Object.fromEntries(mine.map((c, k) => [c, s.weights[k]! / total])) } : {}),
      ...(mine.length > 0 ? { failover: !s.failover ? false : s.delay > 0 ? `${s.delay}m` : true } : {}),
      ...(mine.length > 0 && !s.backlog ? { headroom: s.headroom + (opts.headroomPlus ?? 0) } : {}),
      ...(deps.length ? { dependsOn: deps } : {}),
      ...(s.backlog ? { backlog: { arrival: `${s.backlog.arrival}/min`, capacity: `${s.backlog.capacity}/min`, timeout: `${s.backlog.timeout}m`, mitigation: '10m' } } : {}),
      ...(s.restart ? { restart: { units: s.restart.units, rate: `${s.restart.rate}/min` } } : {}),
      ...(s.recovery ? { recovery: { time: `${s.recovery}m` } } : {}),
    };
  });
  const faults = spec.faults.map((f) => {
    const s = spec.services[f.service % spec.services.length]!;
    const mine = cellsOf(s);
    const base = { service: `s${f.service % spec.services.length}`, ...(f.cell !== null && mine.length > 0 ? { cell: mine[f.cell % mine.length] } : {}), at: `${f.at}m`, for: `${f.dur}m` };
    if (f.kind === 'capacity') return { ...base, capacity: f.x / 20 };
    if (f.kind === 'demand') return { ...base, demand: 1 + f.x / 10 };
    return base;
  });
  return stringify({ services, scenarios: { s: { faults } } });
}

const run = (yaml: string): SimulationResult => {
  const c = catalogOf(yaml);
  const r = simulate(prepareSimulation(c), { scenario: c.scenarios.get('s')! });
  expectSane(r);
  return r;
};

/**
 * States over time, adjacent stretches of one state joined: a service with cells names one
 * cause (the cell) where the same service without cells changes cause (dependency, then warm-up).
 */
const stateSpans = (ints: SimulationResult['services'][number]['intervals']): Array<[string, number, number | null]> => {
  const out: Array<[string, number, number | null]> = [];
  for (const i of ints) {
    const last = out[out.length - 1];
    if (last && last[0] === i.state && last[2] === i.start) last[2] = i.end;
    else out.push([i.state, i.start, i.end]);
  }
  return out;
};

/** What a service's users see, without the words: compared across equivalent catalogs. */
const outcome = (r: SimulationResult) => ({
  affected: r.affected,
  full: r.fullRecoveryMinutes,
  curve: r.recoveryCurve,
  services: r.services.map((s) => ({
    id: s.id,
    intervals: stateSpans(s.intervals),
    impact: s.impactStartMinutes,
    recovered: s.recoveredMinutes,
    worst: s.worstState,
    unserved: s.unservedMinutes,
    peak: s.backlogPeak?.value ?? null,
    collapse: s.collapse ? [s.collapse.startMinutes, s.collapse.endMinutes] : null,
  })),
});

describe('cells on random catalogs', () => {
  it('keep fractions in [0, 1], times finite and non-negative, and terminate', () => {
    fc.assert(
      fc.property(specArb(true), (spec) => {
        const r = run(toYaml(spec));
        for (const s of r.services) {
          for (const e of [s, ...(s.cells ?? [])]) {
            for (const p of e.capacity ?? []) {
              expect(p.minute).toBeGreaterThanOrEqual(0);
              for (const x of [p.capacity, p.served]) { expect(Number.isNaN(x)).toBe(false); expect(x).toBeGreaterThanOrEqual(0); expect(x).toBeLessThanOrEqual(1); }
            }
            for (const i of e.intervals) {
              expect(i.start).toBeGreaterThanOrEqual(0);
              if (i.end !== null) expect(i.end).toBeGreaterThanOrEqual(i.start);
            }
            if (e.unservedMinutes !== null && e.unservedMinutes !== undefined) expect(e.unservedMinutes).toBeGreaterThanOrEqual(0);
          }
          // the aggregate serves the weighted sum: never more than every cell's best, never less than the worst
          if (s.cells && s.capacity && s.capacity.length > 0) {
            const shares = s.cells.reduce((a, c) => a + c.share, 0);
            expect(shares).toBeCloseTo(1, 5);
          }
        }
        expect(r.horizonMinutes).toBeGreaterThanOrEqual(0);
        expect(JSON.stringify(r)).not.toContain('NaN');
      }),
      { numRuns: 150, seed: 12 },
    );
  });

  it('more headroom never makes a service recover later (no queues, so no collapses)', () => {
    fc.assert(
      fc.property(specArb(false), (spec) => {
        const base = run(toYaml(spec));
        const more = run(toYaml(spec, { headroomPlus: 0.5 }));
        base.services.forEach((s, k) => {
          const m = more.services[k]!;
          const later = (x: number | null): number => (x === null ? Infinity : x);
          // every fault clears and nothing collapses: everything recovers in both runs
          if (s.impactStartMinutes === null) expect(m.impactStartMinutes).toBeNull();
          else expect(later(m.recoveredMinutes) <= later(s.recoveredMinutes) + 1e-9 || m.impactStartMinutes === null).toBe(true);
          expect((m.unservedMinutes ?? 0) <= (s.unservedMinutes ?? 0) + 1e-6).toBe(true);
        });
        expect((more.fullRecoveryMinutes ?? Infinity) <= (base.fullRecoveryMinutes ?? Infinity) + 1e-9).toBe(true);
      }),
      { numRuns: 150, seed: 34 },
    );
  });

  it('one cell of share 1 is the service without cells', () => {
    fc.assert(
      fc.property(specArb(true), (spec) => {
        expect(outcome(run(toYaml(spec, { single: 'one' })))).toEqual(outcome(run(toYaml(spec, { single: 'none' }))));
      }),
      { numRuns: 200, seed: 56 },
    );
  });
});
