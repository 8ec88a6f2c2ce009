/**
 * Properties of capacity fractions, load faults and staged restarts on random catalogs
 * (fast-check): no NaN, no negative time, fractions within [0, 1], termination and full
 * recovery when nothing is permanent and nothing collapses, bounded queues, and
 * monotonicity: more capacity (a faster restart, a milder capacity cut) never makes any
 * service recover later.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { catalogOf, expectSane } from './helpers.js';
import { prepareSimulation, simulate, type SimulationResult } from '../../src/engine/index.js';

interface Spec {
  n: number;
  deps: Array<Array<{ to: number; type: 'hard' | 'soft'; needs: number | null; scales: number | null }>>;
  restart: Array<{ units: number; rate: number; cold: number } | null>;
  crash: Array<{ base: number; cap: number; jitter: boolean } | null>;
  clients: Array<{ count: number; retry: number; spread: number } | null>;
  backlog: Array<{ arrival: number; capacity: number } | null>;
  faults: Array<{ service: number; at: number; dur: number; kind: 'down' | 'capacity' | 'demand'; x: number }>;
}

const frac = fc.integer({ min: 0, max: 20 }).map((k) => k / 20);
const specArb = fc.integer({ min: 2, max: 7 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    deps: fc.array(fc.array(fc.record({ to: fc.nat(), type: fc.constantFrom<'hard' | 'soft'>('hard', 'soft'), needs: fc.option(frac), scales: fc.option(frac) }), { maxLength: 3 }), { minLength: n, maxLength: n }),
    restart: fc.array(fc.option(fc.record({ units: fc.integer({ min: 1, max: 500 }), rate: fc.integer({ min: 1, max: 50 }), cold: fc.integer({ min: 1, max: 3 }) }), { freq: 2 }), { minLength: n, maxLength: n }),
    backlog: fc.array(fc.option(fc.record({ arrival: fc.integer({ min: 1, max: 100 }), capacity: fc.integer({ min: 101, max: 400 }) }), { freq: 2 }), { minLength: n, maxLength: n }),
    crash: fc.array(fc.option(fc.record({ base: fc.integer({ min: 1, max: 120 }), cap: fc.integer({ min: 1, max: 30 }), jitter: fc.boolean() }), { freq: 3 }), { minLength: n, maxLength: n }),
    clients: fc.array(fc.option(fc.record({ count: fc.integer({ min: 1, max: 200 }), retry: fc.integer({ min: 1, max: 5 }), spread: fc.integer({ min: 0, max: 10 }) }), { freq: 3 }), { minLength: n, maxLength: n }),
    faults: fc.array(
      fc.record({ service: fc.nat(), at: fc.integer({ min: 0, max: 60 }), dur: fc.integer({ min: 1, max: 120 }), kind: fc.constantFrom<'down' | 'capacity' | 'demand'>('down', 'capacity', 'demand'), x: fc.integer({ min: 0, max: 20 }) }),
      { minLength: 1, maxLength: 3 },
    ),
  }),
);

/** YAML of a spec; `rateFactor` scales every restart rate, `capMilder` lifts every capacity cut. */
function toYaml(spec: Spec, rateFactor = 1, capMilder = false, withLoops = false): string {
  const services: Record<string, unknown> = {};
  for (let i = 0; i < spec.n; i++) {
    const deps: unknown[] = [];
    const seen = new Set<number>();
    if (i > 0) {
      for (const d of spec.deps[i]!) {
        const to = d.to % i; // acyclic
        if (seen.has(to)) continue;
        seen.add(to);
        deps.push({ service: `s${to}`, type: d.type, ...(d.needs !== null ? { needs: d.needs } : {}), ...(d.scales !== null ? { scales: d.scales } : {}) });
      }
    }
    const r = spec.restart[i];
    const b = spec.backlog[i];
    services[`s${i}`] = {
      name: `Service ${i}`,
      ...(deps.length ? { dependsOn: deps } : {}),
      ...(r ? { restart: { units: r.units, rate: `${r.rate * rateFactor}/min`, coldStart: r.cold } } : {}),
      ...(b ? { backlog: { arrival: `${b.arrival}/min`, capacity: `${b.capacity}/min` } } : {}),
      ...(withLoops && spec.crash[i] ? { crashLoop: { base: `${spec.crash[i]!.base}s`, cap: `${spec.crash[i]!.cap}m`, jitter: spec.crash[i]!.jitter } } : {}),
      ...(withLoops && spec.clients[i] ? { clients: { count: spec.clients[i]!.count, retry: spec.clients[i]!.retry, spread: spec.clients[i]!.spread === 0 ? 0 : `${spec.clients[i]!.spread}m` } } : {}),
    };
  }
  const faults = spec.faults.map((f) => {
    const base = { service: `s${f.service % spec.n}`, at: `${f.at}m`, for: `${f.dur}m` };
    if (f.kind === 'capacity') { const c = f.x / 20; return { ...base, capacity: capMilder ? (1 + c) / 2 : c }; }
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

/** Every number in a JSON value. */
function numbers(x: unknown, out: number[] = []): number[] {
  if (typeof x === 'number') out.push(x);
  else if (Array.isArray(x)) for (const y of x) numbers(y, out);
  else if (x && typeof x === 'object') for (const y of Object.values(x)) numbers(y, out);
  return out;
}

describe('properties of capacity fractions, load faults and staged restarts', () => {
  it('no NaN, no negative time, fractions in [0, 1], full recovery, bounded queues (with crash loops and reconnect herds)', () => {
    fc.assert(
      fc.property(specArb, (spec) => {
        const r = run(toYaml(spec, 1, false, true));
        for (const x of numbers(JSON.parse(JSON.stringify(r)))) {
          expect(Number.isNaN(x)).toBe(false);
          expect(x).toBeGreaterThanOrEqual(0);
        }
        // nothing is permanent and nothing can collapse (no timeouts): everything recovers
        expect(r.fullRecoveryMinutes).not.toBeNull();
        for (const s of r.services) {
          expect(s.recovered).toBe(true);
          if (s.impactStartMinutes !== null) expect(s.recoveredMinutes!).toBeGreaterThanOrEqual(s.impactStartMinutes);
          let prev = -Infinity;
          for (const p of s.capacity!) {
            expect(p.minute).toBeGreaterThanOrEqual(prev);
            prev = p.minute;
            for (const f of [p.capacity, p.served]) { expect(f).toBeGreaterThanOrEqual(0); expect(f).toBeLessThanOrEqual(1); }
          }
          // a queue never holds more than everything that could have arrived by then: arrivals
          // (× every demand factor at once, at most) and one reconnect surge per outage episode
          // (each fault can start and end at most one)
          const i = Number(s.id.slice(1));
          const b = spec.backlog[i];
          const herds = spec.clients.reduce((sum, c) => sum + (c ? c.count * c.retry : 0), 0) * (2 * spec.faults.length + 1);
          const surge = spec.faults.reduce((p, f) => (f.kind === 'demand' ? p * (1 + f.x / 10) : p), 1);
          if (s.backlogPeak && b) expect(s.backlogPeak.value).toBeLessThanOrEqual(b.arrival * surge * s.backlogPeak.atMinutes + herds + 1);
          // unserved minutes cannot exceed the time it was affected
          if (s.impactStartMinutes !== null) expect(s.unservedMinutes!).toBeLessThanOrEqual(s.recoveredMinutes! - s.impactStartMinutes + 1e-6);
        }
        expect(r.fullRecoveryMinutes!).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 300 },
    );
  }, 120_000);

  it('a faster restart never makes any service recover later', () => {
    fc.assert(
      fc.property(specArb, (spec) => {
        const slow = run(toYaml(spec, 1));
        const fast = run(toYaml(spec, 2));
        for (const s of fast.services) {
          const before = slow.services.find((x) => x.id === s.id)!;
          if (s.impactStartMinutes === null) continue;
          expect(s.recoveredMinutes!).toBeLessThanOrEqual(before.recoveredMinutes! + 1e-6);
        }
      }),
      { numRuns: 200 },
    );
  }, 120_000);

  it('a milder capacity cut never makes any service recover later', () => {
    fc.assert(
      fc.property(specArb, (spec) => {
        const harsh = run(toYaml(spec, 1, false));
        const mild = run(toYaml(spec, 1, true));
        for (const s of mild.services) {
          const before = harsh.services.find((x) => x.id === s.id)!;
          if (s.impactStartMinutes === null) continue;
          expect(s.recoveredMinutes!).toBeLessThanOrEqual(before.recoveredMinutes! + 1e-6);
        }
      }),
      { numRuns: 200 },
    );
  }, 120_000);
});
