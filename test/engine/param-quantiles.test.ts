/**
 * Monte Carlo draws follow the distributions the catalog states. 10,000 trials of
 * ParamTable.sample, seeded as Monte Carlo seeds them (trialSeed(seed, k)), against quantiles
 * worked out from each distribution's definition:
 *
 * - `{p50, p90}` is a lognormal, symmetric in log space about ln p50, so ln p10 = 2 ln p50 − ln p90:
 *   p10 = p50² / p90 (e.g. the `diagnose` prior, p50 45, p90 240: p10 = 2025 / 240 = 8.4375).
 * - `{min, max}` is uniform: the q-quantile is min + q (max − min) (1.1–1.9: p10 1.18, p90 1.82).
 *
 * Tolerances: the nearest-rank q-quantile of n draws has a standard error of
 * √(q(1−q)/n) / density. For a lognormal that is σ √(q(1−q)/n) / φ(z_q) relative to the quantile:
 * with the widest σ here (ln(360/60) / 1.2816 = 1.398) and n = 10,000, 2.4 % at p10/p90
 * (√0.09 / 100 / 0.1755 × 1.398) and 1.8 % at p50 (0.005 / 0.3989 × 1.398); the test allows 8 % and
 * 6 % (over 3 standard errors). For a uniform, √(q(1−q)/n) × (max − min): 0.3 % of the range at
 * p10/p90, 0.5 % at p50; the test allows 1.2 % and 1.8 %.
 *
 * Also: two parameters never share a draw (each has its own stream, even with the same
 * distribution, or the same label twice), and the parameters of the Datadog 2023-03-08 catalog,
 * whose Monte Carlo median is far from its point estimate (its README), are sampled as stated.
 */
import { describe, expect, it } from 'vitest';
import { ParamTable } from '../../src/engine/params.js';
import { trialSeed } from '../../src/engine/rng.js';
import { buildModel, prepare } from '../../src/engine/model.js';
import { loadCatalog } from '../../src/catalog/load.js';
import type { Distribution } from '../../src/catalog/model.js';

const N = 10_000;

/** Column `slot` of N sampled trials (seed 1), one Float64Array per slot. */
function columns(table: ParamTable, seed = 1): Float64Array[] {
  const n = table.slots.length;
  const cols = Array.from({ length: n }, () => new Float64Array(N));
  const v = new Float64Array(n);
  for (let k = 0; k < N; k++) {
    table.sample(trialSeed(seed, k), v);
    for (let i = 0; i < n; i++) cols[i]![k] = v[i]!;
  }
  return cols;
}

/** Nearest-rank quantile (as the engine reports them: the ⌈qn⌉-th smallest). */
const quantile = (xs: Float64Array, q: number): number => Float64Array.from(xs).sort()[Math.ceil(q * xs.length) - 1]!;

/** The quantiles p10, p50, p90 the definition gives. */
function stated(d: Distribution): [number, number, number] {
  switch (d.kind) {
    case 'lognormal':
      return [(d.p50 * d.p50) / d.p90, d.p50, d.p90];
    case 'uniform':
      return [d.min + 0.1 * (d.max - d.min), (d.min + d.max) / 2, d.min + 0.9 * (d.max - d.min)];
    case 'const':
      return [d.value, d.value, d.value];
  }
}

function expectStated(xs: Float64Array, d: Distribution): void {
  const [p10, p50, p90] = stated(d);
  if (d.kind === 'uniform') {
    const w = d.max - d.min;
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(d.min);
    expect(Math.max(...xs)).toBeLessThanOrEqual(d.max);
    expect(Math.abs(quantile(xs, 0.1) - p10)).toBeLessThan(0.012 * w);
    expect(Math.abs(quantile(xs, 0.5) - p50)).toBeLessThan(0.018 * w);
    expect(Math.abs(quantile(xs, 0.9) - p90)).toBeLessThan(0.012 * w);
  } else {
    expect(Math.min(...xs)).toBeGreaterThan(0);
    expect(Math.abs(quantile(xs, 0.1) / p10 - 1)).toBeLessThan(0.08);
    expect(Math.abs(quantile(xs, 0.5) / p50 - 1)).toBeLessThan(0.06);
    expect(Math.abs(quantile(xs, 0.9) / p90 - 1)).toBeLessThan(0.08);
  }
}

