/**
 * Property: every importer, fed random text and mutations of the real fixtures (with references
 * to files outside its tree spliced in), returns a result whose problems are diagnostics with
 * positions; it never throws, never reads a file outside the input tree (every read is recorded,
 * and a sentinel file outside the tree never shows up), and whatever it imports without errors
 * is written as a catalog that the catalog loader accepts (so `blast import` cannot reach its
 * internal-error path).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { buildCatalog } from '../../src/catalog/build.js';
import { assignIds, findCycles, FORMATS, IMPORT_CODES, renderCatalog, type ImportOptions } from '../../src/import/index.js';
import { InputTree, listFiles, localReader } from '../../src/import/read.js';
import { FIX } from './helpers.js';

const SENTINEL = 'SENTINEL-4b1d9e';
let base = '';
let tree = '';
let outside = '';

beforeAll(() => {
  base = realpathSync(mkdtempSync(join(tmpdir(), 'blast-prop-')));
  tree = join(base, 'tree');
  outside = join(base, 'outside');
  cpSync(FIX, tree, { recursive: true });
  mkdirSync(outside);
  // Valid input of every format, so that reading it would change the result.
  writeFileSync(join(outside, 'sentinel.yaml'), `kind: Component\nmetadata: {name: ${SENTINEL}}\nservices:\n  ${SENTINEL}: {image: x}\n`);
  writeFileSync(join(outside, 'sentinel.env'), `TAG=${SENTINEL}\n`);
  symlinkSync(join(outside, 'sentinel.yaml'), join(tree, 'escape.yaml'));
});
afterAll(() => {
  rmSync(base, { recursive: true, force: true });
});

type Mutation =
  | { kind: 'delete'; at: number; len: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'duplicate'; at: number; len: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'swap'; a: number; b: number };

function apply(text: string, m: Mutation): string {
  const at = (n: number): number => n % (text.length + 1);
  switch (m.kind) {
    case 'delete':
      return text.slice(0, at(m.at)) + text.slice(at(m.at) + m.len);
    case 'insert':
      return text.slice(0, at(m.at)) + m.text + text.slice(at(m.at));
    case 'duplicate':
      return text.slice(0, at(m.at) + m.len) + text.slice(at(m.at));
    case 'truncate':
      return text.slice(0, at(m.at));
    case 'swap': {
      const lines = text.split('\n');
      const a = m.a % lines.length;
      const b = m.b % lines.length;
      [lines[a], lines[b]] = [lines[b]!, lines[a]!];
      return lines.join('\n');
    }
  }
}

/** Snippets that reach out of the tree, or that stress a reader, for each format. */
function snippets(format: string): string[] {
  const refs = ['../outside/sentinel.yaml', `${outside}/sentinel.yaml`, './escape.yaml', '../../outside/sentinel.yaml', '/dev/zero', '/etc/passwd'];
  const common = ['{', '}', '[', ']', '"', "'", '\n', ':', ',', '\\', '\u0000', '\ufeff', '__proto__', 'constructor', '-1', '1e999', '&a', '*a', '<<: *a', '${X:?e}'];
  const byFormat: Record<string, string[]> = {
    backstage: refs.flatMap((r) => [`\n---\nkind: Location\nmetadata: {name: out}\nspec: {targets: [${r}]}\n`, `\n---\nkind: Location\nmetadata: {name: o2}\nspec:\n  target: ${r}\n`]),
    compose: refs.flatMap((r) => [`\n  evil:\n    extends: {file: ${r}, service: base}\n`, `\n  ev2:\n    extends:\n      file: "${r}"\n      service: x\n`]),
    jaeger: ['{"parent": "a", "child": "b", "callCount": 1},', '[[[[[[[[', '{"data": ', '"errors": [1],'],
    otel: ['traces_service_graph_request_total{client="a",server="b"} 1\n', '{client="', '} NaN\n', '# TYPE x counter\n'],
    terraform: ['subgraph {', '"a" -> "b"\n', '<<<', '/*', '[label="x"]'],
  };
  return [...common, ...(byFormat[format] ?? [])];
}

