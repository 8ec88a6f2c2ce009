/** `blast advise` end to end, in process: output formats, --apply, --patch, and usage errors. */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { memoryIo, tempDir } from '../cli/helpers.js';

const temps: Array<{ cleanup: () => void }> = [];
afterEach(() => {
  for (const t of temps.splice(0)) t.cleanup();
});
const tmp = (): ReturnType<typeof tempDir> => {
  const t = tempDir('advise');
  temps.push(t);
  return t;
};

describe('blast advise', () => {
  it('--help lists the options and examples', async () => {
    const io = memoryIo();
    expect(await runCli(['advise', '--help'], io)).toBe(0);
    for (const s of ['--scenario', '--for', '--top', '--trials', '--seed', '--bundle', '--apply', '--patch', '--format', 'Examples:', 'blast advise catalogs/example-shop']) expect(io.out()).toContain(s);
  });

  it('ranks candidates as text, with the baseline and assumptions', async () => {
    const io = memoryIo();
    expect(await runCli(['advise', 'catalogs/example-shop', '-s', 'storage-outage'], io)).toBe(0);
    expect(io.out()).toMatch(/^Input: storage-outage\./);
    expect(io.out()).toContain('Baseline: ');
    expect(io.out()).toMatch(/\n {2}1 {2}Independent replica of Block storage \(storage\)/);
    expect(io.out()).toContain('Assumptions to confirm:');
  });

  it('gives the same JSON bytes for the same catalog, inputs and seed', async () => {
    const run = async (): Promise<string> => {
      const io = memoryIo();
      expect(await runCli(['advise', 'catalogs/example-shop', '--trials', '50', '--seed', '4', '--bundle', '2', '--json'], io)).toBe(0);
      return io.out();
    };
    const a = await run();
    expect(await run()).toBe(a);
    const j = JSON.parse(a) as { trials: number; ranked: Array<{ rank: number; candidate: { id: string }; ci95: number }>; bundle: unknown[] };
    expect(j.trials).toBe(50);
    expect(j.ranked[0]!.rank).toBe(1);
    expect(j.ranked[0]!.ci95).toBeGreaterThanOrEqual(0);
    expect(j.bundle.length).toBeGreaterThan(0);
  });

  it('gives the same advice on worker threads as in one thread', async () => {
    const run = async (threads: string): Promise<string> => {
      const io = memoryIo();
      expect(await runCli(['advise', 'catalogs/example-shop', '--trials', '200', '--bundle', '2', '--threads', threads, '--json'], io)).toBe(0);
      return io.out();
    };
    expect(await run('2')).toBe(await run('1'));
  }, 60_000);

  // about 3 s of CPU: over the bar's one-second threshold on any machine this suite runs on
  it('draws a progress bar on a terminal once a run takes over a second, and clears it', async () => {
    let err = '';
    let out = '';
    const io = { stdout: { write: (x: string) => (out += x) }, stderr: { write: (x: string) => (err += x), isTTY: true }, env: { NO_COLOR: '1' }, stdinIsTTY: false };
    expect(await runCli(['advise', 'catalogs/aws-us-east-1', '--trials', '3000', '--screen', '6', '--threads', '1', '--json'], io)).toBe(0);
    expect(err).toMatch(/\rsimulating candidates \[[#-]{30}\] \d+% \(\d+\/\d+\)/);
    expect(err.endsWith('\r\u001b[2K')).toBe(true);
    expect(JSON.parse(out)).toHaveProperty('ranked');
  }, 120_000);

  it('--for --top advises over single failures, as markdown', async () => {
    const io = memoryIo();
    expect(await runCli(['advise', 'catalogs/example-shop', '--for', '30m', '--top', '3', '--format', 'markdown'], io)).toBe(0);
    expect(io.out()).toContain('Inputs (3): fail storage for 30m;');
    expect(io.out()).toContain('| # | change | kind | effort | service-hours saved |');
  });

  it('--effort changes the per-effort ranking', async () => {
    const io = memoryIo();
    expect(await runCli(['advise', 'catalogs/example-shop', '--effort', 'replica=small', '--json'], io)).toBe(0);
    const j = JSON.parse(io.out()) as { ranked: Array<{ candidate: { kind: string }; effort: string }> };
    for (const e of j.ranked.filter((x) => x.candidate.kind === 'replica')) expect(e.effort).toBe('small');
  });

  it('--config sets efforts; --effort on the command line wins', async () => {
    const t = tmp();
    const cfg = t.write('advise.yaml', 'effort:\n  replica: small   # a platform makes replicas cheap\n  degrade: large\n');
    const io = memoryIo();
    expect(await runCli(['advise', 'catalogs/example-shop', '--config', cfg, '--effort', 'degrade=small', '--json'], io)).toBe(0);
    const j = JSON.parse(io.out()) as { ranked: Array<{ candidate: { kind: string }; effort: string }> };
    expect(new Set(j.ranked.filter((x) => x.candidate.kind === 'replica').map((x) => x.effort))).toEqual(new Set(['small']));
    expect(new Set(j.ranked.filter((x) => x.candidate.kind === 'degrade').map((x) => x.effort))).toEqual(new Set(['small']));
  });

  it.each([
    ['effort:\n  replica: huge\n', /advise\.yaml:2:12: effort of replica: expected one of small, medium, large, got "huge"/],
    ['effort:\n  mirror: small\n', /advise\.yaml:2:3: unknown kind of change "mirror"/],
    ['efort: {}\n', /advise\.yaml:1:1: unknown key "efort"/],
    ['effort: [\n', /advise\.yaml:\d+:\d+: /],
  ])('a bad config file %j is exit 2 with file:line:col', async (text, message) => {
    const t = tmp();
    const cfg = t.write('advise.yaml', text);
    const io = memoryIo();
    expect(await runCli(['advise', 'catalogs/example-shop', '--config', cfg], io)).toBe(2);
    expect(io.err()).toMatch(message);
  });

  it('--patch prints a unified diff of the chosen candidate', async () => {
    const io = memoryIo();
    expect(await runCli(['advise', 'catalogs/example-shop', '-s', 'storage-outage', '--patch'], io)).toBe(0);
    expect(io.out()).toContain('--- a/services.yaml\n+++ b/services.yaml\n');
    expect(io.out()).toContain('+    # blast advise: Independent replica of Block storage (storage) (replica:storage)');
    expect(io.out()).toContain('+  storage-replica:');
  });

  it('--apply -o writes a complete, patched catalog that loads and re-checks', async () => {
    const t = tmp();
    const out = join(t.dir, 'fixed');
    const io = memoryIo();
    expect(await runCli(['advise', 'catalogs/example-shop', '-s', 'storage-outage', '--apply', '1', '-o', out], io)).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['scenarios.yaml', 'services.yaml']);
    expect(readFileSync(join(out, 'scenarios.yaml'), 'utf8')).toBe(readFileSync('catalogs/example-shop/scenarios.yaml', 'utf8'));
    expect(readFileSync(join(out, 'services.yaml'), 'utf8')).toContain('storage-replica:');
    expect(io.err()).toMatch(/wrote 2 files to .*fixed \(1 changed\): #1 .*re-checked: [\d.]+ service-hours, as claimed/);
    // the written catalog, advised again, no longer offers the replica it has
    const again = memoryIo();
    expect(await runCli(['advise', out, '-s', 'storage-outage', '--json'], again)).toBe(0);
    const j = JSON.parse(again.out()) as { ranked: Array<{ candidate: { id: string } }> };
    expect(j.ranked.map((e) => e.candidate.id)).not.toContain('replica:storage');
  });

  it.each([
    [['--apply', '1'], /--apply needs -o/],
    [['-o', '/tmp/x'], /give --apply <n> too/],
    [['--apply', '999', '--patch'], /there is no candidate #999/],
    [['-s', 'nope'], /no scenario "nope"/],
    [['--top', '3'], /give --for too/],
    [['--effort', 'replica=huge'], /expected kind=level/],
    [['--runbook-delay', 'soon'], /expected a duration/],
  ])('usage error %j → exit 2 with a message', async (args, message) => {
    const io = memoryIo();
    expect(await runCli(['advise', 'catalogs/example-shop', ...args], io)).toBe(2);
    expect(io.err()).toMatch(message);
    expect(io.err()).not.toContain('    at ');
  });

  it('-o naming a file is refused before any work, nothing written', async () => {
    const t = tmp();
    const f = t.write('file', 'x');
    const io = memoryIo();
    expect(await runCli(['advise', 'catalogs/example-shop', '--apply', '1', '-o', f], io)).toBe(2);
    expect(io.err()).toContain('is not a directory');
    expect(readFileSync(f, 'utf8')).toBe('x');
    expect(existsSync(join(f, 'services.yaml'))).toBe(false);
  });

  it('says so when there is nothing to change', async () => {
    const t = tmp();
    const f = t.write('c.yaml', 'services:\n  a: {name: A, tier: 1}\nscenarios:\n  s:\n    faults: [{service: a, at: 0m, for: 10m}]\n');
    const io = memoryIo();
    expect(await runCli(['advise', f], io)).toBe(0);
    expect(io.out()).toContain('No candidate change');
  });

  it('an invalid catalog is exit 2 with positions', async () => {
    const t = tmp();
    writeFileSync(join(t.dir, 'c.yaml'), 'services:\n  a: {name: A, dependsOn: [b]}\n');
    const io = memoryIo();
    expect(await runCli(['advise', join(t.dir, 'c.yaml')], io)).toBe(2);
    expect(io.err()).toMatch(/c\.yaml:2:\d+/);
  });
});
