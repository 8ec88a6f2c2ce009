/**
 * Properties of load faults that grow (docs/model.md, "Load faults that grow"; ramp.ts) on
 * random small catalogs (fast-check), through the real YAML path: a ramp with over → 0 is the
 * step fault; a slower onset never makes any service impaired earlier, nor serves less; the
 * chords of a climbing demand stay within their bound of an independent quadrature; results
 * hold no NaN, no negative time, and every run terminates.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { runScenario } from './helpers.js';
import type { SimulationResult } from '../../src/engine/index.js';

interface Spec {
  /** the faulted service's queue, or none */
  queue: { arrival: number; extra: number; timeout: number | null } | null;
  /** b's edge to a: a need (0..1), a `scales` share, or a plain hard edge */
  edge: { kind: 'needs'; x: number } | { kind: 'scales'; x: number } | { kind: 'hard' };
  at: number;
  dur: number;
  to: number;
  over: number;
  demand: boolean;
}

const specArb: fc.Arbitrary<Spec> = fc.record({
  queue: fc.option(fc.record({ arrival: fc.integer({ min: 1, max: 100 }), extra: fc.integer({ min: 1, max: 200 }), timeout: fc.option(fc.integer({ min: 1, max: 30 })) }), { freq: 2 }),
  edge: fc.oneof(
    fc.integer({ min: 1, max: 10 }).map((x) => ({ kind: 'needs' as const, x: x / 10 })),
    fc.integer({ min: 1, max: 10 }).map((x) => ({ kind: 'scales' as const, x: x / 10 })),
    fc.constant({ kind: 'hard' as const }),
  ),
  at: fc.integer({ min: 0, max: 30 }),
  dur: fc.integer({ min: 1, max: 300 }),
  to: fc.integer({ min: 0, max: 20 }).map((x) => x / 20),
  over: fc.integer({ min: 1, max: 240 }),
  demand: fc.boolean(),
});

/**
 * a (faulted) ← b ← c: `size` is the fault's capacity or demand as written. `extra`: b has a
 * staged restart and a crash loop, and a second fault (a step cut, or a ramp of the other kind)
 * overlaps the first.
 */
function yaml(s: Spec, size: string, extra = false): string {
  const q = s.queue;
  const backlog = q ? `, backlog: {arrival: ${q.arrival}/min, capacity: ${q.arrival + q.extra}/min${q.timeout === null ? '' : `, timeout: ${q.timeout}m, mitigation: 20m`}}` : '';
  const e = s.edge;
  const edge = e.kind === 'needs' ? `{service: a, needs: ${e.x}}` : e.kind === 'scales' ? `{service: a, scales: ${e.x}}` : 'a';
  const bMore = extra ? ', restart: {units: 10, rate: 1/min}, crashLoop: {base: 30s, cap: 4m}' : '';
  const second = extra ? `, {service: a, at: ${s.at + 7}m, for: ${s.over}m, ${s.demand ? `capacity: {to: 0.3, over: ${s.dur}m}` : 'capacity: 0.5'}}` : '';
  return `services:
  a: {name: A${backlog}}
  b: {name: B, dependsOn: [${edge}]${bMore}}
  c: {name: C, dependsOn: [{service: b, needs: 0.5}]}
scenarios:
  s:
    faults: [{service: a, at: ${s.at}m, for: ${s.dur}m, ${s.demand ? 'demand' : 'capacity'}: ${size}}${second}]
`;
}

/** The fault's target: a capacity left (0..1), or a demand multiple (1..5). */
const target = (s: Spec): number => (s.demand ? 1 + 4 * s.to : s.to);

function sane(r: SimulationResult): void {
  for (const x of r.services) {
    for (const i of x.intervals) {
      expect(Number.isNaN(i.start)).toBe(false);
      expect(i.start).toBeGreaterThanOrEqual(0);
      if (i.end !== null) expect(i.end).toBeGreaterThanOrEqual(i.start);
    }
    // null: never recovers within the horizon
    if (x.unservedMinutes !== null) {
      expect(Number.isNaN(x.unservedMinutes)).toBe(false);
      expect(x.unservedMinutes).toBeGreaterThanOrEqual(0);
    }
    for (const p of x.capacity ?? []) {
      expect(Number.isFinite(p.capacity) && Number.isFinite(p.served)).toBe(true);
      expect(p.capacity).toBeGreaterThanOrEqual(0);
      expect(p.served).toBeGreaterThanOrEqual(0);
      expect(p.served).toBeLessThanOrEqual(1);
    }
  }
}

