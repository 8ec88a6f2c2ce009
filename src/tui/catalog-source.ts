/**
 * Shell: how the explorer's worker thread (explorer-worker.ts) gets the catalog the explorer
 * shows without the main thread copying it (serializing a 20,000-service catalog takes about
 * 0.4 s, all of it blocking): it loads the catalog's files itself, and is used only if none of
 * them was modified since the explorer began loading them, so both threads read the same bytes.
 * Otherwise, or for a catalog that was not loaded from files, the catalog is sent to it.
 */
import { statSync } from 'node:fs';
import type { Catalog } from '../catalog/model.js';
import { loadCatalog } from '../catalog/load.js';

/** How the worker gets its catalog: sent, or loaded from `path` if its files are unchanged since `notModifiedSince`. */
export type CatalogSource = { readonly catalog: Catalog } | { readonly path: string; readonly notModifiedSince: number; readonly services: number };

/** The answer to `open`: whether the worker holds the explorer's catalog. */
export type Opened = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** Where the catalog the explorer shows came from, for a worker to load it again. */
export interface CatalogFiles {
  /** The path given to the explorer (file or directory). */
  readonly path: string;
  /** When its loading began (ms since the epoch): files modified since are not read again. */
  readonly loadStartedMs: number;
}

/** File systems that keep modification times to the second (or two, FAT) could date a later write before `since`. */
const MTIME_SLACK_MS = 2000;

/**
 * Whether none of the catalog's files was modified at or after `since` (ms since the epoch),
 * with a margin for coarse modification times. Two reads that both began after `since` of
 * files unchanged since then read the same bytes.
 */
export function unchangedSince(catalog: Catalog, since: number): boolean {
  try {
    return catalog.files.every((f) => statSync(f).mtimeMs < since - MTIME_SLACK_MS);
  } catch {
    return false;
  }
}

/** The worker's side: the catalog as sent, or loaded again from unchanged files (null, and why, when they changed). */
export function openCatalog(source: CatalogSource): { catalog: Catalog | null; opened: Opened } {
  if ('catalog' in source) return { catalog: source.catalog, opened: { ok: true } };
  const { catalog } = loadCatalog(source.path);
  if (!catalog) return { catalog: null, opened: { ok: false, reason: 'the catalog no longer loads' } };
  // read after the explorer began reading, and unchanged since: the same bytes
  if (!unchangedSince(catalog, source.notModifiedSince) || catalog.services.size !== source.services) return { catalog: null, opened: { ok: false, reason: 'the catalog changed on disk' } };
  return { catalog, opened: { ok: true } };
}
