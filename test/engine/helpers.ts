/** Builds real catalogs from YAML text for engine tests. */
import { expect } from 'vitest';
import { buildCatalog } from '../../src/catalog/build.js';
import type { Catalog } from '../../src/catalog/model.js';
import { buildModel, prepareSimulation, simulate, type Model, type SimulationResult } from '../../src/engine/index.js';
import { catalogFromShape, type CatalogShape } from '../analysis/random-catalog.js';
import { toYaml, type Spec as CyclicSpec } from './cyclic-catalog.js';

export function catalogOf(yaml: string): Catalog {
  const res = buildCatalog([{ file: 'test.yaml', bytes: new TextEncoder().encode(yaml) }]);
  if (!res.catalog) throw new Error(`test catalog invalid:\n${res.diagnostics.map((d) => `${d.pos?.line}:${d.pos?.col} ${d.code} ${d.message}`).join('\n')}`);
  return res.catalog;
}

/** The result of a scenario of a catalog written in YAML; every result is checked by expectSane. */
export function runScenario(yaml: string, scenario = 's'): SimulationResult {
  const c = catalogOf(yaml);
  const r = simulate(prepareSimulation(c), { scenario: c.scenarios.get(scenario)! });
  expectSane(r);
  return r;
}

export function svc(r: SimulationResult, id: string) {
  const s = r.services.find((x) => x.id === id);
  if (!s) throw new Error(`no ${id}`);
  return s;
}

/** [state, start, end, cause kind] of each interval, for compact assertions. */
export const spans = (r: SimulationResult, id: string): Array<[string, number, number | null, string]> =>
  svc(r, id).intervals.map((i) => [i.state, i.start, i.end, i.cause.kind]);

/**
 * The model of one random property case of the engine tests that compare two ways of running
 * it (curves.test.ts, equivalence.test.ts): a random catalog (hard, soft, async, groups,
 * failOn, cycles) with service `src` (mod its size) failed for `dur` minutes.
 */
export function failureModel(shape: CatalogShape, src: number, dur: number): Model {
  const catalog = catalogFromShape(shape);
  const ids = [...catalog.services.keys()];
  return buildModel(prepareSimulation(catalog), { fail: [ids[src % ids.length]!], forMinutes: dur });
}

/** The model of a random catalog with warm-ups, queues and cycles of every type (cyclic-catalog.ts), its scenario `s`. */
export function cyclicModel(spec: CyclicSpec): Model {
  const c = catalogOf(toYaml(spec, false));
  return buildModel(prepareSimulation(c), { scenario: c.scenarios.get('s')! });
}

/**
 * The checks every property test of a mechanism makes of a result: a finite horizon, no negative
 * or reversed interval, capacity and served fractions within [0, 1] with no NaN, non-negative
 * unserved and recovery minutes, finite queue peaks.
 */
