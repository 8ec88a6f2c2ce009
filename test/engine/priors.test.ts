/**
 * Priors: `{prior: <name>}` durations resolve through the documented table (or a caller's
 * replacement), use the median in the point estimate, are sampled by Monte Carlo and are
 * named in its sensitivity ranking.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { buildCatalog } from '../../src/catalog/build.js';
import { buildModel, monteCarlo, prepareSimulation, simulate } from '../../src/engine/index.js';
import { PRIORS, PRIOR_NAMES, priorTable, priorsMarkdown } from '../../src/engine/priors.js';
import { catalogOf } from './helpers.js';

const CATALOG = `services:
  db: {name: DB}
  api: {name: API, dependsOn: [db]}
scenarios:
  s:
    faults: [{service: db, for: {prior: detect}}]
`;

describe('priors', () => {
  it('the point estimate uses the prior\'s median (detect: 3 min)', () => {
    const c = catalogOf(CATALOG);
    const r = simulate(prepareSimulation(c), { scenario: c.scenarios.get('s')! });
    expect(r.fullRecoveryMinutes).toBe(3);
    expect(r.services.find((s) => s.id === 'api')!.recoveredMinutes).toBe(3);
  });

  it('buildModel options replace a prior by name', () => {
    const c = catalogOf(CATALOG);
    const r = simulate(prepareSimulation(c), { scenario: c.scenarios.get('s')! }, { priors: { detect: { kind: 'const', value: 12 } } });
    expect(r.fullRecoveryMinutes).toBe(12);
    const m = buildModel(prepareSimulation(c), { scenario: c.scenarios.get('s')! }, { priors: { detect: { kind: 'uniform', min: 10, max: 20 } } });
    expect(m.params.medians()[m.faults[0]!.duration]).toBe(15);
    expect(() => priorTable({ 'detect-fast': { kind: 'const', value: 1 } })).toThrow(/bug: no prior named "detect-fast"/);
  });

  it('Monte Carlo samples the prior as a lognormal (p50 3 min, p90 30 min) and names it', () => {
    const c = catalogOf(CATALOG);
    const m = buildModel(prepareSimulation(c), { scenario: c.scenarios.get('s')! });
    const mc = monteCarlo(m, 4000, 3);
    // nearest-rank quantiles of 4000 draws: within a few per cent of the distribution's
    expect(mc.fullRecoveryMinutes.p50).toBeGreaterThan(2.7);
    expect(mc.fullRecoveryMinutes.p50).toBeLessThan(3.3);
    expect(mc.fullRecoveryMinutes.p90).toBeGreaterThan(26);
    expect(mc.fullRecoveryMinutes.p90).toBeLessThan(35);
    expect(mc.sensitivity).toEqual([{ parameter: 'prior:detect (scenario: fault 1 (db) duration)', correlation: 1 }]);
    expect(m.params.slots[m.faults[0]!.duration]).toMatchObject({ prior: 'detect', dist: { kind: 'lognormal', p50: 3, p90: 30 } });
  });

  it('a prior is accepted wherever a duration is', () => {
    const c = catalogOf(`services:
  db: {name: DB, recovery: {time: {prior: restart-service}}}
  q: {name: Q, backlog: {arrival: 10/min, capacity: 20/min, timeout: {prior: diagnose}, mitigation: {prior: mitigate}}}
scenarios:
  s:
    faults: [{service: db, at: {prior: detect}, until: {prior: diagnose}}]
    actions: [{service: q, do: restart, at: {prior: rollback}}]
`);
    const m = buildModel(prepareSimulation(c), { scenario: c.scenarios.get('s')! });
    const labels = m.params.slots.filter((s) => s.prior !== undefined).map((s) => s.label);
    expect(labels).toEqual([
      'prior:restart-service (db.recovery.time)',
      'prior:diagnose (q.backlog.timeout)',
      'prior:mitigate (q.backlog.mitigation)',
      'prior:detect (scenario: fault 1 (db) at)',
      'prior:diagnose (scenario: fault 1 (db) until)',
      'prior:rollback (scenario: action 1 (restart q) at)',
    ]);
  });

  it('an unknown prior is an error at its line and column, with a suggestion', () => {
    const res = buildCatalog([{ file: 'c.yaml', bytes: new TextEncoder().encode(CATALOG.replace('{prior: detect}', '{prior: detekt}')) }]);
    expect(res.catalog).toBeUndefined();
    const d = res.diagnostics.find((x) => x.severity === 'error')!;
    expect(d.pos).toEqual({ file: 'c.yaml', line: 6, col: 41 });
    expect(d.message).toContain('"detekt" is not one of');
    expect(d.hint).toBe('did you mean "detect"?');
  });

  it('a prior is not a rate: {prior: …} is refused where a rate is expected', () => {
    const res = buildCatalog([{ file: 'c.yaml', bytes: new TextEncoder().encode('services:\n  q: {name: Q, backlog: {arrival: {prior: detect}, capacity: 20/min}}\n') }]);
    expect(res.catalog).toBeUndefined();
  });

  it('catch-up, a ratio prior, is a backlog\'s capacity as a multiple of its arrival: drain time worked by hand', () => {
    // db down 60 min: q's queue holds 60 × 100 = 6,000 units; at the median capacity
    // 3.3 × 100 = 330/min it drains at 330 − 100 = 230/min: 6,000 / 230 = 26.09 min
    const c = catalogOf(`services:
  db: {name: DB}
  q: {name: Q, backlog: {arrival: 100/min, capacity: {prior: catch-up}}, dependsOn: [db]}
scenarios:
  s:
    faults: [{service: db, for: 60m}]
`);
    const r = simulate(prepareSimulation(c), { scenario: c.scenarios.get('s')! });
    expect(r.services.find((x) => x.id === 'q')!.recoveredMinutes).toBeCloseTo(60 + 6000 / 230, 2);
    const m = buildModel(prepareSimulation(c), { scenario: c.scenarios.get('s')! });
    const slot = m.params.slots.find((x) => x.prior === 'catch-up')!;
    expect(slot).toMatchObject({ label: 'prior:catch-up ×100 (q.backlog.capacity)', dist: { kind: 'lognormal', p50: 330, p90: 550 } });
  });

  it('catch-up goes only in a backlog\'s capacity, with a fixed arrival; duration priors never there', () => {
    const errs = (yaml: string) => buildCatalog([{ file: 'c.yaml', bytes: new TextEncoder().encode(yaml) }]).diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.pos?.line}:${d.pos?.col}`);
    expect(errs('services:\n  q: {name: Q, backlog: {arrival: 1/min, capacity: {prior: detect}}}\n')).toEqual(['invalid-value 2:60']);
    expect(errs('services:\n  q: {name: Q, recovery: {time: {prior: catch-up}}}\n')).toEqual(['invalid-value 2:41']);
    expect(errs('services:\n  q: {name: Q, backlog: {arrival: {min: 1/min, max: 2/min}, capacity: {prior: catch-up}}}\n')).toEqual(['invalid-value 2:61']);
    // the hint says where each kind goes
    const hints = (yaml: string) => buildCatalog([{ file: 'c.yaml', bytes: new TextEncoder().encode(yaml) }]).diagnostics.map((d) => d.hint);
    expect(hints('services:\n  q: {name: Q, recovery: {time: {prior: catch-up}}}\n')).toEqual(["catch-up is a multiple, not a duration: it goes in a backlog's capacity, e.g. capacity: {prior: catch-up}"]);
    expect(hints('services:\n  q: {name: Q, backlog: {arrival: 1/min, capacity: {prior: detect}}}\n')).toEqual(["detect is a duration; a backlog's capacity is a rate (e.g. 1200/min) or a multiple of its arrival, {prior: catch-up}"]);
  });

  it('every prior is a proper lognormal with its measure and its basis', () => {
    for (const n of PRIOR_NAMES) {
      const p = PRIORS[n];
      expect(p.dist.kind).toBe('lognormal');
      if (p.dist.kind === 'lognormal') expect(p.dist.p90).toBeGreaterThan(p.dist.p50);
      expect(p.measures.length).toBeGreaterThan(10);
      expect(p.basis.length).toBeGreaterThan(40);
    }
  });

  it('docs/model.md shows the current priors table', () => {
    const doc = readFileSync('docs/model.md', 'utf8');
    const embedded = doc.split('<!-- priors-table:start -->\n')[1]?.split('\n<!-- priors-table:end -->')[0];
    expect(embedded).toBe(priorsMarkdown());
  });
});
