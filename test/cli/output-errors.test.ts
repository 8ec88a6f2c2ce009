/**
 * Output that cannot be written is the environment, not a bug: every case exits 2 with the
 * path and the reason, prints no stack trace, and leaves nothing half-written. A reader that
 * closes the pipe early is not an error at all. Cases that need a real process (stdout on
 * /dev/full, a closed pipe, a read-only directory) run the CLI as a subprocess, as a user
 * would; as root they run it as `nobody`, since root may write anywhere.
 */
import { spawn, spawnSync, type SpawnOptions } from 'node:child_process';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { memoryIo, tempDir } from './helpers.js';

const tmp = tempDir('output');
chmodSync(tmp.dir, 0o755); // readable by `nobody` for the subprocess cases
afterAll(() => tmp.cleanup());

function env(): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete e.FORCE_COLOR;
  return e;
}

const SHOP = 'catalogs/example-shop';
/**
 * A chain of 60 tier-1 services, each on the one before: every one a SPOF of those after it,
 * so its review JSON (about 290 kB) is far bigger than a pipe buffer, which the bundled
 * catalogs' reviews no longer are since findings aggregate by cause and by cut set.
 */
const chain = (): string => tmp.write('chain.yaml', `services:\n${Array.from({ length: 60 }, (_, i) => `  s${i}: {name: S${i}, tier: 1${i ? `, dependsOn: [s${i - 1}]` : ''}}`).join('\n')}\n`);
const asRoot = process.getuid?.() === 0;
/** Where the subprocess as `nobody` may keep temp files (tsx caches compiled code there). */
const userTmp = join(tmp.dir, 'user-tmp');
mkdirSync(userTmp);
chmodSync(userTmp, 0o777);
/** Run as an ordinary user: root ignores directory permissions. */
const userOpts: SpawnOptions = asRoot ? { uid: 65534, gid: 65534, env: { ...env(), TMPDIR: userTmp } } : {};
/** As root, `nobody` must be able to reach the checkout and the temp directory; where it cannot, those cases are skipped. */
const userCanRun = !asRoot || spawnSync(process.execPath, ['-e', `for (const p of ${JSON.stringify([process.cwd(), userTmp])}) require('node:fs').accessSync(p)`], userOpts).status === 0;

/** `blast <args>` as a subprocess; `opts` may redirect stdout (a file descriptor) or run it as another user. */
function blastSync(args: readonly string[], opts: SpawnOptions = {}): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', resolve('src/cli/main.ts'), ...args], { encoding: 'utf8', env: env(), timeout: 60_000, ...opts });
  return { status: r.status, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? '') };
}

/** Runs blast with stdout on a pipe whose reader goes away after the first chunk, like `| head -c 1`. */
function blastIntoClosedPipe(args: readonly string[]): Promise<{ status: number | null; stderr: string; got: number }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let got = 0;
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.stdout!.once('data', (d: Buffer) => {
      got = d.length;
      child.stdout!.destroy();
    });
    child.on('close', (status) => done({ status, stderr, got }));
  });
}

const noStack = (text: string): void => {
  expect(text).not.toContain('    at ');
  expect(text).not.toContain('internal error');
};

