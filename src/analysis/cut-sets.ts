/**
 * Minimal cut sets up to order k: the smallest sets of failures that, together, take a
 * target down, each minimal (no proper subset does). Order 1 is the SPOF list.
 *
 * Search space: only services the target depends on can matter, and (by the semantics)
 * a failure that reaches no redundancy-group member acts alone: without a group to
 * combine at, the outcome of a set is the union of its members' outcomes. So every member
 * of a minimal cut set of order ≥ 2 is a group member or something a group member depends
 * on; the search enumerates subsets of those, smallest first, skipping supersets of cut
 * sets already found, and stops at a budget of examined sets (reported as truncated).
 *
 * The search runs on the target's dependency subgraph (subgraph.ts), where evaluating a
 * failure set costs in proportion to the target's dependencies, not to every service the
 * failures reach in the whole catalog.
 */
import type { CompiledGraph } from '../graph/compile.js';
import { MODE_NONE, requirementModes } from './semantics.js';
import { dependencyClosure } from './order.js';
import { SubgraphBuilder } from './subgraph.js';
import { ScenarioSweep } from './sweep.js';

export interface CutSetOptions {
  /** Largest set size (order) to look for; 1 finds only SPOFs. */
  readonly maxOrder: number;
  /** Most failure sets to examine per target (single failures included) before giving up (default 200 000). */
  readonly budget?: number;
}

export interface CutSetResult {
  /** Minimal cut sets, each sorted by service index, by order then lexicographically. */
  readonly sets: readonly (readonly number[])[];
  /** True when the budget ran out before every set up to maxOrder was examined. */
  readonly truncated: boolean;
}

/** Minimal cut sets of `target` up to `opts.maxOrder` (see the file header). */
export function minimalCutSets(cg: CompiledGraph, target: number, opts: CutSetOptions, subgraphs = new SubgraphBuilder(cg, requirementModes(cg))): CutSetResult {
  const sub = subgraphs.of([target]);
  const res = cutSetSearch(sub.graph, subgraphs.localIndex(target), opts);
  return { sets: res.sets.map((set) => set.map((i) => sub.orig[i]!)), truncated: res.truncated };
}

/**
 * The search itself, on any graph: its cost grows with the whole of `cg`, so call it on the
 * target's dependency subgraph (as {@link minimalCutSets} does). Indices are `cg`'s.
 *
 * Sets are examined in the order of the file header, but evaluated in batches: all sets
 * that share everything but their last member (every pair starting with u, every triple
 * starting with u, v) in one word-parallel pass of {@link ScenarioSweep}, when the first
 * of them is examined. The budget counts examined sets, as if each were evaluated alone.
 */
export function cutSetSearch(cg: CompiledGraph, target: number, opts: CutSetOptions, scenarios = new ScenarioSweep(cg)): CutSetResult {
  const mode = scenarios.mode;
  const budget = opts.budget ?? 200_000;
  const closure = dependencyClosure(cg, mode, [target]); // the target included
  const others: number[] = [];
  for (let v = 0; v < cg.n; v++) if (closure[v] && v !== target) others.push(v);
  const sets: number[][] = [];
  if (others.length === 0) return { sets, truncated: false };
  // Members of the groups in the target's closure, and what they depend on.
  const groupMembers: number[] = [];
  for (const s of [target, ...others]) {
    for (let r = cg.reqStart[s]!; r < cg.reqStart[s + 1]!; r++) {
      if (mode[r] === MODE_NONE || cg.memberStart[r + 1]! - cg.memberStart[r]! < 2) continue;
      for (let j = cg.memberStart[r]!; j < cg.memberStart[r + 1]!; j++) groupMembers.push(cg.reqMembers[j]!);
    }
  }
  const relevant = dependencyClosure(cg, mode, groupMembers);
  const alone = scenarios.downWith(target, [], others);
  let examined = others.length;
  const candidates: number[] = [];
  others.forEach((v, i) => {
    // A SPOF is in no minimal set of higher order.
    if ((alone[i >>> 5]! >>> (i & 31)) & 1) sets.push([v]);
    else if (relevant[v]) candidates.push(v);
  });
  if (opts.maxOrder < 2) return { sets, truncated: false };
  const found = new Set<string>();
  let truncated = false;
  const chosen: number[] = [];
  const containsFound = (): boolean => {
    // Any found set that is a subset of `chosen` (chosen is small: at most maxOrder).
    const k = chosen.length;
    for (let mask = 1; mask < (1 << k) - 1; mask++) {
      const sub: number[] = [];
      for (let i = 0; i < k; i++) if (mask & (1 << i)) sub.push(chosen[i]!);
      if (found.has(sub.join(','))) return true;
    }
    return false;
  };
  for (let order = 2; order <= opts.maxOrder && !truncated; order++) {
    const rec = (start: number): void => {
      if (truncated) return;
      if (chosen.length === order - 1) {
        // The last member: every candidate from `start` on, one batch for all of them.
        let down: Uint32Array | undefined;
        for (let i = start; i < candidates.length; i++) {
          chosen.push(candidates[i]!);
          // Only sets of order 3 or more can contain a cut set already found (of order 2+).
          const skip = order > 2 && containsFound();
          chosen.pop();
          if (skip) continue;
          if (examined >= budget) {
            truncated = true;
            return;
          }
          examined++;
          down ??= scenarios.downWith(target, chosen, candidates.slice(start));
          const j = i - start;
          if ((down[j >>> 5]! >>> (j & 31)) & 1) {
            const set = [...chosen, candidates[i]!];
            sets.push(set);
            found.add(set.join(','));
          }
        }
        return;
      }
      for (let i = start; i <= candidates.length - (order - chosen.length); i++) {
        chosen.push(candidates[i]!);
        rec(i + 1);
        chosen.pop();
        if (truncated) return;
      }
    };
    rec(0);
  }
  return { sets, truncated };
}
