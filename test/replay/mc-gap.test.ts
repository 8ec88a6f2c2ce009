/**
 * Point estimate (every parameter at its median) against the Monte Carlo P50 (scripts/mc-gap.ts,
 * docs/model.md "Monte Carlo", the Datadog 2023-03-08 README). The median of an output equals
 * the output at the medians when the output is a monotone function of one uncertain parameter;
 * durations added in series, the slowest of parallel paths, and a duration multiplied by a
 * skewed factor all put the P50 above the point estimate. Each case below is worked out from the
 * distributions' definitions, not read from the engine.
 *
 * The `diagnose`-like lognormal used throughout: p50 45, p90 240 (4 h), σ = ln(240/45) / 1.2816 = 1.3062.
 */
import { describe, expect, it } from 'vitest';
import { catalogOf } from '../engine/helpers.js';
import { gapRow, pinAnalysis } from '../../scripts/mc-gap.js';
import { loadCatalog } from '../../src/catalog/load.js';
import { buildModel, prepare } from '../../src/engine/model.js';
import { run } from '../../src/engine/simulate.js';
import { trialSeed } from '../../src/engine/rng.js';

const Z90 = 1.2815515655446004;
const SIGMA = Math.log(240 / 45) / Z90;
const MU = Math.log(45);

/** Standard normal CDF via erf (Abramowitz & Stegun 7.1.26, |error| < 1.5e-7). */
function phi(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/**
 * P(X + Y ≤ x) for X, Y independent lognormal(MU, SIGMA): ∫ F(x − y) f(y) dy, substituting
 * y = e^u so that f(y) dy = φ((u − MU)/SIGMA) / SIGMA du; Simpson's rule on u ∈ [MU − 8σ, ln x].
 */
function sumCdf(x: number): number {
  const a = MU - 8 * SIGMA;
  const b = Math.log(x);
  const n = 4000;
  const h = (b - a) / n;
  const g = (u: number): number => {
    const rest = x - Math.exp(u);
    const inner = rest <= 0 ? 0 : phi((Math.log(rest) - MU) / SIGMA);
    const z = (u - MU) / SIGMA;
    return (inner * Math.exp(-z * z / 2)) / (SIGMA * Math.sqrt(2 * Math.PI));
  };
  let s = g(a) + g(b);
  for (let k = 1; k < n; k++) s += (k % 2 ? 4 : 2) * g(a + k * h);
  return (s * h) / 3;
}

function bisect(f: (x: number) => number, target: number, lo: number, hi: number): number {
  for (let k = 0; k < 60; k++) {
    const mid = (lo + hi) / 2;
    if (f(mid) < target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

const entryOf = (yaml: string) => {
  const catalog = catalogOf(yaml);
  return { path: 'test', catalog, scenario: catalog.scenarios.get('s')! };
};

describe('point estimate against Monte Carlo P50', () => {
  it('one uncertain duration: the P50 is the point estimate (a monotone function of one parameter keeps its median)', () => {
    // full recovery = D + 45 with D the fault's lognormal: median 45 + 45 = 90. The sample median
    // of 4000 draws of D has a standard error of 45 × 1.3062 × 0.5 / (0.3989 × √4000) = 1.2 min.
    const r = gapRow(entryOf(`services:
  db: {name: DB}
  api: {name: API, dependsOn: [db], recovery: {time: 45m}}
scenarios:
  s:
    faults: [{service: db, for: {p50: 45m, p90: 4h}}]
`), 4000, 1);
    expect(r.point).toBe(90);
    expect(Math.abs(r.full.p50 - 90)).toBeLessThan(4);
  });

  it('two uncertain durations in series: the P50 of their sum is above the sum of their medians', () => {
    // full recovery = D1 + D2, both lognormal(45, 240). Point: 45 + 45 = 90. Median of the sum,
    // by numerical integration of the convolution: 123.0 (scipy's quad + brentq gives 123.03),
    // +37 %, between the sum of medians (90) and the sum of means (2 × 45 e^{σ²/2} = 211.2).
    const median = bisect(sumCdf, 0.5, 90, 300);
    expect(Math.abs(median - 123.03)).toBeLessThan(0.2);
    const r = gapRow(entryOf(`services:
  db: {name: DB}
  api: {name: API, dependsOn: [db], recovery: {time: {p50: 45m, p90: 4h}}}
scenarios:
  s:
    faults: [{service: db, for: {p50: 45m, p90: 4h}}]
`), 4000, 1);
    expect(r.point).toBe(90);
    // standard error of the median of 4000 trials: √(0.25/4000) / density at the median (0.0033/min) = 2.4 min
    expect(Math.abs(r.full.p50 - median)).toBeLessThan(8);
  });

  it('the slowest of two parallel paths: the P50 of a maximum is above the maximum of the medians', () => {
    // db down 60 min; a and b each warm up for an independent lognormal(45, 240) after it.
    // full recovery = 60 + max(A, B). Point: 60 + 45 = 105. P(max ≤ x) = F(x)², so the median of
    // the maximum is F⁻¹(1/√2) = 45 e^{σ z} with z = Φ⁻¹(0.7071) = 0.5450: 45 × e^{0.7118} = 91.7,
    // and full recovery's median 151.7 (+44 %).
    const expected = 60 + 45 * Math.exp(SIGMA * 0.545);
    expect(Math.abs(expected - 151.7)).toBeLessThan(0.1);
    expect(Math.abs(phi(0.545) - Math.SQRT1_2)).toBeLessThan(1e-4);
    const r = gapRow(entryOf(`services:
  db: {name: DB}
  a: {name: A, dependsOn: [db], recovery: {time: {p50: 45m, p90: 4h}}}
  b: {name: B, dependsOn: [db], recovery: {time: {p50: 45m, p90: 4h}}}
scenarios:
  s:
    faults: [{service: db, for: 1h}]
`), 4000, 1);
    expect(r.point).toBe(105);
    // standard error: √(0.25/4000) / (2 F f at 91.7) = 1.9 min
    expect(Math.abs(r.full.p50 - expected)).toBeLessThan(6.5);
  });
});

/*
 * Datadog 2023-03-08 (catalogs/incidents/2023-03-08-datadog-systemd), worked from the catalog:
 * - minute 0: every region's nodes off the network; alert at 3 (`detection: 3m`).
 * - the four regions other than EU1 start rebooting at 3 + D + M (action 3: D its `diagnose`
 *   draw, M its `mitigate` draw); EU1 at the earlier of its own finding and that, so never later:
 *   the last region is one of the four.
 * - parent nodes back 10 min later, child control planes 15 min after them: 3 + D + M + 25.
 * - 3,000 worker nodes restart at r per minute: 90 % (the live pipeline's `needs`) after 2700/r,
 *   all after 3000/r; the intake endpoints, which warm up while the fleet comes back, are whole
 *   with it.
 * - the live pipeline warms up for L once 90 % of the fleet is back and waits for the whole
 *   intake: T = 3 + D + M + 25 + max(2700/r + L, 3000/r) (the milestone "first major service").
 * - buffered data queues at 1 per minute while the live pipeline is impaired (T minutes of data)
 *   and drains at μ − 1 after it: full recovery F = T + T/(μ − 1) = T μ/(μ − 1).
 * Point: D 45, M 20, r 25, L 60, μ 1.5: T = 48 + 20 + 25 + max(108 + 60, 120) = 261 (4 h 21 min),
 * F = 261 × 3 = 783 (13 h 3 min).
 */
function datadog() {
  const { catalog } = loadCatalog('catalogs/incidents/2023-03-08-datadog-systemd');
  const scenario = catalog!.scenarios.get('2023-03-08-datadog-systemd')!;
  const model = buildModel(prepare(catalog!), { scenario });
  const slot = (prefix: string): number => model.params.slots.findIndex((s) => s.label.startsWith(prefix));
  const at = {
    r: slot('worker-nodes.restart.rate'),
    L: slot('live-pipeline.recovery.time'),
    mu: slot('backfill.backlog.capacity'),
    D: slot('prior:diagnose (scenario: action 3'),
    M: slot('prior:mitigate (scenario: action 3'),
  };
  const formula = (v: Float64Array): number => {
    const [r, L, mu, D, M] = [v[at.r]!, v[at.L]!, v[at.mu]!, v[at.D]!, v[at.M]!];
    const T = 3 + D + M + 25 + Math.max(2700 / r + L, 3000 / r);
    return (T * mu) / (mu - 1);
  };
  return { entry: { path: 'catalogs/incidents/2023-03-08-datadog-systemd', catalog: catalog!, scenario }, model, formula };
}

/** xorshift32, a generator of its own (not the engine's), for the reference distribution. */
function xorshift(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return (x + 0.5) / 4294967296;
  };
}

describe('Datadog 2023-03-08: why the P50 of full recovery is far above the point estimate', () => {
  const { entry, model, formula } = datadog();

  it('every trial\'s full recovery is T μ/(μ − 1), the expression worked from the catalog above', () => {
    const v = new Float64Array(model.params.slots.length);
    expect(run(model, model.params.medians()).fullRecovery).toBeCloseTo(783, 6);
    expect(formula(model.params.medians())).toBeCloseTo(783, 9);
    for (let k = 0; k < 300; k++) {
      model.params.sample(trialSeed(1, k), v);
      const f = formula(v);
      expect(Math.abs(run(model, v).fullRecovery - f) / f).toBeLessThan(1e-9);
    }
  });

  it('the engine\'s P50 is the median of that expression (about 20 h), not a sampling or parameterisation error', () => {
    // Reference: 200,000 draws of the expression from a generator of its own (xorshift32 and
    // Box–Muller), the parameters drawn as the catalog states them. numpy's 4,000,000 draws give a
    // median of 1201.5 min for F and 356.1 for T.
    const rnd = xorshift(2023);
    const normal = (): number => Math.sqrt(-2 * Math.log(rnd())) * Math.cos(2 * Math.PI * rnd());
    const ln = (p50: number, p90: number): number => p50 * Math.exp((Math.log(p90 / p50) / Z90) * normal());
    const n = 200_000;
    const F = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      const r = 10 + 30 * rnd();
      const mu = 1.1 + 0.8 * rnd();
      const T = 3 + ln(45, 240) + ln(20, 120) + 25 + Math.max(2700 / r + ln(60, 360), 3000 / r);
      F[k] = (T * mu) / (mu - 1);
    }
    F.sort();
    const reference = F[n / 2 - 1]!;
    expect(Math.abs(reference - 1201.5)).toBeLessThan(12);
    const row = gapRow(entry, 2000, 1);
    expect(row.point).toBeCloseTo(783, 6);
    // standard error of the median of 2000 trials: √(0.25/2000) / density at the median (0.00048/min) = 23 min
    expect(Math.abs(row.full.p50 - reference)).toBeLessThan(75);
  });

  it('no single parameter makes the gap: alone, each one\'s P50 is the point estimate; held at its median, the others still keep the P50 20 % above it', () => {
    const a = pinAnalysis(entry, 1000, 1);
    expect(a.point).toBeCloseTo(783, 6);
    expect(a.rows).toHaveLength(6);
    for (const r of a.rows) {
      // alone: F is monotone in each parameter, so its median is F at the parameter's sample
      // median; 1000 draws put that within a few per cent of the point estimate
      expect(Math.abs(r.aloneP50 / a.point - 1)).toBeLessThan(0.03);
      expect(r.heldP50).toBeGreaterThan(1.2 * a.point);
    }
    // EU1's own finding never decides the last region: holding it changes nothing
    expect(a.rows.find((r) => r.label.startsWith('prior:diagnose (scenario: action 2'))!.heldP50).toBe(a.p50);
  });
});
