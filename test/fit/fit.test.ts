/**
 * Fitting recovers known parameters: test/fixtures/replay/fit.yaml's milestones were made
 * by the engine from known values (checked here), its free parameters are written as
 * ranges whose midpoints are off; the fit must find the known values within the intervals
 * it states, report the parameter no milestone depends on as undetermined, and give the
 * same numbers in process and on worker threads.
 */
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.js';
import { buildCatalog } from '../../src/catalog/build.js';
import { coordOf, fitProblem, milestonesAt, type FitProblem } from '../../src/fit/problem.js';
import { fit, holdout, kFolds } from '../../src/fit/fit.js';
import { inProcessExecutor } from '../../src/fit/executor.js';
import { workerPool } from '../../src/fit/pool.js';

const { catalog } = loadCatalog('test/fixtures/replay/fit.yaml');
const scenario = catalog!.scenarios.get('s')!;
const prob = fitProblem(catalog!, scenario);
const TRUTH: Record<string, number> = { 'web.recovery.time': 25, 'jobs.backlog.capacity': 300, 'scenario: fault 1 (db) duration': 60 };

const problemOf = (yaml: string): FitProblem => {
  const res = buildCatalog([{ file: 'c.yaml', bytes: new TextEncoder().encode(yaml) }]);
  expect(res.diagnostics).toEqual([]);
  return fitProblem(res.catalog!, res.catalog!.scenarios.get('s')!);
};

describe('fit on a catalog with known parameters', () => {
  it('the fixture milestones are what the engine gives with the known values, rounded to minutes', () => {
    const x = prob.free.map((p) => coordOf(p, TRUTH[p.label] ?? p.written));
    expect([...milestonesAt(prob, x)].map(Math.round)).toEqual(scenario.observed!.map((o) => o.at));
  });

  it('recovers the known values within the stated intervals; the cache parameter is undetermined', async () => {
    const r = await fit(prob, inProcessExecutor(prob), { seed: 1 });
    expect(r.optimum.fWritten).toBeGreaterThan(1);
    expect(r.optimum.f).toBeLessThan(0.01);
    for (const p of r.params) {
      const truth = TRUTH[p.label];
      if (truth === undefined) continue;
      expect(p.status, p.label).toBe('determined');
      expect(p.interval[0], p.label).toBeLessThanOrEqual(truth);
      expect(p.interval[1], p.label).toBeGreaterThanOrEqual(truth);
      // the interval is a real statement: narrower than the search box
      expect(p.interval[1] - p.interval[0], p.label).toBeLessThan(p.box[1] - p.box[0]);
      // and the fit itself is close: within 5 % of the box
      expect(Math.abs(p.fitted - truth), p.label).toBeLessThan(0.05 * (p.box[1] - p.box[0]));
    }
    const cache = r.params.find((p) => p.label === 'cache.recovery.time')!;
    expect(cache).toMatchObject({ status: 'undetermined', fitted: 15.5, written: 15.5, reach: 0, interval: [1, 30] });
  });

  it('gives identical results on two worker threads and in process', async () => {
    const a = await fit(prob, inProcessExecutor(prob), { seed: 5 });
    const pool = workerPool(catalog!, 's', 2);
    try {
      const b = await fit(prob, pool, { seed: 5 });
      expect(b).toEqual(a);
    } finally {
      await pool.close();
    }
  });
});

const ONE = (free: string, observed: string) => `services:
  db: {name: DB}
  web: {name: Web, dependsOn: [db], recovery: {time: ${free}}}
scenarios:
  s:
    faults: [{service: db, at: 5m, for: FAULT}]
    observed:
${observed}
`;

describe('intervals and statuses worked out by hand', () => {
  it('one parameter: the interval is where soft-L1 reaches 1, error ±√1.25 tolerances', async () => {
    // web recovers at 5 + 60 + R; observed 95 → R = 30; tolerance max(20, 0.25·95) = 23.75;
    // 2(√(1 + r²) − 1) = 1 at r = √1.25, so R = 30 ± 26.552.
    const p = problemOf(ONE('{min: 0m, max: 2h, free: true}', '      - {service: web, event: recovered, at: 95m, source: "https://e.x/a"}').replace('FAULT', '1h'));
    const r = await fit(p, inProcessExecutor(p), { seed: 1 });
    const [web] = r.params;
    expect(web!.fitted).toBeCloseTo(30, 2);
    const half = Math.sqrt(1.25) * 23.75;
    expect(web!.interval[0]).toBeCloseTo(30 - half, 0);
    expect(web!.interval[1]).toBeCloseTo(30 + half, 0);
    expect(web!.status).toBe('determined');
  });

  it('a prior adds its penalty: with no milestone the fit stays at the prior median, the interval spans z = ±1', async () => {
    // Only the first impact (minute 5) is observed: R moves nothing; it is undetermined and
    // stays at p50 = 30; its interval is where z² = 1: p50 · (p90/p50)^(±1/1.2816).
    const p = problemOf(ONE('{p50: 30m, p90: 60m, free: true}', '      - {service: all, event: impact, at: 5m, source: "https://e.x/a"}').replace('FAULT', '1h'));
    const r = await fit(p, inProcessExecutor(p), { seed: 1 });
    const [web] = r.params;
    expect(web!.status).toBe('undetermined');
    expect(web!.fitted).toBe(30);
    expect(web!.interval[0]).toBeCloseTo(30 * 2 ** (-1 / 1.2815515655446004), 0);
    expect(web!.interval[1]).toBeCloseTo(30 * 2 ** (1 / 1.2815515655446004), 0);
  });

  it('two parameters only their sum matters for: determined only together', async () => {
    // web recovered = 5 + F + R = 100: any F + R = 95 fits.
    const p = problemOf(
      ONE('{min: 0m, max: 2h, free: true}', '      - {service: web, event: recovered, at: 100m, source: "https://e.x/a"}').replace('FAULT', '{min: 30m, max: 2h, free: true}'),
    );
    const r = await fit(p, inProcessExecutor(p), { seed: 1 });
    expect(r.params.map((q) => [q.label, q.status, q.partner])).toEqual([
      ['web.recovery.time', 'together', 'scenario: fault 1 (db) duration'],
      ['scenario: fault 1 (db) duration', 'together', 'web.recovery.time'],
    ]);
    const [R, F] = r.params;
    expect(5 + R!.fitted + F!.fitted).toBeCloseTo(100, 1);
  });
});

describe('cross-validation', () => {
  it('deals milestones round robin by observed time into folds', () => {
    // observed: 65 (0), 90 (1), 95 (2), 65 (3), 95 (4) → time order 0, 3, 1, 2, 4
    expect(kFolds(prob, 2)).toEqual([[0, 1, 4], [3, 2]]);
  });

  it('predicts held-out milestones from a fit on the others', async () => {
    // Holding out db recovered leaves the fault duration pinned by jobs impact (65) and
    // the rest: every prediction comes back within tolerance.
    const h = await holdout(prob, inProcessExecutor(prob), [[0]], { seed: 1 });
    expect(h.rows.map((r) => [r.index, r.within])).toEqual([[0, true]]);
    expect(Math.abs(h.rows[0]!.error!)).toBeLessThan(1);
  });
});
