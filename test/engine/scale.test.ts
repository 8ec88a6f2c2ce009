/**
 * Capacity and demand changed by operators (docs/model.md, "Capacity and demand changed by
 * operators"): `do: scale` and `do: shed`. Expected numbers are worked out in the comments; the
 * property tests check monotonicity and the neutral values on random queues.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { catalogOf, runScenario, spans, svc } from './helpers.js';
import { buildCatalog } from '../../src/catalog/build.js';
import { prepareSimulation, simulate } from '../../src/engine/index.js';

const queue = (extra: string, faults: string, actions: string) => `services:
  d: {name: D}
  sv: {name: Queue, dependsOn: [d], backlog: {arrival: 100/min, capacity: 150/min${extra}}}
scenarios:
  s:
    faults: [${faults}]
    actions: [${actions}]
`;

describe('scale: operators add capacity', () => {
  it('drains a backlog faster', () => {
    // d down 0–10: B(10) = 10 × 100 = 1000. Unscaled it drains at 150 − 100 = 50/min: up at 30.
    // Capacity doubled at 10: μ = 300, drains at 200/min, 1000 / 200 = 5 min: up at 15.
    const plain = runScenario(queue('', '{service: d, at: 0m, for: 10m}', ''));
    expect(svc(plain, 'sv').recoveredMinutes).toBe(30);
    const r = runScenario(queue('', '{service: d, at: 0m, for: 10m}', '{at: 10m, service: sv, do: scale, capacity: 2}'));
    expect(spans(r, 'sv')).toEqual([['down', 0, 10, 'dependency'], ['degraded', 10, 15, 'backlog']]);
    expect(r.actions[0]!.explanation).toBe('scale Queue at 10m');
  });

  it('ends a collapse only when the new capacity can serve the queue within its timeout', () => {
    // timeout 5m: at 10, B = 1000 > 150 × 5 = 750: collapse; no mitigation, so it stays down and
    // the queue grows at 100/min: B(20) = 2000.
    // ×2 at 20: 300 × 5 = 1500 < 2000: still collapsed, never recovers.
    const two = runScenario(queue(', timeout: 5m', '{service: d, at: 0m, for: 10m}', '{at: 20m, service: sv, do: scale, capacity: 2}'));
    expect(svc(two, 'sv').recoveredMinutes).toBeNull();
    // ×4 at 20: 600 × 5 = 3000 ≥ 2000: the collapse ends at 20; drains at 600 − 100 = 500/min,
    // 2000 / 500 = 4 min: up at 24.
    const four = runScenario(queue(', timeout: 5m', '{service: d, at: 0m, for: 10m}', '{at: 20m, service: sv, do: scale, capacity: 4}'));
    expect(svc(four, 'sv').collapse).toEqual({ startMinutes: 10, endMinutes: 20, endedBy: 'capacity added by operators', queued: { value: 2000, atMinutes: 20 } });
    expect(spans(four, 'sv')).toEqual([['down', 0, 10, 'dependency'], ['down', 10, 20, 'collapse'], ['degraded', 20, 24, 'backlog']]);
  });

  it('lets a service without a queue serve a surge', () => {
    // a surge ×2 on `a` (no queue) 0–60: s = 1 / 2 = 50 %, degraded (demand). Capacity doubled at
    // 20: s = min(1, 2 × 1 / 2) = 1, up at 20. Unserved minutes: 20 × 0.5 = 10.
    const r = runScenario(`services:
  a: {name: A}
scenarios:
  s:
    faults: [{service: a, at: 0m, for: 60m, demand: 2}]
    actions: [{at: 20m, service: a, do: scale, capacity: 2}]
`);
    expect(spans(r, 'a')).toEqual([['degraded', 0, 20, 'demand']]);
    expect(svc(r, 'a').unservedMinutes).toBe(10);
  });
});

describe('shed: operators move demand away', () => {
  it('turns a growing queue into a draining one', () => {
    // surge ×2 from 0, never ending: λ = 200 > μ = 150, B grows 50/min to 1000 at 20. Half of the
    // demand moved away at 20: λ = 200 × 0.5 = 100, drains at 50/min, 1000 / 50 = 20: up at 40.
    const r = runScenario(queue('', '{service: sv, at: 0m, demand: 2}', '{at: 20m, service: sv, do: shed, demand: 0.5}'));
    expect(spans(r, 'sv')).toEqual([['degraded', 0, 20, 'demand'], ['degraded', 20, 40, 'backlog']]);
    expect(svc(r, 'sv').backlogPeak!.value).toBe(1000);
  });

  it('counts from an event like any action', () => {
    // the same, shed 5 min after sv's first impact (at 0): at 5 B = 250, drains at 50/min: up at 10
    const r = runScenario(queue('', '{service: sv, at: 0m, demand: 2}', '{at: {after: sv impact, plus: 5m}, service: sv, do: shed, demand: 0.5}'));
    expect(svc(r, 'sv').recoveredMinutes).toBe(10);
  });
});

describe('validation', () => {
  const check = (actions: string) => {
    const res = buildCatalog([{ file: 't.yaml', bytes: new TextEncoder().encode(queue('', '', actions)) }]);
    return res.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.pos?.line]);
  };
  it('needs capacity for scale, demand for shed, and capacity above 0', () => {
    expect(check('{at: 1m, service: sv, do: scale}')).toEqual([['missing-field', 7]]);
    expect(check('{at: 1m, service: sv, do: shed}')).toEqual([['missing-field', 7]]);
    expect(check('{at: 1m, service: sv, do: scale, capacity: 0}')).toEqual([['invalid-value', 7]]);
  });
});

const arb = fc.record({
  arrival: fc.integer({ min: 10, max: 200 }),
  ratio: fc.double({ min: 1.1, max: 3, noNaN: true }),
  down: fc.integer({ min: 1, max: 60 }),
  at: fc.integer({ min: 0, max: 90 }),
  x1: fc.double({ min: 0.2, max: 4, noNaN: true }),
  dx: fc.double({ min: 0, max: 3, noNaN: true }),
  shed: fc.double({ min: 0, max: 1.5, noNaN: true }),
});

const yamlOf = (p: { arrival: number; ratio: number; down: number; at: number }, action: string) => `services:
  d: {name: D}
  sv: {name: Queue, dependsOn: [d], backlog: {arrival: ${p.arrival}/min, capacity: ${Math.round(p.arrival * p.ratio)}/min}}
  caller: {name: Caller, dependsOn: [{service: sv, needs: 0.9}]}
scenarios:
  s:
    faults: [{service: d, at: 0m, for: ${p.down}m}]
    actions: [${action}]
`;
const run = (yaml: string) => { const c = catalogOf(yaml); return simulate(prepareSimulation(c), { scenario: c.scenarios.get('s')! }); };

describe('scale and shed: properties (queues without collapse)', () => {
  it('more added capacity never recovers later; no NaN; every run ends', () => {
    fc.assert(fc.property(arb, (p) => {
      const a = run(yamlOf(p, `{at: ${p.at}m, service: sv, do: scale, capacity: ${p.x1}}`));
      const b = run(yamlOf(p, `{at: ${p.at}m, service: sv, do: scale, capacity: ${p.x1 + p.dx}}`));
      const ra = svc(a, 'sv').recoveredMinutes;
      const rb = svc(b, 'sv').recoveredMinutes;
      if (ra !== null) { expect(rb).not.toBeNull(); expect(rb!).toBeLessThanOrEqual(ra + 1e-6); }
      for (const r of [a, b]) for (const s of r.services) for (const iv of s.intervals) expect(Number.isNaN(iv.start)).toBe(false);
    }), { numRuns: 80 });
  });

  it('scale to 1 and shed to 1 change no state', () => {
    fc.assert(fc.property(arb, (p) => {
      const none = run(yamlOf(p, ''));
      for (const act of [`{at: ${p.at}m, service: sv, do: scale, capacity: 1}`, `{at: ${p.at}m, service: sv, do: shed, demand: 1}`]) {
        const one = run(yamlOf(p, act));
        for (const id of ['sv', 'caller']) expect(spans(one, id).map((x) => x.slice(0, 3))).toEqual(spans(none, id).map((x) => x.slice(0, 3)));
      }
    }), { numRuns: 60 });
  });

  it('shedding more demand never recovers later', () => {
    fc.assert(fc.property(arb, (p) => {
      const a = run(yamlOf(p, `{at: ${p.at}m, service: sv, do: shed, demand: ${p.shed + 0.2}}`));
      const b = run(yamlOf(p, `{at: ${p.at}m, service: sv, do: shed, demand: ${p.shed}}`));
      const ra = svc(a, 'sv').recoveredMinutes;
      const rb = svc(b, 'sv').recoveredMinutes;
      if (ra !== null) { expect(rb).not.toBeNull(); expect(rb!).toBeLessThanOrEqual(ra + 1e-6); }
    }), { numRuns: 60 });
  });
});
