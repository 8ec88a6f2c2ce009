/**
 * Every wake-up is strictly later than the instant that schedules it (docs/model.md,
 * "Termination"): a delay that floating point absorbs into now (below half an ulp of the
 * time, 3.6e-12 min past minute 32 768) lands on the next representable time instead of
 * now. The catalogs here place their events past minute 32 768 to make that happen.
 */
import { describe, expect, it } from 'vitest';
import { catalogOf } from './helpers.js';
import { buildModel, prepareSimulation, run } from '../../src/engine/index.js';
import type { RunOutcome } from '../../src/engine/simulate.js';

function runYaml(yaml: string): { out: RunOutcome; id: (s: string) => number } {
  const c = catalogOf(yaml);
  const model = buildModel(prepareSimulation(c), { scenario: c.scenarios.get('s')! });
  return { out: run(model, model.params.medians()), id: (s) => model.graph.index.get(s)! };
}

/** One ulp at t in [2^15, 2^16): 2^15 × 2^-52. */
const ULP = 2 ** -37;
const TINY = '0.000000000001m'; // 1e-12 min: absorbed into any time past minute 2^14

describe('wake-ups land strictly after the instant that schedules them', () => {
  it('a `needs` crossing that rounding puts a hair short is looked at the next instant, not now for ever', () => {
    // db is down 32 768.37 – 32 769.37, then restarts 1 unit at 2000/min: capacity (and served
    // fraction) 2000 × (t − 32 769.37), full at + 0.0005 min. api needs 80 % of it: up at
    // 32 769.37 + 0.8 / 2000 = 32 769.3704. At that wake-up db's served fraction, computed from
    // the rounded time, is 0.8 − 5.7e-9 (the nearest double to 32 769.3704 is 2.8e-12 short):
    // below the need by more than the 1e-9 tolerance, so api looks again after
    // 5.7e-9 / 2000 = 2.8e-12 min, less than half an ulp (3.6e-12). Scheduled at now, that
    // wake-up repeated in the same minute until the termination guard stopped the run; it is
    // now one ulp later, where db serves 0.8 + 8.9e-9.
    const { out, id } = runYaml(`
services:
  db: {name: DB, restart: {units: 1, rate: 2000/min}}
  api: {name: API, dependsOn: [{service: db, needs: 0.8}]}
scenarios:
  s: {faults: [{service: db, at: 32768.37m, for: 1m}]}
`);
    expect(out.recovered[id('api')]).toBeGreaterThan(32769.3704 - 2 * ULP);
    expect(out.recovered[id('api')]).toBeLessThan(32769.3704 + 2 * ULP);
    expect(out.recovered[id('db')]).toBeCloseTo(32769.3705, 9);
    expect(out.events).toBeLessThan(20);
  });

  it('a warm-up absorbed into now ends at the next representable time', () => {
    // fault ends at 32 769; a 1e-12 min warm-up: warming until 32 769 + 1 ulp (it used to end
    // "at 32 769", which is not after 32 769: no warm-up at all)
    const { out, id } = runYaml(`
services:
  db: {name: DB, recovery: {time: ${TINY}}}
scenarios:
  s: {faults: [{service: db, at: 32768m, for: 1m}]}
`);
    expect(out.recovered[id('db')]).toBe(32769 + ULP);
  });

  it('a staged restart whose length is absorbed ends at the next representable time', () => {
    const { out, id } = runYaml(`
services:
  db: {name: DB, restart: {units: 1, over: ${TINY}}}
scenarios:
  s: {faults: [{service: db, at: 32768m, for: 1m}]}
`);
    expect(out.recovered[id('db')]).toBe(32769 + ULP);
  });

  it('a crash loop attempt absorbed into now comes at the next representable time', () => {
    // jittered backoff: the wait is half the backoff in progress (the median draw), 0.5e-12 min
    const { out, id } = runYaml(`
services:
  db: {name: DB, crashLoop: {base: ${TINY}, cap: ${TINY}, jitter: true}}
scenarios:
  s: {faults: [{service: db, at: 32768m, for: 1m}]}
`);
    expect(out.recovered[id('db')]).toBe(32769 + ULP);
  });

  it('a relax whose ramp is absorbed lifts the throttle at the next representable time', () => {
    // q is throttled from minute 10 (degraded: throttle) and relaxed at 32 769 over 1e-12 min
    const { out, id } = runYaml(`
services:
  q: {name: Q, backlog: {arrival: 10/min, capacity: 20/min}}
scenarios:
  s:
    faults: []
    actions:
      - {service: q, do: throttle, at: 10m, rate: 15/min}
      - {service: q, do: relax, at: 32769m, over: ${TINY}}
`);
    expect(out.impactStart[id('q')]).toBe(10);
    expect(out.recovered[id('q')]).toBe(32769 + ULP);
  });
});
