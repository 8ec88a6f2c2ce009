/**
 * Priors per unit of size: `{prior: <name>, times: k}` is the prior's distribution scaled by k.
 * `restore-per-tb` is a lognormal with median 180 min and p90 720 min per terabyte, so k TB take
 * a lognormal with median 180·k and p90 720·k (a lognormal times a constant keeps its spread).
 * Every expected value below is that arithmetic, worked by hand.
 */
import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/catalog/build.js';
import { buildModel, monteCarlo, prepareSimulation, simulate } from '../../src/engine/index.js';
import { scaleDist } from '../../src/engine/params.js';
import { PRIORS } from '../../src/engine/priors.js';
import { fitProblem, valueAt } from '../../src/fit/problem.js';
import { sharedProblem, sharedTimes } from '../../src/fit/shared.js';
import { catalogOf } from './helpers.js';

const restoring = (times: string, extra = ''): string => `services:
  store: {name: Store, recovery: {time: {prior: restore-per-tb${times}${extra}}}}
  api: {name: API, dependsOn: [store]}
scenarios:
  s:
    faults: [{service: store, for: 10m}]
    observed:
      - {service: store, event: recovered, at: 400m, source: "https://e.x/restore"}
`;

describe('a prior times a size', () => {
  it('the table gives restore-per-tb as 3 h per TB, p90 12 h', () => {
    expect(PRIORS['restore-per-tb'].dist).toEqual({ kind: 'lognormal', p50: 180, p90: 720 });
    expect(PRIORS['restore-per-tb'].incidents).toEqual([]);
    expect(PRIORS['site-access'].dist).toEqual({ kind: 'lognormal', p50: 60, p90: 240 });
    expect(PRIORS['site-access'].incidents).toEqual([]);
  });

  it('scales the median in the point estimate: 2 TB recover 10 + 2 × 180 = 370 min after the fault starts', () => {
    const c = catalogOf(restoring(', times: 2'));
    const r = simulate(prepareSimulation(c), { scenario: c.scenarios.get('s')! });
    expect(r.services.find((s) => s.id === 'store')!.recoveredMinutes).toBe(370);
    expect(r.services.find((s) => s.id === 'api')!.recoveredMinutes).toBe(370);
  });

  it('labels the slot with its factor and carries the scaled lognormal (p50 360, p90 1440)', () => {
    const c = catalogOf(restoring(', times: 2'));
    const m = buildModel(prepareSimulation(c), { scenario: c.scenarios.get('s')! });
    const slot = m.params.slots.find((s) => s.prior === 'restore-per-tb')!;
    expect(slot).toEqual({ label: 'prior:restore-per-tb ×2 (store.recovery.time)', dist: { kind: 'lognormal', p50: 360, p90: 1440 }, prior: 'restore-per-tb', times: 2 });
  });

  it('times: 1 is the prior itself (same label, no factor)', () => {
    const c = catalogOf(restoring(', times: 1'));
    const m = buildModel(prepareSimulation(c), { scenario: c.scenarios.get('s')! });
    expect(m.params.slots.find((s) => s.prior === 'restore-per-tb')).toEqual({ label: 'prior:restore-per-tb (store.recovery.time)', dist: { kind: 'lognormal', p50: 180, p90: 720 }, prior: 'restore-per-tb' });
  });

  it('a staged restore over the scaled prior: 5 TB over 5 × 180 = 900 min, full 900 min after the cause clears', () => {
    const c = catalogOf(`services:
  db: {name: DB, restart: {units: 5, over: {prior: restore-per-tb, times: 5}}}
scenarios:
  s:
    faults: [{service: db, for: 10m}]
`);
    const r = simulate(prepareSimulation(c), { scenario: c.scenarios.get('s')! });
    // units / over = 5 / 900 per minute: the last of the 5 units is back at 10 + 900
    expect(r.services.find((s) => s.id === 'db')!.recoveredMinutes).toBe(910);
  });

  it('Monte Carlo draws the per-unit pace and multiplies it: quantiles near 4 × (180, 720) = (720, 2880)', () => {
    const c = catalogOf(restoring(', times: 4'));
    const mc = monteCarlo(buildModel(prepareSimulation(c), { scenario: c.scenarios.get('s')! }), 4000, 5);
    // full recovery = 10 + the draw; nearest-rank quantiles of 4000 draws within a few per cent
    expect(mc.fullRecoveryMinutes.p50).toBeGreaterThan(10 + 720 * 0.93);
    expect(mc.fullRecoveryMinutes.p50).toBeLessThan(10 + 720 * 1.07);
    expect(mc.fullRecoveryMinutes.p90).toBeGreaterThan(10 + 2880 * 0.9);
    expect(mc.fullRecoveryMinutes.p90).toBeLessThan(10 + 2880 * 1.1);
    expect(mc.sensitivity[0]!.parameter).toBe('prior:restore-per-tb ×4 (store.recovery.time)');
  });

  it('times must be a number above 0: an error at its line and column', () => {
    // line 2 is "  store: {name: Store, recovery: {time: {prior: restore-per-tb, times: <bad>}}}":
    // the key `times` starts at column 65, its value at column 72
    for (const [bad, col, message] of [['0', 65, 'time: times must be greater than 0, found 0'], ['-2', 65, 'time: times must be greater than 0, found -2'], ['five', 72, 'expected a number, found the string "five"']] as const) {
      const res = buildCatalog([{ file: 'c.yaml', bytes: new TextEncoder().encode(restoring(`, times: ${bad}`)) }]);
      expect(res.catalog).toBeUndefined();
      const d = res.diagnostics.find((x) => x.severity === 'error')!;
      expect(d.pos).toEqual({ file: 'c.yaml', line: 2, col });
      expect(d.message).toBe(message);
    }
  });

  it('scaleDist scales a lognormal\'s quantiles, a range\'s ends and a constant', () => {
    expect(scaleDist({ kind: 'lognormal', p50: 180, p90: 720 }, 5)).toEqual({ kind: 'lognormal', p50: 900, p90: 3600 });
    expect(scaleDist({ kind: 'uniform', min: 1, max: 3 }, 2)).toEqual({ kind: 'uniform', min: 2, max: 6 });
    expect(scaleDist({ kind: 'const', value: 7 }, 3)).toEqual({ kind: 'const', value: 21 });
  });

  it('a shared fit sees the per-unit prior and multiplies it for each use', () => {
    const problems = [' , times: 1', ', times: 4'].map((t) => {
      const { catalog } = buildCatalog([{ file: 'i.yaml', bytes: new TextEncoder().encode(restoring(t.trim())) }]);
      return fitProblem(catalog!, catalog!.scenarios.get('s')!);
    });
    const sp = sharedProblem(problems);
    expect(sp.shared.map((q) => [q.key, q.dist])).toEqual([['restore-per-tb', { kind: 'lognormal', p50: 180, p90: 720 }]]);
    // at the middle of its box the shared value is the prior's median, 180 min per TB:
    // 1 TB back at 10 + 180 = 190, 4 TB at 10 + 4 × 180 = 730
    expect(valueAt(sp.shared[0]!, 0.5)).toBeCloseTo(180, 9);
    expect(sharedTimes(sp, 0, [0.5])[0]).toBeCloseTo(190, 6);
    expect(sharedTimes(sp, 1, [0.5])[0]).toBeCloseTo(730, 6);
  });
});
