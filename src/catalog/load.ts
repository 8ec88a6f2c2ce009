/**
 * Shell: reads a catalog file, or every *.yaml / *.yml file under a directory (sorted,
 * recursively), and hands the bytes to the pure builder.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { buildCatalog, type BuildResult, type CatalogSource } from './build.js';
import { MAX_FILE_BYTES } from './parse.js';
import type { Diagnostic } from './diagnostics.js';

const YAML_RE = /\.ya?ml$/i;

function listYaml(dir: string, depth = 0): string[] {
  if (depth > 16) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (entry.name.startsWith('.')) continue;
    const p = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listYaml(p, depth + 1));
    else if (entry.isFile() && YAML_RE.test(entry.name)) out.push(p);
  }
  return out;
}

/** Display name for a path: relative to the working directory when inside it. */
export function displayPath(p: string, cwd = process.cwd()): string {
  const r = relative(cwd, p);
  return r && !r.startsWith('..') ? r : p;
}

/** Reads the catalog at `path` (file or directory). Never throws for the user's mistakes. */
export function loadCatalog(path: string): BuildResult {
  const fail = (d: Diagnostic): BuildResult => ({ diagnostics: [d] });
  const shown = displayPath(path);
  let st;
  try {
    st = statSync(path);
  } catch {
    return fail({ code: 'file-not-found', severity: 'error', message: `no such file or directory: ${shown}`, pos: { file: shown, line: 1, col: 1 }, hint: 'give the path of a catalog file or directory, e.g. catalogs/example-shop' });
  }
  const files = st.isDirectory() ? listYaml(path) : [path];
  if (files.length === 0) {
    return fail({ code: 'no-yaml-files', severity: 'error', message: `no .yaml or .yml files in directory ${shown}`, pos: { file: shown, line: 1, col: 1 }, hint: 'a catalog directory holds one or more YAML files' });
  }
  const sources: CatalogSource[] = [];
  const early: Diagnostic[] = [];
  for (const f of files) {
    const name = displayPath(f);
    try {
      const size = statSync(f).size;
      if (size > MAX_FILE_BYTES) {
        early.push({ code: 'file-too-large', severity: 'error', message: `file is ${(size / 1048576).toFixed(1)} MiB, over the ${MAX_FILE_BYTES / 1048576} MiB limit for one catalog file`, pos: { file: name, line: 1, col: 1 }, hint: 'split the catalog into several files in one directory' });
        continue;
      }
      sources.push({ file: name, bytes: readFileSync(f) });
    } catch (e) {
      early.push({ code: 'file-unreadable', severity: 'error', message: `cannot read ${name}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`, pos: { file: name, line: 1, col: 1 } });
    }
  }
  const built = buildCatalog(sources);
  return early.length ? { diagnostics: [...early, ...built.diagnostics] } : built;
}
