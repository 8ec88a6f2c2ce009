/**
 * Cells, zones and regions (docs/model.md, "Cells, zones and regions"), on small catalogs
 * whose numbers are worked out by hand in the comments: one zone lost with and without
 * failover, failover beyond the headroom overloading the survivors (and collapsing their
 * queues), cell-local against global dependencies, and actions aimed at one cell.
 */
import { describe, expect, it } from 'vitest';
import { runScenario, spans, svc } from './helpers.js';
import type { SimulationResult } from '../../src/engine/index.js';

const cell = (r: SimulationResult, id: string, name: string) => {
  const c = svc(r, id).cells?.find((x) => x.cell === name);
  if (!c) throw new Error(`no cell ${name} of ${id}`);
  return c;
};
const cellSpans = (r: SimulationResult, id: string, name: string) => cell(r, id, name).intervals.map((i) => [i.state, i.start, i.end, i.cause.kind]);

/** api over three zones of equal share; `fo` sets failover and headroom. */
const zones = (fo: string) => `
services:
  api:
    name: API
    cells: [a, b, c]
${fo}
  strict:
    name: Strict
    dependsOn: [{service: api, needs: 0.9}]
  lenient:
    name: Lenient
    dependsOn: [{service: api, needs: 0.6}]
scenarios:
  s:
    faults: [{service: api, cell: a, for: 30m}]
`;

