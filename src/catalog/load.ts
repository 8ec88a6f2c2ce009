/**
 * Shell: reads a catalog file, or every *.yaml / *.yml file under a directory (sorted,
 * recursively; dot-files and dot-directories skipped, symbolic links to files followed,
 * to directories not), and hands the bytes to the pure builder.
 */
import { readdirSync, readFileSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { buildCatalog, type BuildResult, type CatalogSource } from './build.js';
import { MAX_FILE_BYTES } from './parse.js';
import { sortDiagnostics, type Diagnostic } from './diagnostics.js';
import { withReaderFlags } from './load-flags.js';
import { displayPath, lookedIn } from './paths.js';

const YAML_RE = /\.ya?ml$/i;
/** Most YAML read for one catalog, all files together. */
export const MAX_CATALOG_BYTES = 64 * 1024 * 1024;
/** Deepest sub-directory searched for catalog files. */
const MAX_DIR_DEPTH = 16;

const mib = (bytes: number): string => (bytes / 1048576).toFixed(1);

function listYaml(dir: string, depth = 0): string[] {
  if (depth > MAX_DIR_DEPTH) return [];
  const out: string[] = [];
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const p = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listYaml(p, depth + 1));
    else if (YAML_RE.test(entry.name) && (entry.isFile() || (entry.isSymbolicLink() && isFile(p)))) out.push(p);
  }
  return out;
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

export { displayPath, lookedIn };

/** Reads the catalog at `path` (file or directory). Never throws for the user's mistakes. */
export function loadCatalog(path: string): BuildResult {
  const shown = displayPath(path);
  const at = (file: string) => ({ file, line: 1, col: 1 });
  const fail = (d: Diagnostic): BuildResult => ({ diagnostics: [d] });
  let st: Stats;
  try {
    st = statSync(path);
  } catch {
    return fail({ code: 'file-not-found', severity: 'error', message: `no such file or directory: ${shown}${lookedIn(path)}`, pos: at(shown), hint: 'give the path of a catalog file or directory, e.g. catalogs/example-shop' });
  }
  let files: string[];
  if (st.isDirectory()) {
    try {
      files = listYaml(path);
    } catch (e) {
      return fail({ code: 'file-unreadable', severity: 'error', message: `cannot list directory ${shown}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`, pos: at(shown), hint: 'check the permissions of the catalog directory' });
    }
  } else if (st.isFile()) {
    files = [path];
  } else {
    // A device or a pipe could be endless (/dev/zero): refuse it before reading.
    return fail({ code: 'file-unreadable', severity: 'error', message: `${shown} is not a regular file or directory`, pos: at(shown), hint: 'give the path of a catalog file or directory' });
  }
  if (files.length === 0) {
    return fail({ code: 'no-yaml-files', severity: 'error', message: `no .yaml or .yml files in directory ${shown}`, pos: at(shown), hint: 'a catalog directory holds one or more YAML files' });
  }
  const sources: CatalogSource[] = [];
  const early: Diagnostic[] = [];
  let total = 0;
  for (const f of files) {
    const name = displayPath(f);
    try {
      const size = statSync(f).size;
      if (size > MAX_FILE_BYTES) {
        early.push({ code: 'file-too-large', severity: 'error', message: `file is ${mib(size)} MiB, over the ${MAX_FILE_BYTES / 1048576} MiB limit for one catalog file`, pos: at(name), hint: 'split the catalog into several files in one directory' });
        continue;
      }
      total += size;
      if (total > MAX_CATALOG_BYTES) {
        early.push({ code: 'file-too-large', severity: 'error', message: `the catalog's files add up to more than ${MAX_CATALOG_BYTES / 1048576} MiB; stopped reading at this file`, pos: at(name), hint: 'point blast at a smaller catalog directory' });
        break;
      }
      sources.push({ file: name, bytes: readFileSync(f) });
    } catch (e) {
      early.push({ code: 'file-unreadable', severity: 'error', message: `cannot read ${name}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`, pos: at(name), hint: 'check that the file exists and is readable' });
    }
  }
  const built = withReaderFlags(() => buildCatalog(sources, { incomplete: early.length > 0 }));
  return early.length ? { diagnostics: sortDiagnostics([...early, ...built.diagnostics]) } : built;
}
