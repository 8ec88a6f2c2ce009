/**
 * Shell: reads import inputs (files, directories searched recursively for the
 * format's extensions, or `-` for standard input) into `{file, text}` sources, and
 * the files those inputs name (Location targets, `extends.file`, env files), confined
 * to the directory tree of the inputs. Only regular files are read, and only after
 * their size is known to be within the limit. Problems become diagnostics; nothing
 * here throws for the user's mistakes.
 */
import { closeSync, constants, fstatSync, openSync, readdirSync, readSync, realpathSync, statSync, type Stats } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { displayPath } from '../catalog/load.js';
import { DEFAULT_LIMITS, diag, mib, type ImportDiagnostic, type ImportSource, type InputLimits, type LocalRead, type ReadLocal } from './model.js';

/** Deepest sub-directory searched for input files. */
export const MAX_DIR_DEPTH = 16;

/** Files under `dir` (sorted, recursive, dot-entries skipped) whose names end in one of `extensions`. Symbolic links, devices and pipes are not listed. */
export function listFiles(dir: string, extensions: readonly string[], depth = 0): string[] {
  if (depth > MAX_DIR_DEPTH) return [];
  const out: string[] = [];
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const p = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(p, extensions, depth + 1));
    else if (entry.isFile() && extensions.some((ext) => entry.name.toLowerCase().endsWith(ext))) out.push(p);
  }
  return out;
}

/** Decodes bytes as UTF-8 text, or explains why not. */
export function decode(file: string, bytes: Uint8Array): { text?: string; diagnostic?: ImportDiagnostic } {
  const at = { file, line: 1, col: 1 };
  if (bytes.indexOf(0) >= 0) return { diagnostic: diag('error', 'read-error', 'file contains NUL bytes: this is a binary file', at, { hint: 'give the text export of the format' }) };
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
  } catch {
    return { diagnostic: diag('error', 'read-error', 'file is not valid UTF-8', at, { hint: 'save the file as UTF-8' }) };
  }
}

/** What a file system entry is, in words, for an entry that is not a regular file. */
export function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** Why a file was not read: a message, and the error code or kind behind it. */
export interface ReadRefusal {
  readonly error: string;
  readonly missing?: true;
  readonly tooLarge?: true;
  /** With `tooLarge`: the size found. */
  readonly size?: number;
}

/**
 * Reads a regular file of at most `maxBytes` bytes. The entry is checked with `stat` before it
 * is opened (a device, a FIFO or a socket is refused without being opened, so `/dev/zero`
 * is never read and a FIFO never blocks), opened non-blocking, and checked again on the open
 * descriptor, so a file swapped for a FIFO in between is refused too. At most `maxBytes + 1`
 * bytes are read: a file that grows past the limit while it is read is refused as well.
 */
export function readRegularFile(path: string, maxBytes: number): { bytes: Buffer } | ReadRefusal {
  let st: Stats;
  try {
    st = statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    return code === 'ENOENT' || code === 'ENOTDIR' ? { error: 'no such file', missing: true } : { error: code };
  }
  if (!st.isFile()) return { error: `${kindOf(st)}, not a regular file` };
  if (st.size > maxBytes) return { error: `${mib(st.size)}, over the ${mib(maxBytes)} limit`, tooLarge: true, size: st.size };
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    return { error: (e as NodeJS.ErrnoException).code ?? 'error' };
  }
  try {
    const fst = fstatSync(fd);
    if (!fst.isFile()) return { error: `${kindOf(fst)}, not a regular file` };
    if (fst.size > maxBytes) return { error: `${mib(fst.size)}, over the ${mib(maxBytes)} limit`, tooLarge: true, size: fst.size };
    // One byte more than the size found, to see whether the file grew; grown again up to the limit if it did.
    let buf = Buffer.allocUnsafe(Math.min(fst.size, maxBytes) + 1);
    let n = 0;
    for (;;) {
      const got = readSync(fd, buf, n, buf.length - n, null);
      if (got === 0) break;
      n += got;
      if (n < buf.length) continue;
      if (n > maxBytes) return { error: `over the ${mib(maxBytes)} limit (it grew while it was read)`, tooLarge: true };
      const bigger = Buffer.allocUnsafe(Math.min(buf.length * 2, maxBytes + 1));
      buf.copy(bigger, 0, 0, n);
      buf = bigger;
    }
    return { bytes: buf.subarray(0, n) };
  } catch (e) {
    return { error: (e as NodeJS.ErrnoException).code ?? 'error' };
  } finally {
    closeSync(fd);
  }
}

