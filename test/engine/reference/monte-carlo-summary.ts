/**
 * REFERENCE: the Monte Carlo summary written the direct way (every column gathered into plain
 * arrays and fully sorted; ranks by sorting indices with a comparator), as it was before the
 * summary was made fast (src/engine/monte-carlo-summary.ts). The oracle its results must match
 * byte for byte (test/engine/monte-carlo.test.ts). Do not optimise.
 */
import { MAX_HORIZON } from '../../../src/engine/simulate.js';
import { roundMinutes } from '../../../src/engine/explain.js';
import type { MonteCarloResult, Percentiles } from '../../../src/engine/result.js';
import type { SummaryShape, TrialBatch } from '../../../src/engine/monte-carlo.js';

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

/** The summary of batches of trials [0, N) in any order. */
export function referenceSummary(shape: SummaryShape, seed: number, batches: readonly TrialBatch[]): MonteCarloResult {
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

