/**
 * The scenario `observed:` list and `affected:` list, and `free: true` on parameters:
 * parsed into the model, and every mistake reported by code and file:line:col
 * (positions counted by hand from the text below).
 */
import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/catalog/build.js';

const build = (text: string) => buildCatalog([{ file: 'c.yaml', bytes: new TextEncoder().encode(text) }]);
const where = (text: string): string[] => build(text).diagnostics.map((d) => `${d.severity} ${d.code} ${d.pos?.line}:${d.pos?.col}`);

const HEAD = `services:
  web: {name: Web, recovery: {time: {min: 10m, max: 30m, free: true}}, dependsOn: [db]}
  db: {name: DB, recovery: {time: {p50: 5m, p90: 10m}}}
scenarios:
  s:
`;
const SRC = 'https://example.com/pm#timeline';

describe('observed milestones: parsing', () => {
  it('reads durations, timestamps (against start), bounds, tolerance, fraction and labels', () => {
    const res = build(`${HEAD}    start: 2021-01-04T06:00:00-08:00
    faults: [{service: db, for: 1h}]
    observed:
      - {service: web, event: impact, at: 0, source: ${SRC}}
      - {service: db, event: recovered, at: 2021-01-04T15:15:00Z, bound: upper, tolerance: 10m, label: DB back, source: ${SRC}}
      - {service: all, event: capacity, fraction: 0.5, at: 1h30m, source: ${SRC}}
    affected: [web, db]
`);
    expect(res.diagnostics).toEqual([]);
    const sc = res.catalog!.scenarios.get('s')!;
    // 15:15Z is 07:15 at -08:00: 75 minutes after 06:00.
    expect(sc.observed!.map((o) => [o.service, o.event, o.at, o.bound ?? null, o.tolerance ?? null, o.fraction ?? null, o.label ?? null])).toEqual([
      ['web', 'impact', 0, null, null, null, null],
      ['db', 'recovered', 75, 'upper', 10, null, 'DB back'],
      ['all', 'capacity', 90, null, null, 0.5, null],
    ]);
    expect(sc.observed!.map((o) => o.pos.line)).toEqual([9, 10, 11]);
    expect(sc.affected!.map((a) => `${a.service}@${a.pos.line}:${a.pos.col}`)).toEqual(['web@12:16', 'db@12:21']);
  });

  it('a scenario without observations has no observed list', () => {
    const res = build(`${HEAD}    faults: [{service: db}]\n`);
    expect(res.catalog!.scenarios.get('s')!.observed).toBeUndefined();
  });

  it('marks free parameters with the position of their mapping', () => {
    const res = build(`${HEAD}    faults: [{service: db}]\n`);
    const web = res.catalog!.services.get('web')!;
    expect(web.recovery!.time).toEqual({ kind: 'uniform', min: 10, max: 30, free: true, pos: { file: 'c.yaml', line: 2, col: 37 } });
    expect(res.catalog!.services.get('db')!.recovery!.time).toEqual({ kind: 'lognormal', p50: 5, p90: 10 });
  });
});

describe('observed milestones: diagnostics by code and position', () => {
  it.each<[string, string, string[]]>([
    ['unknown service', `      - {service: wbe, event: impact, at: 5m, source: ${SRC}}`, ['error scenario-unknown-service 8:9']],
    ['bad time', `      - {service: web, event: impact, at: 15, source: ${SRC}}`, ['error invalid-duration 8:43']],
    ['bad timestamp', `      - {service: web, event: impact, at: 2021-02-30T10:00:00Z, source: ${SRC}}`, ['error invalid-duration 8:43']],
    ['timestamp without start', `      - {service: web, event: impact, at: 2021-01-04T10:00:00Z, source: ${SRC}}`, ['error missing-field 8:43']],
    ['fraction above 1', `      - {service: web, event: capacity, fraction: 1.5, at: 1h, source: ${SRC}}`, ['error invalid-value 8:51']],
    ['capacity without fraction', `      - {service: web, event: capacity, at: 1h, source: ${SRC}}`, ['error missing-field 8:9']],
    ['fraction on another event', `      - {service: web, event: down, fraction: 0.5, at: 1h, source: ${SRC}}`, ['error invalid-value 8:37']],
    ['unknown bound', `      - {service: web, event: down, at: 1h, bound: later, source: ${SRC}}`, ['error invalid-value 8:52']],
    ['lower bound at minute 0', `      - {service: web, event: down, at: 0, bound: lower, source: ${SRC}}`, ['error invalid-value 8:44']],
    ['unknown event', `      - {service: web, event: broke, at: 1h, source: ${SRC}}`, ['error invalid-value 8:31']],
    ['source without a URL', `      - {service: web, event: down, at: 1h, source: the post-mortem}`, ['error invalid-value 8:9']],
    ['missing source', `      - {service: web, event: down, at: 1h}`, ['error missing-field 8:9']],
  ])('%s', (_name, line, expected) => {
    expect(where(`${HEAD}    faults: [{service: db}]\n    observed:\n${line}\n`)).toEqual(expected);
  });

  it('a timestamp before the start', () => {
    expect(where(`${HEAD}    start: 2021-01-04T06:00:00-08:00\n    observed:\n      - {service: web, event: impact, at: 2021-01-04T05:00:00-08:00, source: ${SRC}}\n`)).toEqual(['error invalid-value 8:43']);
  });

  it('an unknown service in affected', () => {
    expect(where(`${HEAD}    faults: [{service: db}]\n    affected: [web, dbb]\n`)).toEqual(['error scenario-unknown-service 7:21']);
  });

  it('free must be a boolean', () => {
    expect(where(`services:\n  a: {name: A, recovery: {time: {min: 1m, max: 2m, free: yes}}}\n`)).toEqual(['error wrong-type 2:58']);
  });
});
