/**
 * docs/catalog.md stays true to the code: its complete example validates cleanly and uses
 * every field of the schema, every schema field is documented, and every diagnostic code
 * has a row in the diagnostics table.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildCatalog } from '../../src/catalog/build.js';
import { DIAGNOSTIC_CODES } from '../../src/catalog/diagnostics.js';
import { catalogSchema, type JsonSchema } from '../../src/catalog/schema.js';

const doc = readFileSync('docs/catalog.md', 'utf8');
const example = doc.slice(doc.indexOf('## A complete example')).split('```yaml\n')[1]!.split('```')[0]!;

/** Every property name declared anywhere in the schema. */
function schemaFields(s: JsonSchema = catalogSchema, out = new Set<string>()): Set<string> {
  for (const [k, sub] of Object.entries(s.properties ?? {})) {
    out.add(k);
    schemaFields(sub, out);
  }
  for (const sub of [...(s.oneOf ?? []), ...Object.values(s.definitions ?? {}), ...(s.items ? [s.items] : [])]) schemaFields(sub, out);
  return out;
}

/** Every mapping key used in a parsed YAML value. */
function keysUsed(v: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(v)) for (const x of v) keysUsed(x, out);
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      out.add(k);
      keysUsed(x, out);
    }
  }
  return out;
}

describe('docs/catalog.md', () => {
  it('has a complete example that validates without a single diagnostic', () => {
    const res = buildCatalog([{ file: 'example.yaml', bytes: new TextEncoder().encode(example) }]);
    expect(res.diagnostics.map((d) => `${d.code} ${d.pos?.line}:${d.pos?.col}`)).toEqual([]);
    expect(res.catalog!.services.size).toBe(8);
  });

  it('uses every field of the schema in the complete example', () => {
    const used = keysUsed(parse(example, { merge: true }));
    const missing = [...schemaFields()].filter((f) => !used.has(f));
    expect(missing).toEqual([]);
  });

  it('documents every field of the schema', () => {
    const missing = [...schemaFields()].filter((f) => !doc.includes(`\`${f}\``) && !doc.includes(`${f}.`) && !doc.includes(`.${f}\``));
    expect(missing).toEqual([]);
  });

  it('lists every diagnostic code in its table', () => {
    const rows = new Set([...doc.matchAll(/^\| `([a-z0-9-]+)` \| (error|warning) \|/gm)].map((m) => m[1]));
    expect([...DIAGNOSTIC_CODES].filter((c) => !rows.has(c))).toEqual([]);
    expect([...rows].filter((c) => !(DIAGNOSTIC_CODES as readonly string[]).includes(c!))).toEqual([]);
  });
});
