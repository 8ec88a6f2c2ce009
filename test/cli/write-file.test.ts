/**
 * Atomic writes (src/cli/write-file.ts) against a real temp directory, with the filesystem
 * calls recorded or made to fail on cue: exclusive create under an unpredictable name,
 * fsync before rename and of the directory after, the replaced file's mode kept, nothing
 * half-written and no temp file left on any error.
 */
import * as fs from 'node:fs';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeFileAtomic, type AtomicFs } from '../../src/cli/write-file.js';
import { UserError } from '../../src/cli/user-error.js';
import { tempDir } from './helpers.js';

const tmp = tempDir('write-file');
afterAll(() => tmp.cleanup());

let n = 0;
const freshDir = (): string => {
  const d = join(tmp.dir, `case-${n++}`);
  mkdirSync(d);
  return d;
};

/** The real fs, recording each call as `name(first argument)`, and failing where `fail` says. */
function recordingFs(fail: (call: string, args: unknown[]) => NodeJS.ErrnoException | undefined = () => undefined): { fs: AtomicFs; calls: Array<{ call: string; args: unknown[] }> } {
  const calls: Array<{ call: string; args: unknown[] }> = [];
  const names = ['lstatSync', 'statSync', 'realpathSync', 'mkdirSync', 'openSync', 'fchmodSync', 'writeSync', 'fsyncSync', 'closeSync', 'renameSync', 'unlinkSync'] as const;
  const wrapped = Object.fromEntries(
    names.map((name) => [
      name,
      (...args: unknown[]) => {
        calls.push({ call: name, args });
        const err = fail(name, args);
        if (err) throw err;
        return (fs[name] as (...a: unknown[]) => unknown)(...args);
      },
    ]),
  );
  return { fs: wrapped as unknown as AtomicFs, calls };
}

const errno = (code: string, syscall: string): NodeJS.ErrnoException => Object.assign(new Error(`${code}: failed, ${syscall}`), { code, syscall });

