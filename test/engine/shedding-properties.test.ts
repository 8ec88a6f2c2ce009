/**
 * Properties of load shedding (docs/model.md, "Load shedding and panic mode") on random catalogs
 * (fast-check), through the real YAML path: shedding never makes the shedding service recover
 * later than without it, nor does engaging it sooner, or a delayed one at all, unless that makes it
 * collapse more often (the breaker closed between two overloads); work is conserved (arrived = served +
 * shed once the queue has drained); results hold no NaN and no negative time; every run ends.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { expectSane, runScenario, svc } from './helpers.js';
import type { SimulationResult } from '../../src/engine/index.js';

interface Spec {
  arrival: number;
  extra: number;
  timeout: number;
  retry: number;
  mitigation: number | null;
  edge: { soft: boolean; capacity: number };
  fault: number;
  surge: { at: number; for: number; demand: number } | null;
  /** u, the dependent: hard or soft, with or without a queue of its own. */
  u: { soft: boolean; queue: { arrival: number; extra: number; timeout: number; mitigation: number } | null };
}

const specArb: fc.Arbitrary<Spec> = fc.record({
  arrival: fc.integer({ min: 1, max: 200 }),
  extra: fc.integer({ min: 1, max: 200 }),
  timeout: fc.integer({ min: 1, max: 30 }),
  retry: fc.integer({ min: 1, max: 3 }),
  mitigation: fc.option(fc.integer({ min: 0, max: 120 })),
  edge: fc.record({ soft: fc.boolean(), capacity: fc.integer({ min: 0, max: 10 }).map((x) => x / 10) }),
  fault: fc.integer({ min: 1, max: 90 }),
  surge: fc.option(fc.record({ at: fc.integer({ min: 0, max: 60 }), for: fc.integer({ min: 1, max: 60 }), demand: fc.integer({ min: 11, max: 40 }).map((x) => x / 10) })),
  u: fc.record({ soft: fc.boolean(), queue: fc.option(fc.record({ arrival: fc.integer({ min: 1, max: 100 }), extra: fc.integer({ min: 1, max: 100 }), timeout: fc.integer({ min: 1, max: 30 }), mitigation: fc.integer({ min: 0, max: 60 }) })) }),
});

/** dep fails 0 → fault; q (the queue under test) depends on it; u depends on q. */
function yaml(s: Spec, shedding: string): string {
  const mit = s.mitigation === null ? '' : `, mitigation: ${s.mitigation}m`;
  const uq = s.u.queue ? `, backlog: {arrival: ${s.u.queue.arrival}/min, capacity: ${s.u.queue.arrival + s.u.queue.extra}/min, timeout: ${s.u.queue.timeout}m, mitigation: ${s.u.queue.mitigation}m}` : '';
  const surge = s.surge ? `\n      - {service: q, at: ${s.surge.at}m, for: ${s.surge.for}m, demand: ${s.surge.demand}}` : '';
  return `services:
  dep: {name: Dep}
  q:
    name: Q
    dependsOn: [{service: dep, type: ${s.edge.soft ? 'soft' : 'hard'}, capacity: ${s.edge.capacity}}]
    backlog: {arrival: ${s.arrival}/min, capacity: ${s.arrival + s.extra}/min, timeout: ${s.timeout}m, retry: ${s.retry}${mit}${shedding}}
  u: {name: U, dependsOn: [{service: q, type: ${s.u.soft ? 'soft' : 'hard'}}]${uq}}
scenarios:
  s:
    faults:
      - {service: dep, at: 0m, for: ${s.fault}m}${surge}
`;
}

/** How many times q collapsed (its intervals down with cause collapse). */
const collapses = (r: SimulationResult): number => svc(r, 'q').intervals.filter((x) => x.cause.kind === 'collapse').length;

const rec = (r: SimulationResult, id: string): number => svc(r, id).recoveredMinutes ?? (svc(r, id).recovered ? 0 : Infinity);

function sane(r: SimulationResult): void {
  expectSane(r);
  for (const s of r.services) {
    const w = s.shedding;
    if (w) for (const x of [w.arrived, w.served, w.shed]) { expect(Number.isNaN(x)).toBe(false); expect(x).toBeGreaterThanOrEqual(-1e-6); }
  }
}

