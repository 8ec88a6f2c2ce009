/**
 * The slow-start trap (docs/model.md, "Slow-start trap"): a staged restart whose health check
 * removes units still warming. Expected numbers are worked out by hand in the comments.
 */
import { describe, expect, it } from 'vitest';
import { catalogOf, runScenario, spans, svc } from './helpers.js';
import { warmthAtGrace } from '../../src/engine/slowstart.js';
import { buildCatalog } from '../../src/catalog/build.js';

// w: queue (arrival 50/min, capacity 100/min); 400 units at 20/min = 20 min behind a throttle,
// × coldStart 2 = 40 min under full load. A unit warms over 3 min behind a throttle, 6 under
// full load; the health check judges it 3 min after it starts and needs 80 % of full speed:
// behind a throttle 3/3 = 100 % ≥ 80 % (passes), under full load 3/6 = 50 % < 80 % (removed).
const yaml = (healthCheck: string, actions: string) => `services:
  dep: {name: Dep}
  w: {name: W, dependsOn: [dep], restart: {units: 400, rate: 20/min, coldStart: 2${healthCheck}}, backlog: {arrival: 50/min, capacity: 100/min}}
  u: {name: U, dependsOn: [{service: w, needs: 0.4}]}
scenarios:
  s:
    faults: [{service: dep, at: 0m, for: 10m}]
${actions}`;
const HC = ', healthCheck: {threshold: 0.8, grace: 3m, warmup: 3m}';

describe('warmthAtGrace', () => {
  it('is grace / (warmup × factor), at most 1', () => {
    expect(warmthAtGrace(3, 3, 2)).toBe(0.5); // 3 / 6
    expect(warmthAtGrace(3, 3, 1)).toBe(1); // 3 / 3
    expect(warmthAtGrace(2, 10, 1)).toBeCloseTo(0.2, 12);
    expect(warmthAtGrace(2, 0, 5)).toBe(1); // nothing to warm
    expect(warmthAtGrace(0, 1, 1)).toBe(0);
  });
});

