/**
 * Import output larger than the 16 MiB the loader reads in one catalog file: it is written,
 * in parts that each fit, and never raised as an internal error. The 16 MiB limit is for
 * reading inputs; outputs are split instead (src/import/write.ts, renderCatalogParts).
 */
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/catalog/build.js';
import { MAX_FILE_BYTES } from '../../src/catalog/parse.js';
import { runCli } from '../../src/cli/program.js';
import { assignIds, isPartFileName, partFileName, renderCatalog, renderCatalogParts, type ImportedService } from '../../src/import/index.js';
import { memoryIo, tempDir } from './helpers.js';

const tmp = tempDir('import-output');
afterAll(() => tmp.cleanup());

/** `n` services s00..s(n-1), each with a description of `descBytes` and a dependency on the next one. */
function services(n: number, descBytes: number, big: ReadonlySet<number> = new Set()): ImportedService[] {
  const pad = (i: number) => String(i).padStart(2, '0');
  return Array.from({ length: n }, (_, i) => ({
    key: `k${pad(i)}`,
    idHint: `s${pad(i)}`,
    name: `Service ${i}`,
    pos: { file: 'in.yaml', line: i + 1, col: 1 },
    description: 'x'.repeat(big.has(i) ? descBytes * 20 : descBytes),
    labels: {},
    dependsOn: i + 1 < n ? [{ target: `k${pad(i + 1)}`, type: 'hard' as const, why: 'test', pos: { file: 'in.yaml', line: i + 1, col: 3 } }] : [],
  }));
}
const OPTS = { format: 'backstage', inputs: ['in.yaml'] };
const idsIn = (text: string): string[] => [...text.matchAll(/^ {2}(s\d+):$/gm)].map((m) => m[1]!);

