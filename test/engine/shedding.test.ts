/**
 * Load shedding and load-balancer panic mode (docs/model.md, "Load shedding and panic mode").
 * Expected numbers are worked out by hand in the comments, not read from the output.
 */
import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/catalog/build.js';
import { runScenario, spans, svc } from './helpers.js';

// q: queue, arrival λ = 1000/min, capacity 1500/min, timeout 1 min; a soft edge to dep leaves 60 %
// of it while dep is impaired: μ = 0.6 × 1500 = 900/min < λ. dep is down 0–30.
const yaml = (extra: string, mitigation = '') => `services:
  dep: {name: Dep}
  q:
    name: Q
    dependsOn: [{service: dep, type: soft, capacity: 0.6}]
    backlog: {arrival: 1000/min, capacity: 1500/min, timeout: 1m${extra}${mitigation}}
  u: {name: U, dependsOn: [q]}
scenarios:
  s:
    faults: [{service: dep, at: 0m, for: 30m}]
`;

describe('load shedding', () => {
  it('holds the queue at μ · timeout and serves μ/λ instead of collapsing', () => {
    // 0–9: the queue grows at λ − μ = 100/min and reaches μ · timeout = 900 at 9.
    // 9–30: shedding: the queue stays at 900; 100/min (10 % of arrivals) are rejected at once.
    // 30: dep back, μ = 1500: 900 drains at 500/min in 1.8 min: up at 31.8.
    const r = runScenario(yaml(', shedding: true'));
    expect(spans(r, 'q')).toEqual([['degraded', 0, 9, 'dependency'], ['degraded', 9, 30, 'shedding'], ['degraded', 30, 31.8, 'backlog']]);
    expect(svc(r, 'q').collapse).toBeNull();
    expect(svc(r, 'q').backlogPeak).toEqual({ value: 900, atMinutes: 9, unit: 'units of work' });
    // the shedding interval blames the dependency that cut the capacity, and says what it sheds
    expect(svc(r, 'q').intervals[1]!.cause).toEqual({
      kind: 'shedding',
      service: 'dep',
      detail: 'shedding 10 % of its load: 1,000 units of work arrive per minute, 900 can be served within their timeout; the rest is rejected at once (capacity cut while Dep is impaired)',
    });
    // arrived 31.8 × 1000 = 31,800; shed 21 × 100 = 2,100; served 30 × 900 + 1.8 × 1500 = 29,700
    expect(svc(r, 'q').shedding).toEqual({ arrived: 31_800, served: 29_700, shed: 2_100, unit: 'units of work' });
    // served fraction μ/λ = 0.9 for 30 min: 30 × 0.1 = 3 unserved minutes
    expect(svc(r, 'q').unservedMinutes).toBe(3);
    expect(r.fullRecoveryMinutes).toBe(31.8);
  });

  it('without it the same queue collapses at 9 and recovers only after mitigation', () => {
    // B(9) = 900 = μ · timeout and still growing: collapse at 9 (down). No mitigation: never back.
    const none = runScenario(yaml(''));
    expect(spans(none, 'q')).toEqual([['degraded', 0, 9, 'dependency'], ['down', 9, null, 'collapse']]);
    expect(svc(none, 'q').shedding).toBeUndefined();
    // mitigation 10 min after the causes clear (30): at 40, B = 900 + 31 × 1000 = 31,900 (a collapsed
    // queue grows at λ); throttled at capacity it drains at 1500 − 1000 = 500/min: 63.8 min, up at 103.8.
    const mit = runScenario(yaml('', ', mitigation: 10m'));
    expect(svc(mit, 'q').recoveredMinutes).toBe(103.8);
    // with shedding the mitigation never applies: nothing collapses
    expect(svc(runScenario(yaml(', shedding: true', ', mitigation: 10m')), 'q').recoveredMinutes).toBe(31.8);
  });

  it('with `after`, engages a while after the collapse, ends it and drops the queue beyond μ · timeout', () => {
    // collapse at 9 (as above); 5 min later, at 14, B = 900 + 5 × 1000 = 5,900; shedding drops
    // 5,900 − 900 = 5,000 at once, then sheds 100/min to 30 (1,600 more): 6,600 in all.
    // served: 9 × 900 + 16 × 900 + 1.8 × 1500 = 25,200; arrived 31,800 = 25,200 + 6,600.
    const r = runScenario(yaml(', shedding: {after: 5m}'));
    expect(spans(r, 'q')).toEqual([['degraded', 0, 9, 'dependency'], ['down', 9, 14, 'collapse'], ['degraded', 14, 30, 'shedding'], ['degraded', 30, 31.8, 'backlog']]);
    expect(svc(r, 'q').collapse).toEqual({ startMinutes: 9, endMinutes: 14, endedBy: 'load shedding engaged', queued: { value: 5900, atMinutes: 14 } });
    expect(svc(r, 'q').shedding).toEqual({ arrived: 31_800, served: 25_200, shed: 6_600, unit: 'units of work' });
  });

  it('drops at once, as work resumes, the queue it could not serve in time', () => {
    // a hard dependency down 0–10 blocks w: B(10) = 10 × 100 = 1000 > μ · timeout = 150 × 2 = 300.
    // Without shedding: collapse at 10, never back. With it: 700 rejected at once, 300 drain at
    // 50/min: up at 16. Arrived 16 × 100 = 1,600 = served 6 × 150 = 900 + shed 700.
    const y = (shed: string) => `services:
  dep: {name: Dep}
  w: {name: W, dependsOn: [dep], backlog: {arrival: 100/min, capacity: 150/min, timeout: 2m${shed}}}
scenarios:
  s:
    faults: [{service: dep, at: 0m, for: 10m}]
`;
    expect(spans(runScenario(y('')), 'w')).toEqual([['down', 0, 10, 'dependency'], ['down', 10, null, 'collapse']]);
    const r = runScenario(y(', shedding: true'));
    expect(spans(r, 'w')).toEqual([['down', 0, 10, 'dependency'], ['degraded', 10, 16, 'backlog']]);
    expect(svc(r, 'w').shedding).toEqual({ arrived: 1_600, served: 900, shed: 700, unit: 'units of work' });
  });

  it('is refused without a timeout, with the position of the field', () => {
    const res = buildCatalog([{ file: 'c.yaml', bytes: new TextEncoder().encode('services:\n  q: {name: Q, backlog: {arrival: 1/min, capacity: 2/min, shedding: true}}\n') }]);
    expect(res.catalog).toBeUndefined();
    const d = res.diagnostics.find((x) => x.code === 'invalid-value')!;
    expect(d.message).toContain('backlog.shedding needs backlog.timeout');
    expect([d.pos?.line, d.pos?.col]).toEqual([2, 59]);
  });
});

