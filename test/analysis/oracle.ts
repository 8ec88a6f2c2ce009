/**
 * Brute-force oracles for the analyses, written independently of src/analysis: they walk
 * the catalog model (not the compiled graph) with a naive "repeat until nothing changes"
 * fixpoint, and enumerate failure sets exhaustively. Small catalogs only.
 */
import type { Catalog } from '../../src/catalog/model.js';

export type NaiveState = 'up' | 'degraded' | 'down';
const RANK: Record<NaiveState, number> = { up: 0, degraded: 1, down: 2 };

/** The outcome of failing exactly `failed`, by the documented rules, as a least fixpoint. */
export function naiveStates(catalog: Catalog, failed: Iterable<string>): Map<string, NaiveState> {
  const state = new Map<string, NaiveState>();
  for (const id of catalog.services.keys()) state.set(id, 'up');
  for (const f of failed) state.set(f, 'down');
  let changed = true;
  while (changed) {
    changed = false;
    for (const s of catalog.services.values()) {
      let want: NaiveState = 'up';
      for (const d of s.dependsOn) {
        if (d.type === 'async') continue;
        const members = d.of.filter((m) => catalog.services.has(m) && m !== s.id);
        if (members.length === 0) continue;
        const k = Math.min(d.atLeast, members.length);
        const notDown = members.filter((m) => state.get(m) !== 'down').length;
        const upCount = members.filter((m) => state.get(m) === 'up').length;
        let effect: NaiveState = 'up';
        if (d.failOn === 'degraded') effect = upCount < k ? 'down' : 'up';
        else if (d.type === 'hard') effect = notDown < k ? 'down' : upCount < k ? 'degraded' : 'up';
        else effect = upCount < k ? 'degraded' : 'up';
        if (RANK[effect] > RANK[want]) want = effect;
      }
      if (RANK[want] > RANK[state.get(s.id)!]) {
        state.set(s.id, want);
        changed = true;
      }
    }
  }
  return state;
}

export const naiveDownSet = (catalog: Catalog, failed: Iterable<string>): Set<string> =>
  new Set([...naiveStates(catalog, failed)].filter(([, st]) => st === 'down').map(([id]) => id));

/** Services whose failure alone takes `target` down (the target itself excluded). */
export function naiveSpofs(catalog: Catalog, target: string): string[] {
  return [...catalog.services.keys()].filter((v) => v !== target && naiveDownSet(catalog, [v]).has(target)).sort();
}

/** All subsets of `items` of size 1..k, smallest first. */
export function subsetsUpTo<T>(items: readonly T[], k: number): T[][] {
  const out: T[][] = [];
  const rec = (start: number, acc: T[]): void => {
    if (acc.length > 0) out.push([...acc]);
    if (acc.length === k) return;
    for (let i = start; i < items.length; i++) {
      acc.push(items[i]!);
      rec(i + 1, acc);
      acc.pop();
    }
  };
  rec(0, []);
  return out.sort((a, b) => a.length - b.length);
}

/** Minimal sets of at most k failures (the target excluded) that take `target` down; each sorted. */
export function naiveCutSets(catalog: Catalog, target: string, k: number): string[][] {
  const others = [...catalog.services.keys()].filter((v) => v !== target).sort();
  const cuts: string[][] = [];
  for (const set of subsetsUpTo(others, k)) {
    if (cuts.some((c) => c.every((x) => set.includes(x)))) continue; // contains a smaller cut
    if (naiveDownSet(catalog, set).has(target)) cuts.push(set);
  }
  return cuts.map((c) => [...c].sort()).sort((a, b) => a.length - b.length || a.join(',').localeCompare(b.join(',')));
}

/** Other services down or degraded when `v` fails alone. */
export function naiveAffected(catalog: Catalog, v: string): { down: number; affected: number } {
  const st = naiveStates(catalog, [v]);
  let down = 0;
  let affected = 0;
  for (const [id, s] of st) {
    if (id === v) continue;
    if (s === 'down') down++;
    if (s !== 'up') affected++;
  }
  return { down, affected };
}

/** Services that can never come up from a cold start (everything starts down). */
export function naiveColdStartStuck(catalog: Catalog): string[] {
  const up = new Set<string>();
  let changed = true;
  while (changed) {
    changed = false;
    for (const s of catalog.services.values()) {
      if (up.has(s.id)) continue;
      const ok = s.dependsOn.every((d) => {
        const blocking = d.type === 'hard' || d.failOn === 'degraded';
        if (!blocking || d.type === 'async') return true;
        const members = d.of.filter((m) => catalog.services.has(m) && m !== s.id);
        if (members.length === 0) return true;
        const k = Math.min(d.atLeast, members.length);
        return members.filter((m) => up.has(m)).length >= k;
      });
      if (ok) {
        up.add(s.id);
        changed = true;
      }
    }
  }
  return [...catalog.services.keys()].filter((id) => !up.has(id)).sort();
}