describe('one zone lost', () => {
  it('without failover, its share of traffic fails', () => {
    const r = runScenario(zones(''));
    // shares 1/3 each; cell a down 0–30: served = 2/3, 1/3 failing; unserved 30 × 1/3 = 10 min
    expect(cellSpans(r, 'api', 'a')).toEqual([['down', 0, 30, 'fault']]);
    expect(cellSpans(r, 'api', 'b')).toEqual([]);
    expect(spans(r, 'api')).toEqual([['degraded', 0, 30, 'cell']]);
    expect(svc(r, 'api').intervals[0]!.cause.detail).toBe('cell a down: 33 % of traffic failing');
    expect(svc(r, 'api').unservedMinutes).toBeCloseTo(10, 9);
    // dependents see the weighted served fraction: 2/3 < 0.9 fails `strict`, 2/3 ≥ 0.6 spares `lenient`
    expect(spans(r, 'strict')).toEqual([['down', 0, 30, 'dependency']]);
    expect(spans(r, 'lenient')).toEqual([]);
    // the service counts once: three services, two affected (api and strict)
    expect(r.servicesTotal).toBe(3);
    expect(r.affected).toBe(2);
    expect(r.fullRecoveryMinutes).toBe(30);
  });

  it('with failover within the headroom, nobody notices', () => {
    // failover moves a's third to b and c: each carries D = 1 / (2/3) = 1.5 times its share;
    // headroom 0.5 absorbs exactly 1.5: demand factor max(1, 1.5 / 1.5) = 1, served 1
    const r = runScenario(zones('    failover: true\n    headroom: 0.5'));
    expect(cellSpans(r, 'api', 'a')).toEqual([['down', 0, 30, 'fault']]);
    expect(cellSpans(r, 'api', 'b')).toEqual([]);
    expect(spans(r, 'api')).toEqual([]);
    expect(svc(r, 'api').unservedMinutes).toBe(0);
    expect(spans(r, 'strict')).toEqual([]);
    // the zone itself is in the cell's entry; the service was never impaired
    expect(r.affected).toBe(0);
  });

  it('a survivor overloaded by the traffic of two lost cells names both', () => {
    // a and b lost: c carries D = 1 / (1/3) = 3 times its share; headroom 0.5 gives demand
    // factor 3 / 1.5 = 2, so c serves 1/2 of its load (load 200 %)
    const yaml = zones('    failover: true\n    headroom: 0.5').replace('faults: [{service: api, cell: a, for: 30m}]', 'faults: [{service: api, cell: a, for: 30m}, {service: api, cell: b, for: 30m}]');
    const r = runScenario(yaml);
    expect(cell(r, 'api', 'c').intervals[0]!.cause.detail).toBe('failover of the traffic of a and b: load 200 % of its capacity, 50 % of requests served');
  });

  it('with failover beyond the headroom, the survivors are overloaded', () => {
    // headroom 0.25: demand factor 1.5 / 1.25 = 1.2, so b and c serve 1 / 1.2 = 5/6 of their load;
    // the service serves 2 × (1/3) × 1.5 × 5/6 = 5/6: unserved 30 × 1/6 = 5 min
    const r = runScenario(zones('    failover: true\n    headroom: 0.25'));
    expect(cellSpans(r, 'api', 'b')).toEqual([['degraded', 0, 30, 'demand']]);
    expect(cell(r, 'api', 'b').intervals[0]!.cause.service).toBe('api@a');
    expect(cell(r, 'api', 'b').intervals[0]!.cause.detail).toBe("failover of a's traffic: load 120 % of its capacity, 83 % of requests served");
    expect(spans(r, 'api')).toEqual([['degraded', 0, 30, 'cell']]);
    expect(svc(r, 'api').intervals[0]!.cause.detail).toBe("cell a down; failover of a's traffic overloads b and c (120 % of their capacity): 17 % of traffic failing");
    expect(svc(r, 'api').unservedMinutes).toBeCloseTo(5, 9);
    expect(cell(r, 'api', 'b').unservedMinutes).toBeCloseTo(5, 9); // 30 × (1 − 5/6)
    // 5/6 < 0.9: strict fails; the critical path leads through b's overload to a's fault
    expect(spans(r, 'strict')).toEqual([['down', 0, 30, 'dependency']]);
    expect(r.criticalPath.map((s) => [s.id, s.name, s.what])).toEqual([
      ['strict', 'Strict', 'recovered'],
      ['api', 'API', 'recovered'],
      ['api@b', 'API (b)', 'recovered'],
      ['api@a', 'API (a)', 'fault cleared'],
    ]);
  });

  it("with a failover delay, the zone's share fails until its traffic moves", () => {
    // failover: 2m: a's third fails from 0 to 2 (health checks, DNS), then b and c absorb it
    // (headroom 0.5, as above): unserved 2 × 1/3 = 2/3 min; the service is back at 2, when the
    // traffic moved, while the cell stays down until 30
    const r = runScenario(zones('    failover: 2m\n    headroom: 0.5'));
    expect(spans(r, 'api')).toEqual([['degraded', 0, 2, 'cell']]);
    expect(svc(r, 'api').intervals[0]!.cause.detail).toBe('cell a down: 33 % of traffic failing');
    expect(svc(r, 'api').unservedMinutes).toBeCloseTo(2 / 3, 3);
    expect(cellSpans(r, 'api', 'a')).toEqual([['down', 0, 30, 'fault']]);
    expect(spans(r, 'strict')).toEqual([['down', 0, 2, 'dependency']]);
    expect(r.criticalPath.map((s) => [s.id, s.atMinutes, s.what])).toEqual([
      ['strict', 2, 'recovered'],
      ['api', 2, 'recovered'],
      ['api@a', 2, 'traffic failed over (the cell is back at 30 min)'],
    ]);
  });

  it('with no headroom and queues, the moved traffic collapses the survivors', () => {
    // each cell: arrival 300/3 = 100/min, capacity 390/3 = 130/min, timeout 5 min.
    // a down 0–60; failover: b and c receive 1.5 × 100 = 150/min > 130: queues grow at 20/min
    // and reach the collapse threshold 130 × 5 = 650 at 650 / 20 = 32.5 min. Collapsed cells are
    // down, so no cell is left to fail over to: the service is down from 32.5 and, with no
    // mitigation, never recovers (a's own queue of 6000 at 60 collapses it as it returns).
    const r = runScenario(`
services:
  api:
    name: API
    cells: [a, b, c]
    failover: true
    backlog: {arrival: 300/min, capacity: 390/min, timeout: 5m}
scenarios:
  s:
    faults: [{service: api, cell: a, for: 60m}]
`);
    expect(cellSpans(r, 'api', 'b')).toEqual([['degraded', 0, 32.5, 'demand'], ['down', 32.5, null, 'collapse']]);
    expect(cell(r, 'api', 'b').collapse?.startMinutes).toBe(32.5);
    // before the collapse: served 2 × (1/3) × 1.5 × (130/150) = 13/15
    const p = svc(r, 'api').capacity!.find((x) => x.minute === 10);
    expect(p).toBeUndefined(); // no change at 10: the line is flat from 0
    expect(svc(r, 'api').capacity![1]!.served).toBeCloseTo(13 / 15, 6);
    expect(spans(r, 'api')).toEqual([['degraded', 0, 32.5, 'cell'], ['down', 32.5, null, 'cell']]);
    expect(cell(r, 'api', 'a').collapse?.startMinutes).toBe(60);
    expect(r.fullRecoveryMinutes).toBeNull();
  });
});

describe('cell-local and global dependencies', () => {
  const yaml = `
services:
  db:
    name: DB
    cells: [a, b]
  app:
    name: App
    cells: [a, b]
    dependsOn: [{service: db, cell: local}]
  app-global:
    name: App global
    cells: [a, b]
    dependsOn: [{service: db, needs: 0.4}]
  report:
    name: Report
    dependsOn: [{service: db, needs: 0.6}]
scenarios:
  s:
    faults: [{service: db, cell: a, for: 20m}]
`;
  it('a local dependency fails only its own cell; a global one reads the weighted fraction', () => {
    const r = runScenario(yaml);
    // db: cell a down 0–20, serves 1/2
    expect(spans(r, 'db')).toEqual([['degraded', 0, 20, 'cell']]);
    // app in a needs db in a: down; app in b is untouched; app serves 1/2
    expect(cellSpans(r, 'app', 'a')).toEqual([['down', 0, 20, 'dependency']]);
    expect(cell(r, 'app', 'a').intervals[0]!.cause.service).toBe('db@a');
    expect(cellSpans(r, 'app', 'b')).toEqual([]);
    expect(spans(r, 'app')).toEqual([['degraded', 0, 20, 'cell']]);
    expect(svc(r, 'app').unservedMinutes).toBeCloseTo(10, 9); // 20 × 1/2
    // each cell of app-global needs 40 % of db as a whole: 1/2 ≥ 0.4, untouched
    expect(spans(r, 'app-global')).toEqual([]);
    // report needs 60 % of db: 1/2 < 0.6, down 0–20
    expect(spans(r, 'report')).toEqual([['down', 0, 20, 'dependency']]);
  });
});

