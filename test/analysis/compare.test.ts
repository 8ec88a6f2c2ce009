/**
 * The comparison core on hand-made results: services that never recover, that are affected
 * on one side only, or missing from one catalog; and the paired difference statistics with
 * infinite and undefined trials. Every expected value is worked out in the comments.
 */
import { describe, expect, it } from 'vitest';
import { compareRuns } from '../../src/analysis/compare.js';
import { differenceStats } from '../../src/analysis/compare-trials.js';
import type { ServiceResult, SimulationResult } from '../../src/engine/result.js';

const svc = (id: string, impact: number | null, recovered: number | null, impaired: number): ServiceResult => ({
  id,
  name: id.toUpperCase(),
  tier: 1,
  impactStartMinutes: impact,
  recoveredMinutes: recovered,
  recovered: impact === null || recovered !== null,
  worstState: impact === null ? 'up' : 'down',
  impairedMinutes: impaired,
  intervals: [],
  partial: false,
  backlogPeak: null,
  collapse: null,
});
const result = (services: ServiceResult[], full: number | null): SimulationResult => ({
  scenario: 's',
  scenarioName: null,
  start: null,
  horizonMinutes: 0,
  servicesTotal: services.length,
  affected: services.filter((s) => s.impactStartMinutes !== null).length,
  fullRecoveryMinutes: full,
  services,
  criticalPath: [],
  recoveryCurve: [],
  faults: [],
  actions: [],
  detectionMinutes: null,
});

describe('compareRuns', () => {
  it('classifies, measures and orders the changes', () => {
    // A: x 0→60, y 10→20, z not affected, w 5→never, gone 0→30 (absent from B)
    // B: x 0→45 (-15), y 10→20 (same), z 3→9 (new), w 5→50 (recovers now), fresh 1→2 (absent from A)
    const a = result([svc('x', 0, 60, 60), svc('y', 10, 20, 10), svc('z', null, null, 0), svc('w', 5, null, Infinity), svc('gone', 0, 30, 30)], null);
    const b = result([svc('x', 0, 45, 45), svc('y', 10, 20, 10), svc('z', 3, 9, 6), svc('w', 5, 50, 45), svc('fresh', 1, 2, 1)], 50);
    const c = compareRuns({ label: 'A', result: a }, { label: 'B', result: b });
    // A affected x, y, w, gone (4); B x, y, z, w, fresh (5). A never recovers: its hours are infinite
    expect(c.change).toEqual({ fullRecoveryMinutes: null, affected: 1, serviceHours: null });
    expect(c.a.serviceHours).toBe(Infinity);
    expect(c.b.serviceHours).toBe(Math.round(((45 + 10 + 6 + 45 + 1) / 60) * 1000) / 1000);
    // infinite magnitudes first (w: never → 50; gone, z, fresh: one side only), ties by longer impairment
    // (w ∞, gone 30, z 6, fresh 1), then x (15), then y (0)
    expect(c.services.map((s) => [s.id, s.kind, s.impactChangeMinutes, s.recoveryChangeMinutes])).toEqual([
      ['w', 'changed', 0, -Infinity],
      ['gone', 'only-in-a', null, null],
      ['z', 'newly-affected', null, null],
      ['fresh', 'only-in-b', null, null],
      ['x', 'changed', 0, -15],
      ['y', 'unchanged', 0, 0],
    ]);
  });
});

describe('differenceStats (B − A per trial)', () => {
  it('keeps one-sided never-recoveries as ±Infinity and leaves out trials where neither recovers', () => {
    // diffs: 5, +∞ (B never), undefined (both never), −∞ (A never) → sorted [−∞, 5, +∞]
    // nearest rank over 3: P5 → 1st, P50 → 2nd, P95 → 3rd
    const d = differenceStats(Float64Array.from([10, 20, Infinity, Infinity]), Float64Array.from([15, Infinity, Infinity, 5]));
    expect(d).toEqual({ p5: -Infinity, p50: 5, p95: Infinity, mean: null, lower: 0.3333, same: 0, higher: 0.6667, undefinedTrials: 1 });
  });
  it('finite differences: percentiles, mean and shares', () => {
    // diffs 1..20 → P5 = 1st (ceil(1) = 1), P50 = 10th, P95 = 19th; mean 10.5; one trial equal (B = A)
    const a = Float64Array.from({ length: 20 }, () => 100);
    const b = Float64Array.from({ length: 20 }, (_, k) => 100 + k + 1);
    expect(differenceStats(a, b)).toEqual({ p5: 1, p50: 10, p95: 19, mean: 10.5, lower: 0, same: 0, higher: 1, undefinedTrials: 0 });
    b[0] = 100;
    b[1] = 90;
    expect(differenceStats(a, b)).toMatchObject({ lower: 0.05, same: 0.05, higher: 0.9 });
  });
});
