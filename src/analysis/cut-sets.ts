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
 *
 * The search runs on the target's dependency subgraph (subgraph.ts), where evaluating a
 * failure set costs in proportion to the target's dependencies, not to every service the
 * failures reach in the whole catalog.
 */
import type { CompiledGraph } from '../graph/compile.js';
import { FailureEvaluator, DOWN, MODE_NONE, requirementModes } from './semantics.js';
import { dependencyClosure } from './order.js';
import { SubgraphBuilder } from './subgraph.js';

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
export function minimalCutSets(cg: CompiledGraph, target: number, opts: CutSetOptions, subgraphs = new SubgraphBuilder(cg, requirementModes(cg))): CutSetResult {
  const sub = subgraphs.of([target]);
  const res = cutSetSearch(sub.graph, subgraphs.localIndex(target), opts);
  return { sets: res.sets.map((set) => set.map((i) => sub.orig[i]!)), truncated: res.truncated };
}

/**
 * The search itself, on any graph: its cost grows with the whole of `cg`, so call it on the
 * target's dependency subgraph (as {@link minimalCutSets} does). Indices are `cg`'s.
 */
export function cutSetSearch(cg: CompiledGraph, target: number, opts: CutSetOptions, ev = new FailureEvaluator(cg)): CutSetResult {
  const mode = ev.mode;
  const budget = opts.budget ?? 200_000;
  const closure = dependencyClosure(cg, mode, [target]); // the target included
  // The redundancy groups in the target's closure (numbered 0..G-1), their members, and
  // what those depend on: only failures in there can combine.
  const groupOf = new Int32Array(cg.reqType.length).fill(-1);
  let groups = 0;
  const groupMembers: number[] = [];
  for (let s = 0; s < cg.n; s++) {
    if (!closure[s]) continue;
    for (let r = cg.reqStart[s]!; r < cg.reqStart[s + 1]!; r++) {
      if (mode[r] === MODE_NONE || cg.memberStart[r + 1]! - cg.memberStart[r]! < 2) continue;
      groupOf[r] = groups++;
      for (let j = cg.memberStart[r]!; j < cg.memberStart[r + 1]!; j++) groupMembers.push(cg.reqMembers[j]!);
    }
  }
  const relevant = dependencyClosure(cg, mode, groupMembers);
  const words = Math.max(1, Math.ceil(groups / 32));
  const sets: number[][] = [];
  const candidates: number[] = [];
  // touched[i·words ..]: the groups with a member not up when candidate i fails alone.
  let touched = new Uint32Array(64 * words);
  let evaluations = 0;
  for (let v = 0; v < cg.n; v++) {
    if (!closure[v] || v === target) continue;
    const affected = ev.run([v]);
    evaluations++;
    // A SPOF is in no minimal set of higher order.
    if (ev.state[target] === DOWN) sets.push([v]);
    else if (relevant[v]) {
      const i = candidates.length;
      candidates.push(v);
      if ((i + 1) * words > touched.length) {
        const grown = new Uint32Array(touched.length * 2);
        grown.set(touched);
        touched = grown;
      }
      for (const x of affected) {
        for (let k = cg.revStart[x]!; k < cg.revStart[x + 1]!; k++) {
          const g = groupOf[cg.revReqs[k]!]!;
          if (g >= 0) touched[i * words + (g >>> 5)]! |= 1 << (g & 31);
        }
      }
    }
  }
  if (opts.maxOrder < 2) return { sets, truncated: false };
  const found = new Set<string>();
  let truncated = false;
  const chosen: number[] = [];
  const chosenPos: number[] = [];
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
  // Failures that touch no group in common act independently: the outcome of the set is
  // then the union of their single outcomes (each member's state the worst of them), and
  // none of those takes the target down. Such sets still count against the budget, so
  // the search stops where a search evaluating every set would.
  const interacting = (): boolean => {
    for (let a = 0; a < chosenPos.length; a++) {
      for (let b = a + 1; b < chosenPos.length; b++) {
        const pa = chosenPos[a]! * words;
        const pb = chosenPos[b]! * words;
        for (let w = 0; w < words; w++) if ((touched[pa + w]! & touched[pb + w]!) !== 0) return true;
      }
    }
    return false;
  };
  for (let order = 2; order <= opts.maxOrder && !truncated; order++) {
    const rec = (start: number): void => {
      if (truncated) return;
      if (chosen.length === order) {
        // Only sets of order 3 or more can contain a cut set already found (of order 2+).
        if (order > 2 && containsFound()) return;
        if (evaluations >= budget) {
          truncated = true;
          return;
        }
        evaluations++;
        if (!interacting()) return;
        ev.run(chosen);
        if (ev.state[target] === DOWN) {
          sets.push([...chosen]);
          found.add(chosen.join(','));
        }
        return;
      }
      for (let i = start; i <= candidates.length - (order - chosen.length); i++) {
        chosen.push(candidates[i]!);
        chosenPos.push(i);
        rec(i + 1);
        chosen.pop();
        chosenPos.pop();
        if (truncated) return;
      }
    };
    rec(0);
  }
  return { sets, truncated };
}
