/**
 * Replays a catalog scenario against its observations: one point-estimate run (every
 * parameter at its median), and optionally Monte Carlo trials for the spread of each
 * milestone. Pure: randomness is seeded per trial exactly as `blast simulate --trials`.
 */
import type { Catalog, Scenario } from '../catalog/model.js';
import { buildModel, prepare, type Model } from '../engine/model.js';
import { run } from '../engine/simulate.js';
import { Workspace } from '../engine/workspace.js';
import { explain } from '../engine/explain.js';
import { trialSeed } from '../engine/rng.js';
import { percentile } from '../engine/monte-carlo.js';
import type { SimulationResult } from '../engine/result.js';
import { milestoneSpecs, milestoneTimes, type MilestoneSpec } from './milestones.js';
import { replay, type ReplayResult, type ReplayRow } from './compare.js';

export interface ReplayRun {
  readonly result: ReplayResult;
  readonly simulation: SimulationResult;
  readonly model: Model;
}

/** Ids of the services a simulation affects, in catalog order. */
export const affectedIds = (sim: SimulationResult): string[] => sim.services.filter((s) => s.impactStartMinutes !== null).map((s) => s.id);

/** The point-estimate replay of `scenario`, with `values` overriding the parameter medians when given. */
export function replayScenario(catalog: Catalog, scenario: Scenario, values?: Float64Array): ReplayRun {
  const model = buildModel(prepare(catalog), { scenario });
  const v = values ?? model.params.medians();
  const out = run(model, v);
  const specs = milestoneSpecs(model, scenario.observed ?? []);
  const simulation = explain(model, out, v);
  return { result: replay(scenario, milestoneTimes(model, out, specs), affectedIds(simulation)), simulation, model };
}

/**
 * Milestone times of trials [from, to): `(trial - from) * milestones + k`. With `reuse` (the
 * default) the trials share one workspace (src/engine/workspace.ts), each read before the
 * next runs; the numbers are the same either way.
 */
export function milestoneTrials(model: Model, specs: readonly MilestoneSpec[], seed: number, from: number, to: number, reuse = true): Float64Array {
  const m = specs.length;
  const out = new Float64Array((to - from) * m);
  const values = new Float64Array(model.params.slots.length);
  const times = new Float64Array(m);
  const opts = reuse && to - from > 1 ? { workspace: new Workspace(model) } : {};
  for (let k = from; k < to; k++) {
    model.params.sample(trialSeed(seed, k), values);
    milestoneTimes(model, run(model, values, opts), specs, times);
    out.set(times, (k - from) * m);
  }
  return out;
}

/**
 * The median of milestone k's simulated times over `count` trials (a milestones-wide matrix),
 * as a replay takes a simulated time: `sorted` holds them in order with NaN (never happened) as
 * +Infinity; a median in that tail is NaN (never happened) when more trials never had the
 * milestone than never recovered, else Infinity (never recovered).
 */
export function medianTime(sorted: Float64Array, trials: Float64Array, m: number, k: number, count: number): number {
  const v = percentile(sorted, 0.5);
  if (Number.isFinite(v)) return v;
  // never happened (NaN) against never recovered (Infinity): which the median trial is
  let balance = 0;
  for (let t = 0; t < count; t++) {
    const x = trials[t * m + k]!;
    if (Number.isNaN(x)) balance++;
    else if (x === Infinity) balance--;
  }
  return balance > 0 ? NaN : Infinity;
}

/**
 * Adds P10/P50/P90 of each milestone over `trials` (a milestones-wide matrix) to the
 * rows. A milestone that never happens in a trial counts as +Infinity (shown as null).
 */
export function withDistributions(result: ReplayResult, trials: Float64Array, count: number, seed: number, scenario?: Scenario): ReplayResult {
  const m = result.rows.length;
  // each milestone's P50, as a simulated time (NaN: not simulated; Infinity: never, in half the trials or more)
  const p50 = new Float64Array(m).fill(NaN);
  const rows = result.rows.map((r, k): ReplayRow => {
    if (r.status === 'not-simulated') return r;
    const xs = new Float64Array(count);
    for (let t = 0; t < count; t++) {
      const x = trials[t * m + k]!;
      xs[t] = Number.isNaN(x) ? Infinity : x;
    }
    xs.sort();
    p50[k] = medianTime(xs, trials, m, k, count);
    const q = (p: number): number | null => {
      const v = percentile(xs, p);
      return Number.isFinite(v) ? Math.round(v * 1000) / 1000 : null;
    };
    return { ...r, distribution: { p10: q(0.1), p50: q(0.5), p90: q(0.9) } };
  });
  // the trials' median judged as the point estimate is (docs/incidents.md, "Are the ranges honest?")
  const p50Score = scenario ? { p50: replay(scenario, p50, []).score } : {};
  return { ...result, rows, trials: { count, seed, ...p50Score } };
}
