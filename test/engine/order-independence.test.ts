/**
 * Monte Carlo does not depend on the order of catalog files or of services within them:
 * every parameter draws from a stream keyed by (trial seed, its label).
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { buildCatalog, type CatalogSource } from '../../src/catalog/build.js';
import { buildModel, monteCarlo, prepareSimulation, type MonteCarloResult } from '../../src/engine/index.js';
import { ParamTable } from '../../src/engine/params.js';
import { catalogOf } from './helpers.js';

const yaml = (services: string[], scenario: string): string => `services:\n${services.join('')}\n${scenario}`;
const SERVICES = [
  `  db:\n    name: DB\n    recovery: {time: {p50: 10m, p90: 30m}}\n`,
  `  api:\n    name: API\n    dependsOn: [db]\n    recovery: {time: {min: 1m, max: 9m}}\n`,
  `  queue:\n    name: Queue\n    dependsOn: [{service: db, type: async}]\n    backlog: {arrival: 100/min, capacity: {min: 200/min, max: 400/min}}\n`,
  `  web:\n    name: Web\n    dependsOn: [api, {service: queue, type: soft}]\n    recovery: {time: {p50: 2m, p90: 8m}}\n`,
];
const SCENARIO = `scenarios:\n  s:\n    faults: [{service: db, at: 0, for: {p50: 1h, p90: 2h}}]\n`;

/** A summary in a form independent of catalog order: per-service rows sorted by id. */
const canonical = (r: MonteCarloResult): string => JSON.stringify({ ...r, services: [...r.services].sort((a, b) => (a.id < b.id ? -1 : 1)) });

describe('Monte Carlo is independent of catalog order', () => {
  it('permuting services gives identical draws and byte-identical summaries', () => {
    const perms = [[0, 1, 2, 3], [3, 2, 1, 0], [2, 0, 3, 1], [1, 3, 0, 2]];
    const out = perms.map((p) => {
      const c = catalogOf(yaml(p.map((i) => SERVICES[i]!), SCENARIO));
      return canonical(monteCarlo(buildModel(prepareSimulation(c), { scenario: c.scenarios.get('s')! }), 400, 7));
    });
    for (const o of out.slice(1)) expect(o).toBe(out[0]);
    // and the summary is not trivially constant: the fault's duration varies
    const parsed = JSON.parse(out[0]!) as MonteCarloResult;
    expect(parsed.fullRecoveryMinutes.p90).toBeGreaterThan(parsed.fullRecoveryMinutes.p50);
  });

  it('a slot draws the same value whatever slots come before it', () => {
    const a = new ParamTable();
    a.add('x', { kind: 'lognormal', p50: 10, p90: 20 });
    a.add('y', { kind: 'uniform', min: 0, max: 1 });
    const b = new ParamTable();
    b.add('y', { kind: 'uniform', min: 0, max: 1 });
    b.add('z', { kind: 'const', value: 3 });
    b.add('x', { kind: 'lognormal', p50: 10, p90: 20 });
    const va = new Float64Array(2);
    const vb = new Float64Array(3);
    for (const seed of [1, 2, 3, 123456789]) {
      a.sample(seed, va);
      b.sample(seed, vb);
      expect(vb[2]).toBe(va[0]);
      expect(vb[0]).toBe(va[1]);
      expect(vb[1]).toBe(3);
    }
    // different labels, different streams
    a.sample(5, va);
    expect(va[0]).not.toBe(va[1]);
  });

  it('a repeated label gets its own stream', () => {
    const t = new ParamTable();
    t.add('x', { kind: 'uniform', min: 0, max: 1 });
    t.add('x', { kind: 'uniform', min: 0, max: 1 });
    const v = new Float64Array(2);
    t.sample(9, v);
    expect(v[0]).not.toBe(v[1]);
  });

  it('the AWS catalog read in reverse file order gives the same Monte Carlo summary', () => {
    const dir = 'catalogs/aws-us-east-1';
    const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
    const sources = (names: string[]): CatalogSource[] => names.map((f) => ({ file: `${dir}/${f}`, bytes: readFileSync(`${dir}/${f}`) }));
    const run = (names: string[]): string => {
      const c = buildCatalog(sources(names)).catalog!;
      const sc = c.scenarios.get('2025-10-20-dynamodb-dns')!;
      return canonical(monteCarlo(buildModel(prepareSimulation(c), { scenario: sc }), 300, 1));
    };
    expect(run([...files].reverse())).toBe(run(files));
  });
});