export function expectSane(r: SimulationResult): void {
  expect(Number.isFinite(r.horizonMinutes)).toBe(true);
  for (const s of r.services) {
    for (const i of s.intervals) {
      expect(i.start).toBeGreaterThanOrEqual(0);
      if (i.end !== null) expect(i.end).toBeGreaterThanOrEqual(i.start);
    }
    for (const p of s.capacity ?? []) {
      expect(Number.isNaN(p.minute) || Number.isNaN(p.capacity) || Number.isNaN(p.served)).toBe(false);
      expect(p.minute).toBeGreaterThanOrEqual(0);
      expect(p.capacity).toBeGreaterThanOrEqual(0);
      expect(p.capacity).toBeLessThanOrEqual(1);
      expect(p.served).toBeGreaterThanOrEqual(0);
      expect(p.served).toBeLessThanOrEqual(1);
    }
    if (s.unservedMinutes !== null) expect(s.unservedMinutes).toBeGreaterThanOrEqual(0);
    if (s.recoveredMinutes !== null) expect(s.recoveredMinutes).toBeGreaterThanOrEqual(0);
    if (s.backlogPeak) expect(Number.isFinite(s.backlogPeak.value)).toBe(true);
    // intervals in time order, apart; impaired minutes their sum; affected exactly when impaired
    for (let k = 1; k < s.intervals.length; k++) expect(s.intervals[k]!.start).toBeGreaterThanOrEqual(s.intervals[k - 1]!.end ?? Infinity);
    // (a service still taking turns when the run stopped never recovers, whatever its last interval)
    const open = s.intervals.some((i) => i.end === null);
    const turns = (r.oscillating ?? []).some((o) => o.services.includes(s.id));
    if (!open && !turns) expect(s.impairedMinutes).toBeCloseTo(s.intervals.reduce((a, i) => a + (i.end! - i.start), 0), 2);
    expect(s.impactStartMinutes === null).toBe(s.intervals.length === 0);
    if (s.impactStartMinutes !== null) {
      expect(s.impactStartMinutes).toBe(s.intervals[0]!.start);
      if (!turns) expect(s.recovered).toBe(!open);
      if (s.recoveredMinutes !== null) expect(s.recoveredMinutes).toBe(s.intervals[s.intervals.length - 1]!.end);
    }
    // a collapse ends after it begins, and its queue is one the run reached, within it
    const c = s.collapse;
    if (c) {
      if (c.endMinutes !== null) expect(c.endMinutes).toBeGreaterThanOrEqual(c.startMinutes);
      expect(c.queued).toBeDefined();
      expect(c.queued!.value).toBeLessThanOrEqual(s.backlogPeak!.value);
      expect(c.queued!.atMinutes).toBeGreaterThanOrEqual(c.startMinutes);
      if (c.endMinutes !== null) expect(c.queued!.atMinutes).toBeLessThanOrEqual(c.endMinutes);
    }
  }
  for (const f of r.faults) if (f.untilMinutes !== null) expect(f.untilMinutes).toBeGreaterThanOrEqual(f.atMinutes);
  // the count of affected services and the time to full recovery agree with the services
  const shown = r.services.filter((s) => s.impactStartMinutes !== null);
  expect(r.affected).toBe(shown.length);
  const counted = shown.filter((s) => !s.partial);
  if (r.fullRecoveryMinutes !== null) {
    expect(counted.every((s) => s.recovered)).toBe(true);
    expect(r.fullRecoveryMinutes).toBeCloseTo(Math.max(0, ...counted.map((s) => s.recoveredMinutes!)), 6);
  } else expect(counted.some((s) => !s.recovered)).toBe(true);
}

/** Two queues waiting on each other through an async edge, A behind a trigger t (repeat tests: they take turns for ever). */
export const TWO_QUEUES = `
services:
  t: {name: Trigger, tier: 0}
  a:
    name: Queue A
    tier: 1
    dependsOn: [t, {service: b, type: async}]
    backlog: {arrival: 100/min, capacity: 150/min, timeout: 10m, retry: 1, cap: 240}
  b:
    name: Queue B
    tier: 1
    dependsOn: [{service: a, type: async}]
    backlog: {arrival: 100/min, capacity: 150/min, timeout: 18m, retry: 1}
`;

/**
 * An origin that restarts at 10 (100 units at 10/min, 2× slower under full load: 20 min to full
 * capacity) while the CDN in front of it comes back cold (hit ratio 0.9, refilled over 15 min):
 * its served fraction c/d rises and is convex (chord tests). `cells` adds lines under the origin
 * (e.g. cells with a gradual failover).
 */
export const coldRestart = (cells = ''): string => `services:
  origin:
    name: Origin
${cells}    restart: {units: 100, rate: 10/min, coldStart: 2}
  cdn:
    name: CDN
    dependsOn:
      - {service: origin, type: soft, fill: {hitRatio: 0.9, warm: 15m, share: 1}}
scenarios:
  s:
    faults: [{service: origin, at: 0m, for: 10m}, {service: cdn, at: 0m, for: 10m}]
`;
