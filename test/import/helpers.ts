/** Test helpers: read fixtures as import sources, and run an import all the way to a validated catalog. */
import { readFileSync } from 'node:fs';
import { buildCatalog } from '../../src/catalog/build.js';
import type { Catalog } from '../../src/catalog/model.js';
import { assignIds, renderCatalog, sortImportDiagnostics, type ImportResult, type ImportSource } from '../../src/import/index.js';

export const FIX = 'test/fixtures/import';

export function sources(...paths: string[]): ImportSource[] {
  return paths.map((p) => ({ file: `${FIX}/${p}`, text: readFileSync(`${FIX}/${p}`, 'utf8') }));
}

/** Writes the import as catalog text and loads it with the real catalog builder. */
export function toCatalog(result: ImportResult, format = 'test'): { text: string; catalog: Catalog; errors: string[] } {
  const ids = assignIds(result.services);
  const text = renderCatalog(result.services, ids, { format, inputs: ['in'] });
  const built = buildCatalog([{ file: `${format}.yaml`, bytes: Buffer.from(text) }]);
  return { text, catalog: built.catalog!, errors: built.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code}: ${d.message}`) };
}

/** Every dependency of a catalog as "from -> to (type)", sorted. */
export function edgeList(catalog: Catalog): string[] {
  const out: string[] = [];
  for (const s of catalog.services.values()) for (const d of s.dependsOn) for (const to of d.of) out.push(`${s.id} -> ${to} (${d.type})`);
  return out.sort();
}

export function whyOf(catalog: Catalog, from: string, to: string): string | undefined {
  return catalog.services.get(from)?.dependsOn.find((d) => d.of.includes(to))?.why;
}

/** Diagnostics as "code@line:col" for compact assertions. */
export function codesAt(result: ImportResult, severity?: string): string[] {
  return sortImportDiagnostics(result.diagnostics).filter((d) => !severity || d.severity === severity).map((d) => `${d.code}@${d.pos.file.split('/').pop()}:${d.pos.line}:${d.pos.col}`);
}
