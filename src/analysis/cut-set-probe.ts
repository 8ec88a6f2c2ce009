/**
 * How long would the cut-set search take? The search's cost per target grows with its
 * dependency subgraph and with the pairs of candidates in it, which on large power-law
 * catalogs (every target depending on most of the catalog) is far beyond the SPOF sweep.
 * A probe runs the real search on a few targets spread through the list, with a small
 * budget, so that the shell can time it and extrapolate before committing to the whole
 * (see `blast review`). Pure: the caller owns the clock.
 */
import type { CompiledGraph } from '../graph/compile.js';
import { cutSetSearch } from './cut-sets.js';
import { requirementModes } from './semantics.js';
import { SubgraphBuilder } from './subgraph.js';

/** Budget of the probe's search per target: enough to measure, small enough to be quick. */
export const PROBE_BUDGET = 5_000;

/** `k` targets spread evenly through `targets` (all of them when there are no more than k). */
export function probeSample(targets: readonly number[], k: number): number[] {
  if (targets.length <= k) return [...targets];
  return Array.from({ length: k }, (_, i) => targets[Math.floor(((i + 0.5) * targets.length) / k)]!);
}

/**
 * Runs the cut-set search for one target with the probe's budget. Returns how much of the
 * real search (with `budget`) that was: 1 when the probe finished the search, else
 * budget / probe budget (the search's cost grows about linearly with the sets it examines).
 */
export function probeCutSets(cg: CompiledGraph, target: number, maxOrder: number, budget: number, subgraphs = new SubgraphBuilder(cg, requirementModes(cg))): number {
  const sub = subgraphs.of([target]);
  const probe = Math.min(budget, PROBE_BUDGET);
  const res = cutSetSearch(sub.graph, subgraphs.localIndex(target), { maxOrder, budget: probe });
  return res.truncated ? budget / probe : 1;
}
