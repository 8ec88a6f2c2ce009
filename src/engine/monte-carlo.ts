/**
 * Monte Carlo over the uncertain parameters: N trials, each a full run with one draw
 * of every distribution. Trials are seeded from (seed, trial index), so a batch split
 * across workers gives the same numbers as one loop.
 */
import type { Model } from './model.js';
import { run } from './simulate.js';
import { mulberry32, trialSeed } from './rng.js';
import type { MonteCarloResult, Percentiles } from './result.js';
import { roundMinutes } from './explain.js';

/** Raw outcomes of trials [from, to). Plain typed arrays: cheap to send between threads. */
export interface TrialBatch {
  readonly from: number;
  readonly to: number;
  /** Time to full recovery per trial (Infinity: never). */
  readonly full: Float64Array;
  readonly affected: Float64Array;
  /** recovered[(trial - from) * n + i]: NaN when service i was not affected in that trial. */
  readonly recovered: Float64Array;
  /** Sampled values of the uncertain parameters, (trial - from) * u + k. */
  readonly samples: Float64Array;
}

export function runTrials(model: Model, seed: number, from: number, to: number): TrialBatch {
  const n = model.graph.n;
  const count = to - from;
  const uncertain = model.params.uncertain();
  const u = uncertain.length;
  const full = new Float64Array(count);
  const affected = new Float64Array(count);
  const recovered = new Float64Array(count * n);
  const samples = new Float64Array(count * u);
  const values = new Float64Array(model.params.slots.length);
  for (let k = 0; k < count; k++) {
    const rng = mulberry32(trialSeed(seed, from + k));
    model.params.sample(rng, values);
    const out = run(model, values, { curves: false });
    full[k] = out.fullRecovery;
    affected[k] = out.affected;
    recovered.set(out.recovered, k * n);
    for (let j = 0; j < u; j++) samples[k * u + j] = values[uncertain[j]!]!;
  }
  return { from, to, full, affected, recovered, samples };
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[idx]!;
}

const pct = (values: Float64Array | number[]): Percentiles => {
  const s = Float64Array.from(values).sort();
  return { p50: roundMinutes(percentile(s, 0.5)), p90: roundMinutes(percentile(s, 0.9)), p99: roundMinutes(percentile(s, 0.99)) };
};

/** Ranks with ties averaged (for Spearman correlation). */
function ranks(xs: Float64Array): Float64Array {
  const idx = Array.from(xs.keys()).sort((a, b) => xs[a]! - xs[b]! || a - b);
  const r = new Float64Array(xs.length);
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j + 1 < idx.length && xs[idx[j + 1]!] === xs[idx[i]!]) j++;
    const avg = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) r[idx[k]!] = avg;
    i = j + 1;
  }
  return r;
}

export function spearman(a: Float64Array, b: Float64Array): number {
  const ra = ranks(a);
  const rb = ranks(b);
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) { ma += ra[i]!; mb += rb[i]!; }
  ma /= n; mb /= n;
  let num = 0;
  let da = 0;
  let db = 0;
  for (let i = 0; i < n; i++) {
    const x = ra[i]! - ma;
    const y = rb[i]! - mb;
    num += x * y; da += x * x; db += y * y;
  }
  return da === 0 || db === 0 ? 0 : num / Math.sqrt(da * db);
}

/** Combines batches (in any order) into the documented Monte Carlo result. */
export function summarize(model: Model, seed: number, batches: readonly TrialBatch[]): MonteCarloResult {
  const sorted = [...batches].sort((a, b) => a.from - b.from);
  const trials = sorted.reduce((s, b) => s + (b.to - b.from), 0);
  const n = model.graph.n;
  const uncertain = model.params.uncertain();
  const u = uncertain.length;
  const full = new Float64Array(trials);
  const affected = new Float64Array(trials);
  const samples = new Float64Array(trials * u);
  const perService: number[][] = Array.from({ length: n }, () => []);
  let off = 0;
  for (const b of sorted) {
    const c = b.to - b.from;
    full.set(b.full, off);
    affected.set(b.affected, off);
    samples.set(b.samples, off * u);
    for (let k = 0; k < c; k++) {
      for (let i = 0; i < n; i++) {
        const x = b.recovered[k * n + i]!;
        if (!Number.isNaN(x)) perService[i]!.push(x);
      }
    }
    off += c;
  }
  const fs = Float64Array.from(full).sort();
  let sum = 0;
  let finite = 0;
  for (const x of full) if (Number.isFinite(x)) { sum += x; finite++; }
  const sensitivity: Array<{ parameter: string; correlation: number }> = [];
  for (let j = 0; j < u; j++) {
    const col = new Float64Array(trials);
    for (let k = 0; k < trials; k++) col[k] = samples[k * u + j]!;
    const finiteFull = Float64Array.from(full, (x) => (Number.isFinite(x) ? x : Number.MAX_VALUE));
    sensitivity.push({ parameter: model.params.slots[uncertain[j]!]!.label, correlation: Math.round(spearman(col, finiteFull) * 1000) / 1000 });
  }
  sensitivity.sort((a, b) => Math.abs(b.correlation) - Math.abs(a.correlation) || (a.parameter < b.parameter ? -1 : 1));
  const services = model.graph.ids.flatMap((id, i) => {
    const xs = perService[i]!;
    return xs.length ? [{ id, recoveredMinutes: pct(xs), affectedShare: Math.round((xs.length / trials) * 1000) / 1000 }] : [];
  });
  return {
    trials,
    seed,
    fullRecoveryMinutes: {
      ...pct(fs),
      mean: finite ? roundMinutes(sum / finite) : Infinity,
      min: roundMinutes(fs[0] ?? NaN),
      max: roundMinutes(fs[fs.length - 1] ?? NaN),
    },
    affected: pct(affected),
    services,
    sensitivity,
  };
}

/** Single-threaded Monte Carlo (the parallel driver splits the same trials across workers). */
export function monteCarlo(model: Model, trials: number, seed: number): MonteCarloResult {
  return summarize(model, seed, [runTrials(model, seed, 0, trials)]);
}
