/**
 * Shell: reads import inputs (files, directories searched recursively for the
 * format's extensions, or `-` for standard input) into `{file, text}` sources.
 * Problems become diagnostics; nothing here throws for the user's mistakes.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { displayPath } from '../catalog/load.js';
import { diag, type ImportDiagnostic, type ImportSource, type LocalRead } from './model.js';

/** Inputs larger than this are refused before reading. */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;

/** Files under `dir` (sorted, recursive, dot-entries skipped) whose names end in one of `extensions`. */
export function listFiles(dir: string, extensions: readonly string[], depth = 0): string[] {
  if (depth > 16) return [];
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

/** Reads every input; directories contribute their files with one of `extensions`. */
export function readInputs(inputs: readonly string[], extensions: readonly string[], readStdin: () => Uint8Array = () => readFileSync(0)): { sources: ImportSource[]; diagnostics: ImportDiagnostic[] } {
  const sources: ImportSource[] = [];
  const diagnostics: ImportDiagnostic[] = [];
  const seen = new Set<string>();
  const readOne = (path: string): void => {
    const file = displayPath(path);
    if (seen.has(file)) return;
    seen.add(file);
    const at = { file, line: 1, col: 1 };
    try {
      const size = statSync(path).size;
      if (size > MAX_INPUT_BYTES) {
        diagnostics.push(diag('error', 'read-error', `file is ${(size / 1048576).toFixed(1)} MiB, over the ${MAX_INPUT_BYTES / 1048576} MiB limit`, at, { hint: 'split the input into several files' }));
        return;
      }
      const { text, diagnostic } = decode(file, readFileSync(path));
      if (diagnostic) diagnostics.push(diagnostic);
      else sources.push({ file, text: text! });
    } catch (e) {
      diagnostics.push(diag('error', 'read-error', `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`, at));
    }
  };
  for (const input of inputs) {
    if (input === '-') {
      const { text, diagnostic } = decode('<stdin>', readStdin());
      if (diagnostic) diagnostics.push(diagnostic);
      else sources.push({ file: '<stdin>', text: text! });
      continue;
    }
    let st;
    try {
      st = statSync(input);
    } catch {
      diagnostics.push(diag('error', 'read-error', `no such file or directory: ${displayPath(input)}`, { file: displayPath(input), line: 1, col: 1 }, { hint: 'give the path of an input file or directory' }));
      continue;
    }
    if (st.isDirectory()) {
      const files = listFiles(input, extensions);
      if (files.length === 0) {
        diagnostics.push(diag('error', 'read-error', `no ${extensions.join(' / ')} files in directory ${displayPath(input)}`, { file: displayPath(input), line: 1, col: 1 }, { hint: 'give the input files themselves, or a directory that holds them' }));
      }
      files.forEach(readOne);
    } else readOne(input);
  }
  return { sources, diagnostics };
}

/**
 * Reads a file that an input names (a Location target, an `extends.file`, an env file), for
 * `ImportOptions.readLocal`: its display name and text, or why not (missing, a directory,
 * too large, binary, not UTF-8). Never throws.
 */
export function readLocalFile(path: string): LocalRead {
  try {
    const st = statSync(path);
    if (st.isDirectory()) return { error: 'a directory, not a file' };
    if (st.size > MAX_INPUT_BYTES) return { error: `over the ${MAX_INPUT_BYTES / 1048576} MiB limit` };
    const file = displayPath(path);
    const { text, diagnostic } = decode(file, readFileSync(path));
    return diagnostic ? { error: diagnostic.message } : { file, text: text! };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    return code === 'ENOENT' ? { error: 'no such file', missing: true } : { error: code };
  }
}
