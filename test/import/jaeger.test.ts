import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { closeSync, existsSync, ftruncateSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importJaeger } from '../../src/import/jaeger/import.js';
import { JsonError, JsonScanner, MAX_JSON_DEPTH } from '../../src/import/jaeger/json-scanner.js';
import { MAX_IMPORT_EDGES, MAX_IMPORT_SERVICES } from '../../src/import/model.js';
import { codesAt, edgeList, sources, toCatalog, whyOf } from './helpers.js';

describe('jaeger importer', () => {
  it('reads the wrapped /api/dependencies response into a valid catalog', () => {
    const res = importJaeger(sources('jaeger/dependencies.json'), {});
    const { catalog, errors } = toCatalog(res);
    expect(errors).toEqual([]);
    // By hand from dependencies.json: checkout→payment is listed twice (940 + 60), checkout→checkout is dropped.
    expect([...catalog.services.keys()].sort()).toEqual(['ad-service', 'checkout', 'frontend', 'payment']);
    expect(edgeList(catalog)).toEqual([
      'checkout -> payment (soft)',
      'frontend -> ad-service (soft)',
      'frontend -> checkout (soft)',
      'payment -> checkout (soft)',
    ]);
    expect(whyOf(catalog, 'checkout', 'payment')).toBe('jaeger: 1000 calls');
    expect(whyOf(catalog, 'frontend', 'checkout')).toBe('jaeger: 1520 calls');
    expect(catalog.services.get('ad-service')!.name).toBe('Ad Service');
    expect(codesAt(res)).toEqual(['self-edge@dependencies.json:6:5']);
  });

  it('reads the bare array, with Zipkin errorCount as failed calls', () => {
    const { catalog } = toCatalog(importJaeger(sources('jaeger/bare.json'), {}));
    expect(edgeList(catalog)).toEqual(['orders -> db (soft)', 'web -> orders (soft)']);
    expect(whyOf(catalog, 'web', 'orders')).toBe('jaeger: 250 calls, 4 failed');
  });

  it('--min-calls drops rare edges and the services left without any', () => {
    const { catalog } = toCatalog(importJaeger(sources('jaeger/dependencies.json'), { minCalls: 100 }));
    expect(edgeList(catalog)).toEqual(['checkout -> payment (soft)', 'frontend -> checkout (soft)']);
    expect([...catalog.services.keys()].sort()).toEqual(['checkout', 'frontend', 'payment']);
  });

  it('--hard makes request edges hard', () => {
    const { catalog } = toCatalog(importJaeger(sources('jaeger/bare.json'), { hard: true }));
    expect(edgeList(catalog)).toEqual(['orders -> db (hard)', 'web -> orders (hard)']);
  });

  it('reports malformed JSON and wrong fields with positions, and returns no services', () => {
    const res = importJaeger(sources('jaeger/truncated.json', 'jaeger/bad-entry.json'), {});
    expect(res.services).toEqual([]);
    expect(codesAt(res, 'error')).toContain('syntax@truncated.json:3:51');
    expect(codesAt(res, 'error')).toEqual(expect.arrayContaining(['missing-field@bad-entry.json:3:5', 'invalid-value@bad-entry.json:4:51']));
  });

  it('rejects a top-level value that is not a list of links', () => {
    const res = importJaeger([{ file: 'x.json', text: '{"data": {"parent": "a"}}' }], {});
    expect(codesAt(res, 'error')).toEqual(['wrong-shape@x.json:1:10']);
  });
});

