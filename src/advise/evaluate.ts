/**
 * Measures a catalog over the advisor's inputs: per input and trial, the tier-weighted
 * service-hours of impairment (a degraded hour counts half), the time to full recovery, and the services affected.
 * Trials are seeded from (seed, trial index) and every parameter draws from a stream keyed
 * by its label, so a patched catalog's trial k sees the same draws as the baseline's trial
 * k for every parameter the patch leaves alone: the comparison is paired.
 */
import type { Catalog } from '../catalog/model.js';
import { TIER_WEIGHTS } from '../analysis/rank.js';
import { buildModel, prepare, type ScenarioInput } from '../engine/model.js';
import { MAX_HORIZON, run, type RunOutcome } from '../engine/simulate.js';
import { Workspace } from '../engine/workspace.js';
import { STATE_DEGRADED, STATE_DOWN, STATE_UP } from '../engine/model.js';
import { percentile } from '../engine/monte-carlo.js';
import { trialSeed } from '../engine/rng.js';
import type { Measure } from './model.js';

/** Raw outcomes: [input][trial]. */
export interface Samples {
  readonly serviceHours: Float64Array[];
  readonly full: Float64Array[];
  readonly affected: Float64Array[];
}

/**
 * Runs `trials` trials of every input on `catalog` (0 trials: one run with parameters at
 * their medians). Impairment that never ends counts until the engine's 30-day horizon.
 * With `counted`, only those services count (the baseline's: a replica added by a patch
 * shows its effect through its dependents). Tier weights are those of `blast rank`. With
 * `reuse` (the default) the trials of an input share one workspace (src/engine/workspace.ts),
 * each outcome read before the next run; the numbers are the same either way.
 */
export function sample(catalog: Catalog, inputs: readonly ScenarioInput[], trials: number, seed: number, counted?: ReadonlySet<string>, reuse = true): Samples {
  const prep = prepare(catalog);
  const n = prep.graph.n;
  // services added by a patch (replicas) are not counted: their dependents' states carry their effect
  const weight = Float64Array.from(prep.graph.ids, (id) => (counted && !counted.has(id) ? 0 : TIER_WEIGHTS[catalog.services.get(id)!.tier]!));
  const partial = Uint8Array.from(prep.graph.ids, (id) => (catalog.services.get(id)!.partial ? 1 : 0));
  const count = Math.max(1, trials);
  const out: Samples = { serviceHours: [], full: [], affected: [] };
  const since = new Float64Array(n);
  const level = new Uint8Array(n);
  for (const input of inputs) {
    const model = buildModel(prep, input);
    const values = trials > 0 ? new Float64Array(model.params.slots.length) : model.params.medians();
    const sh = new Float64Array(count);
    const full = new Float64Array(count);
    const affected = new Float64Array(count);
    const opts = reuse && count > 1 ? { workspace: new Workspace(model) } : {};
    for (let k = 0; k < count; k++) {
      if (trials > 0) model.params.sample(trialSeed(seed, k), values);
      const o = run(model, values, opts);
      const minutes = weightedMinutes(o, weight, since, level);
      let last = 0;
      let hit = 0;
      for (let i = 0; i < n; i++) {
        if (Number.isNaN(o.impactStart[i]!) || weight[i] === 0) continue;
        hit++;
        if (!partial[i] && o.recovered[i]! > last) last = o.recovered[i]!;
      }
      sh[k] = minutes / 60;
      full[k] = last;
      affected[k] = hit;
    }
    out.serviceHours.push(sh);
    out.full.push(full);
    out.affected.push(affected);
  }
  return out;
}

/** A degraded minute counts this much of a down minute (the engine's default capacity left to a degraded service). */
export const DEGRADED_WEIGHT = 0.5;

/**
 * Σ over services of weight × (down minutes + DEGRADED_WEIGHT × degraded minutes), from the
 * run's log of state changes; a service still impaired at the end counts until the engine's
 * 30-day horizon.
 */
function weightedMinutes(o: RunOutcome, weight: Float64Array, since: Float64Array, level: Uint8Array): number {
  since.fill(0);
  level.fill(STATE_UP);
  const share = (state: number): number => (state === STATE_DOWN ? 1 : state === STATE_DEGRADED ? DEGRADED_WEIGHT : 0);
  let total = 0;
  const log = o.log;
  for (let k = 0; k < log.length; k++) {
    const i = log.service[k]!;
    if (i >= weight.length) continue; // a cell of a service with cells (engine/cells.ts): its service counts
    const t = log.time[k]!;
    total += weight[i]! * share(level[i]!) * (t - since[i]!);
    since[i] = t;
    level[i] = log.state[k]!;
  }
  for (let i = 0; i < weight.length; i++) if (level[i] !== STATE_UP) total += weight[i]! * share(level[i]!) * Math.max(0, MAX_HORIZON - since[i]!);
  return total;
}

const mean = (xs: Float64Array): number => {
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
};

/** The summary of samples: see {@link Measure}. */
export function measure(s: Samples): Measure {
  const n = s.full.length;
  let sh = 0;
  let p50 = 0;
  let p90 = 0;
  let aff = 0;
  for (let i = 0; i < n; i++) {
    sh += mean(s.serviceHours[i]!);
    const sorted = Float64Array.from(s.full[i]!).sort();
    p50 += percentile(sorted, 0.5);
    p90 += percentile(sorted, 0.9);
    aff += mean(s.affected[i]!);
  }
  const d = Math.max(1, n);
  return { serviceHours: sh, fullP50: p50 / d, fullP90: p90 / d, affected: aff / d };
}

/** Baseline minus candidate, field by field (Infinity − Infinity counts as no change). */
export function difference(base: Measure, other: Measure): Measure {
  const sub = (a: number, b: number): number => (a === b ? 0 : a - b);
  return { serviceHours: sub(base.serviceHours, other.serviceHours), fullP50: sub(base.fullP50, other.fullP50), fullP90: sub(base.fullP90, other.fullP90), affected: sub(base.affected, other.affected) };
}

/** Half-width of the 95 % interval of the mean paired difference in service-hours (0 with one trial). */
export function pairedCi95(base: Samples, other: Samples): number {
  const trials = base.serviceHours[0]?.length ?? 0;
  if (trials < 2) return 0;
  const d = new Float64Array(trials);
  base.serviceHours.forEach((b, i) => {
    const o = other.serviceHours[i]!;
    for (let k = 0; k < trials; k++) d[k] += b[k]! - o[k]!;
  });
  const m = mean(d);
  let v = 0;
  for (const x of d) v += (x - m) * (x - m);
  return 1.96 * Math.sqrt(v / (trials - 1) / trials);
}
