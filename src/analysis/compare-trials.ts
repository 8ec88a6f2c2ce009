/**
 * Paired Monte Carlo for a comparison: trial k of A and trial k of B draw from the same seed
 * (the engine's per-trial seed of (seed, k)), and each parameter draws from a stream keyed
 * by its label, so a parameter the two sides share takes the same value in both. The
 * difference B − A per trial then measures the change itself, not the noise of two
 * independent samples (common random numbers). Each side alone gives exactly the numbers
 * `blast simulate --trials N --seed S` gives for it.
 */
import type { Model } from '../engine/model.js';
import { run } from '../engine/simulate.js';
import { Workspace } from '../engine/workspace.js';
import { trialSeed } from '../engine/rng.js';
import { percentile } from '../engine/monte-carlo.js';
import type { Percentiles } from '../engine/result.js';

/** Raw per-trial outcomes of trials [from, to) on both sides (Infinity: never recovered). */
export interface PairedBatch {
  readonly from: number;
  readonly to: number;
  readonly full: readonly [Float64Array, Float64Array];
  readonly affected: readonly [Float64Array, Float64Array];
  readonly hours: readonly [Float64Array, Float64Array];
}

/** The distribution of B − A over the paired trials. */
export interface DifferenceStats {
  /** Nearest-rank percentiles of B − A over trials where it is defined (±Infinity when one side never recovers). */
  readonly p5: number;
  readonly p50: number;
  readonly p95: number;
  /** Mean of B − A; null when some trial's difference is infinite. */
  readonly mean: number | null;
  /** Shares of trials in which B was lower (better), the same, higher (worse). */
  readonly lower: number;
  readonly same: number;
  readonly higher: number;
  /** Trials left out because neither side ever recovered (B − A undefined). */
  readonly undefinedTrials: number;
}

export interface SideTrials {
  readonly fullRecoveryMinutes: Percentiles;
  readonly affected: Percentiles;
  readonly serviceHours: Percentiles;
}

export interface PairedMonteCarlo {
  readonly trials: number;
  readonly seed: number;
  readonly a: SideTrials;
  readonly b: SideTrials;
  readonly difference: {
    readonly fullRecoveryMinutes: DifferenceStats;
    readonly affected: DifferenceStats;
    readonly serviceHours: DifferenceStats;
  };
}

/**
 * Runs trials [from, to) of both models with shared per-trial seeds. Pure. With `reuse` (the
 * default) each side's trials share one workspace (src/engine/workspace.ts), each outcome read
 * before the next run; the numbers are the same either way.
 */
export function runPairedTrials(models: readonly [Model, Model], seed: number, from: number, to: number, reuse = true): PairedBatch {
  const count = to - from;
  const mk = (): [Float64Array, Float64Array] => [new Float64Array(count), new Float64Array(count)];
  const full = mk();
  const affected = mk();
  const hours = mk();
  models.forEach((model, side) => {
    const values = new Float64Array(model.params.slots.length);
    const opts = reuse && count > 1 ? { workspace: new Workspace(model) } : {};
    for (let k = 0; k < count; k++) {
      model.params.sample(trialSeed(seed, from + k), values);
      const out = run(model, values, opts);
      full[side]![k] = out.fullRecovery;
      affected[side]![k] = out.affected;
      let minutes = 0;
      // the catalog's services (a service with cells counts once: engine/cells.ts)
      const n = model.cells?.nServices ?? out.impaired.length;
      for (let i = 0; i < n; i++) minutes += out.impaired[i]!;
      hours[side]![k] = minutes / 60;
    }
  });
  return { from, to, full, affected, hours };
}

const round = (x: number): number => (Number.isFinite(x) ? Math.round(x * 1000) / 1000 : x);

function percentiles(values: Float64Array): Percentiles {
  const s = Float64Array.from(values).sort();
  return { p50: round(percentile(s, 0.5)), p90: round(percentile(s, 0.9)), p99: round(percentile(s, 0.99)) };
}

/** B − A per trial, summarised. Differences within 1e-9 count as the same. */
export function differenceStats(a: Float64Array, b: Float64Array): DifferenceStats {
  const diffs: number[] = [];
  let undefinedTrials = 0;
  let lower = 0;
  let same = 0;
  let higher = 0;
  for (let k = 0; k < a.length; k++) {
    const d = b[k]! - a[k]!;
    if (Number.isNaN(d)) {
      undefinedTrials++;
      continue;
    }
    diffs.push(d);
    if (Math.abs(d) <= 1e-9) same++;
    else if (d < 0) lower++;
    else higher++;
  }
  const sorted = Float64Array.from(diffs).sort();
  const n = diffs.length;
  const finite = diffs.every(Number.isFinite);
  const share = (x: number): number => (n === 0 ? 0 : Math.round((x / n) * 10000) / 10000);
  return {
    p5: round(percentile(sorted, 0.05)),
    p50: round(percentile(sorted, 0.5)),
    p95: round(percentile(sorted, 0.95)),
    mean: finite && n > 0 ? round(diffs.reduce((x, y) => x + y, 0) / n) : null,
    lower: share(lower),
    same: share(same),
    higher: share(higher),
    undefinedTrials,
  };
}

/** Joins batches (in any order) and summarises both sides and their paired differences. */
export function summarizePaired(seed: number, batches: readonly PairedBatch[]): PairedMonteCarlo {
  const ordered = [...batches].sort((x, y) => x.from - y.from);
  const trials = ordered.reduce((n, b) => n + (b.to - b.from), 0);
  const join = (pick: (b: PairedBatch) => readonly [Float64Array, Float64Array], side: 0 | 1): Float64Array => {
    const out = new Float64Array(trials);
    let at = 0;
    for (const b of ordered) {
      out.set(pick(b)[side], at);
      at += b.to - b.from;
    }
    return out;
  };
  const metric = (pick: (b: PairedBatch) => readonly [Float64Array, Float64Array]) => [join(pick, 0), join(pick, 1)] as const;
  const full = metric((b) => b.full);
  const affected = metric((b) => b.affected);
  const hours = metric((b) => b.hours);
  const side = (k: 0 | 1): SideTrials => ({ fullRecoveryMinutes: percentiles(full[k]), affected: percentiles(affected[k]), serviceHours: percentiles(hours[k]) });
  return {
    trials,
    seed,
    a: side(0),
    b: side(1),
    difference: {
      fullRecoveryMinutes: differenceStats(full[0], full[1]),
      affected: differenceStats(affected[0], affected[1]),
      serviceHours: differenceStats(hours[0], hours[1]),
    },
  };
}
