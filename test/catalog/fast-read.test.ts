/**
 * The fast reader against the YAML library: on every catalog file in test/ and catalogs/, and on
 * hand-written edge cases, a file it accepts must give the same node tree (kinds, values, start
 * offsets, alias targets) as the library, and the schema walk over both the same values,
 * positions and diagnostics. Files it declines are read by the library alone.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isAlias, isMap, isScalar, isSeq, type Node } from 'yaml';
import { fastRead } from '../../src/catalog/fast-read.js';
import { parseSource, type ParsedSource } from '../../src/catalog/parse.js';
import { checkSchema } from '../../src/catalog/check-schema.js';
import { catalogSchema } from '../../src/catalog/schema.js';
import { buildCatalog } from '../../src/catalog/build.js';

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir).sort()) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...yamlFiles(p));
    else if (/\.ya?ml$/.test(e)) out.push(p);
  }
  return out;
}

/** A node tree as plain data: kind, value, start offset; aliases as their target's start. */
function shape(n: unknown, src: ParsedSource): unknown {
  if (n === null || n === undefined) return null;
  const start = (n as { range?: number[] }).range?.[0];
  if (isAlias(n)) return { alias: (n as { source: string }).source, start, target: (src.aliases.get(n) as { range?: number[] } | undefined)?.range?.[0] };
  if (isScalar(n)) return { v: typeof n.value === 'symbol' ? '<<' : n.value, start };
  if (isMap(n)) return { map: n.items.map((p) => [shape(p.key, src), shape(p.value, src)]), start };
  if (isSeq(n)) return { seq: n.items.map((i) => shape(i, src)), start };
  throw new Error(`unexpected node ${String(n)}`);
}

function compare(file: string, bytes: Uint8Array): boolean {
  const fast = parseSource(file, bytes);
  const slow = parseSource(file, bytes, { fast: false });
  if (!fast.fast) return false;
  expect(slow.diagnostics.filter((d) => d.severity === 'error'), file).toEqual([]);
  expect(shape(fast.doc!.contents as Node, fast), file).toEqual(shape(slow.doc!.contents as Node, slow));
  const a = checkSchema(fast, catalogSchema);
  const b = checkSchema(slow, catalogSchema);
  expect(a.value, file).toEqual(b.value);
  expect(a.diagnostics, file).toEqual(b.diagnostics);
  return true;
}

describe('fast reader', () => {
  it('reads every catalog in test/ and catalogs/ as the YAML library does', () => {
    const files = [...yamlFiles('catalogs'), ...yamlFiles('test/fixtures')];
    let fast = 0;
    for (const f of files) if (compare(f, readFileSync(f))) fast++;
    // Not vacuous: most files take the fast path.
    expect(files.length).toBeGreaterThan(20);
    expect(fast / files.length).toBeGreaterThan(0.5);
  });

  it('builds the bundled catalogs to the same services as the YAML library', () => {
    for (const dir of ['catalogs/example-shop', 'catalogs/aws-us-east-1']) {
      const sources = yamlFiles(dir).map((f) => ({ file: f, bytes: readFileSync(f) }));
      const built = buildCatalog(sources);
      expect(built.catalog, dir).toBeDefined();
      for (const s of sources) {
        const slow = parseSource(s.file, s.bytes, { fast: false });
        const fast = parseSource(s.file, s.bytes);
        if (fast.fast) expect(checkSchema(fast, catalogSchema).value).toEqual(checkSchema(slow, catalogSchema).value);
      }
    }
  });

  const cases: Record<string, string> = {
    'empty values': 'a:\nb: 1\nc:\n',
    'trailing spaces': 'a:   \n  # c\nb: &x\n  c: 1\nd: *x\n',
    'sequence at the key column': 'a: &y foo\ns:\n- 1\n- k: v\n  j:\n',
    'flow collections': 'a: [x, {p: q}, &z w]\nb: {}\nc: []\nd: -1\ne: [a,\n  b, # c\n  c]\n',
    'quoted and block scalars': "a: 'it''s'\nb: \"x\\ny\\u00e9\"\nc: >-\n  folded\n  text\n\n  para\nd: |\n  lit\n   more\ne: |+\n  keep\n\nf: >\n  clip\n",
    'multi-line plain': 'a: one\n  two\n\n  three\nb: x\n',
    'nested sequences': 's:\n  - \n  - a\n  -\n    - b\n  - - c\n    - d\n',
    'scalar types': 'a: 1\nb: 1.5\nc: true\nd: ~\ne: null\nf: 1e3\ng: -0.5\nh: 2h37m\ni: 0\nj: False\nk: 12:30\nl: http://x.y/z#q\n',
    'merge keys': 'x: &d\n  owner: a\n  system: b\nservices:\n  s:\n    <<: *d\n    name: S\n  t: {<<: *d, name: T}\n',
    'comments everywhere': '# head\na: 1 # one\n\n# mid\nb:\n  # inside\n  c: 2\n',
    'no final newline': 'a: [1, 2]',
    'keys with spaces and quotes': '"a b": 1\n\'c\': 2\nd e: 3\n',
    'compact maps in sequences': 'deps:\n  - service: a\n    type: soft\n  - b\n  - {service: c}\n',
    'block scalar at the end': 'a: |\n  x\n  y',
  };
  for (const [name, text] of Object.entries(cases)) {
    it(`agrees on ${name}`, () => {
      expect(compare('t.yaml', new TextEncoder().encode(text))).toBe(true);
    });
  }

  const declined: Record<string, string> = {
    'duplicate keys': 'a: 1\na: 2\n',
    'a tab': 'a:\n\tb: 1\n',
    'a tag': 'a: !!str 1\n',
    'two documents': 'a: 1\n---\nb: 2\n',
    'an alias before its anchor': 'a: *x\nb: &x 1\n',
    'a mapping in a value': 'a: b: c\n',
    'an unclosed flow sequence': 'a: [1, 2\n',
    'a trailing comma': 'a: [1, 2, ]\n',
    'mis-indented key': 'a:\n    b: 1\n  c: 2\n',
    'CRLF line ends': 'a: 1\r\nb: 2\r\n',
    'hexadecimal': 'a: 0x1f\n',
  };
  for (const [name, text] of Object.entries(declined)) {
    it(`declines ${name}, leaving it to the YAML library`, () => {
      expect(fastRead(text)).toBeUndefined();
    });
  }
});
