/**
 * The direct reader of the common large-catalog shape against the general path (the YAML
 * reader, the schema walk, composing): every file it accepts must build to the same services
 * (values, field order, positions), meta and diagnostics; everything else it must decline.
 * Checked on every catalog file in catalogs/ and test/fixtures/, on generated power-law
 * catalogs (the benchmark's), and on hand-written edge cases.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { hotRead } from '../../src/catalog/hot-read.js';
import { dependencyIndex } from '../../src/catalog/dependency-index.js';
import { buildCatalog, type BuildResult, type CatalogSource } from '../../src/catalog/build.js';
import { powerLaw, toYaml } from '../../bench/power-law.js';

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir).sort()) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...yamlFiles(p));
    else if (/\.ya?ml$/.test(e)) out.push(p);
  }
  return out;
}

/** A build result as text that keeps every object's key order (maps as their entries). */
function canonical(r: BuildResult): string {
  return JSON.stringify(r, (_k, v: unknown) => (v instanceof Map ? { map: [...v.entries()] } : v));
}

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Builds both ways; the results must be identical. Returns whether the direct reader took the file. */
function same(sources: CatalogSource[]): boolean {
  const direct = buildCatalog(sources);
  const general = buildCatalog(sources, { direct: false });
  expect(canonical(direct)).toBe(canonical(general));
  expect(direct).toEqual(general);
  const reads = sources.map((s) => hotRead(s.file, new TextDecoder().decode(s.bytes)));
  // The reader's own index of a lone file (numbers, requirements, members) is the one the rules would build.
  if (reads.length === 1 && reads[0] && general.catalog) {
    const mine = reads[0].index;
    const theirs = dependencyIndex(general.catalog.services);
    expect(mine.ids).toEqual(theirs.ids);
    expect([...mine.reqStart]).toEqual([...theirs.reqStart]);
    expect([...mine.memberStart]).toEqual([...theirs.memberStart]);
    expect([...mine.member]).toEqual([...theirs.member]);
    expect(mine.reqs).toEqual(theirs.reqs);
  }
  return reads.some((r) => r !== undefined);
}

