/**
 * Curves derived from the log (src/engine/curves.ts) are the curves the fraction layer
 * records as it goes: for every bundled scenario, every service failed alone and random
 * catalogs (cycles, groups, queues, warm-ups), each service's curve points and unserved
 * minutes are the same, bit for bit, as with every curve recorded during the run; and the
 * labels (the transition log, impacts and recoveries) are the same whether the services the
 * three-state rules decide alone take the plain step (plain.ts) or the general evaluation.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadCatalog } from '../../src/catalog/load.js';
import { buildModel, prepareSimulation, run, type Model } from '../../src/engine/index.js';
import type { RunOutcome } from '../../src/engine/simulate.js';
import { curveEager } from '../../src/engine/curves.js';
import { trialSeed } from '../../src/engine/rng.js';
import { shapeArb } from '../analysis/random-catalog.js';
import { catalogOf, cyclicModel, failureModel, runScenario, svc } from './helpers.js';
import { specArb } from './cyclic-catalog.js';

/**
 * Each service's curve points, in the order recorded. `unservedFirst`: the result's unserved
 * minutes are read before its curves (derived alone first, then the points: outcome.ts).
 */
function perService(model: Model, v: Float64Array, recordAll: boolean, unservedFirst = false): { points: number[][][]; unserved: number[] } {
  const o = run(model, v, { recordAll });
  const early = unservedFirst ? Array.from(o.unserved) : null;
  const points: number[][][] = Array.from({ length: model.graph.n }, () => []);
  const c = o.curves;
  for (let k = 0; k < c.length; k++) points[c.service[k]!]!.push([c.time[k]!, c.capacity[k]!, c.served[k]!]);
  const unserved = Array.from(o.unserved);
  // reading the curves afterwards leaves the minutes as they were
  if (early) early.forEach((x, i) => expect(Object.is(x, unserved[i])).toBe(true));
  return { points, unserved };
}

/** What a run decided for the labels: its log and the per-service times. */
function labels(o: RunOutcome): unknown {
  const l = o.log;
  return {
    log: [Array.from(l.time.subarray(0, l.length)), Array.from(l.service.subarray(0, l.length)), Array.from(l.state.subarray(0, l.length)),
      Array.from(l.causeKind.subarray(0, l.length)), Array.from(l.causeService.subarray(0, l.length))],
    impactStart: Array.from(o.impactStart), recovered: Array.from(o.recovered), impaired: Array.from(o.impaired), worst: Array.from(o.worst),
    affected: o.affected, fullRecovery: o.fullRecovery, horizon: o.horizon,
  };
}

function same(model: Model, v: Float64Array): void {
  const a = perService(model, v, false);
  const b = perService(model, v, true);
  expect(a.points).toEqual(b.points);
  // toEqual treats +0 and -0 alike; Object.is does not
  a.unserved.forEach((x, i) => expect(Object.is(x, b.unserved[i]), `unserved of service ${i}: ${x} vs ${b.unserved[i]}`).toBe(true));
  // the same with the unserved minutes read first
  const u = perService(model, v, false, true);
  expect(u.points).toEqual(b.points);
  u.unserved.forEach((x, i) => expect(Object.is(x, b.unserved[i]), `unserved of service ${i} read first: ${x} vs ${b.unserved[i]}`).toBe(true));
  // the plain step (plain.ts) decides what the general evaluation decides: recordAll runs the
  // general evaluation for every service; with curves or without, the plain step runs for some
  const general = labels(run(model, v, { recordAll: true }));
  expect(labels(run(model, v))).toEqual(general);
  expect(labels(run(model, v, { curves: false }))).toEqual(general);
}

describe('derived curves equal recorded curves', () => {
  for (const dir of ['catalogs/aws-us-east-1', 'catalogs/example-shop', 'catalogs/example-regions', 'catalogs/incidents/2021-10-04-facebook-bgp', 'catalogs/incidents/2021-10-28-roblox-consul']) {
    it(`${dir}: every scenario (medians and 10 draws), every service failed alone`, () => {
      const { catalog } = loadCatalog(dir);
      const prep = prepareSimulation(catalog!);
      for (const sc of catalog!.scenarios.values()) {
        const model = buildModel(prep, { scenario: sc });
        same(model, model.params.medians());
        const v = new Float64Array(model.params.slots.length);
        for (let k = 0; k < 10; k++) { model.params.sample(trialSeed(3, k), v); same(model, v); }
      }
      for (const id of catalog!.services.keys()) {
        const model = buildModel(prep, { fail: [id], forMinutes: 60 });
        same(model, model.params.medians());
      }
    }, 120_000);
  }

  it('random catalogs (hard, soft, async, groups, failOn, cycles)', () => {
    fc.assert(
      fc.property(shapeArb({ maxServices: 9 }), fc.nat(), fc.integer({ min: 1, max: 120 }), (shape, src, dur) => {
        const model = failureModel(shape, src, dur);
        same(model, model.params.medians());
      }),
      { numRuns: 300 },
    );
  }, 120_000);

  it('random catalogs with warm-ups and queues, cycles of every type', () => {
    fc.assert(
      fc.property(specArb(true), (spec) => {
        const model = cyclicModel(spec);
        same(model, model.params.medians());
      }),
      { numRuns: 100 },
    );
  }, 120_000);
});

