/**
 * Importers read only what the user pointed at: files an input refers to must lie in the
 * directory tree of the inputs (real paths, links resolved) unless --allow-outside names
 * their directory; devices, FIFOs and sockets are refused before they are opened; sizes are
 * checked before reading; excerpts are printed only of files the user named.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/program.js';
import type { Io } from '../../src/cli/io.js';
import { InputTree, localReader, readInputs, readRegularFile, readStdinBounded } from '../../src/import/read.js';
import { importBackstage } from '../../src/import/backstage/import.js';
import { importCompose } from '../../src/import/compose/import.js';

const SECRET = 'AWS_SECRET_ACCESS_KEY=SENTINEL-7f3a9c';

function memoryIo(): Io & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) }, env: {}, stdinIsTTY: false, out: () => out, err: () => err };
}

async function run(...argv: string[]) {
  const io = memoryIo();
  const code = await runCli(argv, io);
  return { code, out: io.out(), err: io.err() };
}

let root = '';
let fifo: string | undefined;
beforeAll(() => {
  root = realpathSync(mkdtempSync(join(tmpdir(), 'blast-confine-')));
  mkdirSync(join(root, 'secret'));
  writeFileSync(join(root, 'secret', 'credentials'), `${SECRET}\n`);
  writeFileSync(join(root, 'secret', 'base.yaml'), `services:\n  base:\n    image: x\n    depends_on: [db]\n# ${SECRET}\n`);
  writeFileSync(join(root, 'secret', 'prod.env'), `export ${SECRET.replace('=', ' ')}\nTAG=1\n`);
  mkdirSync(join(root, 'project'));
  try {
    fifo = join(root, 'project', 'pipe.yaml');
    execFileSync('mkfifo', [fifo]);
  } catch {
    fifo = undefined;
  }
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

const made: string[] = [];
/** A fresh project directory under the shared root, removed after the test. */
function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(root, 'p-'));
  made.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}
afterEach(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});

const location = (...targets: string[]): string =>
  ['apiVersion: backstage.io/v1alpha1', 'kind: Location', 'metadata:', '  name: root', 'spec:', '  targets:', ...targets.map((t) => `    - ${t}`), '---', 'kind: Component', 'metadata: {name: web}', 'spec: {type: service}', ''].join('\n');

describe('confinement to the input tree', () => {
  it('backstage: Location targets outside the tree (relative, absolute) are errors at the target, and never read', async () => {
    const dir = project({ 'catalog-info.yaml': location('../secret/credentials', '/etc/passwd') });
    const r = await run('import', 'backstage', join(dir, 'catalog-info.yaml'));
    expect(r.code).toBe(2);
    const file = join(dir, 'catalog-info.yaml');
    expect(r.err).toContain(`${file}:7:7: error[outside-tree]: this Location refers to a file outside the input tree: ${root}/secret/credentials\n`);
    expect(r.err).toContain(`${file}:8:7: error[outside-tree]: this Location refers to a file outside the input tree: /etc/passwd\n`);
    expect(r.err).toContain('--allow-outside <dir>');
    expect(r.err).not.toContain('SENTINEL');
    expect(r.err).not.toMatch(/root:x:0/);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('backstage: a symbolic link inside the tree that leads out of it is outside', async () => {
    const dir = project({ 'catalog-info.yaml': location('./link.yaml') });
    symlinkSync(join(root, 'secret', 'credentials'), join(dir, 'link.yaml'));
    const r = await run('import', 'backstage', dir);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`error[outside-tree]: this Location refers to a file outside the input tree: ${dir}/link.yaml (a link to ${root}/secret/credentials)`);
    expect(r.err).not.toContain('SENTINEL');
  });

  it('--allow-outside reads the file, but prints no excerpt of a file the user did not name', async () => {
    const dir = project({ 'catalog-info.yaml': location('../secret/credentials') });
    const r = await run('import', 'backstage', join(dir, 'catalog-info.yaml'), '--allow-outside', join(root, 'secret'));
    // The credentials file is read now: it is not a Backstage entity, which is an error at its own position...
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${root}/secret/credentials:1:1: error[wrong-shape]`);
    // ...without a line of it.
    expect(r.err).not.toContain('SENTINEL');
    const missing = await run('import', 'backstage', dir, '--allow-outside', join(root, 'no-such-dir'));
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('--allow-outside');
    expect(missing.err).toContain('no such directory');
  });

  it('compose: extends.file outside the tree is an error at the file: line, and never read', async () => {
    const dir = project({ 'compose.yaml': 'services:\n  web:\n    extends:\n      file: ../secret/base.yaml\n      service: base\n' });
    const r = await run('import', 'compose', join(dir, 'compose.yaml'));
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${dir}/compose.yaml:4:13: error[outside-tree]: extends.file refers to a file outside the input tree: ${root}/secret/base.yaml\n`);
    expect(r.err).not.toContain('SENTINEL');
  });

  it('compose: --env-file and a .env that links out of the tree are errors', async () => {
    const dir = project({ 'compose.yaml': 'services:\n  web:\n    image: app:${TAG}\n' });
    const envFile = await run('import', 'compose', join(dir, 'compose.yaml'), '--env-file', join(root, 'secret', 'prod.env'));
    expect(envFile.code).toBe(2);
    expect(envFile.err).toContain(`error[outside-tree]: --env-file refers to a file outside the input tree: ${root}/secret/prod.env`);
    expect(envFile.err).not.toContain('SENTINEL');
    // Allowed explicitly, the env file is read: its malformed first line is an error (the message does not quote it).
    const allowed = await run('import', 'compose', join(dir, 'compose.yaml'), '--env-file', join(root, 'secret', 'prod.env'), '--allow-outside', join(root, 'secret'));
    expect(allowed.err).toContain(`${root}/secret/prod.env:1:8: error[syntax]: this line has no "=": env file lines are NAME=value\n`);
    symlinkSync(join(root, 'secret', 'prod.env'), join(dir, '.env'));
    const dotenv = await run('import', 'compose', join(dir, 'compose.yaml'));
    expect(dotenv.code).toBe(2);
    expect(dotenv.err).toContain(`error[outside-tree]: the project's .env refers to a file outside the input tree: ${dir}/.env (a link to ${root}/secret/prod.env)`);
    expect(dotenv.err).not.toContain('SENTINEL');
  });

  it('files inside the tree are still followed', async () => {
    const dir = project({ 'catalog-info.yaml': location('./apps/more.yaml'), 'apps/more.yaml': 'kind: Component\nmetadata: {name: api}\nspec: {type: service, dependsOn: [component:web]}\n' });
    const r = await run('import', 'backstage', join(dir, 'catalog-info.yaml'));
    expect(r.code).toBe(0);
    expect(r.out).toContain('  api:');
  });
});