// w as in the slow-start trap's example (test/engine/slowstart.test.ts): queue arrival 50/min,
// capacity 100/min; 400 units at 20/min = 20 min behind a throttle, × coldStart 2 = 40 min under
// full load; a unit is at 3/6 = 50 % < 80 % at its check under full load: trapped. dep down 0–10.
const panicYaml = (panic: string, actions: string) => `services:
  dep: {name: Dep}
  w: {name: W, dependsOn: [dep], restart: {units: 400, rate: 20/min, coldStart: 2, healthCheck: {threshold: 0.8, grace: 3m, warmup: 3m${panic}}}, backlog: {arrival: 50/min, capacity: 100/min}}
  u: {name: U, dependsOn: [{service: w, needs: 0.4}]}
scenarios:
  s:
    faults: [{service: dep, at: 0m, for: 10m}]
${actions}`;
const THROTTLE_AT_60 = '    actions: [{at: 60m, service: w, do: throttle, rate: 100/min}]\n';

describe('load-balancer panic mode', () => {
  it('keeps warming hosts in service up to its threshold, where the trap holds', () => {
    // panic 0.6: from 10 capacity rises at the full-load pace, c = (t − 10)/40, to 0.6 at 34, and
    // holds there. μ = 100c = 2.5(t − 10) = λ at 30: B peaks at 500 + ∫₀²⁰ (50 − 2.5s) ds = 1000.
    // B(34) = 1000 − 1.25 × 4² = 980; then μ = 60: drains at 10/min, but capacity stays at 60 %.
    // Served μ/λ = (t − 10)/20: 5 % at 11 (down before), 40 % at 18 (u back).
    const r = runScenario(panicYaml(', panic: 0.6', ''));
    expect(svc(r, 'w').backlogPeak).toEqual({ value: 1000, atMinutes: 30, unit: 'units of work' });
    expect(spans(r, 'w')).toEqual([['down', 0, 10, 'dependency'], ['down', 10, 11, 'restart'], ['degraded', 11, null, 'restart']]);
    expect(spans(r, 'u')).toEqual([['down', 0, 18, 'dependency']]);
    // without panic mode the fleet stays empty: w never serves, u never comes back
    const trapped = runScenario(panicYaml('', ''));
    expect(spans(trapped, 'u')).toEqual([['down', 0, null, 'dependency']]);
  });

  it('with a throttle at 60, recovers long before the fleet without it', () => {
    // panic: B(60) = 980 − 26 × 10 = 720; behind the throttle the trap ends and the ramp runs from
    // 0.6 at the plain pace, c = 0.6 + (t − 60)/20 to 1 at 68: B(68) = 720 − ∫₀⁸ (10 + 5s) ds =
    // 720 − 80 − 160 = 480, then 50/min: empty and up at 77.6.
    // without panic: capacity 0 until 60, B(60) = 3000; ramp 60 → 80, μ = 5(t − 60) = λ at 70,
    // B(70) = 3000 + 500 − 250 = 3250, B(80) = 3250 − 250 = 3000, then 50/min: up at 140.
    const r = runScenario(panicYaml(', panic: 0.6', THROTTLE_AT_60));
    expect(svc(r, 'w').recoveredMinutes).toBe(77.6);
    expect(svc(r, 'w').intervals[2]!.cause.detail).toBe(
      'load-balancer panic mode: with under 60 % of hosts healthy, traffic goes to all of them, so warming hosts stay in service; capacity 3 % → 60 % at the full-load pace',
    );
    expect(svc(runScenario(panicYaml('', THROTTLE_AT_60)), 'w').recoveredMinutes).toBe(140);
  });

  it('changes nothing for a fleet that is not trapped, or at threshold 0', () => {
    // grace 5m: a cold unit is at 5/6 ≈ 83 % ≥ 80 %: no trap, the plain cold restart (up at 60)
    const passes = (panic: string) => panicYaml(panic, '').replace('grace: 3m', 'grace: 5m');
    expect(spans(runScenario(passes(', panic: 0.5')), 'w')).toEqual(spans(runScenario(passes('')), 'w'));
    expect(spans(runScenario(panicYaml(', panic: 0', '')), 'w')).toEqual(spans(runScenario(panicYaml('', '')), 'w'));
  });
});