/**
 * The first impairment of a service that lasts (output times are rounded to 1/1000 min): a
 * line that reaches full service exactly as the fault ends may be judged a few ulps early and
 * show a blip of no length, e.g. [1, 1].
 */
const firstImpact = (r: SimulationResult, id: string): number => {
  const s = r.services.find((x) => x.id === id)!;
  for (const i of s.intervals) if (i.end === null || i.end > i.start) return i.start;
  return Infinity;
};

describe('load faults that grow: properties', () => {
  it('a ramp with over 0 is the step fault', () => {
    fc.assert(
      fc.property(specArb, (s) => {
        const step = runScenario(yaml(s, String(target(s))));
        const ramp = runScenario(yaml(s, `{from: 1, to: ${target(s)}, over: 0m}`));
        expect(ramp.services).toEqual(step.services);
      }),
      { numRuns: 60 },
    );
  });

  it('a slower onset never makes any service impaired earlier, nor serves less (without a collapse threshold)', () => {
    fc.assert(
      fc.property(specArb, fc.integer({ min: 1, max: 240 }), (s0, more) => {
        const s = { ...s0, queue: s0.queue ? { ...s0.queue, timeout: null } : null };
        const fast = runScenario(yaml(s, `{to: ${target(s)}, over: ${s.over}m}`));
        const slow = runScenario(yaml(s, `{to: ${target(s)}, over: ${s.over + more}m}`));
        const step = runScenario(yaml(s, String(target(s))));
        sane(fast);
        sane(slow);
        for (const id of ['a', 'b', 'c']) {
          expect(firstImpact(slow, id)).toBeGreaterThanOrEqual(firstImpact(fast, id) - 1e-6);
          expect(firstImpact(fast, id)).toBeGreaterThanOrEqual(firstImpact(step, id) - 1e-6);
        }
        // the faulted service's unserved minutes: a chord may be off by RAMP_EPS per minute
        const un = (r: SimulationResult): number => r.services.find((x) => x.id === 'a')!.unservedMinutes ?? Infinity;
        const slack = s.demand ? 2e-3 * (s.dur + 1000) : 1e-6;
        expect(un(slow)).toBeLessThanOrEqual(un(fast) + slack);
        expect(un(fast)).toBeLessThanOrEqual(un(step) + slack);
      }),
      { numRuns: 60 },
    );
  });

  it('collapses, restarts, crash loops and overlapping ramps included: no NaN, no negative time, and every run terminates', () => {
    fc.assert(
      fc.property(specArb, fc.integer({ min: 0, max: 20 }).map((x) => x / 20), fc.boolean(), (s, from, extra) => {
        sane(runScenario(yaml(s, `{from: ${s.demand ? 1 + 4 * from : from}, to: ${target(s)}, over: ${s.over}m}`, extra)));
      }),
      { numRuns: 60 },
    );
  });

  it('the unserved minutes of a climbing demand match a quadrature of min(1, c/d) within the chords\' bound', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 11, max: 50 }), fc.integer({ min: 1, max: 120 }), fc.integer({ min: 1, max: 200 }), (c10, d10, over, dur) => {
        const c = c10 / 10;
        const d1 = d10 / 10;
        const r = runScenario(`services:
  a: {name: A}
scenarios:
  s:
    faults:
      - {service: a, at: 0m, for: ${dur}m, capacity: ${c}}
      - {service: a, at: 0m, for: ${dur}m, demand: {from: 1, to: ${d1}, over: ${over}m}}
`);
        // independent reference: the midpoint rule on 20,000 steps of 1 − min(1, c/d(t))
        const n = 20_000;
        let ref = 0;
        for (let k = 0; k < n; k++) {
          const t = ((k + 0.5) * dur) / n;
          const d = t < over ? 1 + ((d1 - 1) * t) / over : d1;
          ref += (1 - Math.min(1, c / d)) * (dur / n);
        }
        expect(Math.abs(r.services[0]!.unservedMinutes! - ref)).toBeLessThanOrEqual(1e-3 * dur + 1e-3);
      }),
      { numRuns: 60 },
    );
  });
});
