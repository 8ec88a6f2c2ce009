/**
 * Filesystem errors as the user's to fix: a full disk, a read-only directory, a path that is
 * a directory. Each becomes a {@link UserError} naming the path and the reason (exit 2), never
 * an internal error with a stack trace: the environment is not a bug in blast-radius.
 */
import { UserError } from './user-error.js';
import { safeText } from '../util/text.js';
import { lookedIn } from '../catalog/paths.js';

/** Plain-words reasons for the error codes a file write or read meets in practice. */
const REASONS: ReadonlyMap<string, string> = new Map(Object.entries({
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'file too large for the file system or the process limit',
  EISDIR: 'is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  ENOENT: 'no such file or directory',
  EEXIST: 'already exists',
  ENAMETOOLONG: 'file name too long',
  ELOOP: 'too many levels of symbolic links',
  EIO: 'input/output error',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files in the system',
  EBUSY: 'device or resource busy',
  ETXTBSY: 'text file busy',
  EXDEV: 'cross-device link',
  EPIPE: 'broken pipe',
  EAGAIN: 'resource temporarily unavailable',
  ENXIO: 'no such device or address',
  ENODEV: 'no such device',
}));

/** A Node.js system error (it has an errno code and the system call that failed). */
export function isSystemError(e: unknown): e is NodeJS.ErrnoException & { code: string } {
  return e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string' && /^E[A-Z0-9]+$/.test((e as NodeJS.ErrnoException).code!) && typeof (e as NodeJS.ErrnoException).syscall === 'string';
}

/** `permission denied (EACCES)`: the reason in words with the code, for messages. */
export function fsReason(e: unknown): string {
  if (!isSystemError(e)) return e instanceof Error ? e.message : String(e);
  const words = REASONS.get(e.code);
  return words ? `${words} (${e.code})` : e.code;
}

/** What to try for a failed write, by error code. */
function writeHint(code: string | undefined): string {
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
    case 'EFBIG':
      return 'free some space or write to another file system';
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return 'write to a directory you can write to, e.g. under your home directory';
    case 'EISDIR':
      return 'the path names a directory: move it away or choose another path';
    case 'ENOTDIR':
      return 'a part of the path is a file, not a directory: choose another path';
    default:
      return 'check the path and the directory it is in';
  }
}

/** Wraps a filesystem error from writing `path` as a user error: path, reason, and a hint. */
export function writeError(path: string, e: unknown): UserError {
  const code = isSystemError(e) ? e.code : undefined;
  return new UserError(`cannot write ${safeText(path)}: ${fsReason(e)}`, writeHint(code));
}

/** The system call that failed, as what blast was doing. */
const VERBS: ReadonlyMap<string, string> = new Map([
  ['open', 'open'],
  ['read', 'read'],
  ['write', 'write'],
  ['mkdir', 'create directory'],
  ['rename', 'rename'],
  ['scandir', 'list directory'],
  ['stat', 'read'],
  ['lstat', 'read'],
  ['unlink', 'remove'],
  ['fsync', 'write'],
  ['close', 'write'],
  ['realpath', 'resolve'],
]);

/**
 * A system error that reached the top of a command: `cannot <do> <path>: <reason>`. The
 * command did not expect it, but a file system that refuses is the environment, not a bug.
 */
export function systemErrorAsUserError(e: NodeJS.ErrnoException & { code: string }): UserError {
  const what = VERBS.get(e.syscall ?? '') ?? e.syscall ?? 'access';
  const path = e.path !== undefined ? ` ${safeText(String(e.path))}` : '';
  const where = e.path !== undefined && (e.code === 'ENOENT' || e.code === 'ENOTDIR') ? safeText(lookedIn(String(e.path))) : '';
  return new UserError(`cannot ${what}${path}: ${fsReason(e)}${where}`, writeHint(e.code));
}