/** arrived = served + shed for a queue that has drained (no cap: nothing else leaves it). */
function conserved(r: SimulationResult): void {
  const q = svc(r, 'q');
  const w = q.shedding!;
  if (!q.recovered) return;
  expect(Math.abs(w.arrived - w.served - w.shed)).toBeLessThanOrEqual(0.01 + 1e-9 * w.arrived);
}

/** Runs per property; FC_NUM_RUNS overrides it for a longer local search. */
const RUNS = Number(process.env.FC_NUM_RUNS) || 150;

describe('load shedding properties', () => {
  it('shedding never makes the shedding service recover later; conserved; no NaN; every run ends', () => {
    fc.assert(
      fc.property(specArb, (s) => {
        const none = runScenario(yaml(s, ''));
        const now = runScenario(yaml(s, ', shedding: true'));
        sane(none);
        sane(now);
        conserved(now);
        expect(rec(now, 'q')).toBeLessThanOrEqual(rec(none, 'q') + 1e-6);
      }),
      { numRuns: RUNS },
    );
  });

  // "Engaging sooner (or at all) never recovers later" does not hold in general: the breaker
  // closes when the queue has drained, so a shorter `after` can close it before a second overload,
  // which then collapses and waits `after` again, where a longer one is still engaged and sheds it,
  // or where no shedding still has its mitigation throttle in place (it too lifts only once the
  // queue has drained) (docs/model.md, "Load shedding and panic mode"; both worked in
  // shedding-breaker.test.ts). It holds where the sooner run does not collapse more often.
  it('a delayed shedding conserves work, and recovers no later than a later one or none that collapses as often', () => {
    fc.assert(
      fc.property(specArb, fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 60 }), (s, a, b) => {
        const [d1, d2] = a <= b ? [a, b] : [b, a];
        const r1 = runScenario(yaml(s, `, shedding: {after: ${d1}m}`));
        const r2 = runScenario(yaml(s, `, shedding: {after: ${d2}m}`));
        const none = runScenario(yaml(s, ''));
        sane(r1);
        sane(r2);
        conserved(r1);
        conserved(r2);
        if (collapses(r1) <= collapses(none)) expect(rec(r1, 'q')).toBeLessThanOrEqual(rec(none, 'q') + 1e-6);
        if (collapses(r2) <= collapses(none)) expect(rec(r2, 'q')).toBeLessThanOrEqual(rec(none, 'q') + 1e-6);
        if (collapses(r1) <= collapses(r2)) expect(rec(r1, 'q')).toBeLessThanOrEqual(rec(r2, 'q') + 1e-6);
      }),
      { numRuns: RUNS },
    );
  });

  it('shedding: {after: 0m} is shedding: true', () => {
    fc.assert(
      fc.property(specArb, (s) => {
        const a = runScenario(yaml(s, ', shedding: true'));
        const b = runScenario(yaml(s, ', shedding: {after: 0m}'));
        expect(b.services).toEqual(a.services);
      }),
      { numRuns: Number(process.env.FC_NUM_RUNS) || 50 },
    );
  });

  // Not a theorem: a queue that collapses on a degraded dependency but drains behind a down one
  // (docs/model.md, "Monotonicity, and where it ends") could in principle make u recover later
  // when q sheds (degraded) instead of collapsing (down). 3,000 random cases found none: while q
  // is collapsed u's queue only grows, and q passes through degraded before up either way.
  it('never makes any service recover later, the dependent with or without a queue of its own', () => {
    fc.assert(
      fc.property(specArb, (s) => {
        const none = runScenario(yaml(s, ''));
        const now = runScenario(yaml(s, ', shedding: true'));
        for (const id of ['dep', 'q', 'u']) expect(rec(now, id)).toBeLessThanOrEqual(rec(none, id) + 1e-6);
        expect(now.fullRecoveryMinutes ?? Infinity).toBeLessThanOrEqual((none.fullRecoveryMinutes ?? Infinity) + 1e-6);
      }),
      { numRuns: RUNS },
    );
  });
});