describe('the slow-start trap', () => {
  it('under full load every unit is removed before it is warm: capacity never returns', () => {
    // dep is back at 10; every unit starting under full load is at 50 % at its check: removed.
    // w stays at capacity 0 (down, cause restart) for good; its queue grows at 50/min.
    const r = runScenario(yaml(HC, ''));
    expect(spans(r, 'w')).toEqual([['down', 0, 10, 'dependency'], ['down', 10, null, 'restart']]);
    expect(svc(r, 'w').recovered).toBe(false);
    expect(svc(r, 'w').intervals[1]!.cause.detail).toBe(
      'slow-start trap: health checks remove hosts still warming under full load before they reach 80 % of full speed; capacity held at 0 % until the load is throttled',
    );
    expect(r.fullRecoveryMinutes).toBeNull();
  });

  it('a throttle ends the trap: the restart runs at the plain pace from then', () => {
    // Throttle at 40 (rate 100/min = capacity): units now pass, the ramp runs 40 → 60,
    // c(t) = (t − 40)/20, μ = 5(t − 40). B(40) = 40 × 50 = 2000 (blocked, then trapped).
    // μ = λ = 50 at 50: B(50) = 2000 + ∫₀¹⁰ (50 − 5s) ds = 2000 + 500 − 250 = 2250 (the peak).
    // B(50 + s) = 2250 − 2.5 s² to 60: 2250 − 250 = 2000; then 100 − 50 = 50/min: empty at 100,
    // where the throttle (no relax planned) lifts itself: up at 100.
    // Served μ/λ = (t − 40)/10: below 5 % until 40.5 (down, restart), then degraded behind
    // the throttle. u needs 40 %: (t − 40)/10 = 0.4 at 44.
    const r = runScenario(yaml(HC, '    actions: [{at: 40m, service: w, do: throttle, rate: 100/min}]\n'));
    expect(spans(r, 'w')).toEqual([['down', 0, 10, 'dependency'], ['down', 10, 40.5, 'restart'], ['degraded', 40.5, 100, 'throttle']]);
    expect(svc(r, 'w').backlogPeak).toEqual({ value: 2250, atMinutes: 50, unit: 'units of work' });
    expect(svc(r, 'w').recoveredMinutes).toBe(100);
    expect(spans(r, 'u')).toEqual([['down', 0, 44, 'dependency']]);
  });

  it('behind a throttle from the start there is no trap: the same as the plain restart', () => {
    // throttled at 10 (before the ramp starts, same instant): units pass; the numbers of the
    // plain throttled restart (test/engine/restart.test.ts): peak 750 at 20, up at 40; u at 14
    const act = '    actions: [{at: 10m, service: w, do: throttle, rate: 100/min}]\n';
    const r = runScenario(yaml(HC, act));
    const plain = runScenario(yaml('', act));
    expect(svc(r, 'w').recoveredMinutes).toBe(40);
    expect(svc(r, 'w').backlogPeak).toEqual({ value: 750, atMinutes: 20, unit: 'units of work' });
    expect(svc(r, 'u').recoveredMinutes).toBe(14);
    expect(r.services).toEqual(plain.services);
  });

  it('a grace long enough for a cold unit: no trap, the cold-start restart', () => {
    // grace 5m: under full load 5/6 ≈ 83 % ≥ 80 %: passes; the numbers of the cold restart:
    // up at 60, peak 1000 at 30 (restart.test.ts)
    const r = runScenario(yaml(', healthCheck: {threshold: 0.8, grace: 5m, warmup: 3m}', ''));
    expect(svc(r, 'w').recoveredMinutes).toBe(60);
    expect(svc(r, 'w').backlogPeak).toEqual({ value: 1000, atMinutes: 30, unit: 'units of work' });
  });

  it('a service without a queue is trapped too, and a throttle cannot hold on it without a relax planned', () => {
    // a: restart over 10 min, coldStart 3, unit warm-up 2 min, grace 1 min, threshold 0.4:
    // full load 1/6 ≈ 17 % < 40 % (trapped); behind a throttle 1/2 = 50 % (passes).
    // Without a queue a throttle with no relax lifts at once (docs/model.md, "Throttles"), so
    // the operators throttle at 20 and relax at 30 over 0: the ramp runs 20 → 30: up at 30.
    // Served (t − 20)/10: down until 20.5; then degraded, named after the throttle (the
    // three-state cause wins when the fraction label is no worse: docs/model.md, "Labels").
    const r = runScenario(`services:
  a: {name: A, restart: {units: 100, rate: 10/min, coldStart: 3, healthCheck: {threshold: 0.4, grace: 1m, warmup: 2m}}}
scenarios:
  s:
    faults: [{service: a, at: 0m, for: 5m}]
    actions:
      - {at: 20m, service: a, do: throttle, rate: 1/min}
      - {at: 30m, service: a, do: relax, over: 0m}
`);
    expect(spans(r, 'a')).toEqual([['down', 0, 5, 'fault'], ['down', 5, 20.5, 'restart'], ['degraded', 20.5, 30, 'throttle']]);
    expect(svc(r, 'a').recoveredMinutes).toBe(30);
  });

  it('validates: threshold in [0, 1], grace and warmup required, each reported at its line', () => {
    const errors = (hc: string) =>
      buildCatalog([{ file: 't.yaml', bytes: new TextEncoder().encode(`services:\n  a:\n    name: A\n    restart:\n      units: 1\n      rate: 1/min\n      healthCheck: ${hc}\n`) }])
        .diagnostics.filter((d) => d.severity === 'error')
        .map((d) => [d.code, d.pos?.line]);
    // the healthCheck value is on line 7
    expect(errors('{threshold: 1.5, grace: 1m, warmup: 1m}')).toEqual([['invalid-value', 7]]);
    expect(errors('{threshold: -0.1, grace: 1m, warmup: 1m}')).toEqual([['invalid-value', 7]]);
    expect(errors('{threshold: 0.5, warmup: 1m}')).toEqual([['missing-field', 7]]);
    expect(errors('{threshold: 0.5, grace: 1m, warmup: 1m}')).toEqual([]);
    const hc = catalogOf(`services:\n  a: {name: A, restart: {units: 1, rate: 1/min, healthCheck: {threshold: 0.5, grace: 1m, warmup: {prior: restart-service}}}}\n`).services.get('a')!.restart!.healthCheck!;
    expect(hc).toEqual({ threshold: 0.5, grace: { kind: 'const', value: 1 }, warmup: { kind: 'prior', name: 'restart-service' } });
  });
});
