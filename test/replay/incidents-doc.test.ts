/**
 * docs/incidents.md shows the library table a fresh run of scripts/incidents.ts gives (every
 * incident catalog under catalogs/incidents/ plus the AWS scenario), and the table machinery
 * itself: rows, the priors-only and fitted scores, and an empty library.
 */
import { readFileSync, mkdirSync, cpSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { COVERAGE_END, COVERAGE_START, discoverIncidents, embeddedTable, incidentsCoverage, incidentsTable } from '../../scripts/incidents.js';
import { libraryRow, libraryRows, libraryTable } from '../../src/replay/library.js';
import { buildCatalog } from '../../src/catalog/build.js';
import { loadCatalog } from '../../src/catalog/load.js';
import { inProcessExecutor } from '../../src/fit/executor.js';
import { tempDir } from '../cli/helpers.js';

const tmp = tempDir('incidents');
afterAll(() => tmp.cleanup());

describe('docs/incidents.md', () => {
  it('shows the current library table', async () => {
    const embedded = embeddedTable(readFileSync('docs/incidents.md', 'utf8'));
    expect(embedded, 'regenerate: npx tsx scripts/incidents.ts').toBe(await incidentsTable());
  }, 120_000);

  it('shows the current Monte Carlo coverage table', () => {
    const embedded = embeddedTable(readFileSync('docs/incidents.md', 'utf8'), COVERAGE_START, COVERAGE_END);
    expect(embedded, 'regenerate: npx tsx scripts/incidents.ts').toBe(incidentsCoverage());
  }, 120_000);

  it('states the method: labels, priors-only first, the headline tolerance', () => {
    const doc = readFileSync('docs/incidents.md', 'utf8');
    for (const word of ['**derived**', '**published**', '**prior**', '**assumed**', '**fitted**', '**Priors-only first.**', 'max(20 min, 25 % of the observed'])
      expect(doc).toContain(word);
  });
});

describe('the library table', () => {
  it('with no incident catalogs, has the AWS row alone', () => {
    mkdirSync(join(tmp.dir, 'catalogs'), { recursive: true });
    cpSync('catalogs/aws-us-east-1', join(tmp.dir, 'catalogs/aws-us-east-1'), { recursive: true });
    expect(discoverIncidents(tmp.dir).map((e) => [e.path, e.scenario.id])).toEqual([['catalogs/aws-us-east-1', '2025-10-20-dynamodb-dns']]);
  });

  it('finds incident catalogs and refuses one without exactly one observed scenario', () => {
    mkdirSync(join(tmp.dir, 'catalogs/incidents/2020-01-01-fit'), { recursive: true });
    cpSync('test/fixtures/replay/fit.yaml', join(tmp.dir, 'catalogs/incidents/2020-01-01-fit/catalog.yaml'));
    expect(discoverIncidents(tmp.dir).map((e) => [e.path, e.scenario.id])).toEqual([
      ['catalogs/aws-us-east-1', '2025-10-20-dynamodb-dns'],
      ['catalogs/incidents/2020-01-01-fit', 's'],
    ]);
    mkdirSync(join(tmp.dir, 'catalogs/incidents/2020-02-02-none'), { recursive: true });
    cpSync('test/fixtures/replay/small.yaml', join(tmp.dir, 'catalogs/incidents/2020-02-02-none/catalog.yaml'));
    // small.yaml has one scenario with observations and one without: accepted
    expect(discoverIncidents(tmp.dir)).toHaveLength(3);
    mkdirSync(join(tmp.dir, 'catalogs/incidents/2020-03-03-two'), { recursive: true });
    const two = readFileSync('test/fixtures/replay/small.yaml', 'utf8').replace('  no-observations:\n', '  no-observations:\n    observed: [{service: db, event: impact, at: 0, source: "https://e.x"}]\n');
    tmp.write('catalogs/incidents/2020-03-03-two/catalog.yaml', two);
    expect(() => discoverIncidents(tmp.dir)).toThrow('catalogs/incidents/2020-03-03-two: expected exactly one scenario with observed: milestones, found 2');
  });

  it('gives priors-only and fitted scores (the fit fixture: 3/5 as written, 5/5 fitted)', async () => {
    const { catalog } = loadCatalog('test/fixtures/replay/fit.yaml');
    const row = await libraryRow({ path: 'x/fit', catalog: catalog!, scenario: catalog!.scenarios.get('s')! }, (p) => inProcessExecutor(p));
    expect([row.priors.within, row.priors.scored, row.freeParams, row.fitted!.within, row.fitted!.scored]).toEqual([3, 5, 4, 5, 5]);
    // as written the web recovery (1h) and the fault (1h15m) put full recovery at 2h20m: observed 1h35m → +45 min, +47 %
    expect(libraryTable([row]).split('\n')[2]).toBe('| s (`x/fit`) | `s` | 3/5 | +45 min (+47 %) | 1 | 4 free | 5/5 | 0 min (0 %) | 0 | not computed: no shared priors | – |');
  });

  it('reports a scenario that lists fitted parameters as calibrated, never as priors-only', async () => {
    const text = `services:
  db: {name: DB}
  web: {name: Web, dependsOn: [db], recovery: {time: 20m}}
scenarios:
  s:
    faults: [{service: db, at: 0m, for: 30m}]
    fitted: [{service: web, param: recovery.time, why: web back at 50m}]
    observed:
      - {service: web, event: recovered, at: 50m, source: "https://e.x/a"}
      - {service: db, event: recovered, at: 40m, source: "https://e.x/b"}
`;
    const { catalog } = buildCatalog([{ file: 'c.yaml', bytes: new TextEncoder().encode(text) }]);
    const row = await libraryRow({ path: 'x/cal', catalog: catalog!, scenario: catalog!.scenarios.get('s')! }, (p) => inProcessExecutor(p));
    // web back at 30 + 20 = 50 (exact), db at 30 against 40 (−10, within 20): 2/2 as written, reported as fitted
    expect([row.calibrated, row.freeParams, row.fitted!.within, row.fitted!.scored]).toEqual([1, 0, 2, 2]);
    expect(libraryTable([row]).split('\n')[2]).toBe('| s (`x/cal`) | `s` | – (calibrated) | – | – | 1 calibrated | 2/2 | not observed | 0 | not computed: no shared priors | – |');
    const rows = await libraryRows([{ path: 'x/cal', catalog: catalog!, scenario: catalog!.scenarios.get('s')! }, { path: 'x/cal2', catalog: catalog!, scenario: catalog!.scenarios.get('s')! }], (p) => inProcessExecutor(p));
    expect(rows[0]!.loio).toBe('not computed: calibrated on its own milestones');
  });

  it('refuses a fitted entry that names an unknown service, at its position', () => {
    const text = 'services:\n  db: {name: DB}\nscenarios:\n  s:\n    faults: [{service: db, at: 0m}]\n    fitted:\n      - {service: dbb, param: recovery.time}\n';
    const { diagnostics } = buildCatalog([{ file: 'c.yaml', bytes: new TextEncoder().encode(text) }]);
    const d = diagnostics.find((x) => x.severity === 'error')!;
    expect([d.code, d.pos?.line, d.message]).toEqual(['scenario-unknown-service', 7, 'scenario s: "fitted" names unknown service "dbb"']);
  });
});
