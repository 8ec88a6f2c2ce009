/** Explorer data for the tests: the example shop, and small catalogs written as YAML. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCatalog } from '../../src/catalog/load.js';
import { buildExplorerData, type ExplorerData } from '../../src/tui/state/data.js';

export function shopData(): ExplorerData {
  const res = loadCatalog('catalogs/example-shop');
  if (!res.catalog) throw new Error('example shop does not load');
  return buildExplorerData(res.catalog, 'catalogs/example-shop');
}

/** Writes `yaml` to a temporary catalog file, loads it, and removes the file. */
export function yamlData(yaml: string): ExplorerData {
  const dir = mkdtempSync(join(tmpdir(), 'blast-tui-'));
  const file = join(dir, 'catalog.yaml');
  writeFileSync(file, yaml);
  let res: ReturnType<typeof loadCatalog>;
  try {
    res = loadCatalog(file);
  } finally {
    rmSync(dir, { recursive: true, force: true }); // read at once: nothing needs the file afterwards
  }
  if (!res.catalog) throw new Error(`fixture does not load: ${JSON.stringify(res.diagnostics)}`);
  return buildExplorerData(res.catalog, file);
}

/** The ids of rows, for readable assertions. */
export const ids = (data: ExplorerData, rows: readonly number[]): string[] => rows.map((r) => data.rows[r]!.rawId);
