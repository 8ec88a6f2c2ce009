/**
 * Catalog sources (file name + bytes) → validated Catalog plus every diagnostic.
 * Pure: reading files is the loader's job. Files are merged in the order given; ids
 * must be unique across all of them.
 */
import { makeExcerpt, sortDiagnostics, isError, type Diagnostic } from './diagnostics.js';
import type { Catalog, CatalogMeta, Param, Scenario, Service } from './model.js';
import { MAX_FILE_BYTES, parseSource } from './parse.js';
import { hotRead } from './hot-read.js';
import { checkSchema } from './check-schema.js';
import { catalogSchema } from './schema.js';
import { composeFile } from './compose.js';
import { dependencyIndex, type DependencyIndex } from './dependency-index.js';
import { anchorReferences, noServices, observedReferences, RULES, scenarioReferences, unknownReferences } from './rules.js';

export interface CatalogSource {
  readonly file: string;
  readonly bytes: Uint8Array;
}

export interface BuildResult {
  /** Present when there are no errors (warnings allowed). */
  readonly catalog?: Catalog;
  readonly diagnostics: readonly Diagnostic[];
}

export interface BuildOptions {
  /**
   * Some of the catalog's files could not be read (the loader already reported them):
   * skip the checks that need the whole catalog (references, "no services").
   */
  readonly incomplete?: boolean;
  /** Read files in the common shape of large catalogs directly (default true; false: every file takes the general path). */
  readonly direct?: boolean;
}

/** The text of a file that decodes cleanly (size, NUL bytes, UTF-8, BOM as `parseSource` checks them), else undefined. */
function decoded(bytes: Uint8Array): string | undefined {
  if (bytes.length > MAX_FILE_BYTES || bytes.indexOf(0) >= 0) return undefined;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return text.trim() === '' ? undefined : text;
}

/** Builds a catalog from its sources. Never throws on bad input: every problem is a diagnostic. */
export function buildCatalog(sources: readonly CatalogSource[], options: BuildOptions = {}): BuildResult {
  const diagnostics: Diagnostic[] = [];
  const texts = new Map<string, string>();
  const services = new Map<string, Service>();
  const scenarios = new Map<string, Scenario>();
  let meta: CatalogMeta = {};
  let unreadable = options.incomplete === true;

  const addServices = (list: readonly Service[]): void => {
    for (const s of list) {
      const first = services.get(s.id);
      if (first) {
        diagnostics.push({ code: 'duplicate-id', severity: 'error', message: `service "${s.id}" is defined twice; first at ${first.pos.file}:${first.pos.line}:${first.pos.col}`, pos: s.pos, hint: 'ids must be unique across all catalog files' });
      } else services.set(s.id, s);
    }
  };

  // The index of the direct reader, when the catalog is one file it read.
  let direct: DependencyIndex | undefined;
  // parameters naming a shared draw, as the files' composing read them (rules-draw.ts)
  const drawn: Param[] = [];
  for (const src of sources) {
    // The common shape of large catalogs is read directly; anything else, and anything to report, takes the general path.
    const text = decoded(src.bytes);
    const hot = text === undefined || options.direct === false ? undefined : hotRead(src.file, text);
    if (hot && text !== undefined) {
      if (sources.length === 1) direct = hot.index;
      texts.set(src.file, text);
      meta = { ...meta, ...hot.meta };
      addServices(hot.services);
      continue;
    }
    let parsed = parseSource(src.file, src.bytes);
    let checked = parsed.doc && !parsed.diagnostics.some(isError) ? checkSchema(parsed, catalogSchema) : undefined;
    if (parsed.fast && checked && checked.diagnostics.length > 0) {
      // Something to report: read the file again with the YAML library, the parser of record.
      parsed = parseSource(src.file, src.bytes, { fast: false });
      checked = parsed.doc && !parsed.diagnostics.some(isError) ? checkSchema(parsed, catalogSchema) : undefined;
    }
    texts.set(src.file, parsed.text);
    diagnostics.push(...parsed.diagnostics);
    if (!checked) {
      if (parsed.diagnostics.some(isError)) unreadable = true;
      continue;
    }
    diagnostics.push(...checked.diagnostics);
    const composed = composeFile(src.file, checked.value, checked.positions);
    diagnostics.push(...composed.diagnostics);
    meta = { ...meta, ...composed.meta };
    addServices(composed.services);
    drawn.push(...composed.drawn);
    for (const sc of composed.scenarios) {
      const first = scenarios.get(sc.id);
      if (first) {
        diagnostics.push({ code: 'duplicate-id', severity: 'error', message: `scenario "${sc.id}" is defined twice; first at ${first.pos.file}:${first.pos.line}:${first.pos.col}`, pos: sc.pos });
      } else scenarios.set(sc.id, sc);
    }
  }
  // "No services" only when nothing else is wrong, and references are checked only when
  // every file could be read: otherwise they are consequences, not news.
  const errorsSoFar = diagnostics.some(isError);
  const files = sources.map((s) => s.file);
  const index = direct ?? dependencyIndex(services);
  for (const rule of RULES) {
    if (rule === noServices && (errorsSoFar || unreadable)) continue;
    if ((rule === unknownReferences || rule === scenarioReferences || rule === anchorReferences || rule === observedReferences) && unreadable) continue;
    rule({ services, scenarios, files, index, drawn }, diagnostics);
  }

  const withExcerpts = diagnostics.map((d) => {
    if (d.excerpt || !d.pos) return d;
    const text = texts.get(d.pos.file);
    const excerpt = text ? makeExcerpt(text, d.pos.line, d.pos.col) : undefined;
    return excerpt ? { ...d, excerpt } : d;
  });
  const sorted = sortDiagnostics(withExcerpts);
  if (sorted.some(isError)) return { diagnostics: sorted };
  return { catalog: { meta, services, scenarios, files }, diagnostics: sorted };
}