describe('only regular files are read', () => {
  it('/dev/zero as a Location target is refused unread, even when its directory is allowed', async () => {
    const dir = project({ 'catalog-info.yaml': location('/dev/zero') });
    const outside = await run('import', 'backstage', join(dir, 'catalog-info.yaml'));
    expect(outside.code).toBe(2);
    expect(outside.err).toContain('refers to a file outside the input tree: /dev/zero');
    const allowed = await run('import', 'backstage', join(dir, 'catalog-info.yaml'), '--allow-outside', '/dev');
    expect(allowed.err).toContain('/dev/zero cannot be read (a character device, not a regular file)');
    expect(allowed.code).toBe(0);
  });

  it.each([['jaeger'], ['otel'], ['terraform'], ['backstage'], ['compose']])('%s: /dev/zero as an input is refused with exit 2', async (format) => {
    const r = await run('import', format, '/dev/zero');
    expect(r.code).toBe(2);
    expect(r.err).toContain('/dev/zero:1:1: error[read-error]: /dev/zero is a character device, not a regular file or directory');
  });

  it('a FIFO, as an input or a Location target, is refused without blocking', async () => {
    if (!fifo) return; // mkfifo is not available
    const asInput = await run('import', 'backstage', fifo);
    expect(asInput.code).toBe(2);
    expect(asInput.err).toContain('is a named pipe (FIFO), not a regular file or directory');
    const dir = project({});
    writeFileSync(join(dir, 'catalog-info.yaml'), location(fifo));
    const r = await run('import', 'backstage', join(dir, 'catalog-info.yaml'), '--allow-outside', join(root, 'project'));
    expect(r.err).toContain('cannot be read (a named pipe (FIFO), not a regular file)');
    expect(r.code).toBe(0);
  }, 10_000);

  it('-o: an existing <dir>/<format>.yaml that is a FIFO or a directory is refused, not read', async () => {
    const dir = project({ 'deps.json': '[{"parent": "a", "child": "b", "callCount": 1}]' });
    mkdirSync(join(dir, 'out', 'jaeger.yaml'), { recursive: true });
    const asDir = await run('import', 'jaeger', join(dir, 'deps.json'), '-o', join(dir, 'out'), '--merge');
    expect(asDir.code).toBe(2);
    expect(asDir.err).toContain(`${join(dir, 'out', 'jaeger.yaml')} is a directory`);
    if (!fifo) return;
    mkdirSync(join(dir, 'out2'));
    symlinkSync(fifo, join(dir, 'out2', 'jaeger.yaml'));
    const asFifo = await run('import', 'jaeger', join(dir, 'deps.json'), '-o', join(dir, 'out2'), '--merge');
    expect(asFifo.code).toBe(2);
    expect(asFifo.err).toMatch(/named pipe|FIFO|device, pipe or socket/);
  }, 10_000);

  it('sizes are checked before reading, per file and for all inputs together', () => {
    const dir = project({ 'a.json': '[]'.padEnd(2000, ' '), 'b.json': '[]'.padEnd(2000, ' ') });
    expect(readRegularFile(join(dir, 'a.json'), 1999)).toEqual({ error: '2000 bytes, over the 1999 bytes limit', tooLarge: true, size: 2000 });
    expect(readRegularFile('/dev/zero', 1 << 20)).toEqual({ error: 'a character device, not a regular file' });
    expect(readRegularFile(join(dir, 'missing'), 10)).toEqual({ error: 'no such file', missing: true });
    const one = readInputs([join(dir, 'a.json')], ['.json'], undefined, { maxFileBytes: 1000, maxTotalBytes: 10_000 });
    expect(one.diagnostics.map((d) => `${d.code}: ${d.message}`)).toEqual(['read-error: file is 2000 bytes, over the 1000 bytes limit']);
    const both = readInputs([dir], ['.json'], undefined, { maxFileBytes: 3000, maxTotalBytes: 3000 });
    expect(both.sources.map((s) => s.file)).toEqual([join(dir, 'a.json')]);
    expect(both.diagnostics.map((d) => `${d.pos.file}: ${d.message}`)).toEqual([`${join(dir, 'b.json')}: the inputs add up to more than the 3000 bytes limit of one import; stopped reading at this file`]);
  });

  it('the files inputs refer to count towards the limit of one import, and one too large is an error at its reference', () => {
    const dir = project({ 'a.yaml': 'x'.repeat(600), 'b.yaml': 'y'.repeat(600) });
    const reader = localReader(InputTree.of([dir]), { maxFileBytes: 1000, maxTotalBytes: 1500 }, undefined, 500);
    expect(reader(join(dir, 'a.yaml'))).toMatchObject({ text: 'x'.repeat(600) });
    // 500 + 600 read so far; 600 more would make 1700.
    expect(reader(join(dir, 'b.yaml'))).toEqual({ error: '600 bytes: with the files read before it, over the 1500 bytes limit of one import', tooLarge: true });
    const big = project({ 'catalog-info.yaml': location('./big.yaml') });
    writeFileSync(join(big, 'big.yaml'), `# ${'z'.repeat(2000)}\n`);
    const res = importBackstage([{ file: join(big, 'catalog-info.yaml'), text: location('./big.yaml') }], { readLocal: localReader(InputTree.of([big]), { maxFileBytes: 1000, maxTotalBytes: 5000 }) });
    expect(res.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code}@${d.pos.line}:${d.pos.col}: ${d.message}`)).toEqual([`too-large@7:7: ${join(big, 'big.yaml')} is 2003 bytes, over the 1000 bytes limit`]);
  });

  it('a .env that is not a regular file is an error, not silently skipped', () => {
    if (!fifo) return;
    const dir = project({ 'compose.yaml': 'services:\n  web: {image: x}\n' });
    symlinkSync(fifo, join(dir, '.env'));
    const res = importCompose([{ file: join(dir, 'compose.yaml'), text: 'services:\n  web: {image: x}\n' }], { readLocal: localReader(InputTree.of([dir, fifo])) });
    expect(res.diagnostics.map((d) => `${d.code}: ${d.message}`)).toEqual([`read-error: cannot read env file ${join(dir, '.env')}: a named pipe (FIFO), not a regular file`]);
  });

  it('a file longer than its stat size (it grew, or a /proc file) is read whole up to the limit, and refused past it', () => {
    if (!existsSync('/proc/self/cmdline')) return; // Linux only: /proc files report size 0
    const got = readRegularFile('/proc/self/cmdline', 1 << 20);
    // Node's own reader, which reads until the end of the file, as the reference.
    expect('bytes' in got && got.bytes.toString('latin1')).toBe(readFileSync('/proc/self/cmdline', 'latin1'));
    expect(readRegularFile('/proc/self/cmdline', 3)).toEqual({ error: 'over the 3 bytes limit (it grew while it was read)', tooLarge: true });
  });

  it('standard input is read up to the limit, then refused (a pipe from /dev/zero ends)', () => {
    const fd = openSync('/dev/zero', 'r');
    try {
      expect(readStdinBounded(100_000, fd)).toEqual({ error: 'over the 100000 bytes limit', tooLarge: true });
    } finally {
      closeSync(fd);
    }
  });

  it('the local reader refuses outside paths without opening them, and reports what it read', () => {
    const dir = project({ 'in.yaml': 'x: 1\n' });
    const read: string[] = [];
    const reader = localReader(InputTree.of([join(dir, 'in.yaml')]), { maxFileBytes: 1 << 20, maxTotalBytes: 1 << 20 }, (p) => read.push(p));
    expect(reader(join(dir, 'in.yaml'))).toEqual({ file: join(dir, 'in.yaml'), text: 'x: 1\n' });
    expect(reader(join(dir, '..', 'secret', 'credentials'))).toMatchObject({ outside: true, path: join(root, 'secret', 'credentials') });
    expect(reader(join(dir, 'nope', '..', '..', 'x'))).toMatchObject({ outside: true });
    expect(read).toEqual([join(dir, 'in.yaml')]);
    expect(existsSync(join(dir, 'in.yaml'))).toBe(true);
  });
});
