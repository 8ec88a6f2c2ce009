/**
 * Where a large catalog's analysis runs (src/tui/analyse.ts): on a worker thread that reads
 * the catalog's files itself when they are unchanged since the explorer began reading them,
 * and compiles the graph there (the explorer's own thread compiles nothing before its first
 * frame); else on the graph compiled here, once asked for. Either way the same analysis and
 * the same compiled graph as in one thread.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCatalog } from '../../src/catalog/load.js';
import { compileGraph } from '../../src/graph/compile.js';
import { startAnalysis } from '../../src/tui/analyse.js';
import { analyseCatalog, openExplorerData, withAnalysis } from '../../src/tui/state/data.js';
import { syntheticCatalogYaml } from './synthetic.js';

const dir = mkdtempSync(join(tmpdir(), 'blast-analyse-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = join(dir, 'synthetic.yaml');
writeFileSync(file, syntheticCatalogYaml(300, 2));
const catalog = loadCatalog(file).catalog!;
const cg = compileGraph(catalog);
const reference = analyseCatalog(catalog, cg);

describe('a large catalog\'s analysis', () => {
  it('opens without a compiled graph, and gets the graph the worker compiled from the unchanged file with the analysis', async () => {
    const past = new Date(Date.now() - 3_600_000);
    utimesSync(file, past, past);
    const data = openExplorerData(catalog, file, null);
    expect(data.cg).toBeNull();
    const { pending } = startAnalysis(data, { path: file, loadStartedMs: Date.now() }, 0);
    const a = await pending!();
    const { cg: got, ...analysis } = a;
    expect(analysis).toEqual(reference);
    // the worker's arrays, with this thread's ids and index (the graph was not compiled here)
    expect(got!.index).toBe(data.byId);
    expect(got).toEqual(cg);
    const ranked = withAnalysis(data, a);
    expect(ranked.cg).toBe(got);
    expect(ranked.ranked).toEqual(withAnalysis(openExplorerData(catalog, file, cg), reference).ranked);
  });

  it('compiles the graph here when the file changed after the explorer began reading it, with the same result', async () => {
    const loadStartedMs = Date.now() - 60_000;
    utimesSync(file, new Date(), new Date());
    const data = openExplorerData(catalog, file, null);
    const { pending } = startAnalysis(data, { path: file, loadStartedMs }, 0);
    const { cg: got, ...analysis } = await pending!();
    expect(analysis).toEqual(reference);
    expect(got!.index).not.toBe(data.byId);
    expect(got).toEqual(cg);
  });

  it('small catalogs are analysed at once, in this thread', () => {
    const { data, pending } = startAnalysis(openExplorerData(catalog, file, null), null);
    expect(pending).toBeUndefined();
    expect(data.analysed).toBe(true);
    expect(data.cg).toEqual(cg);
  });
});
