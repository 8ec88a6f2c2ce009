/**
 * Monte Carlo over the uncertain parameters: N trials, each a full run with one draw
 * of every distribution. Trials are seeded from (seed, trial index), so a batch split
 * across workers gives the same numbers as one loop; within a trial each parameter draws
 * from a stream keyed by its label, so the order of catalog files and services does not
 * matter either.
 */
import type { Model } from './model.js';
import { MAX_HORIZON, run } from './simulate.js';
import { anchorText } from './explain-actions.js';
import { trialSeed } from './rng.js';
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
  /** When each action timed from an event fired, (trial - from) * r + j over model.actions with after ≥ 0; NaN: never. */
  readonly actionAt: Float64Array;
}

/** Indices of the actions timed from an event of the run (their time varies per trial). */
export const relativeActions = (model: Model): number[] => model.actions.flatMap((a, k) => (a.after >= 0 ? [k] : []));

export function runTrials(model: Model, seed: number, from: number, to: number): TrialBatch {
  const n = model.graph.n;
  const count = to - from;
  const uncertain = model.params.uncertain();
  const u = uncertain.length;
  const full = new Float64Array(count);
  const affected = new Float64Array(count);
  const recovered = new Float64Array(count * n);
  const samples = new Float64Array(count * u);
  const rel = relativeActions(model);
  const actionAt = new Float64Array(count * rel.length);
  const values = new Float64Array(model.params.slots.length);
  for (let k = 0; k < count; k++) {
    model.params.sample(trialSeed(seed, from + k), values);
    const out = run(model, values, { curves: false });
    full[k] = out.fullRecovery;
    affected[k] = out.affected;
    recovered.set(out.recovered, k * n);
    for (let j = 0; j < u; j++) samples[k * u + j] = values[uncertain[j]!]!;
    for (let j = 0; j < rel.length; j++) actionAt[k * rel.length + j] = out.actionAt[rel[j]!]!;
  }
  return { from, to, full, affected, recovered, samples, actionAt };
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

/**
 * What the summary needs of the model besides the trials: service ids, the labels of the
 * uncertain parameters, and the actions timed from an event. Plain data, so that partial
 * results of sharded runs carry it and can be merged without the catalog.
 */
export interface SummaryShape {
  readonly ids: readonly string[];
  readonly labels: readonly string[];
  readonly actions: ReadonlyArray<{ readonly service: string; readonly do: MonteCarloResult['actions'][number]['do']; readonly after: string }>;
}

export function summaryShape(model: Model): SummaryShape {
  return {
    ids: [...model.graph.ids],
    labels: model.params.uncertain().map((k) => model.params.slots[k]!.label),
    actions: relativeActions(model).map((k) => {
      const a = model.actions[k]!;
      return { service: model.graph.ids[a.service]!, do: a.kind, after: anchorText(model.timing.anchors[a.after]!, model.graph.ids) };
    }),
  };
}

/** Combines batches (in any order) into the documented Monte Carlo result. */
export function summarize(model: Model, seed: number, batches: readonly TrialBatch[]): MonteCarloResult {
  return summarizeShape(summaryShape(model), seed, batches);
}

/** {@link summarize} from the model's {@link SummaryShape}: batches of trials [0, N) in any order. */
export function summarizeShape(shape: SummaryShape, seed: number, batches: readonly TrialBatch[]): MonteCarloResult {
  const sorted = [...batches].sort((a, b) => a.from - b.from);
  const trials = sorted.reduce((s, b) => s + (b.to - b.from), 0);
  const n = shape.ids.length;
  const u = shape.labels.length;
  const full = new Float64Array(trials);
  const affected = new Float64Array(trials);
  const samples = new Float64Array(trials * u);
  const perService: number[][] = Array.from({ length: n }, () => []);
  const rel = shape.actions;
  const perAction: number[][] = rel.map(() => []);
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
      for (let j = 0; j < rel.length; j++) {
        const x = b.actionAt[k * rel.length + j]!;
        if (!Number.isNaN(x) && x <= MAX_HORIZON) perAction[j]!.push(x);
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
    sensitivity.push({ parameter: shape.labels[j]!, correlation: Math.round(spearman(col, finiteFull) * 1000) / 1000 });
  }
  sensitivity.sort((a, b) => Math.abs(b.correlation) - Math.abs(a.correlation) || (a.parameter < b.parameter ? -1 : 1));
  const services = shape.ids.flatMap((id, i) => {
    if (id.includes('@')) return []; // a cell (`<service>@<cell>`, cells.ts): its service speaks for it
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
    actions: rel.map((a, j) => {
      const xs = perAction[j]!;
      return {
        service: a.service,
        do: a.do,
        after: a.after,
        firedShare: Math.round((xs.length / Math.max(1, trials)) * 1000) / 1000,
        atMinutes: xs.length ? pct(xs) : null,
      };
    }),
  };
}

/** Single-threaded Monte Carlo (the parallel driver splits the same trials across workers). */
export function monteCarlo(model: Model, trials: number, seed: number): MonteCarloResult {
  return summarize(model, seed, [runTrials(model, seed, 0, trials)]);
}
