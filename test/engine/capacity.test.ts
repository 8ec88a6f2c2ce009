/**
 * Capacity as a fraction (docs/model.md): `needs` and `scales` edges, capacity and served
 * curves, unserved minutes. Expected numbers are worked out in the comments.
 */
import { describe, expect, it } from 'vitest';
import { runScenario, spans, svc } from './helpers.js';

describe('needs: a threshold on the served fraction', () => {
  const y = `services:
  db: {name: DB}
  app: {name: App, dependsOn: [{service: db, needs: 0.8}]}
  soft: {name: Soft, dependsOn: [{service: db, type: soft, needs: 0.8}]}
  old: {name: Old, dependsOn: [db]}
scenarios:
  s:
    faults:
      - {service: db, at: 0m, for: 30m, capacity: 0.9}
      - {service: db, at: 30m, for: 30m, capacity: 0.5}
`;
  it('a dependency at 90 % does not reach a service that needs 80 %; one at 50 % takes it down', () => {
    // db serves 0.9 over 0..30 (≥ 0.8: app unaffected), 0.5 over 30..60 (< 0.8: app down, soft degraded)
    const r = runScenario(y);
    expect(spans(r, 'db')).toEqual([['degraded', 0, 60, 'capacity']]);
    expect(spans(r, 'app')).toEqual([['down', 30, 60, 'dependency']]);
    expect(spans(r, 'soft')).toEqual([['degraded', 30, 60, 'dependency']]);
    expect(svc(r, 'app').intervals[0]!.cause.detail).toBe('waiting for 80 % of DB (it serves 50 %)');
    // the three-state edge sees "degraded" for the whole 60 minutes, whatever the level
    expect(spans(r, 'old')).toEqual([['degraded', 0, 60, 'dependency']]);
  });

  it('curves and unserved minutes', () => {
    const r = runScenario(y);
    // db: 30 min at 10 % unserved + 30 min at 50 % = 3 + 15 = 18 min; app: 30 min at 100 %
    expect(svc(r, 'db').unservedMinutes).toBe(18);
    expect(svc(r, 'app').unservedMinutes).toBe(30);
    expect(svc(r, 'db').capacity).toEqual([
      { minute: 0, capacity: 1, served: 1 },
      { minute: 0, capacity: 0.9, served: 0.9 },
      { minute: 30, capacity: 0.9, served: 0.9 },
      { minute: 30, capacity: 0.5, served: 0.5 },
      { minute: 60, capacity: 0.5, served: 0.5 },
      { minute: 60, capacity: 1, served: 1 },
    ]);
  });
});

describe('scales: capacity follows the served fraction of a dependency', () => {
  it('a share of 0.4 on a cache that is down leaves 60 %', () => {
    // web ≤ 1 − 0.4·(1 − 0) = 0.6 while the cache is down (0..20): degraded, 20 × 0.4 = 8 unserved minutes
    const r = runScenario(`services:
  cache: {name: Cache}
  web: {name: Web, dependsOn: [{service: cache, scales: 0.4}]}
scenarios:
  s:
    faults: [{service: cache, at: 0m, for: 20m}]
`);
    expect(spans(r, 'web')).toEqual([['degraded', 0, 20, 'dependency']]);
    expect(svc(r, 'web').unservedMinutes).toBe(8);
    expect(svc(r, 'web').intervals[0]!.cause.detail).toBe('capacity follows Cache, which serves 0 %: 60 % left');
  });

  it('a dependency at 95 % and one at 5 % are no longer the same to their dependents', () => {
    const y = (c: number) => `services:
  d: {name: D}
  x: {name: X, dependsOn: [{service: d, scales: true}]}
scenarios:
  s:
    faults: [{service: d, at: 0m, for: 10m, capacity: ${c}}]
`;
    // capacity 0.95: x follows to 0.95, degraded, 10 × 0.05 = 0.5 unserved minutes
    const hi = runScenario(y(0.95));
    expect(spans(hi, 'x')).toEqual([['degraded', 0, 10, 'dependency']]);
    expect(svc(hi, 'x').unservedMinutes).toBeCloseTo(0.5, 9);
    // capacity 0.04: below the 5 % threshold, down; 10 × 0.96 = 9.6
    const lo = runScenario(y(0.04));
    expect(spans(lo, 'x')).toEqual([['down', 0, 10, 'dependency']]);
    expect(svc(lo, 'x').unservedMinutes).toBeCloseTo(9.6, 9);
  });

  it('a chain multiplies the shares', () => {
    // c cut to 0.2; b ≤ 1 − 0.5·(1 − 0.2) = 0.6; a ≤ 1 − 1·(1 − 0.6) = 0.6
    const r = runScenario(`services:
  c: {name: C}
  b: {name: B, dependsOn: [{service: c, scales: 0.5}]}
  a: {name: A, dependsOn: [{service: b, scales: 1}]}
scenarios:
  s:
    faults: [{service: c, at: 0m, for: 10m, capacity: 0.2}]
`);
    expect(svc(r, 'b').capacity![1]).toEqual({ minute: 0, capacity: 0.6, served: 0.6 });
    expect(svc(r, 'a').capacity![1]).toEqual({ minute: 0, capacity: 0.6, served: 0.6 });
    expect(svc(r, 'a').unservedMinutes).toBeCloseTo(4, 9);
  });

  it('a queue processes at the scaled capacity, piles up and drains', () => {
    // q: arrival 80/min, capacity 100/min, scales 1 on d, d cut to 0.5 for 30 min:
    // μ = 50 < λ = 80: the queue grows 30/min to 900 at 30; served 50/80 = 0.625.
    // From 30 it drains at 100 − 80 = 20/min: 900 / 20 = 45 min, up at 75.
    // Unserved: 30 × (1 − 0.625) = 11.25 min (draining serves every arrival).
    const r = runScenario(`services:
  d: {name: D}
  q: {name: Q, dependsOn: [{service: d, scales: true}], backlog: {arrival: 80/min, capacity: 100/min}}
scenarios:
  s:
    faults: [{service: d, at: 0m, for: 30m, capacity: 0.5}]
`);
    expect(spans(r, 'q')).toEqual([['degraded', 0, 30, 'dependency'], ['degraded', 30, 75, 'backlog']]);
    expect(svc(r, 'q').backlogPeak).toEqual({ value: 900, atMinutes: 30, unit: 'units of work' });
    expect(svc(r, 'q').unservedMinutes).toBeCloseTo(11.25, 9);
  });
});

describe('old-style catalogs describe their degradation as fractions too', () => {
  it('down is 0, a degraded service without a queue is at its degraded capacity (0.5 by default)', () => {
    const r = runScenario(`services:
  b: {name: B}
  a: {name: A, dependsOn: [{service: b, type: soft}]}
scenarios:
  s:
    faults: [{service: b, at: 0m, for: 10m}]
`);
    expect(svc(r, 'b').unservedMinutes).toBe(10);
    expect(svc(r, 'a').unservedMinutes).toBe(5);
    expect(svc(r, 'a').capacity![1]).toEqual({ minute: 0, capacity: 0.5, served: 0.5 });
  });
});
