/**
 * The cell candidates on catalogs/example-regions: every candidate's edits are written into
 * the catalog's YAML (merge keys and comments kept), loaded back and simulated on the same
 * inputs and seeds, and must give exactly the measure the advisor claimed.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.js';
import { buildCatalog } from '../../src/catalog/build.js';
import { advise } from '../../src/advise/advise.js';
import { measure, sample } from '../../src/advise/evaluate.js';
import { patchYaml } from '../../src/advise/patch-yaml.js';

async function recheck(scenario: string, trials: number): Promise<string[]> {
  const catalog = loadCatalog('catalogs/example-regions').catalog!;
  const texts = new Map(catalog.files.map((f) => [f, readFileSync(f, 'utf8')]));
  const inputs = [{ label: scenario, input: { scenario: catalog.scenarios.get(scenario)! } }];
  const a = await advise(catalog, { inputs, trials, seed: 3, screen: 1000, bundle: 0, runbookMinutes: 10 });
  for (const e of a.ranked) {
    const all = new Map(texts);
    for (const [f, t] of patchYaml(catalog, texts, e.candidate.edits, { note: e.candidate.title })) all.set(f, t);
    const rebuilt = buildCatalog([...all].map(([file, t]) => ({ file, bytes: Buffer.from(t, 'utf8') })));
    expect(rebuilt.diagnostics.filter((d) => d.severity === 'error'), e.candidate.id).toEqual([]);
    const m = measure(sample(rebuilt.catalog!, inputs.map((i) => i.input), trials, 3, new Set(catalog.services.keys())));
    expect(m, e.candidate.id).toEqual(e.measure);
  }
  return a.ranked.map((e) => e.candidate.id);
}

describe('example regions: the cell candidates are reproduced by the patched YAML', () => {
  it('a zone lost: failover (with headroom) for the zonal storage', async () => {
    expect(await recheck('zone-lost', 0)).toEqual(['cell-failover:storage']);
  });
  it('a region lost: more headroom for the API and storefront, failover for network and storage (Monte Carlo)', async () => {
    const ids = await recheck('region-lost', 20);
    for (const id of ['cell-headroom:api', 'cell-headroom:web', 'cell-failover:network', 'cell-failover:storage']) expect(ids).toContain(id);
  }, 60_000);
});
