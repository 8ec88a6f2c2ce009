/**
 * Staged recovery (docs/model.md, "Staged recovery"): capacity returning linearly after a
 * restart, a queue draining against the ramp (closed form), and the cold-start factor.
 * Expected numbers are worked out in the comments.
 */
import { describe, expect, it } from 'vitest';
import { runScenario, spans, svc } from './helpers.js';
import { buildCatalog } from '../../src/catalog/build.js';

const loadCatalogText = (yaml: string) => buildCatalog([{ file: 'test.yaml', bytes: new TextEncoder().encode(yaml) }]);

const catalog = (actions: string) => `services:
  dep: {name: Dep}
  w: {name: W, dependsOn: [dep], restart: {units: 400, rate: 20/min, coldStart: 2}, backlog: {arrival: 50/min, capacity: 100/min}}
  u: {name: U, dependsOn: [{service: w, needs: 0.4}]}
scenarios:
  s:
    faults: [{service: dep, at: 0m, for: 10m}]
${actions}`;

describe('a staged restart', () => {
  it('under full load: capacity returns over units / rate × coldStart, the queue drains against the ramp', () => {
    // 400 units at 20/min = 20 min, × coldStart 2 under full load = 40 min: capacity
    // c(t) = (t − 10)/40 from 10 to 50, μ(t) = 100·c = 2.5(t − 10).
    // Queue: B(10) = 10 × 50 = 500. It grows while μ < λ = 50, until t = 30:
    //   B(30) = 500 + ∫₀²⁰ (50 − 2.5s) ds = 500 + 1000 − 500 = 1000 (the peak).
    // Then B(30 + s) = 1000 − 1.25 s² until the ramp ends at 50: B(50) = 1000 − 500 = 500,
    // drained at 100 − 50 = 50/min in 10 min: up at 60.
    // Served fraction μ/λ = (t − 10)/20: down below 5 % (until 11), then degraded (restart);
    // u needs 40 % of w: back when (t − 10)/20 = 0.4, at 18.
    const r = runScenario(catalog(''));
    expect(spans(r, 'w')).toEqual([['down', 0, 10, 'dependency'], ['down', 10, 11, 'restart'], ['degraded', 11, 50, 'restart'], ['degraded', 50, 60, 'backlog']]);
    expect(svc(r, 'w').backlogPeak).toEqual({ value: 1000, atMinutes: 30, unit: 'units of work' });
    expect(spans(r, 'u')).toEqual([['down', 0, 18, 'dependency']]);
    expect(svc(r, 'u').intervals[0]!.cause.detail).toBe('waiting for 40 % of W (it serves 0 %)');
    // the curve: straight lines between the points
    expect(svc(r, 'w').capacity).toEqual([
      { minute: 0, capacity: 1, served: 1 },
      { minute: 0, capacity: 0, served: 0 },
      { minute: 10, capacity: 0, served: 0 },
      { minute: 30, capacity: 0.5, served: 1 },
      { minute: 50, capacity: 1, served: 1 },
    ]);
    // unserved: 10 min at 0, then served (t − 10)/20 rising to 1 over 10..30: 10 + 20/2 = 20
    expect(svc(r, 'w').unservedMinutes).toBe(20);
    expect(r.fullRecoveryMinutes).toBe(60);
  });

  it('behind a throttle it warms at the plain pace and recovers sooner', () => {
    // Throttled at 10 to its capacity (100/min): the restart takes 400/20 = 20 min,
    // c(t) = (t − 10)/20, μ = 5(t − 10), equal to λ = 50 at 20:
    //   B(20) = 500 + ∫₀¹⁰ (50 − 5s) ds = 500 + 500 − 250 = 750;
    //   B(20 + s) = 750 − 2.5 s² until 30: B(30) = 500; then 50/min: empty at 40,
    // where the throttle (no relax planned) lifts itself. 40 instead of 60 under full load.
    const r = runScenario(catalog('    actions: [{at: 10m, service: w, do: throttle, rate: 100/min}]\n'));
    expect(svc(r, 'w').backlogPeak).toEqual({ value: 750, atMinutes: 20, unit: 'units of work' });
    expect(svc(r, 'w').recoveredMinutes).toBe(40);
    // u needs 40 %: μ/λ = (t − 10)/10 reaches 0.4 at 14
    expect(spans(r, 'u')).toEqual([['down', 0, 14, 'dependency']]);
  });

  it('a service without a queue follows the ramp, and a dependent that scales with it too', () => {
    // a restarts over 100/10 = 10 min (coldStart 1) from 5 to 15: capacity (t − 5)/10;
    // b scales 1 on a: the same line; unserved for each: 5 (down) + 10/2 = 10 minutes
    const r = runScenario(`services:
  a: {name: A, restart: {units: 100, rate: 10/min}}
  b: {name: B, dependsOn: [{service: a, scales: true}]}
scenarios:
  s:
    faults: [{service: a, at: 0m, for: 5m}]
`);
    expect(svc(r, 'a').recoveredMinutes).toBe(15);
    expect(svc(r, 'b').recoveredMinutes).toBe(15);
    expect(svc(r, 'a').unservedMinutes).toBe(10);
    expect(svc(r, 'b').unservedMinutes).toBe(10);
  });
});

describe('a staged restart stated by its duration (restart: {units, over})', () => {
  const yaml = (restart: string) => `services:
  dep: {name: Dep}
  a: {name: A, dependsOn: [dep], restart: ${restart}}
scenarios:
  s:
    faults: [{service: dep, at: 0m, for: 10m}]
`;

  it('over: 20m is the same ramp as units / rate = 100 / (5/min) = 20 min', () => {
    // capacity (t − 10)/20 from 10 to 30; served = capacity (no queue): down below 5 % until
    // 10 + 0.05 × 20 = 11, back at 30.
    for (const restart of ['{units: 100, over: 20m}', '{units: 100, rate: 5/min}']) {
      const r = runScenario(yaml(restart));
      expect(svc(r, 'a').recoveredMinutes, restart).toBe(30);
      expect(svc(r, 'a').capacity, restart).toEqual([
        { minute: 0, capacity: 1, served: 1 },
        { minute: 0, capacity: 0, served: 0 },
        { minute: 10, capacity: 0, served: 0 },
        { minute: 30, capacity: 1, served: 1 },
      ]);
    }
  });

  it('over: {prior: restart-service} takes the prior median, 5 min (docs/model.md, "Priors")', () => {
    expect(svc(runScenario(yaml('{units: 100, over: {prior: restart-service}}')), 'a').recoveredMinutes).toBe(15);
  });

  it('refuses a restart with both rate and over, or neither, at the restart key', () => {
    for (const restart of ['{units: 100, rate: 5/min, over: 20m}', '{units: 100}']) {
      const { diagnostics } = loadCatalogText(yaml(restart));
      const d = diagnostics.find((x) => x.severity === 'error');
      expect(d?.message, restart).toMatch(/exactly one of rate .* and over/);
      expect(d?.pos?.line, restart).toBe(3);
    }
  });
});