/** Reads standard input up to `maxBytes` (a pipe from /dev/zero is cut off and refused, not read forever). */
export function readStdinBounded(maxBytes: number, fd = 0): { bytes: Buffer } | ReadRefusal {
  const chunks: Buffer[] = [];
  let total = 0;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    const chunk = Buffer.allocUnsafe(65536);
    let got: number;
    try {
      got = readSync(fd, chunk, 0, chunk.length, null);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        // A non-blocking stdin with nothing yet: wait a little, without spinning.
        Atomics.wait(pause, 0, 0, 10);
        continue;
      }
      if (code === 'EOF') break;
      return { error: code ?? 'error' };
    }
    if (got === 0) break;
    total += got;
    if (total > maxBytes) return { error: `over the ${mib(maxBytes)} limit`, tooLarge: true };
    chunks.push(chunk.subarray(0, got));
  }
  return { bytes: Buffer.concat(chunks) };
}

/**
 * The directory trees an import may read: the directories the user named, the directories
 * of the files the user named (the working directory for standard input), and the
 * directories given with `--allow-outside`. Held as real paths, so symbolic links cannot
 * lead out of them.
 */
export class InputTree {
  readonly roots: readonly string[];

  constructor(roots: readonly string[]) {
    this.roots = [...new Set(roots)].sort();
  }

  /** The tree of `inputs` (as given on the command line), widened by `allowOutside` directories. */
  static of(inputs: readonly string[], allowOutside: readonly string[] = [], cwd = process.cwd()): InputTree {
    const roots: string[] = [];
    for (const input of inputs) {
      if (input === '-') {
        roots.push(realish(cwd));
        continue;
      }
      const abs = resolve(cwd, input);
      let dir = dirname(abs);
      try {
        if (statSync(abs).isDirectory()) dir = abs;
      } catch {
        // A missing input is reported when it is read; its directory still bounds what it names.
      }
      roots.push(realish(dir));
    }
    for (const d of allowOutside) roots.push(realish(resolve(cwd, d)));
    return new InputTree(roots);
  }

  /** True when the real path `real` lies inside one of the roots. */
  contains(real: string): boolean {
    return this.roots.some((r) => real === r || real.startsWith(r.endsWith(sep) ? r : r + sep));
  }
}

/**
 * The real path of `p`: symbolic links resolved. For a path that does not exist, the real
 * path of its nearest existing ancestor with the rest appended, so a missing file under a
 * link that points out of the tree is still seen as outside.
 */
export function realish(p: string): string {
  const abs = resolve(p);
  try {
    return realpathSync(abs);
  } catch {
    const parent = dirname(abs);
    return parent === abs ? abs : join(realish(parent), basename(abs));
  }
}

/**
 * A `ReadLocal` for the importers: reads the file an input names when its real path is inside
 * `tree`, and it is a regular file within the per-file limit; otherwise says why not
 * (`outside: true` for a file outside the tree, which is never opened). `onRead` sees every
 * file actually read (tests use it to check confinement).
 */
export function localReader(tree: InputTree, limits: InputLimits = DEFAULT_LIMITS, onRead?: (real: string) => void, alreadyRead = 0): ReadLocal {
  // The total limit covers the inputs (`alreadyRead` bytes) and every file they lead to.
  let total = alreadyRead;
  return (path: string): LocalRead => {
    const real = realish(path);
    if (!tree.contains(real)) {
      const shown = displayPath(isAbsolute(path) ? path : resolve(path));
      return { error: 'outside the input tree', outside: true, ...(real !== resolve(path) ? { real: displayPath(real) } : {}), path: shown };
    }
    const left = Math.max(0, limits.maxTotalBytes - total);
    const got = readRegularFile(real, Math.min(limits.maxFileBytes, left));
    if ('error' in got) {
      const overTotal = got.tooLarge && got.size !== undefined && got.size <= limits.maxFileBytes;
      const error = overTotal ? `${mib(got.size!)}: with the files read before it, over the ${mib(limits.maxTotalBytes)} limit of one import` : got.error;
      return { error, ...(got.missing ? { missing: true } : {}), ...(got.tooLarge ? { tooLarge: true } : {}) };
    }
    total += got.bytes.length;
    onRead?.(real);
    const file = displayPath(path);
    const { text, diagnostic } = decode(file, got.bytes);
    return diagnostic ? { error: diagnostic.message } : { file, text: text! };
  };
}