describe('writing files: every filesystem error is exit 2 with path and reason', () => {
  it('report -o newdir/ (a name ending in /, directory missing): exit 2, nothing created', async () => {
    const target = `${join(tmp.dir, 'newdir')}/`;
    const io = memoryIo();
    expect(await runCli(['report', SHOP, '--fail', 'storage', '-o', target], io)).toBe(2);
    expect(io.err()).toContain(`error: ${target} ends with "/": it names a directory, not a file`);
    noStack(io.err());
    expect(existsSync(join(tmp.dir, 'newdir'))).toBe(false);
  });

  it('report -o <char device> --force: refused even with --force, the device stays a device', async () => {
    const io = memoryIo();
    expect(await runCli(['report', SHOP, '--fail', 'storage', '-o', '/dev/null', '--force'], io)).toBe(2);
    expect(io.err()).toContain('/dev/null is not a regular file (a device, pipe or socket); not replacing it');
    noStack(io.err());
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
  });

  it('review -o and --write-baseline onto a directory: exit 2', async () => {
    const d = join(tmp.dir, 'review-dir');
    mkdirSync(d);
    for (const flag of ['-o', '--write-baseline']) {
      const io = memoryIo();
      expect(await runCli(['review', SHOP, flag, d], io)).toBe(2);
      expect(io.err()).toContain(`${d} is a directory`);
      noStack(io.err());
    }
  });

  it('import -o <dir> where <dir>/jaeger.yaml is a directory (EISDIR): exit 2 naming it', async () => {
    const out = join(tmp.dir, 'import-out');
    mkdirSync(join(out, 'jaeger.yaml'), { recursive: true });
    const deps = tmp.write('deps.json', JSON.stringify({ data: [{ parent: 'web', child: 'db', callCount: 10 }] }));
    const io = memoryIo();
    expect(await runCli(['import', 'jaeger', deps, '-o', out], io)).toBe(2);
    expect(io.err()).toContain(`${join(out, 'jaeger.yaml')} is a directory`);
    noStack(io.err());
    expect(readdirSync(out)).toEqual(['jaeger.yaml']);
  });

  it.skipIf(!userCanRun)('report -o into a read-only directory (EACCES): exit 2, path and reason, nothing left behind', () => {
    const ro = join(tmp.dir, 'read-only');
    mkdirSync(ro);
    chmodSync(ro, 0o555);
    const target = join(ro, 'report.md');
    const r = blastSync(['report', SHOP, '--fail', 'storage', '-o', target], userOpts);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`cannot write ${target}: permission denied (EACCES)`);
    noStack(r.stderr);
    expect(readdirSync(ro)).toEqual([]);
  });

  it.skipIf(!userCanRun)('report -o onto an existing report it may not read (EACCES while checking it): exit 2', () => {
    const target = tmp.write('unreadable.md', '<!-- generated by blast report -->\n');
    chmodSync(target, 0o000);
    const r = blastSync(['report', SHOP, '--fail', 'storage', '-o', target], userOpts);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`cannot open ${target}: permission denied (EACCES)`);
    noStack(r.stderr);
  });

  it.skipIf(!userCanRun)('--force onto /dev/full as an ordinary user: exit 2, the device untouched', () => {
    const r = blastSync(['report', SHOP, '--fail', 'storage', '-o', '/dev/full', '--force'], userOpts);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('/dev/full is not a regular file');
    noStack(r.stderr);
    expect(statSync('/dev/full').isCharacterDevice()).toBe(true);
  });
});

describe('standard output', () => {
  it('stdout on /dev/full: exit 2 (not 1, which means findings) with the reason on stderr', () => {
    const fd = openSync('/dev/full', 'w');
    try {
      for (const args of [['review', SHOP], ['review', SHOP, '--fail-on', 'info'], ['show', SHOP]]) {
        const r = blastSync(args, { stdio: ['ignore', fd, 'pipe'] });
        expect([args, r.status]).toEqual([args, 2]);
        expect(r.stderr).toContain('cannot write to standard output: no space left on device (ENOSPC)');
        noStack(r.stderr);
      }
    } finally {
      closeSync(fd);
    }
  });

  it('a reader that closes the pipe early (| head): quiet, exit 0', async () => {
    const r = await blastIntoClosedPipe(['review', chain(), '--format', 'json']);
    expect(r.got).toBeGreaterThan(0);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('a closed pipe keeps the exit code the command had: findings at --fail-on still exit 1', async () => {
    const r = await blastIntoClosedPipe(['review', chain(), '--format', 'json', '--fail-on', 'info']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
  });

  it('the JSON review is bigger than a pipe buffer, so the pipe cases above do meet a closed pipe', () => {
    const r = blastSync(['review', chain(), '--format', 'json']);
    expect(r.status).toBe(0);
    expect(Buffer.byteLength(r.stdout)).toBeGreaterThan(2 * 65536);
  });
});

describe('the report written to a file is complete', () => {
  it('reads back as exactly what stdout gets', async () => {
    const target = join(tmp.dir, 'complete', 'r.md');
    const io = memoryIo();
    expect(await runCli(['report', SHOP, '--fail', 'storage', '-o', target], memoryIo())).toBe(0);
    expect(await runCli(['report', SHOP, '--fail', 'storage'], io)).toBe(0);
    expect(readFileSync(target, 'utf8')).toBe(io.out());
    expect(readdirSync(join(tmp.dir, 'complete'))).toEqual(['r.md']);
  });
});