/** Pearson correlation of the ranks of two columns (no ties among continuous draws). */
function rankCorrelation(a: Float64Array, b: Float64Array): number {
  const rank = (xs: Float64Array): Float64Array => {
    const order = Array.from(xs.keys()).sort((i, j) => xs[i]! - xs[j]!);
    const r = new Float64Array(xs.length);
    order.forEach((i, k) => (r[i] = k));
    return r;
  };
  const ra = rank(a);
  const rb = rank(b);
  const m = (N - 1) / 2;
  let sab = 0;
  let saa = 0;
  for (let k = 0; k < N; k++) {
    sab += (ra[k]! - m) * (rb[k]! - m);
    saa += (ra[k]! - m) ** 2;
  }
  return sab / saa; // both rank vectors are permutations of 0..N−1: equal variances
}

describe('parameter draws against their stated distributions (10,000 trials)', () => {
  it('the worked quantiles: p10 = p50² / p90 for a lognormal, min + q (max − min) for a uniform', () => {
    expect(stated({ kind: 'lognormal', p50: 45, p90: 240 })).toEqual([8.4375, 45, 240]);
    expect(stated({ kind: 'lognormal', p50: 60, p90: 360 })).toEqual([10, 60, 360]);
    const [a, b, c] = stated({ kind: 'uniform', min: 1.1, max: 1.9 });
    expect([a, b, c].map((x) => Math.round(x * 1000) / 1000)).toEqual([1.18, 1.5, 1.82]);
  });

  it('lognormals and uniforms come out with their stated p10, p50 and p90', () => {
    const dists: Distribution[] = [
      { kind: 'lognormal', p50: 3, p90: 30 },
      { kind: 'lognormal', p50: 45, p90: 240 },
      { kind: 'lognormal', p50: 60, p90: 360 },
      { kind: 'lognormal', p50: 15, p90: 45 },
      { kind: 'uniform', min: 1.1, max: 1.9 },
      { kind: 'uniform', min: 10, max: 40 },
    ];
    const t = new ParamTable();
    dists.forEach((d, i) => t.add(`p${i}`, d));
    const cols = columns(t);
    dists.forEach((d, i) => expectStated(cols[i]!, d));
  });

  it('two parameters with the same distribution draw independently, under distinct labels or the same label twice', () => {
    const d: Distribution = { kind: 'lognormal', p50: 45, p90: 240 };
    const t = new ParamTable();
    t.add('scenario: action 2 delay', d);
    t.add('scenario: action 3 delay', d);
    t.add('scenario: action 3 delay', d); // a repeated label gets its own stream ("…#2")
    const [a, b, c] = columns(t);
    for (const [x, y] of [[a!, b!], [a!, c!], [b!, c!]] as const) {
      expect(x.some((v, k) => v === y[k])).toBe(false);
      // rank correlation of independent columns: standard error 1/√N = 0.01
      expect(Math.abs(rankCorrelation(x, y))).toBeLessThan(0.04);
    }
  });

  it('every uncertain parameter of the Datadog 2023-03-08 scenario is drawn as its catalog states, independently of the others', () => {
    const { catalog } = loadCatalog('catalogs/incidents/2023-03-08-datadog-systemd');
    const model = buildModel(prepare(catalog!), { scenario: catalog!.scenarios.get('2023-03-08-datadog-systemd')! });
    const uncertain = model.params.uncertain();
    // worker-nodes restart rate, live-pipeline recovery, backfill capacity, two diagnose terms, one mitigate term
    expect(uncertain.map((i) => model.params.slots[i]!.dist.kind)).toEqual(['uniform', 'lognormal', 'uniform', 'lognormal', 'lognormal', 'lognormal']);
    const cols = columns(model.params);
    for (const i of uncertain) expectStated(cols[i]!, model.params.slots[i]!.dist);
    for (const i of uncertain) for (const j of uncertain) if (i < j) expect(Math.abs(rankCorrelation(cols[i]!, cols[j]!))).toBeLessThan(0.04);
  });
});