/**
 * Reads every input; directories contribute their files with one of `extensions`. Each file
 * must be a regular file within `limits.maxFileBytes`, and all of them together within
 * `limits.maxTotalBytes`; sizes are checked before anything is read.
 */
export function readInputs(
  inputs: readonly string[],
  extensions: readonly string[],
  readStdin: (maxBytes: number) => { bytes: Uint8Array } | ReadRefusal = (max) => readStdinBounded(max),
  limits: InputLimits = DEFAULT_LIMITS,
): { sources: ImportSource[]; diagnostics: ImportDiagnostic[]; bytes: number } {
  const sources: ImportSource[] = [];
  const diagnostics: ImportDiagnostic[] = [];
  const seen = new Set<string>();
  let total = 0;
  let stopped = false;
  const limitHint = 'split the input into several imports, or filter it (e.g. a shorter Jaeger lookback)';
  const take = (file: string, bytes: Uint8Array): void => {
    total += bytes.length;
    if (total > limits.maxTotalBytes) {
      diagnostics.push(diag('error', 'read-error', `the inputs add up to more than the ${mib(limits.maxTotalBytes)} limit of one import; stopped reading at this file`, { file, line: 1, col: 1 }, { hint: limitHint }));
      stopped = true;
      return;
    }
    const { text, diagnostic } = decode(file, bytes);
    if (diagnostic) diagnostics.push(diagnostic);
    else sources.push({ file, text: text! });
  };
  const readOne = (path: string): void => {
    if (stopped) return;
    const file = displayPath(path);
    if (seen.has(file)) return;
    seen.add(file);
    const at = { file, line: 1, col: 1 };
    const got = readRegularFile(path, limits.maxFileBytes);
    if ('error' in got) {
      const message = got.tooLarge ? `file is ${got.error}` : got.missing ? `no such file or directory: ${file}` : `cannot read ${file}: ${got.error}`;
      diagnostics.push(diag('error', 'read-error', message, at, { hint: got.tooLarge ? limitHint : 'give the path of an input file or directory' }));
      return;
    }
    take(file, got.bytes);
  };
  for (const input of inputs) {
    if (stopped) break;
    if (input === '-') {
      const got = readStdin(limits.maxFileBytes);
      if ('error' in got) diagnostics.push(diag('error', 'read-error', `cannot read standard input: ${got.error}`, { file: '<stdin>', line: 1, col: 1 }, { hint: limitHint }));
      else take('<stdin>', got.bytes);
      continue;
    }
    const shown = displayPath(input);
    let st: Stats;
    try {
      st = statSync(input);
    } catch {
      diagnostics.push(diag('error', 'read-error', `no such file or directory: ${shown}`, { file: shown, line: 1, col: 1 }, { hint: 'give the path of an input file or directory' }));
      continue;
    }
    if (st.isDirectory()) {
      let files: string[];
      try {
        files = listFiles(input, extensions);
      } catch (e) {
        diagnostics.push(diag('error', 'read-error', `cannot list directory ${shown}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`, { file: shown, line: 1, col: 1 }, { hint: 'check the permissions of the directory' }));
        continue;
      }
      if (files.length === 0) {
        diagnostics.push(diag('error', 'read-error', `no ${extensions.join(' / ')} files in directory ${shown}`, { file: shown, line: 1, col: 1 }, { hint: 'give the input files themselves, or a directory that holds them' }));
      }
      files.forEach(readOne);
    } else if (st.isFile()) readOne(input);
    else {
      // Refused before it is opened: a device could be endless (/dev/zero), a FIFO could block forever.
      diagnostics.push(diag('error', 'read-error', `${shown} is ${kindOf(st)}, not a regular file or directory`, { file: shown, line: 1, col: 1 }, { hint: 'give the path of an input file or directory; to read a stream, save it to a file or pipe it to -' }));
    }
  }
  return { sources, diagnostics, bytes: total };
}
