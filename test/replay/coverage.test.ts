/**
 * The Monte Carlo coverage of the incident library (src/replay/coverage.ts): each exact
 * milestone placed against the P10–P90 of its simulated times. Worked by hand on a catalog
 * whose one uncertain duration is uniform.
 */
import { describe, expect, it } from 'vitest';
import { coverageRow, coverageTable } from '../../src/replay/coverage.js';
import { catalogOf } from '../engine/helpers.js';

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
