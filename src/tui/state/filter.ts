/**
 * Incremental search and filters over the service list. A query is words that must all
 * appear in a service's id or name (case-insensitive), plus optional `tier:N` and
 * `system:NAME` (or `sys:NAME`) terms; the tier and system filters set with keys apply too.
 * Matches are ordered exact id or name first, then prefix matches, then the rest.
 */
import type { Tier } from '../../catalog/model.js';
import type { ExplorerData } from './data.js';

export interface ParsedQuery {
  readonly words: readonly string[];
  readonly tier: Tier | null;
  /** Lower-cased system prefix from a `system:` term. */
  readonly system: string | null;
}

/** Splits a search query into words and `tier:` / `system:` terms. */
export function parseQuery(query: string): ParsedQuery {
  const words: string[] = [];
  let tier: Tier | null = null;
  let system: string | null = null;
  for (const raw of query.toLowerCase().split(/\s+/)) {
    if (!raw) continue;
    const m = /^(tier|t|system|sys):(.*)$/.exec(raw);
    if (m && (m[1] === 'tier' || m[1] === 't') && /^[0-3]$/.test(m[2]!)) tier = Number(m[2]) as Tier;
    else if (m && (m[1] === 'system' || m[1] === 'sys') && m[2]) system = m[2]!;
    else words.push(raw);
  }
  return { words, tier, system };
}

export interface Filters {
  readonly query: string;
  readonly tier: Tier | null;
  readonly system: string | null;
}

/**
 * The members of `base` (row indices, in order) that match the query and filters. With search
 * words, the service whose id (or name) is exactly the query comes first, then those whose id
 * or name starts with it, then the rest; each group keeps `base`'s order (by blast radius).
 */
export function filterRows(data: ExplorerData, base: readonly number[], f: Filters): number[] {
  const q = parseQuery(f.query);
  if (q.words.length === 0 && q.tier === null && q.system === null && f.tier === null && f.system === null) return [...base];
  const out: number[] = [];
  for (const i of base) {
    const r = data.rows[i]!;
    if (f.tier !== null && r.tier !== f.tier) continue;
    if (q.tier !== null && r.tier !== q.tier) continue;
    if (f.system !== null && r.system !== f.system) continue;
    if (q.system !== null && !(r.system ?? '').toLowerCase().startsWith(q.system)) continue;
    let ok = true;
    for (const w of q.words) {
      if (!r.haystack.includes(w)) {
        ok = false;
        break;
      }
    }
    if (ok) out.push(i);
  }
  if (q.words.length === 0) return out;
  const whole = q.words.join(' ');
  const exact: number[] = [];
  const prefix: number[] = [];
  const rest: number[] = [];
  // The haystack is "id\nname" and neither contains a newline (safe text): compared in place,
  // without splitting every match.
  for (const i of out) {
    const h = data.rows[i]!.haystack;
    const nl = h.indexOf('\n');
    if ((nl === whole.length && h.startsWith(whole)) || (h.length - nl - 1 === whole.length && h.endsWith(whole))) exact.push(i);
    else if (h.startsWith(whole) || h.startsWith(whole, nl + 1)) prefix.push(i);
    else rest.push(i);
  }
  return [...exact, ...prefix, ...rest];
}

/** The next value in a cycle through `all` then "no filter" (null). */
export function cycle<T>(current: T | null, all: readonly T[]): T | null {
  if (all.length === 0) return null;
  if (current === null) return all[0]!;
  const k = all.indexOf(current);
  return k < 0 || k === all.length - 1 ? null : all[k + 1]!;
}
