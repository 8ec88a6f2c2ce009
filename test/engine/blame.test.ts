/**
 * Who a drain is blamed on: the service that kept the queue from shrinking.
 */
import { describe, expect, it } from 'vitest';
import { runScenario, spans } from './helpers.js';

describe('blame for a queue', () => {
  it('a queue held level by a degraded dependency is blamed on that dependency', () => {
    // x: arrival 50/min, capacity 100/min, half capacity while d is impaired (edge capacity 0.5).
    // x's own fault 0..10 piles up 10 × 50 = 500. d is degraded 5..30 (its soft dependency e
    // fails). From 10 to 30 x processes 0.5 × 100 = 50/min = its arrival: the queue stays at 500.
    // From 30 it drains at 100 − 50 = 50/min: 500 / 50 = 10 min, up at 40. What held it back
    // from 10 on was d, so the drain 30..40 is blamed on d, not on x's own fault.
    const r = runScenario(`services:
  e: {name: E}
  d: {name: D, dependsOn: [{service: e, type: soft}]}
  x: {name: X, dependsOn: [{service: d, capacity: 0.5}], backlog: {arrival: 50/min, capacity: 100/min}}
scenarios:
  s:
    faults: [{service: x, at: 0m, for: 10m}, {service: e, at: 5m, for: 25m}]
`);
    expect(spans(r, 'x')).toEqual([['down', 0, 10, 'fault'], ['degraded', 10, 30, 'dependency'], ['degraded', 30, 40, 'backlog']]);
    expect(r.services.find((s) => s.id === 'x')!.intervals[2]!.cause.service).toBe('d');
  });
});
