/**
 * Triggers that are load, not breakage (docs/model.md, "Load faults"): capacity cuts and
 * demand surges. Expected numbers are worked out in the comments.
 */
import { describe, expect, it } from 'vitest';
import { runScenario, spans, svc } from './helpers.js';

const surge = (extra: string, fault: string) => `services:
  sv: {name: Surge, backlog: {arrival: 100/min, capacity: 150/min${extra}}}
  caller: {name: Caller, dependsOn: [{service: sv, needs: 0.9}]}
scenarios:
  s:
    faults: [${fault}]
`;

describe('a demand surge', () => {
  it('overloads a queue, which drains after the surge', () => {
    // demand ×2 for 20 min: λ = 200 > μ = 150, served 150/200 = 0.75, the queue grows 50/min
    // to 1000 at 20; then it drains at 150 − 100 = 50/min: 20 min, up at 40.
    // Unserved: 20 × 0.25 = 5 min. The caller needs 90 %: down while 75 % is served (0..20).
    const r = runScenario(surge('', '{service: sv, at: 0m, for: 20m, demand: 2}'));
    expect(spans(r, 'sv')).toEqual([['degraded', 0, 20, 'demand'], ['degraded', 20, 40, 'backlog']]);
    expect(svc(r, 'sv').backlogPeak).toEqual({ value: 1000, atMinutes: 20, unit: 'units of work' });
    expect(svc(r, 'sv').unservedMinutes).toBe(5);
    expect(spans(r, 'caller')).toEqual([['down', 0, 20, 'dependency']]);
  });

  it('that ends can leave a metastable collapse behind it', () => {
    // With timeout 5m the queue collapses when B > μ·timeout = 150 × 5 = 750: B = 50·t reaches
    // it at 15. Collapsed, nothing is served: the queue grows at 200/min until the surge ends at
    // 20 (B = 750 + 5·200 = 1750), then at 100/min. The trigger is gone but the service stays
    // down: a metastable failure. Mitigation after 10 min (from 15, its causes being clear all
    // along) throttles admission to capacity at 25: B(25) = 1750 + 5·100 = 2250, drained at
    // 150 − 100 = 50/min in 45 min: up at 70.
    const r = runScenario(surge(', timeout: 5m, mitigation: 10m', '{service: sv, at: 0m, for: 20m, demand: 2}'));
    expect(spans(r, 'sv')).toEqual([['degraded', 0, 15, 'demand'], ['down', 15, 25, 'collapse'], ['degraded', 25, 70, 'throttle']]);
    expect(svc(r, 'sv').collapse).toEqual({ startMinutes: 15, endMinutes: 25, endedBy: 'detection and mitigation', queued: { value: 2250, atMinutes: 25 } });
    expect(svc(r, 'sv').backlogPeak!.value).toBe(2250);
  });
});

describe('a capacity cut', () => {
  it('a deploy that halves capacity degrades a service without a queue to 50 %', () => {
    const r = runScenario(`services:
  a: {name: A}
scenarios:
  s:
    faults: [{service: a, at: 5m, for: 10m, capacity: 0.5}]
`);
    expect(spans(r, 'a')).toEqual([['degraded', 5, 15, 'capacity']]);
    expect(svc(r, 'a').intervals[0]!.cause.detail).toBe('capacity cut to 50 % by a load fault');
    expect(svc(r, 'a').unservedMinutes).toBe(5);
  });

  it('a resource limit that makes capacity fail altogether (capacity 0) takes it down', () => {
    const r = runScenario(`services:
  a: {name: A}
  b: {name: B, dependsOn: [a]}
scenarios:
  s:
    faults: [{service: a, at: 0m, for: 10m, capacity: 0}]
`);
    expect(spans(r, 'a')).toEqual([['down', 0, 10, 'capacity']]);
    expect(spans(r, 'b')).toEqual([['down', 0, 10, 'dependency']]);
  });

  it('a cut on a queue service below its arrival rate piles work up', () => {
    // capacity 150 × 0.5 = 75 < arrival 100 for 20 min: B(20) = 25 × 20 = 500, served 0.75;
    // then 500 / 50 = 10 min: up at 30.
    const r = runScenario(surge('', '{service: sv, at: 0m, for: 20m, capacity: 0.5}'));
    expect(spans(r, 'sv')).toEqual([['degraded', 0, 20, 'capacity'], ['degraded', 20, 30, 'backlog']]);
    expect(svc(r, 'sv').unservedMinutes).toBe(5);
  });
});
