/** `blast diff` in-process: two catalogs, and a catalog against a git revision. */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { memoryIo } from './helpers.js';

const BASE = 'test/fixtures/analysis/review-small.yaml';
const HEAD = 'test/fixtures/analysis/review-small-head.yaml';

interface DiffJson {
  added: Array<{ fingerprint: string; severity: string }>;
  removed: Array<{ fingerprint: string }>;
  radius: Array<{ id: string; before: number | null; after: number | null; delta: number }>;
  addedServices: string[];
}

/** Directories made by the tests, removed after them. */
const made: string[] = [];
afterAll(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A git repository holding BASE as catalog/services.yaml in its first commit, HEAD in the working tree. */
function repoWithChange(): { dir: string; catalog: string } {
  const dir = mkdtempSync(join(tmpdir(), 'blast-diff-'));
  made.push(dir);
  const g = (...args: string[]) => execFileSync('git', ['-c', 'user.email=test@example.com', '-c', 'user.name=test', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, stdio: 'pipe' });
  g('init', '-q');
  mkdirSync(join(dir, 'catalog'));
  copyFileSync(BASE, join(dir, 'catalog', 'services.yaml'));
  g('add', '.');
  g('commit', '-q', '-m', 'base');
  copyFileSync(HEAD, join(dir, 'catalog', 'services.yaml'));
  return { dir, catalog: join(dir, 'catalog') };
}

describe('blast diff', () => {
  // The change (see test/analysis/baseline-diff.test.ts): front gains a hard dependency on a
  // new tier-2 cache; boot-b's dependency on boot-a becomes soft.
  it('reports new and removed findings and blast-radius growth', async () => {
    const io = memoryIo();
    expect(await runCli(['diff', BASE, HEAD, '--json'], io)).toBe(0);
    const d = JSON.parse(io.out()) as DiffJson;
    expect(d.added.map((f) => f.fingerprint)).toEqual(['spof:cache', 'tier-inversion:front:cache']);
    expect(d.removed.map((f) => f.fingerprint)).toEqual(['cycle:boot-a+boot-b']);
    expect(d.radius).toMatchObject([{ id: 'cache', before: null, after: 1, delta: 1 }]);
    expect(d.addedServices).toEqual(['cache']);
  });

  it('text and markdown', async () => {
    const text = memoryIo();
    expect(await runCli(['diff', BASE, HEAD], text)).toBe(0);
    expect(text.out().split('\n')[0]).toBe('blast diff: Review fixture: 2 new findings (1 critical, 0 high, 1 medium, 0 low, 0 info), 1 removed');
    const md = memoryIo();
    expect(await runCli(['diff', BASE, HEAD, '--format', 'markdown'], md)).toBe(0);
    expect(md.out()).toContain('### New findings');
    expect(md.out()).toContain('| cache | 2 | new | 1 | +1 |');
  });

  it('--fail-on gates on new findings only', async () => {
    expect(await runCli(['diff', BASE, HEAD, '--fail-on', 'critical'], memoryIo())).toBe(1);
    // Reversed, the only new finding is the cycle coming back (high): critical passes, high fails.
    expect(await runCli(['diff', HEAD, BASE, '--fail-on', 'critical'], memoryIo())).toBe(0);
    expect(await runCli(['diff', HEAD, BASE, '--fail-on', 'high'], memoryIo())).toBe(1);
    expect(await runCli(['diff', BASE, BASE, '--fail-on', 'info'], memoryIo())).toBe(0);
  });

  it('--base-ref compares with the catalog at a git revision', async () => {
    const { catalog } = repoWithChange();
    const io = memoryIo();
    expect(await runCli(['diff', catalog, '--base-ref', 'HEAD', '--json'], io)).toBe(0);
    const d = JSON.parse(io.out()) as DiffJson;
    expect(d.added.map((f) => f.fingerprint)).toEqual(['spof:cache', 'tier-inversion:front:cache']);
    expect(d.removed.map((f) => f.fingerprint)).toEqual(['cycle:boot-a+boot-b']);
    // a single file works too
    const one = memoryIo();
    expect(await runCli(['diff', join(catalog, 'services.yaml'), '--base-ref', 'HEAD', '--json'], one)).toBe(0);
    expect((JSON.parse(one.out()) as DiffJson).added).toHaveLength(2);
  });

  it('--base-ref with a missing revision or path exits 2 with a clear message', async () => {
    const { dir, catalog } = repoWithChange();
    const rev = memoryIo();
    expect(await runCli(['diff', catalog, '--base-ref', 'no-such-branch'], rev)).toBe(2);
    expect(rev.err()).toContain('unknown git revision "no-such-branch"');
    expect(rev.err()).not.toMatch(/\n\s+at /);
    const dash = memoryIo();
    expect(await runCli(['diff', catalog, '--base-ref=--output=x'], dash)).toBe(2);
    mkdirSync(join(dir, 'new-catalog'));
    copyFileSync(HEAD, join(dir, 'new-catalog', 'a.yaml'));
    const path = memoryIo();
    expect(await runCli(['diff', join(dir, 'new-catalog'), '--base-ref', 'HEAD'], path)).toBe(2);
    expect(path.err()).toContain('does not exist at HEAD');
  });

  it('usage errors exit 2', async () => {
    const one = memoryIo();
    expect(await runCli(['diff', BASE], one)).toBe(2);
    expect(one.err()).toContain('give two catalogs to compare');
    const three = memoryIo();
    expect(await runCli(['diff', BASE, HEAD, '--base-ref', 'HEAD'], three)).toBe(2);
    expect(three.err()).toContain('with --base-ref give one catalog');
  });
});
