/**
 * Shell: what the explorer's advisor (advisor.ts) and its worker thread (advice-worker.ts)
 * say to each other, and the check that lets the worker read the catalog's files itself.
 */
import { statSync } from 'node:fs';
import type { Catalog } from '../catalog/model.js';
import type { ScenarioInput } from '../engine/index.js';

/** How the worker gets its catalog: sent, or loaded from `path` if its files are unchanged since `notModifiedSince`. */
export type AdviceSource = { readonly catalog: Catalog } | { readonly path: string; readonly notModifiedSince: number; readonly services: number };

/** The advisor's steps (state/advice.ts), one message each; a plan's steps name it. */
export type AdviceJob =
  | { readonly kind: 'open' }
  | { readonly kind: 'plan'; readonly plan: number; readonly service: string; readonly input: ScenarioInput; readonly rank: Uint32Array }
  | { readonly kind: 'baseline'; readonly plan: number }
  | { readonly kind: 'candidate'; readonly plan: number; readonly k: number };

/** The answer to `open`: whether the worker holds the explorer's catalog. */
export type Opened = { readonly ok: true } | { readonly ok: false; readonly reason: string };

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
