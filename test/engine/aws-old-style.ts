/**
 * The AWS us-east-1 catalog as it was before its scenario used staged restarts and priors:
 * the bundled catalog's files, with the ones that changed taken from
 * test/fixtures/engine/aws-old-style/. Old-style throughout, so the frozen reference engine
 * can run it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { buildCatalog } from '../../src/catalog/build.js';
import type { Catalog } from '../../src/catalog/model.js';

const DIR = 'catalogs/aws-us-east-1';
const OLD = 'test/fixtures/engine/aws-old-style';

export function oldStyleAws(): Catalog {
  const old = new Set(readdirSync(OLD).filter((f) => f.endsWith('.yaml')));
  const files = readdirSync(DIR)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => ({ file: `${old.has(f) ? OLD : DIR}/${f}`, bytes: readFileSync(`${old.has(f) ? OLD : DIR}/${f}`) }));
  const res = buildCatalog(files);
  if (!res.catalog) throw new Error(`old-style AWS catalog invalid:\n${res.diagnostics.map((d) => d.message).join('\n')}`);
  return res.catalog;
}