describe('direct reader', () => {
  it('builds every catalog file and directory in catalogs/ and test/fixtures/ as the general path does', () => {
    const files = [...yamlFiles('catalogs'), ...yamlFiles('test/fixtures')];
    let taken = 0;
    for (const f of files) if (same([{ file: f, bytes: readFileSync(f) }])) taken++;
    expect(taken).toBeGreaterThan(0);
    for (const dir of ['catalogs/example-shop', 'catalogs/aws-us-east-1', 'test/fixtures/catalog/duplicate-across-files']) {
      same(yamlFiles(dir).map((f) => ({ file: f, bytes: readFileSync(f) })));
    }
  });

  it('reads generated power-law catalogs (hard, soft and async edges, groups, cycles) as the general path does', () => {
    for (const [n, m, options] of [
      [300, 1_500, { groups: 0.1 }],
      [500, 2_000, { soft: 0, async: 0 }],
      [200, 800, { groups: 0.3, soft: 0.4, async: 0.2, seed: 7 }],
    ] as const) {
      const text = toYaml(powerLaw(n, m, options));
      expect(hotRead('p.yaml', text), `${n} / ${m}`).toBeDefined();
      expect(same([{ file: 'p.yaml', bytes: enc(text) }])).toBe(true);
    }
  });

  it('reads a generated catalog written with block lists as the general path does', () => {
    // hard edges only: every item of a flow list is a plain id
    const flow = toYaml(powerLaw(400, 1_600, { soft: 0, async: 0 }));
    const text = flow.replace(/^ {4}dependsOn: \[(.*)\]$/gm, (_m, items: string) => `    dependsOn:\n${items.split(', ').map((i) => `      - ${i}`).join('\n')}`);
    expect(text).toContain('      - s0\n');
    expect(hotRead('b.yaml', text)).toBeDefined();
    expect(same([{ file: 'b.yaml', bytes: enc(text) }])).toBe(true);
  });

  const accepted: Record<string, string> = {
    'comments and blank lines': '# head\nversion: 1   # v\n\ncatalog:\n  name: Shop # the name\n  description: A small shop\nservices:\n  # first\n  web:\n    name: Web\n\n    tier: 0\n    dependsOn: [api, {service: db, type: soft}]  # deps\n  api:\n    name: API\n    dependsOn: []\n  db:\n    name: DB\n',
    'ids with dots, dashes and digits': 'services:\n  a.b-c_1:\n    name: A\n    dependsOn: [9lives, e2e]\n  9lives:\n    name: Zero\n  e2e:\n    name: E\n',
    'every string field and defaults': 'services:\n  s:\n    name: S one\n    description: does  things\n    owner: team-a\n    system: core\n    region: us-east-1\n    zone: use1-az1\n',
    'dependency options and groups': 'services:\n  a:\n    name: A\n    dependsOn: [ b ,{service: c, type: async, failOn: degraded, failover: true}, {atLeast: 2, of: [b, c, d]}, {of: [d], atLeast: 1, type: soft}]\n  b:\n    name: B\n  c:\n    name: C\n  d:\n    name: D\n',
    'unknown references, self-dependencies and duplicates (reported by the rules)': 'services:\n  a:\n    name: A\n    dependsOn: [a, b, b, nope, {atLeast: 3, of: [b, b]}]\n  b:\n    name: B\n    dependsOn: [a]\n',
    'no final newline': 'services:\n  a:\n    name: A\n    dependsOn: [a]',
    'other indentation': 'services:\n    a:\n          name: A\n          tier: 3\n',
    'block lists of dependencies': 'services:\n  a:\n    name: A\n    dependsOn:\n      - b\n      # a comment\n      -   c  # trailing\n\n      - {service: b, type: soft}\n      - {atLeast: 1, of: [b, c]}\n    tier: 1\n  b:\n    dependsOn: # below\n    - c\n    - nope\n    name: B\n  c:\n    name: C\n    dependsOn:\n      - a',
  };
  for (const [name, text] of Object.entries(accepted)) {
    it(`agrees on ${name}`, () => {
      same([{ file: 't.yaml', bytes: enc(text) }]);
    });
  }
  it('takes the plain cases', () => {
    for (const name of ['comments and blank lines', 'ids with dots, dashes and digits', 'every string field and defaults', 'dependency options and groups', 'unknown references, self-dependencies and duplicates (reported by the rules)', 'no final newline', 'other indentation', 'block lists of dependencies']) {
      expect(hotRead('t.yaml', accepted[name]!), name).toBeDefined();
    }
  });

  it('gives rules the positions written (worked out by hand)', () => {
    // line 4 is "    dependsOn: [b, nope]": 4 spaces and "dependsOn: " (11 characters) put "[" in
    // column 16, "b" in 17 and "nope" in 20; service a's key is line 2, column 3
    const text = 'services:\n  a:\n    name: A\n    dependsOn: [b, nope]\n  b:\n    name: B\n    dependsOn: [a]\n';
    expect(hotRead('t.yaml', text)).toBeDefined();
    const { diagnostics } = buildCatalog([{ file: 't.yaml', bytes: enc(text) }]);
    expect(diagnostics.map((d) => [d.code, d.pos])).toEqual([
      ['hard-cycle', { file: 't.yaml', line: 2, col: 3 }],
      ['unknown-service', { file: 't.yaml', line: 4, col: 20 }],
    ]);
    expect(diagnostics[1]!.excerpt).toBe('4 |     dependsOn: [b, nope]\n  |                    ^');
  });

  const declined: Record<string, string> = {
    'a duplicate service': 'services:\n  a:\n    name: A\n  a:\n    name: B\n',
    'a duplicate field': 'services:\n  a:\n    name: A\n    name: B\n',
    'a duplicate key in a flow mapping': 'services:\n  a:\n    name: A\n    dependsOn: [{service: a, service: a}]\n',
    'a number as a name': 'services:\n  a:\n    name: 2048\n',
    'a number as an id': 'services:\n  a:\n    name: A\n    dependsOn: [1]\n',
    'a boolean as an id': 'services:\n  a:\n    name: A\n    dependsOn: [true]\n',
    'an id that is not an id': 'services:\n  a:\n    name: A\n    dependsOn: [Upper]\n',
    'a service id that is not an id': 'services:\n  A:\n    name: A\n',
    'a mixed flow mapping': 'services:\n  a:\n    name: A\n    dependsOn: [{service: a, of: [a]}]\n',
    'an empty flow mapping': 'services:\n  a:\n    name: A\n    dependsOn: [{}]\n',
    'an empty group': 'services:\n  a:\n    name: A\n    dependsOn: [{atLeast: 1, of: []}]\n',
    'a bad type': 'services:\n  a:\n    name: A\n    dependsOn: [{service: a, type: strong}]\n',
    'a continued name': 'services:\n  a:\n    name: A\n      more\n',
    'an unknown field': 'services:\n  a:\n    name: A\n    colour: red\n',
    'a tier out of range': 'services:\n  a:\n    name: A\n    tier: 4\n',
    'another version': 'version: 2\nservices:\n  a:\n    name: A\n',
    'a missing name': 'services:\n  a:\n    tier: 1\n',
    'scenarios': 'services:\n  a:\n    name: A\nscenarios:\n  s:\n    faults: []\n',
    'an anchor': 'x-d: &d\n  owner: o\nservices:\n  a:\n    name: A\n',
    'a trailing comma': 'services:\n  a:\n    name: A\n    dependsOn: [a, ]\n',
    'a flow list over two lines': 'services:\n  a:\n    name: A\n    dependsOn: [a,\n      a]\n',
    'a quoted name': 'services:\n  a:\n    name: "A"\n',
    'a tab': 'services:\n  a:\n\tname: A\n',
    'a service written as a flow mapping': 'services:\n  a: {name: A}\n',
    'an id read as a number': 'services:\n  0x-1:\n    name: A\n',
    'an empty block list': 'services:\n  a:\n    name: A\n    dependsOn:\n    tier: 1\n',
    'a nested block list': 'services:\n  a:\n    name: A\n    dependsOn:\n      -\n        - b\n',
    'a mapping as a block item': 'services:\n  a:\n    name: A\n    dependsOn:\n      - service: a\n        type: soft\n',
    'a continued block item': 'services:\n  a:\n    name: A\n    dependsOn:\n      - a\n        b\n',
    'two words as a block item': 'services:\n  a:\n    name: A\n    dependsOn:\n      - a b\n',
    'a mis-indented block item': 'services:\n  a:\n    name: A\n    dependsOn:\n      - a\n     - a\n',
    'a second document': 'services:\n  a:\n    name: A\n---\nservices: {}\n',
    'a value with a colon': 'services:\n  a:\n    name: a: b\n',
    'an empty service': 'services:\n  a:\n  b:\n    name: B\n',
    'no services': 'version: 1\n',
    'a mis-indented line': 'services:\n  a:\n    name: A\n   tier: 1\n',
  };
  for (const [name, text] of Object.entries(declined)) {
    it(`declines ${name}, leaving it to the general path`, () => {
      expect(hotRead('t.yaml', text)).toBeUndefined();
      same([{ file: 't.yaml', bytes: enc(text) }]);
    });
  }
});