const mutation = (format: string): fc.Arbitrary<Mutation> =>
  fc.oneof(
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), len: fc.nat({ max: 40 }) }),
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...snippets(format)), fc.string({ maxLength: 12 })) }),
    fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), len: fc.nat({ max: 300 }) }),
    fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('swap' as const), a: fc.nat(), b: fc.nat() }),
  );

/** Names that collide, need normalising, or are properties of Object.prototype. */
const name = fc.oneof(fc.constantFrom('web', 'api', 'db', 'Web', 'a b', 'é', '__proto__', 'constructor', 'toString', 'x.y', '-', '0'), fc.string({ minLength: 1, maxLength: 6 }));

/** Well-formed inputs of each format with random content: they get past the syntax and exercise the import itself. */
function generated(format: string): fc.Arbitrary<string> {
  switch (format) {
    case 'jaeger': {
      const link = fc.record(
        { parent: fc.oneof({ weight: 9, arbitrary: name }, { weight: 1, arbitrary: fc.integer() }), child: name, callCount: fc.oneof({ weight: 9, arbitrary: fc.nat() }, { weight: 1, arbitrary: fc.oneof(fc.double(), fc.constant('many')) }), errorCount: fc.nat() },
        { requiredKeys: ['parent', 'child', 'callCount'] },
      );
      return fc.tuple(fc.array(link, { maxLength: 12 }), fc.boolean()).map(([links, wrapped]) => JSON.stringify(wrapped ? { data: links, errors: null } : links, null, 1));
    }
    case 'otel': {
      const label = (v: string): string => JSON.stringify(v);
      const line = fc.tuple(fc.constantFrom('traces_service_graph_request_total', 'traces_service_graph_request_failed_total', 'x_traces_service_graph_request_total_total', 'up'), name, name, fc.constantFrom('', 'messaging_system', 'database'), fc.oneof(fc.nat(), fc.constant(-1), fc.constant(NaN)))
        .map(([m, c, sv, t, v]) => `${m}{client=${label(c)},server=${label(sv)},connection_type="${t}"} ${v}`);
      return fc.array(line, { maxLength: 12 }).map((ls) => `${ls.join('\n')}\n`);
    }
    case 'terraform': {
      const node = fc.oneof(name.map((n) => `aws_instance.${n.replace(/[^a-z0-9_]/gi, '_') || 'x'}`), fc.constantFrom('[root] var.region', '[root] local.x (expand)', 'data.aws_ami.u', '[root] provider["registry.terraform.io/hashicorp/aws"]', '[root] root', 'module.m.aws_s3_bucket.b[0]'));
      return fc.array(fc.tuple(node, node), { maxLength: 12 }).map((es) => `digraph {\n${es.map(([a, b]) => `  ${JSON.stringify(a)} -> ${JSON.stringify(b)}`).join('\n')}\n}\n`);
    }
    case 'backstage': {
      const ref = fc.oneof(name, name.map((n) => `component:${n}`), name.map((n) => `resource:default/${n}`), name.map((n) => `api:${n}`), fc.constant('group:x'));
      const entity = fc.record({ kind: fc.constantFrom('Component', 'Resource', 'API', 'System', 'Group'), name, dependsOn: fc.array(ref, { maxLength: 3 }), dependencyOf: fc.array(ref, { maxLength: 2 }), consumesApis: fc.array(ref, { maxLength: 2 }), providesApis: fc.array(ref, { maxLength: 2 }), subcomponentOf: fc.option(ref, { nil: undefined }), tier: fc.option(fc.constantFrom('0', '1', 'tier-2', 'gold'), { nil: undefined }) })
        .map((e) => JSON.stringify({ apiVersion: 'backstage.io/v1alpha1', kind: e.kind, metadata: { name: e.name, ...(e.tier ? { labels: { tier: e.tier } } : {}) }, spec: { dependsOn: e.dependsOn, dependencyOf: e.dependencyOf, consumesApis: e.consumesApis, providesApis: e.providesApis, ...(e.subcomponentOf ? { subcomponentOf: e.subcomponentOf } : {}) } }));
      return fc.array(entity, { maxLength: 6 }).map((es) => es.join('\n---\n'));
    }
    default: {
      const dep = fc.oneof(fc.array(name, { maxLength: 3 }), fc.dictionary(name, fc.record({ condition: fc.constantFrom('service_started', 'service_healthy', 'bogus'), required: fc.boolean() }, { requiredKeys: [] }), { maxKeys: 3 }));
      const svc = fc.record({ depends_on: dep, links: fc.array(name, { maxLength: 2 }), image: fc.constantFrom('x', '${TAG}', '${TAG:-1}'), network_mode: fc.option(name.map((n) => `service:${n}`), { nil: undefined }) }, { requiredKeys: [] });
      // JSON is YAML: each service a flow mapping, next to an anchor and a merge key as Compose files use them.
      return fc.dictionary(name, svc, { maxKeys: 6 }).map((services) => `x-common: &common {depends_on: [web]}\nservices:\n  merged: {<<: *common}\n${Object.entries(services).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}\n`).join('')}`);
    }
  }
}

describe.each(Object.keys(FORMATS))('%s importer on random and mutated inputs', (format) => {
  it('returns diagnostics, never throws, never reads outside its tree, and writes only valid catalogs', () => {
    const f = FORMATS[format]!;
    const fixtures = listFiles(tree, f.extensions).filter((p) => relative(tree, p).split('/')[0]!.startsWith(format));
    expect(fixtures.length).toBeGreaterThan(0);
    const input = fc.oneof(
      { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...fixtures), fc.array(mutation(format), { minLength: 1, maxLength: 3 })).map(([file, ms]) => ({ file, text: ms.reduce(apply, readFileSync(file, 'utf8')) })) },
      { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...fixtures), generated(format), fc.array(mutation(format), { maxLength: 1 })).map(([file, text, ms]) => ({ file, text: ms.reduce(apply, text) })) },
      { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...fixtures), fc.string({ maxLength: 200 })).map(([file, text]) => ({ file, text })) },
    );
    const options = fc.record({ hard: fc.boolean(), minCalls: fc.nat({ max: 300 }), envFile: fc.constantFrom(undefined, undefined, undefined, join(outside, 'sentinel.env'), '../outside/sentinel.env') });
    fc.assert(
      fc.property(input, options, (source, opt) => {
        const read: string[] = [];
        const tr = InputTree.of([source.file]);
        const options: ImportOptions = {
          hard: opt.hard,
          minCalls: opt.minCalls,
          readLocal: localReader(tr, f.limits, (p) => read.push(p)),
          ...(opt.envFile ? { envFiles: [opt.envFile] } : {}),
        };
        const result = f.importer([source], options);
        for (const p of read) expect(tr.contains(p), `read ${p}`).toBe(true);
        expect(read.every((p) => !p.startsWith(outside))).toBe(true);
        expect(JSON.stringify(result)).not.toContain(SENTINEL);
        for (const d of result.diagnostics) {
          expect(IMPORT_CODES).toContain(d.code);
          expect(['error', 'warning', 'note']).toContain(d.severity);
          expect(d.message.length).toBeGreaterThan(0);
          expect(d.pos.line).toBeGreaterThanOrEqual(1);
          expect(d.pos.col).toBeGreaterThanOrEqual(1);
        }
        const errors = result.diagnostics.filter((d) => d.severity === 'error');
        if (errors.length) {
          expect(result.services).toEqual([]);
          return;
        }
        if (result.services.length === 0) return;
        // What `blast import` does next must not fail: cycles are listed, and what it writes must load
        // (the CLI treats anything else as its own bug).
        findCycles(result.services);
        findCycles(result.services, new Set(['hard']), true);
        const text = renderCatalog(result.services, assignIds(result.services), { format, inputs: [source.file] });
        const built = buildCatalog([{ file: `${format}.yaml`, bytes: Buffer.from(text) }]);
        expect(built.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code}: ${d.message}`)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  }, 120_000);
});

it('the fixture tree holds the escaping link the properties splice in', () => {
  expect(readdirSync(tree)).toContain('escape.yaml');
});
