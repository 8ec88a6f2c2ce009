/**
 * The cell candidates on a small catalog, worked by hand (docs/model.md, "Cells, zones and
 * regions"). Service-hours are tier-weighted (tier 0 = 8, 1 = 4, 2 = 2, 3 = 1) and count the
 * aggregate of a service with cells; a degraded minute counts half. Each test also writes the
 * change into the YAML (comments kept), loads it back and checks it simulates to the same measure.
 */
import { describe, expect, it } from 'vitest';
import { advise } from '../../src/advise/advise.js';
import { build, opts, rechecked } from './helpers.js';
import { HEADROOM_MAX, headroomFor } from '../../src/advise/candidates-cells.js';

// api (tier 1) runs in three zones of a third each; strict (tier 0) needs 90 % of it.
// Zone a is lost for 60 min.
const ZONES = (extra: string): string => `services:
  api:
    name: API
    tier: 1
    cells: [a, b, c]   # a third each${extra}
  strict:
    name: Strict
    tier: 0
    dependsOn: [{service: api, needs: 0.9}]
scenarios:
  zone:
    faults: [{service: api, cell: a, at: 0m, for: 60m}]
`;

describe('cell-failover', () => {
  it('a service whose cells do not fail over: failover, with the headroom that absorbs a third', async () => {
    const text = ZONES('');
    const c = build(text);
    const a = await advise(c, opts(c));
    // Baseline: api serves s = 2/3 for 60 min (degraded: 4 × 60 / 2 = 120 weighted minutes);
    // strict needs 0.9 > 2/3 (down: 8 × 60 = 480). 600 min = 10 h.
    expect(a.baseline.serviceHours).toBeCloseTo(10, 9);
    const e = a.ranked[0]!;
    expect(e.candidate.id).toBe('cell-failover:api');
    expect(e.effort).toBe('medium');
    // no headroom today: failover alone would give each survivor D = 1 / (2/3) = 1.5 times its traffic
    // at capacity 1, serving 2/3 of it: s = 2 × 1/3 × 1.5 × 2/3 = 2/3, no better. So the change also
    // sets h = 1 / W − 1 = 1 / (2/3) − 1 = 0.5: d = max(1, 1.5 / 1.5) = 1, s = 1, nobody notices.
    expect(e.candidate.edits).toEqual([
      { op: 'set-failover', service: 'api' },
      { op: 'set-headroom', service: 'api', value: 0.5 },
    ]);
    expect(e.measure.serviceHours).toBeCloseTo(0, 9);
    expect(e.benefit.serviceHours).toBeCloseTo(10, 9);
    expect(e.benefit.affected).toBe(2);
    const r = rechecked(c, text, e);
    // one comment for the change, both fields after the entry's last one
    expect(r.text).toContain("    cells: [a, b, c]   # a third each\n    # blast advise: API (api) fails over: a lost cell's traffic moves to its other 2 cells, with 50 % headroom\n    failover: true\n    headroom: 0.5\n  strict:");
    expect(r.m).toEqual(e.measure);
  });

  it('with headroom already, failover alone; `failover: false` is rewritten in place', async () => {
    const text = ZONES('\n    failover: false   # not yet\n    headroom: 0.25');
    const c = build(text);
    const a = await advise(c, opts(c));
    expect(a.baseline.serviceHours).toBeCloseTo(10, 9); // as above: no failover, s = 2/3
    const e = a.ranked.find((x) => x.candidate.id === 'cell-failover:api')!;
    expect(e.candidate.edits).toEqual([{ op: 'set-failover', service: 'api' }]);
    // h = 0.25: d = 1.5 / 1.25 = 1.2, s_b = s_c = 5/6, s = 2 × 1/3 × 1.5 × 5/6 = 5/6: api still
    // degraded (120 min) and strict still down (5/6 < 0.9: 480 min): nothing saved in these terms.
    expect(e.benefit.serviceHours).toBeCloseTo(0, 9);
    const r = rechecked(c, text, e);
    expect(r.text).toContain('    # blast advise: API (api) fails over: a lost cell\'s traffic moves to its other 2 cells (was: false)\n    failover: true   # not yet\n');
    expect(r.m).toEqual(e.measure);
  });

  it('is not offered when every cell is lost (nowhere to fail over to)', async () => {
    const text = ZONES('').replace('{service: api, cell: a, at: 0m, for: 60m}', '{service: api, at: 0m, for: 60m}');
    const c = build(text);
    const a = await advise(c, opts(c));
    expect(a.ranked.map((x) => x.candidate.kind)).not.toContain('cell-failover');
  });
});

describe('cell-headroom', () => {
  it('survivors at 120 %: headroom 0.25 → 0.5 absorbs the lost third', async () => {
    const text = ZONES('\n    failover: true\n    headroom: 0.25   # sized for a quarter');
    const c = build(text);
    const a = await advise(c, opts(c));
    // Baseline: W = 2/3, D = 1.5, d = 1.5 / 1.25 = 1.2 (120 % of capacity), s_b = s_c = 5/6,
    // s = 2 × 1/3 × 1.5 × 5/6 = 5/6 < 1: api degraded 60 min (4 × 60 / 2 = 120), strict down
    // (5/6 < 0.9: 8 × 60 = 480). 600 min = 10 h.
    expect(a.baseline.serviceHours).toBeCloseTo(10, 9);
    const e = a.ranked[0]!;
    expect(e.candidate.id).toBe('cell-headroom:api');
    expect(e.effort).toBe('medium');
    // h = 1 / (2/3) − 1 = 0.5: d = 1.5 / 1.5 = 1, s = 1: 10 h saved.
    expect(e.candidate.edits).toEqual([{ op: 'set-headroom', service: 'api', value: 0.5 }]);
    expect(e.candidate.description).toContain('costs spare capacity');
    expect(e.measure.serviceHours).toBeCloseTo(0, 9);
    expect(e.benefit.serviceHours).toBeCloseTo(10, 9);
    const r = rechecked(c, text, e);
    expect(r.text).toContain('    # blast advise: Headroom of API (api) raised to 50 %: its cells absorb the loss of 33.3 % of its traffic (was: 0.25)\n    headroom: 0.5   # sized for a quarter\n');
    expect(r.m).toEqual(e.measure);
  });

  it('headroomFor: 1 / W − 1, at most HEADROOM_MAX', () => {
    expect(headroomFor(0.2)).toBe(0.25); // W = 0.8: 1.25 − 1
    expect(headroomFor(1 / 3)).toBe(0.5); // W = 2/3: 1.5 − 1
    expect(headroomFor(0.5)).toBe(1); // W = 0.5: 2 − 1
    expect(headroomFor(0.6)).toBe(HEADROOM_MAX); // W = 0.4: 2.5 − 1 = 1.5, capped at 1
    expect(headroomFor(1)).toBe(HEADROOM_MAX);
  });
});
