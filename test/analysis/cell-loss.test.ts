/**
 * The cell-loss check of `blast review` (src/analysis/cell-loss.ts) on a small catalog whose
 * answers are worked out by hand (docs/model.md, "Cells, zones and regions"), and on
 * catalogs/example-regions against the numbers of its README.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type AjvDraft04 from 'ajv-draft-04';
import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/catalog/build.js';
import type { Catalog } from '../../src/catalog/model.js';
import { cellLossFindings, cellLosses, CELL_LOSS_SERVED } from '../../src/analysis/cell-loss.js';
import type { CellLossFinding, CellLossImpact, Finding } from '../../src/analysis/findings.js';
import { reviewCatalog } from '../../src/analysis/review.js';
import { reviewMarkdown } from '../../src/analysis/render/markdown.js';
import { reviewSarif } from '../../src/analysis/render/sarif.js';
import { applyBaseline, parseBaseline, serializeBaseline } from '../../src/analysis/baseline.js';
import { load } from './load.js';

const catalogOf = (yaml: string): Catalog => {
  const res = buildCatalog([{ file: 'c.yaml', bytes: new TextEncoder().encode(yaml) }]);
  if (!res.catalog) throw new Error(res.diagnostics.map((d) => d.message).join('; '));
  return res.catalog;
};

// Line numbers matter: `cells` of api is at 5:5, of shard at 26:5.
const SMALL = `services:
  api:
    name: API
    tier: 1
    cells: [a, b, c]
    failover: true
    headroom: 0.25
  front:
    name: Front
    tier: 0
    dependsOn: [{service: api, needs: 0.9}]
  report:
    name: Report
    tier: 1
    dependsOn: [{service: api, needs: 0.5}]
  worker:
    name: Worker
    tier: 1
    cells: [a, b, c]
    failover: true
    headroom: 1
    dependsOn: [{service: api, cell: local, needs: 0.9}]
  shard:
    name: Shard
    tier: 2
    cells: {x: 0.7, y: 0.3}
`;

const cellLoss = (fs: readonly Finding[]): CellLossFinding[] => fs.filter((f): f is CellLossFinding => f.kind === 'cell-loss');
const byService = (f: CellLossFinding): Record<string, CellLossImpact> => Object.fromEntries(f.impacts.map((i) => [i.service, i]));

describe('cell loss on a hand-worked catalog', () => {
  const catalog = catalogOf(SMALL);
  const targets = new Set(['api', 'front', 'report', 'worker']); // tier 0-1
  const findings = cellLossFindings(catalog, targets, { groups: [{ name: 'ab', cells: ['a', 'b'] }] });
  const get = (name: string): CellLossFinding => findings.find((f) => f.lost === name)!;

  it('loses each cell name once, then the groups', () => {
    expect(cellLosses(catalog, [{ name: 'ab', cells: ['a', 'b'] }]).map((l) => l.name)).toEqual(['a', 'b', 'c', 'x', 'y', 'ab']);
    expect(findings.map((f) => f.lost)).toEqual(['a', 'b', 'c', 'x', 'y', 'ab']);
    // the fingerprint names the cell, the services down, then those degraded
    expect(findings.map((f) => f.fingerprint)).toEqual([
      'cell-loss:a:front+worker:api',
      'cell-loss:b:front+worker:api',
      'cell-loss:c:front+worker:api',
      'cell-loss:x::shard',
      'cell-loss:y::shard',
      'cell-loss:ab:front+report+worker:api',
    ]);
  });

  it('one zone of three, headroom 0.25: survivors at 120 %, 83 % served', () => {
    // api loses a (1/3): W = 2/3, D = 1/W = 1.5, d = 1.5 / 1.25 = 1.2 → b and c serve 1/1.2 = 5/6;
    // s = W · D · 5/6 = 5/6 ≈ 0.833; unserved 60 min × 1/6 = 10 min.
    const f = get('a');
    const i = byService(f);
    expect(i.api).toMatchObject({ state: 'degraded', cause: 'headroom', root: 'api', unservedMinutes: 10 });
    expect(i.api!.served).toBeCloseTo(5 / 6, 3);
    expect(i.api!.load).toBeCloseTo(1.2, 3);
    // front needs 90 % of api and gets 83 %: down for the hour (a tier 0 target: critical)
    expect(i.front).toMatchObject({ state: 'down', served: 0, cause: 'dependency', via: 'api', root: 'api', unservedMinutes: 60 });
    // worker has headroom 1 (d = max(1, 1.5/2) = 1) but each surviving cell needs 90 % of api's
    // cell of the same name, which serves 5/6: every cell down, nothing to fail over to.
    expect(i.worker).toMatchObject({ state: 'down', cause: 'cell-local', via: 'api', root: 'api' });
    // report needs 50 % and gets 83 %: untouched; shard has no cell a
    expect(i.report).toBeUndefined();
    expect(i.shard).toBeUndefined();
    expect(f.severity).toBe('critical');
    // the root cause of every impact is api's cells, at 5:5
    expect(f.location).toMatchObject({ file: 'c.yaml', line: 5, col: 5 });
    expect(f.title).toBe('losing cell a for 60 min takes front and worker down and degrades api (83 % served)');
    // absorbing it takes 1 + h ≥ D = 1.5
    expect(f.remedy).toBe('api: headroom ≥ 0.5 (now 0.25) would absorb it');
  });

  it('two zones of three (a group): one survivor at 240 %', () => {
    // W = 1/3, D = 3, d = 3 / 1.25 = 2.4, s = 1/2.4 ≈ 0.417 < 0.5: report (needs 50 %) goes down too;
    // api (tier 1) loses more than half its traffic; unserved 60 × (1 − 1/2.4) = 35 min.
    const i = byService(get('ab'));
    expect(i.api!.served).toBeCloseTo(1 / 2.4, 3);
    expect(i.api!.load).toBeCloseTo(2.4, 3);
    expect(i.api!.unservedMinutes).toBeCloseTo(35, 1);
    expect(Object.keys(i).sort()).toEqual(['api', 'front', 'report', 'worker']);
    expect(get('ab').title).toMatch(/^losing ab \(a and b\) for 60 min takes front, report and worker down/);
    expect(get('ab').remedy).toBe('api: headroom ≥ 2 (now 0.25) would absorb it'); // 1/W − 1 = 2
  });

  it('a shard without failover loses its share; outside the targets it is a warning', () => {
    // x is 70 % of shard: 30 % served, 60 × 0.7 = 42 unserved minutes; y: 70 % served, 18 minutes
    const x = get('x');
    expect(x.impacts).toEqual([expect.objectContaining({ service: 'shard', state: 'degraded', served: 0.3, cause: 'no-failover', unservedMinutes: 42 })]);
    expect(byService(get('y')).shard).toMatchObject({ served: 0.7, unservedMinutes: 18 });
    expect(x.severity).toBe('medium'); // shard is tier 2, not a target
    expect(x.location).toMatchObject({ line: 26, col: 5 });
    expect(x.remedy).toContain('failover with headroom ≥ 2.33'); // 1/0.3 − 1
  });

  it('a loss that is absorbed is no finding', () => {
    // headroom 0.5: d = max(1, 1.5 / 1.5) = 1, nothing served less than CELL_LOSS_SERVED
    const absorbed = catalogOf(SMALL.replace('headroom: 0.25', 'headroom: 0.5'));
    const fs = cellLossFindings(absorbed, targets);
    expect(fs.map((f) => f.lost)).toEqual(['x', 'y']);
    expect(CELL_LOSS_SERVED).toBe(0.99);
  });

  it('cells with queues: failover collapses the survivors (docs/model.md worked example)', () => {
    // each cell: arrival 300/3 = 100/min, capacity 390/3 = 130/min, timeout 5 min. Losing a:
    // b and c receive 1.5 × 100 = 150/min, 150/130 ≈ 115 % of their capacity; their queues grow
    // at 20/min and collapse at 650/20 = 32.5 min; with nothing left to fail over to, api is
    // down and never recovers. Absorbing it takes a capacity of D = 1.5 times the arrival (now 1.3).
    const queued = catalogOf(`services:
  api:
    name: API
    tier: 1
    cells: [a, b, c]
    failover: true
    backlog: {arrival: 300/min, capacity: 390/min, timeout: 5m}
`);
    const f = cellLossFindings(queued, new Set(['api'])).find((x) => x.lost === 'a')!;
    expect(f.impacts).toEqual([expect.objectContaining({ service: 'api', state: 'down', cause: 'headroom', collapse: true, unservedMinutes: null })]);
    expect(f.impacts[0]!.load).toBeCloseTo(150 / 130, 3);
    expect(f.severity).toBe('high');
    expect(f.remedy).toBe('api: a capacity of 1.5 × the arrival in each cell would absorb it');
  });

  it('a failover delay: the share fails until the traffic moves', () => {
    // failover: 2m, headroom 0.5 (absorbs D = 1.5): for 2 min a third fails, api serves 2/3,
    // 2 × 1/3 ≈ 0.7 unserved minutes; front (needs 90 %) is down those 2 minutes.
    const delayed = catalogOf(SMALL.replace('failover: true\n    headroom: 0.25', 'failover: 2m\n    headroom: 0.5'));
    const f = cellLossFindings(delayed, targets).find((x) => x.lost === 'a')!;
    const i = byService(f);
    expect(i.api).toMatchObject({ state: 'degraded', cause: 'failover-delay', unservedMinutes: 0.7 });
    expect(i.api!.served).toBeCloseTo(2 / 3, 3);
    expect(i.front).toMatchObject({ state: 'down', unservedMinutes: 2, root: 'api' });
    expect(f.remedy).toMatch(/^api: the lost share fails until failover moves it/);
  });

  it('is part of the review, and can be left out', () => {
    const review = reviewCatalog(catalog);
    expect(cellLoss(review.findings).map((f) => f.lost).sort()).toEqual(['a', 'b', 'c', 'x', 'y']);
    expect(cellLoss(reviewCatalog(catalog, { cellLoss: false }).findings)).toEqual([]);
    // --cell-loss-for: 30 minutes halves the unserved minutes of a zone (10 → 5)
    const short = cellLoss(reviewCatalog(catalog, { cellLoss: { forMinutes: 30 } }).findings).find((f) => f.lost === 'a')!;
    expect(byService(short).api!.unservedMinutes).toBe(5);
    expect(short.title).toMatch(/for 30 min/);
  });

  it('is baselined by its fingerprint like every finding', () => {
    const review = reviewCatalog(catalog);
    const fp = 'cell-loss:a:front+worker:api';
    const parsed = parseBaseline(serializeBaseline(review.findings.filter((f) => f.fingerprint === fp)));
    if (!('baseline' in parsed)) throw new Error(parsed.error);
    const { fresh, accepted } = applyBaseline(review.findings, parsed.baseline);
    expect(accepted.map((f) => f.fingerprint)).toEqual([fp]);
    expect(fresh.some((f) => f.fingerprint === fp)).toBe(false);
    // the same zone lost after a change that also takes report down is a new finding:
    // needs 0.9 instead of 0.5 puts report under api's 5/6 too
    const worse = reviewCatalog(catalogOf(SMALL.replace('dependsOn: [{service: api, needs: 0.5}]', 'dependsOn: [{service: api, needs: 0.9}]')));
    const again = applyBaseline(worse.findings, parsed.baseline);
    expect(again.accepted).toEqual([]);
    expect(again.fresh.map((f) => f.fingerprint)).toContain('cell-loss:a:front+report+worker:api');
  });

  it('the SPOF finding of a service with cells says it takes all its cells', () => {
    const spof = reviewCatalog(catalog).findings.find((f) => f.fingerprint === 'spof:api')!;
    expect(spof.title).toMatch(/, if all 3 of its cells fail together$/);
  });
});

describe('cell loss on catalogs/example-regions (numbers from its README)', () => {
  const catalog = load('catalogs/example-regions');
  const usEast = { name: 'us-east-1', cells: ['use1-az1', 'use1-az2', 'use1-az3'] };
  const review = reviewCatalog(catalog, { cellLoss: { groups: [usEast] } });
  const found = cellLoss(review.findings);
  const get = (name: string): CellLossFinding => found.find((f) => f.lost === name)!;

  it('a zone: api, web and mobile absorb it; network and storage lose its share', () => {
    // use1-az2 is 20 %: D = 1/0.8 = 1.25 ≤ 1 + 0.5, so api and web absorb it and mobile sees 100 %.
    // network and storage have no failover: 80 % served; network 60 × 0.2 = 12 unserved minutes,
    // storage (10 min of warm-up after the hour) 70 × 0.2 = 14.
    const f = get('use1-az2');
    expect(Object.keys(byService(f)).sort()).toEqual(['network', 'storage']);
    expect(byService(f).network).toMatchObject({ served: 0.8, unservedMinutes: 12, cause: 'no-failover', root: 'network' });
    expect(byService(f).storage).toMatchObject({ served: 0.8, unservedMinutes: 14, cause: 'no-failover' });
    expect(f.severity).toBe('medium'); // degraded, more than half served
    // the zones' `cells` are written once, in the x-zones anchor at line 12
    expect(f.location).toMatchObject({ file: 'catalogs/example-regions/services.yaml', line: 12, col: 3 });
    // euw1-az3 is 10 %: 90 % served
    expect(byService(get('euw1-az3')).network!.served).toBe(0.9);
  });

  it('a region: eu-west-1 overloaded at 167 %, mobile down', () => {
    // W = 0.4, D = 2.5, d = 2.5 / 1.5 ≈ 1.667, each eu-west-1 cell serves 60 %; the service
    // serves 0.4 × 2.5 × 0.6 = 60 % for 70 min (storage's warm-up): 28 unserved minutes.
    const f = get('us-east-1');
    const i = byService(f);
    for (const id of ['api', 'web']) {
      expect(i[id]).toMatchObject({ state: 'degraded', served: 0.6, cause: 'headroom', unservedMinutes: 28 });
      expect(i[id]!.load).toBeCloseTo(2.5 / 1.5, 3);
    }
    // mobile needs 90 % of api and gets 60 %: down 0-70
    expect(i.mobile).toMatchObject({ state: 'down', cause: 'dependency', via: 'api', root: 'api', unservedMinutes: 70 });
    // network 60 × 0.6 = 36, storage 70 × 0.6 = 42
    expect(i.network).toMatchObject({ served: 0.4, unservedMinutes: 36 });
    expect(i.storage).toMatchObject({ served: 0.4, unservedMinutes: 42 });
    // network (tier 0) loses more than half its traffic: critical
    expect(f.severity).toBe('critical');
    expect(f.remedy).toContain('api: headroom ≥ 1.5 (now 0.5) would absorb it'); // 1/0.4 − 1
  });

  it('SPOFs of services with cells are about losing all of them', () => {
    const spof = (id: string) => review.findings.find((f) => f.fingerprint === `spof:${id}`)!.title;
    expect(spof('network')).toMatch(/if all 6 of its cells fail together$/);
    expect(spof('identity')).not.toMatch(/cells/);
  });

  it('renders in markdown and in SARIF that validates against the 2.1.0 schema', () => {
    const md = reviewMarkdown(review);
    expect(md).toContain('### Cell loss (zone or region lost) (7)');
    expect(md).toContain('mobile: depends on api');
    const require = createRequire(import.meta.url);
    const Ajv = (require('ajv-draft-04') as typeof AjvDraft04).default;
    const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')) as Record<string, unknown>;
    const validate = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false, logger: false }).compile(schema);
    const sarif = reviewSarif(review.findings, { toolVersion: '0.0.0' }) as { runs: Array<{ tool: { driver: { rules: Array<{ id: string }> } }; results: Array<{ ruleId: string; ruleIndex: number; level: string }> }> };
    expect(validate(sarif), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    const run = sarif.runs[0]!;
    const results = run.results.filter((r) => r.ruleId === 'cell-loss');
    expect(results).toHaveLength(7);
    for (const r of results) expect(run.tool.driver.rules[r.ruleIndex]!.id).toBe('cell-loss');
    expect(results.filter((r) => r.level === 'error')).toHaveLength(1); // us-east-1 only
  });
});
