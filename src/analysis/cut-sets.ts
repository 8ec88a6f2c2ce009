/**
 * Minimal cut sets up to order k: the smallest sets of failures that, together, take a
 * target down, each minimal (no proper subset does). Order 1 is the SPOF list.
 *
 * Search space: only services the target depends on can matter, and (by the semantics)
 * a failure that reaches no redundancy-group member acts alone: without a group to
 * combine at, the outcome of a set is the union of its members' outcomes. So every member
 * of a minimal cut set of order ≥ 2 is a group member or something a group member depends
 * on; the search enumerates subsets of those, smallest first, skipping supersets of cut
 * sets already found, and stops at a budget of evaluations (reported as truncated).
 */
import type { CompiledGraph } from '../graph/compile.js';
import { FailureEvaluator, DOWN, MODE_NONE } from './semantics.js';
import { dependencyClosure } from './order.js';

export interface CutSetOptions {
  /** Largest set size (order) to look for; 1 finds only SPOFs. */
  readonly maxOrder: number;
  /** Most failure sets to evaluate per target before giving up (default 200 000). */
  readonly budget?: number;
}

export interface CutSetResult {
  /** Minimal cut sets, each sorted by service index, by order then lexicographically. */
  readonly sets: readonly (readonly number[])[];
  /** True when the budget ran out before every set up to maxOrder was examined. */
  readonly truncated: boolean;
}

/** Minimal cut sets of `target` up to `opts.maxOrder` (see the file header). */
export function minimalCutSets(cg: CompiledGraph, target: number, opts: CutSetOptions, ev = new FailureEvaluator(cg)): CutSetResult {
  const mode = ev.mode;
  const budget = opts.budget ?? 200_000;
  const closure = dependencyClosure(cg, mode, [target]); // the target included
  const sets: number[][] = [];
  const singles: number[] = [];
  let evaluations = 0;
  for (let v = 0; v < cg.n; v++) {
    if (!closure[v] || v === target) continue;
    ev.run([v]);
    evaluations++;
    // A SPOF is in no minimal set of higher order.
    if (ev.state[target] === DOWN) sets.push([v]);
    else singles.push(v);
  }
  if (opts.maxOrder < 2) return { sets, truncated: false };
  // Members of the groups in the target's closure, and what they depend on.
  const groupMembers: number[] = [];
  for (let s = 0; s < cg.n; s++) {
    if (!closure[s]) continue;
    for (let r = cg.reqStart[s]!; r < cg.reqStart[s + 1]!; r++) {
      if (mode[r] === MODE_NONE || cg.memberStart[r + 1]! - cg.memberStart[r]! < 2) continue;
      for (let j = cg.memberStart[r]!; j < cg.memberStart[r + 1]!; j++) groupMembers.push(cg.reqMembers[j]!);
    }
  }
  const relevant = dependencyClosure(cg, mode, groupMembers);
  const candidates = singles.filter((v) => relevant[v]);
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
      if (chosen.length === order) {
        if (containsFound()) return;
        if (evaluations >= budget) {
          truncated = true;
          return;
        }
        evaluations++;
        ev.run(chosen);
        if (ev.state[target] === DOWN) {
          sets.push([...chosen]);
          found.add(chosen.join(','));
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