describe('jaeger: the streaming JSON reader', () => {
  it('reads every JSON value as JSON.parse does (an independent reference)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), fc.constantFrom(undefined, 1, '\t'), (v, indent) => {
        const text = JSON.stringify(v, null, indent);
        const s = new JsonScanner(text);
        const got = s.value();
        s.end();
        expect(got).toEqual(JSON.parse(text));
      }),
      { numRuns: 300 },
    );
  });

  it('refuses exactly what JSON.parse refuses', () => {
    const accepts = (text: string): boolean => {
      try {
        const s = new JsonScanner(text);
        s.value();
        s.end();
        return true;
      } catch (e) {
        if (!(e instanceof JsonError)) throw e;
        return false;
      }
    };
    const reference = (text: string): boolean => {
      try {
        JSON.parse(text);
        return true;
      } catch {
        return false;
      }
    };
    const pieces = fc.constantFrom('{', '}', '[', ']', ',', ':', '"a"', '"\\u00e9"', '"\\x"', '"\n"', '1', '-0.5e3', '01', '1.', '.5', 'true', 'nul', 'null', ' ', '\n', '\u00a0');
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 12 }), (parts) => {
        const text = parts.join('');
        expect(accepts(text)).toBe(reference(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('a deeply nested value is a syntax error with its position, not a stack overflow', () => {
    const text = `{"data": [{"parent": ${'['.repeat(5000)}`;
    const res = importJaeger([{ file: 'deep.json', text }], {});
    // The 65th "[" from the start of the value: MAX_JSON_DEPTH = 64 levels are built.
    expect(codesAt(res, 'error')).toEqual([`syntax@deep.json:1:${'{"data": [{"parent": '.length + MAX_JSON_DEPTH + 1}`]);
    expect(res.diagnostics[0]!.message).toBe('arrays and objects nest deeper than 64 levels');
  });

  it('sums links per edge as it reads and keeps the line of the first link', () => {
    const links = Array.from({ length: 1000 }, (_, i) => `{"parent": "a${i % 3}", "child": "b", "callCount": ${i}, "errorCount": 1}`);
    const res = importJaeger([{ file: 'many.json', text: `[\n${links.join(',\n')}\n]` }], {});
    const edges = res.services.flatMap((s) => s.dependsOn.map((e) => `${s.key} -> ${e.target}: ${e.why} @${e.pos.line}`));
    // By hand: a0 gets i = 0, 3, ..., 999 (334 links, sum 3 * (0 + ... + 333) = 166833); a1 gets 1, 4, ..., 997 (333 links,
    // sum 333 + 3 * (0 + ... + 332) = 166167); a2 gets 2, 5, ..., 998 (333 links, sum 666 + 165834 = 166500).
    expect(edges).toEqual(['a0 -> b: jaeger: 166833 calls, 334 failed @2', 'a1 -> b: jaeger: 166167 calls, 333 failed @3', 'a2 -> b: jaeger: 166500 calls, 333 failed @4']);
  });

  it('a file over the 64 MiB limit is refused before it is read, and the message says the limit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'blast-jaeger-'));
    try {
      const file = join(dir, 'big.json');
      // A sparse file: 65 MiB long, no data written; reading it would take the time the limit is there to avoid.
      const fd = openSync(file, 'w');
      ftruncateSync(fd, 65 * 1048576);
      closeSync(fd);
      const { runCli } = await import('../../src/cli/program.js');
      let err = '';
      const code = await runCli(['import', 'jaeger', file], { stdout: { write: () => true }, stderr: { write: (s: string) => (err += s) }, env: {}, stdinIsTTY: false });
      expect(code).toBe(2);
      expect(err).toContain('big.json:1:1: error[read-error]: file is 65 MiB, over the 64 MiB limit');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('jaeger: imports too large for one catalog file', () => {
  const chain = (n: number): string => `[\n${Array.from({ length: n }, (_, i) => `{"parent":"s${i}","child":"s${i + 1}","callCount":1}`).join(',\n')}\n]`;

  it(`stops reading at the link that would make more than ${MAX_IMPORT_EDGES} distinct dependencies`, () => {
    const res = importJaeger([{ file: 'huge.json', text: chain(MAX_IMPORT_EDGES + 5) }], {});
    expect(res.services).toEqual([]);
    // Line 1 is "[": link k (from 0) is on line k + 2; link number MAX_IMPORT_EDGES is the first one over.
    expect(codesAt(res, 'error')).toEqual([`too-large@huge.json:${MAX_IMPORT_EDGES + 2}:1`]);
  });

  it(`blast import refuses more than ${MAX_IMPORT_SERVICES} services with exit 2 before building the catalog`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'blast-jaeger-'));
    try {
      const file = join(dir, 'wide.json');
      writeFileSync(file, chain(MAX_IMPORT_SERVICES));
      const { runCli } = await import('../../src/cli/program.js');
      let err = '';
      const code = await runCli(['import', 'jaeger', file, '-o', join(dir, 'out')], { stdout: { write: () => true }, stderr: { write: (s: string) => (err += s) }, env: {}, stdinIsTTY: false });
      expect(code).toBe(2);
      expect(err).toContain(`error: the import holds ${MAX_IMPORT_SERVICES + 1} services and ${MAX_IMPORT_SERVICES} dependencies, more than one import builds in memory`);
      expect(err).toContain('--min-calls');
      expect(existsSync(join(dir, 'out'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
