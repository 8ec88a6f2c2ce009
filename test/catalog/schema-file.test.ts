/** The committed JSON Schema is exactly what `npm run schema` generates from catalogSchema. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { catalogSchema, catalogSchemaJson, type JsonSchema } from '../../src/catalog/schema.js';

const committed = readFileSync(new URL('../../schema/catalog.schema.json', import.meta.url), 'utf8');

/** Every `$ref` target under `node`. */
function refs(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const x of node) refs(x, out);
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else refs(v, out);
    }
  }
  return out;
}

/** Every `pattern` and patternProperties key under `node`. */
function patterns(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const x of node) patterns(x, out);
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === 'pattern' && typeof v === 'string') out.push(v);
      if (k === 'patternProperties' && v && typeof v === 'object') out.push(...Object.keys(v));
      patterns(v, out);
    }
  }
  return out;
}

describe('schema/catalog.schema.json', () => {
  it('matches the schema generated from src/catalog/schema.ts (run `npm run schema` after changing it)', () => {
    expect(committed).toBe(catalogSchemaJson());
  });

  it('is JSON whose every $ref resolves to a definition', () => {
    const parsed = JSON.parse(committed) as JsonSchema;
    const targets = refs(parsed);
    expect(targets.length).toBeGreaterThan(10);
    for (const r of targets) {
      expect(r).toMatch(/^#\/definitions\//);
      expect(parsed.definitions?.[r.slice('#/definitions/'.length)], r).toBeDefined();
    }
  });

  it('uses only regular expressions that compile', () => {
    const all = patterns(catalogSchema);
    expect(all).toContain('^x-');
    for (const p of all) expect(() => new RegExp(p)).not.toThrow();
  });
});
