/**
 * Atomic file output for every command that writes a file (`report -o`, `review -o`,
 * `--write-baseline`, `import -o`). Readers see the old file or the new one, never a part:
 *
 * 1. the target is checked first: a name ending in `/`, a directory, a device, a FIFO or a
 *    socket is refused (a symbolic link is followed to the file it names);
 * 2. missing directories are created;
 * 3. the text goes to a temp file in the target's directory, created exclusively (`wx`)
 *    under an unpredictable name (`.<name>.<16 hex digits>.tmp`: a dot-file, so a catalog
 *    directory never loads a stray one), with the replaced file's permission bits;
 * 4. the temp file is flushed to disk (fsync), renamed over the target, and the directory
 *    is flushed so the rename itself survives a crash.
 *
 * On any error the temp file is removed and the target is untouched; the error names the
 * path and the reason ({@link writeError}, exit 2).
 */
import * as nodeFs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { UserError } from './user-error.js';
import { fsReason, isSystemError, writeError } from './fs-errors.js';
import { safeText } from '../util/text.js';

/** The filesystem calls an atomic write makes; tests substitute one that fails on cue. */
export type AtomicFs = Pick<typeof nodeFs, 'lstatSync' | 'statSync' | 'realpathSync' | 'mkdirSync' | 'openSync' | 'fchmodSync' | 'writeSync' | 'fsyncSync' | 'closeSync' | 'renameSync' | 'unlinkSync'>;

/** Codes from fsync on a directory where the platform cannot do it (it is then skipped). */
const DIR_FSYNC_UNSUPPORTED = new Set(['EINVAL', 'EISDIR', 'EPERM', 'EBADF', 'ENOTSUP', 'EOPNOTSUPP']);

/**
 * Where a write to `path` lands and the mode to keep: the path itself, or for a symbolic link
 * the file it names; `mode` is set when a regular file exists there. Throws a user error for a
 * target that must not be replaced. Commands call it before long work to fail early.
 */
export function resolveTarget(path: string, fs: AtomicFs = nodeFs): { target: string; mode?: number } {
  if (path === '' || /[\\/]$/.test(path)) {
    throw new UserError(`${safeText(path)} ends with "/": it names a directory, not a file`, 'give a file name, e.g. reports/impact.md');
  }
  let link: nodeFs.Stats;
  try {
    link = fs.lstatSync(path);
  } catch (e) {
    if (isSystemError(e) && e.code === 'ENOENT') return { target: path };
    throw writeError(path, e);
  }
  let target = path;
  if (link.isSymbolicLink()) {
    try {
      target = fs.realpathSync(path);
    } catch (e) {
      if (isSystemError(e) && e.code === 'ENOENT') throw new UserError(`${safeText(path)} is a symbolic link to a file that does not exist`, 'remove the link, or give the path of the file it should name');
      throw writeError(path, e);
    }
  }
  const st = target === path ? link : fs.statSync(target);
  if (st.isDirectory()) throw new UserError(`${safeText(path)} is a directory`, 'the output is a file: give another path, or move the directory away');
  if (!st.isFile()) {
    throw new UserError(`${safeText(path)} is not a regular file (a device, pipe or socket); not replacing it`, 'write to a regular file; to print the output, leave out -o');
  }
  return { target, mode: st.mode & 0o7777 };
}

/**
 * Writes `text` to `path` atomically (see the file header). Creates missing directories.
 * Throws {@link UserError} (exit 2) for every problem, naming the path and the reason.
 */
export function writeFileAtomic(path: string, text: string | Uint8Array, fs: AtomicFs = nodeFs): void {
  const { target, mode } = resolveTarget(path, fs);
  const dir = dirname(target);
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new UserError(`cannot create directory ${safeText(dir)} for ${safeText(path)}: ${fsReason(e)}`, 'create the directory yourself, or write somewhere you can create directories');
  }
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  const tmp = join(dir, `.${basename(target)}.${randomBytes(8).toString('hex')}.tmp`);
  let fd: number | undefined;
  let created = false;
  try {
    fd = fs.openSync(tmp, 'wx', mode ?? 0o666);
    created = true;
    if (mode !== undefined) fs.fchmodSync(fd, mode); // the umask applied at creation; keep the old bits exactly
    for (let off = 0; off < bytes.length; ) off += fs.writeSync(fd, bytes, off, bytes.length - off);
    fs.fsyncSync(fd);
    const closing = fd;
    fd = undefined;
    fs.closeSync(closing);
    fs.renameSync(tmp, target);
    created = false;
  } catch (e) {
    if (fd !== undefined) {
      try {
        fs.closeSync(fd);
      } catch {
        // already failing; the original error is the one to report
      }
    }
    if (created) {
      try {
        fs.unlinkSync(tmp);
      } catch {
        // nothing more to do: the temp file is a dot-file that loaders skip
      }
    }
    throw writeError(path, e);
  }
  syncDirectory(dir, path, fs);
}

/** Flushes a directory so a rename in it is durable; skipped where the platform cannot. */
function syncDirectory(dir: string, path: string, fs: AtomicFs): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch (e) {
    if (!(isSystemError(e) && DIR_FSYNC_UNSUPPORTED.has(e.code))) throw writeError(path, e);
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
