/** Loads a catalog for tests, failing loudly with its diagnostics when it is invalid. */
import { loadCatalog } from '../../src/catalog/load.js';
import type { Catalog } from '../../src/catalog/model.js';

export function load(path: string): Catalog {
  const res = loadCatalog(path);
  if (!res.catalog) throw new Error(`invalid test catalog ${path}: ${res.diagnostics.map((d) => d.message).join('; ')}`);
  return res.catalog;
}

export const FIXTURES = 'test/fixtures/analysis';
