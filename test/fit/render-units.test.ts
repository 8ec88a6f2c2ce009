/**
 * `blast fit` prints each parameter in its own unit: a rate as a rate (a staged restart's
 * 67/h once printed as "1m", a fitted 52/h as "52s"), a count as a number, a duration, and
 * a prior, as a duration. Every slot label the engine makes is checked against the unit its
 * catalog field has (docs/catalog.md), listed here by hand.
 */
import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/catalog/build.js';
import { buildModel, prepare } from '../../src/engine/model.js';
import { formatParam, unitOf } from '../../src/fit/render.js';

describe('fit output units', () => {
  it('prints rates as rates: per hour below 1/min, per minute above', () => {
    expect(formatParam('api-gateway.restart.rate', 67 / 60)).toBe('1.12/min');
    expect(formatParam('api-gateway.restart.rate', 52 / 60)).toBe('52/h');
    expect(formatParam('worker-nodes.restart.rate', 25)).toBe('25/min');
    expect(formatParam('web.backlog.capacity', 1400)).toBe('1400/min');
    expect(formatParam('scenario: action 2 (throttle ec2) rate', 0.5)).toBe('30/h');
  });

  it('prints counts and factors as numbers, durations and priors as durations', () => {
    expect(formatParam('worker-nodes.restart.units', 3000)).toBe('3000');
    expect(formatParam('scenario: fault 1 (consul) capacity', 0.15)).toBe('0.15');
    expect(formatParam('internal-link.backlog.cap', 30100)).toBe('30100');
    expect(formatParam('prior:restart-fleet (api-gateway.restart.over)', 117)).toBe('1h57m');
    expect(formatParam('prior:diagnose (scenario: action 2 (enable backbone) at)', 0.5)).toBe('30s');
    expect(formatParam('cache.recovery.time', 312)).toBe('5h12m');
  });

  it('prints a ratio prior (catch-up, in a backlog\'s capacity) as the rate it is there, not as a duration', () => {
    // 3.3 × 4900/min: once printed as "11d5h30m"
    expect(formatParam('prior:catch-up ×4900 (webhooks.backlog.capacity)', 16170)).toBe('16200/min');
    expect(formatParam('prior:catch-up (mysql-replicas.backlog.capacity)', 3.3)).toBe('3.3/min');
    expect(unitOf('prior:restore-per-tb ×5 (mysql-primaries.restart.over)')).toBe('duration');
  });

  it('knows the unit of every slot the engine makes', () => {
    const text = `services:
  q: {name: Q}
  a:
    name: A
    dependsOn: [q]
    recovery: {time: 5m}
    restart: {units: 10, rate: 2/min, coldStart: 2}
    crashLoop: {base: 10s, cap: 5m, jitter: true}
    clients: {count: 100, retry: 2, spread: 1m}
    backlog: {arrival: 10/min, capacity: 20/min, cap: 100, timeout: 1m, retry: 2, degradedCapacity: 0.5, mitigation: 1h}
  b: {name: B, restart: {units: 10, over: {prior: restart-fleet}}}
scenarios:
  s:
    detection: 3m
    faults: [{service: q, at: 1m, for: 10m, capacity: 0.5, demand: 2}]
    actions:
      - {at: 5m, service: a, do: throttle, rate: 5/min}
      - {at: {after: detection, plus: [1m, {prior: diagnose}]}, service: a, do: relax, over: 10m}
`;
    const { catalog, diagnostics } = buildCatalog([{ file: 'u.yaml', bytes: new TextEncoder().encode(text) }]);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const model = buildModel(prepare(catalog!), { scenario: catalog!.scenarios.get('s')! });
    const units = Object.fromEntries(model.params.slots.map((s) => [s.label, unitOf(s.label)]));
    expect(units).toEqual({
      'a.restart.units': 'number', 'a.restart.rate': 'rate', 'a.restart.coldStart': 'number',
      'a.crashLoop.base': 'duration', 'a.crashLoop.cap': 'duration', 'a.crashLoop.jitter': 'number',
      'a.clients.count': 'number', 'a.clients.retry': 'number', 'a.clients.spread': 'duration',
      'a.recovery.time': 'duration',
      'a.backlog.arrival': 'rate', 'a.backlog.capacity': 'rate', 'a.backlog.cap': 'number', 'a.backlog.timeout': 'duration',
      'a.backlog.retry': 'number', 'a.backlog.degradedCapacity': 'number', 'a.backlog.mitigation': 'duration',
      'b.restart.units': 'number', 'prior:restart-fleet (b.restart.over)': 'duration', 'b.restart.coldStart': 'number',
      'scenario: fault 1 (q) at': 'duration', 'scenario: fault 1 (q) duration': 'duration',
      'scenario: fault 1 (q) capacity': 'number', 'scenario: fault 1 (q) demand': 'number',
      'scenario: action 1 (throttle a) at': 'duration', 'scenario: action 1 (throttle a) rate': 'rate',
      'scenario: action 2 (relax a) delay after detection': 'duration', 'scenario: action 2 (relax a) over': 'duration',
      'prior:diagnose (scenario: action 2 (relax a) delay after detection, term 2)': 'duration',
      'scenario: detection': 'duration',
    });
  });
});
