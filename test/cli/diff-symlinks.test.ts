/**
 * `blast diff --base-ref` follows symbolic links at the base commit as the loader does in
 * the working tree: links to files (also through other links) are read from the commit,
 * links to directories and dangling links are skipped, and a link leaving the repository
 * is refused with exit 2. The expected findings come from diffing the two files directly.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { memoryIo, tempDir } from './helpers.js';

const BASE = 'test/fixtures/analysis/review-small.yaml';
const HEAD = 'test/fixtures/analysis/review-small-head.yaml';

interface DiffJson {
  added: Array<{ fingerprint: string }>;
  removed: Array<{ fingerprint: string }>;
  radius: Array<{ id: string; delta: number }>;
}

const tmp = tempDir('diff-links');
afterAll(() => tmp.cleanup());
const repo = join(tmp.dir, 'repo');
const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=test@example.com', '-c', 'user.name=test', '-c', 'commit.gpgsign=false', ...args], { cwd: repo, stdio: 'pipe' });

async function diff(...argv: string[]): Promise<{ exit: number; out: string; err: string }> {
  const io = memoryIo();
  const exit = await runCli(['diff', ...argv], io);
  return { exit, out: io.out(), err: io.err() };
}
const summary = (out: string) => {
  const d = JSON.parse(out) as DiffJson;
  return { added: d.added.map((f) => f.fingerprint), removed: d.removed.map((f) => f.fingerprint), radius: d.radius.map((r) => [r.id, r.delta]) };
};

let expected: ReturnType<typeof summary>;

beforeAll(async () => {
  expected = summary((await diff(BASE, HEAD, '--json')).out);
  // repo/shared/real.yaml holds the base catalog; repo/catalog/ reaches it only through links
  mkdirSync(join(repo, 'shared'), { recursive: true });
  mkdirSync(join(repo, 'catalog'));
  git('init', '-q');
  copyFileSync(BASE, join(repo, 'shared', 'real.yaml'));
  symlinkSync('../shared/real.yaml', join(repo, 'catalog', 'services.yaml'));
  symlinkSync('services.yaml', join(repo, 'catalog', 'chain.yml.txt')); // not a .yaml name: ignored either way
  symlinkSync('../shared', join(repo, 'catalog', 'linked-dir')); // a link to a directory: not followed
  symlinkSync('missing.yaml', join(repo, 'catalog', 'dangling.yaml')); // a link to nothing: skipped
  symlinkSync('catalog/services.yaml', join(repo, 'single.yaml')); // a single-file catalog that is a link
  symlinkSync('catalog', join(repo, 'catalog-link')); // a catalog directory reached through a link
  git('add', '.');
  git('commit', '-q', '-m', 'base');
  copyFileSync(HEAD, join(repo, 'shared', 'real.yaml'));
});

describe('diff --base-ref with symbolic links', () => {
  it('reads a linked .yaml in a catalog directory from the base commit, not as its link text', async () => {
    const r = await diff(join(repo, 'catalog'), '--base-ref', 'HEAD', '--json');
    expect(r.err).toBe('');
    expect(r.exit).toBe(0);
    expect(summary(r.out)).toEqual(expected);
  });

  it('a single-file catalog that is itself a link', async () => {
    const r = await diff(join(repo, 'single.yaml'), '--base-ref', 'HEAD', '--json');
    expect(r.exit).toBe(0);
    expect(summary(r.out)).toEqual(expected);
  });

  it('a catalog directory reached through a link', async () => {
    const r = await diff(join(repo, 'catalog-link'), '--base-ref', 'HEAD', '--json');
    expect(r.exit).toBe(0);
    expect(summary(r.out)).toEqual(expected);
  });

  it('a link through another link (a chain) is followed to the end', async () => {
    symlinkSync('../single.yaml', join(repo, 'shared', 'chained.yaml'));
    try {
      const chainRepo = join(repo, 'shared', 'chained.yaml');
      git('add', '.');
      git('commit', '-q', '-m', 'chain');
      const r = await diff(chainRepo, '--base-ref', 'HEAD', '--json');
      expect(r.exit).toBe(0);
      // both sides are the working-tree file now (HEAD), so nothing changed
      expect(summary(r.out)).toEqual({ added: [], removed: [], radius: [] });
    } finally {
      git('reset', '-q', '--hard', 'HEAD~1');
      copyFileSync(HEAD, join(repo, 'shared', 'real.yaml'));
    }
  });

  it('names with pattern characters are literal: catalog[1] is not matched by catalog1', async () => {
    mkdirSync(join(repo, 'catalog[1]'));
    mkdirSync(join(repo, 'catalog1'));
    copyFileSync(BASE, join(repo, 'catalog[1]', 'services.yaml'));
    writeFileSync(join(repo, 'catalog1', 'other.yaml'), 'services:\n  other: {name: Other}\n');
    try {
      git('add', '.');
      git('commit', '-q', '-m', 'brackets');
      copyFileSync(HEAD, join(repo, 'catalog[1]', 'services.yaml'));
      const r = await diff(join(repo, 'catalog[1]'), '--base-ref', 'HEAD', '--json');
      expect(r.exit).toBe(0);
      expect(summary(r.out)).toEqual(expected);
    } finally {
      git('reset', '-q', '--hard', 'HEAD~1');
      copyFileSync(HEAD, join(repo, 'shared', 'real.yaml'));
    }
  });

  it.each([
    ['an absolute path', () => join(tmp.dir, 'outside.yaml')],
    ['a relative path leaving the repository', () => '../../outside.yaml'],
  ])('a link to %s: exit 2, says it is outside the repository', async (_label, target) => {
    writeFileSync(join(tmp.dir, 'outside.yaml'), 'services:\n  ext: {name: Outside the repository}\n');
    const link = join(repo, 'catalog', 'outside.yaml');
    symlinkSync(target(), link);
    try {
      git('add', '.');
      git('commit', '-q', '-m', 'outside link');
      const r = await diff(join(repo, 'catalog'), '--base-ref', 'HEAD');
      expect(r.exit).toBe(2);
      expect(r.err).toContain(`is a symbolic link to ${target()}, outside the repository: it cannot be read at HEAD`);
      expect(r.err).toContain('catalog/outside.yaml');
      expect(r.err).not.toContain('    at ');
    } finally {
      git('reset', '-q', '--hard', 'HEAD~1');
      copyFileSync(HEAD, join(repo, 'shared', 'real.yaml'));
      try {
        unlinkSync(link);
      } catch {
        // reset removed it
      }
    }
  });
});