describe('actions on one cell', () => {
  it('draining a zone moves its traffic; disabling the service stops every cell', () => {
    // headroom 1: b absorbs a's half exactly (D = 2, 2 / (1 + 1) = 1)
    const r = runScenario(`
services:
  api:
    name: API
    cells: {a: 0.5, b: 0.5}
    failover: true
    headroom: 1
  web:
    name: Web
    dependsOn: [api]
scenarios:
  s:
    actions:
      - {at: 10m, service: api, cell: a, do: disable}
      - {at: 40m, service: api, cell: a, do: enable}
      - {at: 50m, service: api, do: disable}
      - {at: 60m, service: api, do: enable}
`);
    expect(cellSpans(r, 'api', 'a')).toEqual([['down', 10, 40, 'disabled'], ['down', 50, 60, 'disabled']]);
    expect(cellSpans(r, 'api', 'b')).toEqual([['down', 50, 60, 'disabled']]);
    // 10–40 absorbed; 50–60 every cell down, nothing to fail over to
    expect(spans(r, 'api')).toEqual([['down', 50, 60, 'cell']]);
    expect(spans(r, 'web')).toEqual([['down', 50, 60, 'dependency']]);
    expect(r.actions.map((a) => a.service)).toEqual(['api@a', 'api@a', 'api', 'api']);
  });

  it('a throttle on the service admits each cell its share of the rate', () => {
    // cells a (0.75) and b (0.25); queue arrival 400/min, capacity 800/min: per cell a 300/600,
    // b 100/200. Down 0–10: a holds 3000, b 1000. Throttle of the service at 500/min from 10:
    // a admits 375/min, drains 3000 at 75/min: 40 min, up at 50; b admits 125/min, drains 1000
    // at 25/min: 40 min, up at 50. With no relax to come, each throttle lifts when its queue is
    // empty. Without the share split b would drain at 500 − 100 = 400/min and be up at 12.5.
    const r = runScenario(`
services:
  dep:
    name: Dep
  q:
    name: Q
    cells: {a: 0.75, b: 0.25}
    dependsOn: [dep]
    backlog: {arrival: 400/min, capacity: 800/min}
scenarios:
  s:
    faults: [{service: dep, for: 10m}]
    actions:
      - {at: 10m, service: q, do: throttle, rate: 500/min}
`);
    expect(cellSpans(r, 'q', 'a')).toEqual([['down', 0, 10, 'dependency'], ['degraded', 10, 50, 'throttle']]);
    expect(cellSpans(r, 'q', 'b')).toEqual([['down', 0, 10, 'dependency'], ['degraded', 10, 50, 'throttle']]);
    expect(cell(r, 'q', 'a').backlogPeak?.value).toBe(3000);
    expect(cell(r, 'q', 'b').backlogPeak?.value).toBe(1000);
    expect(spans(r, 'q').map((s) => [s[0], s[1], s[2]])).toEqual([['down', 0, 10], ['degraded', 10, 50]]);
  });
});

describe('disabling every cell of a service that is already down', () => {
  it('releases each cell-local failover edge to it', () => {
    // `enf` (cells a, b) is down from 0 through `quota`, which never recovers; `db` (cells a, b)
    // needs its own cell of `enf` through a `failover: true` edge, so a disabled cell stops
    // counting. Disabling a at 10 frees db@a at 10; disabling the whole service at 20 frees
    // db@b at 20 although no cell of `enf` changes state then (they stay down, now disabled).
    // db: down 0–10 (both cells), degraded 10–20 (b's half failing), up from 20.
    const r = runScenario(`
services:
  quota:
    name: Quota
  enf:
    name: Enforcement
    cells: [a, b]
    partial: true
    dependsOn: [quota]
  db:
    name: DB
    cells: [a, b]
    dependsOn: [{service: enf, cell: local, failover: true}]
scenarios:
  s:
    faults: [{service: quota}]
    actions:
      - {at: 10m, service: enf, cell: a, do: disable}
      - {at: 20m, service: enf, do: disable}
`);
    expect(cellSpans(r, 'db', 'a')).toEqual([['down', 0, 10, 'dependency']]);
    expect(cellSpans(r, 'db', 'b')).toEqual([['down', 0, 20, 'dependency']]);
    expect(spans(r, 'db')).toEqual([['down', 0, 10, 'cell'], ['degraded', 10, 20, 'cell']]);
  });
});
