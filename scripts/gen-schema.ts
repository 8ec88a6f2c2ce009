/**
 * Writes schema/catalog.schema.json from `catalogSchema` (src/catalog/schema.ts), the
 * one source of truth for the catalog format. `npm run schema`; `--check` exits 1 when
 * the committed file is out of date instead of writing it.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { catalogSchemaJson } from '../src/catalog/schema.js';
import { writeFileAtomic } from '../src/cli/io.js';

const target = fileURLToPath(new URL('../schema/catalog.schema.json', import.meta.url));
const json = catalogSchemaJson();

if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(target, 'utf8');
  } catch {
    // missing counts as out of date
  }
  if (current !== json) {
    process.stderr.write('schema/catalog.schema.json is out of date: run `npm run schema`\n');
    process.exitCode = 1;
  }
} else {
  writeFileAtomic(target, json);
  process.stdout.write('wrote schema/catalog.schema.json\n');
}
