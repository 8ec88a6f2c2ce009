/**
 * Where a large catalog's analysis runs (src/tui/analyse.ts): it opens without a compiled
 * graph (the first frame needs none); asked for, the analysis compiles it and runs the sweeps
 * on a worker thread, with the same analysis and graph as in one thread.
 */
import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/catalog/build.js';
import { compileGraph } from '../../src/graph/compile.js';
import { startAnalysis } from '../../src/tui/analyse.js';
import { analyseCatalog, openExplorerData, withAnalysis } from '../../src/tui/state/data.js';
import { syntheticCatalogYaml } from './synthetic.js';

const catalog = buildCatalog([{ file: 'synthetic.yaml', bytes: Buffer.from(syntheticCatalogYaml(300, 2)) }]).catalog!;
const cg = compileGraph(catalog);
const reference = analyseCatalog(catalog, cg);

describe('a large catalog\'s analysis', () => {
  it('opens without a compiled graph; the analysis, once asked for, brings the graph it ran on', async () => {
    const data = openExplorerData(catalog, 'synthetic', null);
    expect(data.cg).toBeNull();
    const { data: opened, pending } = startAnalysis(data, 0);
    expect(opened.cg).toBeNull();
    expect(opened.analysed).toBe(false);
    const a = await pending!();
    expect(await pending!()).toBe(a); // started once
    const { cg: got, ...analysis } = a;
    expect(analysis).toEqual(reference);
    expect(got).toEqual(cg);
    const ranked = withAnalysis(data, a);
    expect(ranked.cg).toBe(got);
    expect(ranked.ranked).toEqual(withAnalysis(openExplorerData(catalog, 'synthetic', cg), reference).ranked);
  });

  it('small catalogs are analysed at once, in this thread', () => {
    const { data, pending } = startAnalysis(openExplorerData(catalog, 'synthetic', null));
    expect(pending).toBeUndefined();
    expect(data.analysed).toBe(true);
    expect(data.cg).toEqual(cg);
  });
});