describe('a curve derived from the state alone', () => {
  // db fails from minute 10 to 40. api needs db (hard): down 10..40, capacity 0.
  // web uses api softly: degraded 10..40 at the default degraded capacity 0.5.
  // Unserved minutes: api 30 × (1 − 0) = 30; web 30 × (1 − 0.5) = 15.
  const yaml = `
services:
  db: {name: DB}
  api: {name: API, dependsOn: [db]}
  web: {name: Web, dependsOn: [{service: api, type: soft}]}
scenarios:
  s: {faults: [{service: db, at: 10m, for: 30m}]}
`;
  it('is recorded lazily and reads as steps at the state changes', () => {
    const c = catalogOf(yaml);
    const model = buildModel(prepareSimulation(c), { scenario: c.scenarios.get('s')! });
    expect(Array.from(curveEager(model))).toEqual([0, 0, 0]);
    const r = runScenario(yaml);
    expect(svc(r, 'api').capacity).toEqual([
      { minute: 10, capacity: 1, served: 1 }, { minute: 10, capacity: 0, served: 0 },
      { minute: 40, capacity: 0, served: 0 }, { minute: 40, capacity: 1, served: 1 },
    ]);
    expect(svc(r, 'web').capacity).toEqual([
      { minute: 10, capacity: 1, served: 1 }, { minute: 10, capacity: 0.5, served: 0.5 },
      { minute: 40, capacity: 0.5, served: 0.5 }, { minute: 40, capacity: 1, served: 1 },
    ]);
    expect(svc(r, 'api').unservedMinutes).toBe(30);
    expect(svc(r, 'web').unservedMinutes).toBe(15);
    expect(svc(r, 'db').unservedMinutes).toBe(30);
  });

  it('reads the same when the unserved minutes are read before the curves, services impaired at the end included', () => {
    // db fails at minute 0 for good: api down from 0 (capacity 1 → 0), web degraded from 0
    // (1 → 0.5); neither recovers, so their unserved minutes are Infinity, and each curve has
    // the two points of its one change. Reading the minutes first leaves each service at its
    // last capacity (0, 0.5); the points must still start from 1.
    const c = catalogOf(yaml);
    const model = buildModel(prepareSimulation(c), { fail: ['db'], forMinutes: null });
    const o = run(model, model.params.medians());
    const ids = [...c.services.keys()];
    const api = ids.indexOf('api');
    const web = ids.indexOf('web');
    expect(o.unserved[api]).toBe(Infinity);
    expect(o.unserved[web]).toBe(Infinity);
    const points = (i: number): number[][] => {
      const out: number[][] = [];
      for (let k = 0; k < o.curves.length; k++) if (o.curves.service[k] === i) out.push([o.curves.time[k]!, o.curves.capacity[k]!, o.curves.served[k]!]);
      return out;
    };
    expect(points(api)).toEqual([[0, 1, 1], [0, 0, 0]]);
    expect(points(web)).toEqual([[0, 1, 1], [0, 0.5, 0.5]]);
  });

  it('is recorded as the run goes where a queue, a throttle or an edge capacity is involved', () => {
    const c = catalogOf(`
services:
  db: {name: DB}
  api: {name: API, dependsOn: [{service: db, type: soft, capacity: 0.2}]}
  q: {name: Q, backlog: {arrival: 10/min, capacity: 20/min}, dependsOn: [db]}
  web: {name: Web}
scenarios:
  s:
    faults: [{service: db, at: 10m, for: 30m}]
    actions: [{service: web, do: throttle, at: 5m, rate: 5/min}, {service: web, do: relax, at: 50m}]
`);
    const model = buildModel(prepareSimulation(c), { scenario: c.scenarios.get('s')! });
    expect(Array.from(curveEager(model))).toEqual([0, 2, 2, 2]);
  });
});