describe('renderCatalogParts', () => {
  it('is the single catalog file when it fits', () => {
    const svcs = services(5, 100);
    const ids = assignIds(svcs);
    expect(renderCatalogParts(svcs, ids, OPTS, MAX_FILE_BYTES)).toEqual([{ name: 'backstage.yaml', text: renderCatalog(svcs, ids, OPTS) }]);
  });

  it('splits into parts under the limit, every service once and in id order, loadable together', () => {
    // 30 services of about 1 KB each: about 31 KB in all, so 8 KB parts need at least 4 of them
    const svcs = services(30, 1000);
    const ids = assignIds(svcs);
    const parts = renderCatalogParts(svcs, ids, OPTS, 8192);
    expect(parts.length).toBeGreaterThanOrEqual(4);
    expect(parts.map((p) => p.name)).toEqual(parts.map((_, k) => (k === 0 ? 'backstage.yaml' : `backstage.${k + 1}.yaml`)));
    for (const p of parts) expect(Buffer.byteLength(p.text)).toBeLessThanOrEqual(8192);
    expect(parts.flatMap((p) => idsIn(p.text))).toEqual(svcs.map((_, i) => `s${String(i).padStart(2, '0')}`));
    // dependencies cross from one part to the next: the parts only validate together
    const built = buildCatalog(parts.map((p) => ({ file: p.name, bytes: Buffer.from(p.text) })));
    expect(built.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(built.catalog!.services.get('s07')!.dependsOn[0]!.of).toEqual(['s08']);
  });

  it('writes a service larger than the limit alone in its part rather than refusing it', () => {
    const svcs = services(6, 500, new Set([3]));
    const parts = renderCatalogParts(svcs, assignIds(svcs), OPTS, 4096);
    const alone = parts.find((p) => idsIn(p.text).includes('s03'))!;
    expect(idsIn(alone.text)).toEqual(['s03']);
    expect(Buffer.byteLength(alone.text)).toBeGreaterThan(4096);
    expect(parts.flatMap((p) => idsIn(p.text))).toEqual(['s00', 's01', 's02', 's03', 's04', 's05']);
  });

  it.each([
    ['backstage.yaml', true],
    ['backstage.2.yaml', true],
    ['backstage.12.yaml', true],
    ['backstage.1.yaml', false],
    ['backstage.02.yaml', false],
    ['backstage-2.yaml', false],
    ['compose.2.yaml', false],
    ['backstage.x.yaml', false],
  ])('part file names: %s is a part: %s', (name, part) => {
    expect(isPartFileName('backstage', name)).toBe(part);
  });

  it('names every part it makes as a part', () => {
    for (let k = 0; k < 12; k++) expect(isPartFileName('otel', partFileName('otel', k))).toBe(true);
  });
});

/**
 * A Backstage file whose import is far larger than itself: `components` components, each
 * providing one of `apis` APIs and consuming another. Every consumer's dependency is a
 * redundancy group of all the providers of its API, with each provider named in `why`.
 */
function backstageInput(components: number, apis: number): string {
  const docs: string[] = [];
  for (let a = 0; a < apis; a++) docs.push(`---\napiVersion: backstage.io/v1alpha1\nkind: API\nmetadata:\n  name: api-${a}\nspec:\n  type: openapi\n  lifecycle: production\n  owner: team\n  definition: x\n`);
  for (let i = 0; i < components; i++) {
    docs.push(`---\napiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: svc-${i}\nspec:\n  type: service\n  lifecycle: production\n  owner: team\n  providesApis: [api-${i % apis}]\n  consumesApis: [api-${(i * 7 + 3) % apis}]\n`);
  }
  return docs.join('');
}

async function blast(...argv: string[]): Promise<{ exit: number; out: string; err: string }> {
  const io = memoryIo();
  const exit = await runCli(argv, io);
  return { exit, out: io.out(), err: io.err() };
}

/** `n` components from `from`, each with a description of about 1 KB, so the import outgrows one catalog file. */
function describedComponents(from: number, n: number): string {
  const text = 'A component whose description is long enough to make the catalog large. '.repeat(14);
  return Array.from({ length: n }, (_, k) => `---\napiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: svc-${from + k}\n  description: ${text}\nspec:\n  type: service\n  lifecycle: production\n  owner: team\n`).join('');
}

describe('blast import with an output over 16 MiB', () => {
  // Two input files of about 10 MiB each (each under the 16 MiB input limit per file): 2 × 1,200 components.
  const inputs = [tmp.write('a-catalog-info.yaml', describedComponents(0, 1200 * 10)), tmp.write('b-catalog-info.yaml', describedComponents(12000, 1200 * 10))];
  const out = join(tmp.dir, 'big');

  it(
    'is written in parts under the limit (exit 0), which load as one catalog',
    async () => {
      for (const input of inputs) expect(statSync(input).size).toBeLessThan(MAX_FILE_BYTES);
      const r = await blast('import', 'backstage', ...inputs, '-o', out);
      expect(r.err).not.toContain('internal error');
      expect(r.exit).toBe(0);
      const files = readdirSync(out).sort();
      // about 30 MiB of output: backstage.yaml and further parts, each under the limit
      expect(files.length).toBeGreaterThanOrEqual(2);
      expect(files.filter((f) => !isPartFileName('backstage', f))).toEqual([]);
      const sizes = files.map((f) => statSync(join(out, f)).size);
      for (const s of sizes) expect(s).toBeLessThanOrEqual(MAX_FILE_BYTES);
      expect(sizes.reduce((a, b) => a + b, 0)).toBeGreaterThan(MAX_FILE_BYTES);
      const more = files.filter((f) => f !== 'backstage.yaml').sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
      expect(r.err).toContain(`wrote: ${join(out, 'backstage.yaml')} and ${more.length} more part${more.length === 1 ? '' : 's'} (${more.join(', ')}): imported 24000 services`);
      const v = await blast('validate', out);
      expect(v.exit).toBe(0);
      expect(v.out).toContain(`24000 services, 0 scenarios in ${files.length} files`);
    },
    240_000,
  );

  it('refuses to replace the parts without --force, and --merge of a split import (exit 2, nothing written)', async () => {
    const before = readdirSync(out).map((f) => [f, statSync(join(out, f)).mtimeMs]);
    const small = tmp.write('small.yaml', backstageInput(3, 1));
    const again = await blast('import', 'backstage', small, '-o', out);
    expect(again.exit).toBe(2);
    expect(again.err).toContain('backstage.yaml exists');
    const merged = await blast('import', 'backstage', small, '-o', out, '--merge');
    expect(merged.exit).toBe(2);
    expect(merged.err).toContain(`--merge works on one file, and this import is written in ${before.length} files`);
    expect(readdirSync(out).map((f) => [f, statSync(join(out, f)).mtimeMs])).toEqual(before);
  });

  it('--force with a smaller import replaces the parts and removes the ones no longer needed', async () => {
    const small = tmp.write('small.yaml', backstageInput(3, 1));
    const r = await blast('import', 'backstage', small, '-o', out, '--force');
    expect(r.exit).toBe(0);
    expect(readdirSync(out)).toEqual(['backstage.yaml']);
    expect(existsSync(join(out, 'backstage.2.yaml'))).toBe(false);
    expect((await blast('validate', out)).out).toContain('3 services');
  });

  it('another file in the directory named like a part of another format is left alone', async () => {
    writeFileSync(join(out, 'compose.2.yaml'), 'services:\n  other: {name: Other}\n');
    const small = tmp.write('small.yaml', backstageInput(3, 1));
    expect((await blast('import', 'backstage', small, '-o', out, '--force')).exit).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['backstage.yaml', 'compose.2.yaml']);
  });
});