describe('writeFileAtomic', () => {
  it('creates the temp file exclusively under an unpredictable dot-name in the target directory, fsyncs it, renames, fsyncs the directory', () => {
    const dir = freshDir();
    const target = join(dir, 'report.md');
    const { fs: rec, calls } = recordingFs();
    writeFileAtomic(target, 'hello\n', rec);
    expect(readFileSync(target, 'utf8')).toBe('hello\n');
    const opens = calls.filter((c) => c.call === 'openSync');
    const [tmpPath, flag] = opens[0]!.args as [string, string];
    expect(flag).toBe('wx');
    expect(tmpPath.startsWith(`${dir}/.report.md.`)).toBe(true);
    expect(tmpPath.slice(dir.length + 1)).toMatch(/^\.report\.md\.[0-9a-f]{16}\.tmp$/);
    // the order that makes the write durable: data synced before the rename, the directory after it
    const order = calls.map((c) => c.call).filter((c) => ['openSync', 'writeSync', 'fsyncSync', 'closeSync', 'renameSync'].includes(c));
    expect(order).toEqual(['openSync', 'writeSync', 'fsyncSync', 'closeSync', 'renameSync', 'openSync', 'fsyncSync', 'closeSync']);
    expect(opens[1]!.args[0]).toBe(dir);
    expect(readdirSync(dir)).toEqual(['report.md']);
  });

  it('uses a different temp name each time', () => {
    const dir = freshDir();
    const names = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const { fs: rec, calls } = recordingFs();
      writeFileAtomic(join(dir, 'x.md'), `v${i}`, rec);
      names.add(calls.find((c) => c.call === 'openSync')!.args[0] as string);
    }
    expect(names.size).toBe(5);
  });

  it.each([0o640, 0o600, 0o755])('keeps the permission bits %o of the file it replaces', (mode) => {
    const dir = freshDir();
    const target = join(dir, 'keep.md');
    writeFileSync(target, 'old');
    chmodSync(target, mode);
    writeFileAtomic(target, 'new');
    expect(readFileSync(target, 'utf8')).toBe('new');
    expect(statSync(target).mode & 0o7777).toBe(mode);
  });

  it('follows a symbolic link: the file it names is replaced, the link stays', () => {
    const dir = freshDir();
    writeFileSync(join(dir, 'real.md'), 'old');
    symlinkSync('real.md', join(dir, 'link.md'));
    writeFileAtomic(join(dir, 'link.md'), 'new');
    expect(fs.lstatSync(join(dir, 'link.md')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'real.md'), 'utf8')).toBe('new');
  });

  /** The real fs with one call failing: the first write lands 3 bytes, the next runs out of space. */
  const failingAt = (failing: string, code: string): AtomicFs => {
    let writes = 0;
    return {
      ...fs,
      writeSync: ((fd: number, buf: Buffer, off: number) => {
        if (failing !== 'writeSync') return fs.writeSync(fd, buf, off, buf.length - off);
        if (writes++ === 0) return fs.writeSync(fd, buf, off, 3);
        throw errno(code, 'write');
      }) as AtomicFs['writeSync'],
      ...(failing === 'fsyncSync' ? { fsyncSync: () => { throw errno(code, 'fsync'); } } : {}),
      ...(failing === 'renameSync' ? { renameSync: () => { throw errno(code, 'rename'); } } : {}),
      ...(failing === 'closeSync' ? { closeSync: (fd: number) => { fs.closeSync(fd); throw errno(code, 'close'); } } : {}),
    };
  };

  it.each([
    ['ENOSPC on write, after part of the text', 'writeSync', 'ENOSPC', 'no space left on device (ENOSPC)'],
    ['EIO on fsync', 'fsyncSync', 'EIO', 'input/output error (EIO)'],
    ['EACCES on rename', 'renameSync', 'EACCES', 'permission denied (EACCES)'],
    ['EDQUOT on close', 'closeSync', 'EDQUOT', 'disk quota exceeded (EDQUOT)'],
  ])('%s: user error naming path and reason, old file untouched, temp file removed', (_label, failing, code, reason) => {
    const dir = freshDir();
    const target = join(dir, 'out.md');
    writeFileSync(target, 'previous contents\n');
    let err: unknown;
    try {
      writeFileAtomic(target, 'new contents, long enough to be written in parts\n', failingAt(failing, code));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toBe(`cannot write ${target}: ${reason}`);
    expect((err as UserError).hint).toBeTruthy();
    expect(readFileSync(target, 'utf8')).toBe('previous contents\n');
    expect(readdirSync(dir)).toEqual(['out.md']);
  });

  it('continues a short write until every byte is written', () => {
    const dir = freshDir();
    const target = join(dir, 'short.md');
    const text = 'x'.repeat(1000);
    const short: AtomicFs = { ...fs, writeSync: ((fd: number, buf: Buffer, off: number, len: number) => fs.writeSync(fd, buf, off, Math.min(len, 7))) as AtomicFs['writeSync'] };
    writeFileAtomic(target, text, short);
    expect(readFileSync(target, 'utf8')).toBe(text);
  });

  it('an exclusive create that finds the name taken fails instead of writing through it', () => {
    const dir = freshDir();
    const { fs: rec } = recordingFs((call) => (call === 'openSync' ? errno('EEXIST', 'open') : undefined));
    expect(() => writeFileAtomic(join(dir, 'a.md'), 'x', rec)).toThrow(/cannot write .*a\.md: already exists \(EEXIST\)/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it.each([
    ['a name ending in /', (d: string) => `${join(d, 'newdir')}/`, /ends with "\/": it names a directory, not a file/],
    ['a directory', (d: string) => d, /is a directory/],
    ['a character device', () => '/dev/null', /is not a regular file \(a device, pipe or socket\); not replacing it/],
    ['a dangling symbolic link', (d: string) => (symlinkSync('nowhere.md', join(d, 'dangling.md')), join(d, 'dangling.md')), /is a symbolic link to a file that does not exist/],
  ])('refuses %s before creating anything', (_label, pathOf, message) => {
    const dir = freshDir();
    const path = pathOf(dir);
    const before = readdirSync(dir);
    expect(() => writeFileAtomic(path, 'x')).toThrow(message);
    expect(readdirSync(dir)).toEqual(before);
    expect(existsSync(join(dir, 'newdir'))).toBe(false);
  });
});

describe('writeFileAtomic: directories', () => {
  it('creates missing directories; one that cannot be created is named with the reason', () => {
    const dir = freshDir();
    writeFileAtomic(join(dir, 'a', 'b', 'c.md'), 'x');
    expect(readFileSync(join(dir, 'a', 'b', 'c.md'), 'utf8')).toBe('x');
    writeFileSync(join(dir, 'file'), '');
    // a file where a directory should be is found when the target is checked
    expect(() => writeFileAtomic(join(dir, 'file', 'sub', 'c.md'), 'x')).toThrow(`cannot write ${join(dir, 'file', 'sub', 'c.md')}: a part of the path is not a directory (ENOTDIR)`);
    const denied: AtomicFs = { ...fs, mkdirSync: (() => { throw errno('EACCES', 'mkdir'); }) as AtomicFs['mkdirSync'] };
    expect(() => writeFileAtomic(join(dir, 'new', 'c.md'), 'x', denied)).toThrow(`cannot create directory ${join(dir, 'new')} for ${join(dir, 'new', 'c.md')}: permission denied (EACCES)`);
  });
});
