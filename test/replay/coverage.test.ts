/**
 * The Monte Carlo coverage of the incident library (src/replay/coverage.ts): each exact
 * milestone placed against the P10–P90 of its simulated times. Worked by hand on a catalog
 * whose one uncertain duration is uniform.
 */
import { describe, expect, it } from 'vitest';
import { coverageRow, coverageTable } from '../../src/replay/coverage.js';
import { catalogOf } from '../engine/helpers.js';
import { replayScenario } from '../../src/replay/run.js';

// db fails at 0 for a time uniform on [60, 120] min; api needs db. So api and `all` recover at
// U(60, 120): P10 ≈ 66, P90 ≈ 114 (500 trials: within a few minutes of those).
// Observations: impact at 0 (no spread: every trial says 0), recovered at 50 (< P10: earlier),
// 90 (inside), 130 (> P90: later), and an upper bound at 200 (bounds are left out).
const yaml = `services:
  db: {name: DB}
  api:
    name: API
    dependsOn: [db]
scenarios:
  s:
    faults:
      - {service: db, at: 0m, for: {min: 60m, max: 120m}}
    observed:
      - {service: api, event: impact, at: 0m, label: impact, source: https://example.com/p}
      - {service: api, event: recovered, at: 50m, label: early, source: https://example.com/p}
      - {service: all, event: recovered, at: 90m, label: inside, source: https://example.com/p}
      - {service: api, event: recovered, at: 130m, label: late, source: https://example.com/p}
      - {service: db, event: recovered, at: 200m, bound: upper, label: bound, source: https://example.com/p}
`;

describe('Monte Carlo coverage of observed milestones', () => {
  const catalog = catalogOf(yaml);
  const entry = { path: 'test', catalog, scenario: catalog.scenarios.get('s')! };

  it('counts inside, later and earlier, and leaves out bounds and milestones without spread', () => {
    const r = coverageRow(entry, 500, 1);
    expect([r.milestones, r.withSpread, r.inside, r.later, r.earlier]).toEqual([4, 3, 1, 1, 1]);
    // widths (P90 − P10) / observed ≈ 48/50, 48/90, 48/130: each within 10 % of those
    expect(r.widths).toHaveLength(3);
    r.widths.forEach((w, k) => expect(Math.abs(w - 48 / [50, 90, 130][k]!)).toBeLessThan(0.1 * (48 / [50, 90, 130][k]!)));
  });

  it('is deterministic for a seed, and the table sums the rows that are not calibrated', () => {
    const a = coverageRow(entry, 200, 3);
    expect(coverageRow(entry, 200, 3)).toEqual(a);
    const table = coverageTable([a, { ...a, scenario: 'c', calibrated: true }]);
    expect(table.split('\n')).toHaveLength(5);
    expect(table).toContain('(calibrated, not counted)');
    expect(table.split('\n')[4]).toMatch(/^\| \*\*all 1 incidents not calibrated\*\* .* \| 4 \| 3 \| 1 \(33 %\) \| 1 \| 1 \|/);
  });
});

describe('the trials\' median as a prediction', () => {
  it('on the catalog above: the P50 is the middle of U(60, 120), 90, so three of five are within', () => {
    // impact 0 (within), early 50 (|90 − 50| = 40 > 20), inside 90 (within), late 130
    // (40 > 32.5), the upper bound 200 met: 3 of 5; full recovery observed 90, P50 ≈ 90
    const catalog = catalogOf(yaml);
    const r = coverageRow({ path: 'test', catalog, scenario: catalog.scenarios.get('s')! }, 500, 1);
    expect([r.p50.within, r.p50.scored]).toEqual([3, 5]);
    expect(Math.abs(r.p50.fullRecovery!.error!)).toBeLessThan(5);
  });

  it('the median run is later than the run at the medians when a service waits for the later of two', () => {
    // db1 and db2 each down for U(20, 140) min; api needs both. At the medians both are back at
    // 80, so api is at 80; over the trials api waits for the later of two, whose median is
    // 20 + 120·√0.5 = 104.85. Observed 110: the point estimate is 30 min early (tolerance
    // 27.5: outside), the P50 about 5 min early (within).
    const catalog = catalogOf(`services:
  db1: {name: DB1}
  db2: {name: DB2}
  api:
    name: API
    dependsOn: [db1, db2]
scenarios:
  s:
    faults:
      - {service: db1, at: 0m, for: {min: 20m, max: 140m}}
      - {service: db2, at: 0m, for: {min: 20m, max: 140m}}
    observed:
      - {service: all, event: recovered, at: 110m, label: all back, source: https://example.com/p}
`);
    const entry = { path: 'test', catalog, scenario: catalog.scenarios.get('s')! };
    const r = coverageRow(entry, 2000, 1);
    expect([r.p50.within, r.p50.scored]).toEqual([1, 1]);
    const p50 = 110 + r.p50.fullRecovery!.error!;
    expect(Math.abs(p50 - (20 + 120 * Math.SQRT1_2))).toBeLessThan(4);
    const point = replayScenario(catalog, entry.scenario).result.score;
    expect([point.within, point.fullRecovery!.error]).toEqual([0, -30]);
  });
});
