/**
 * The cell-loss check of `blast review` on a gradual failover (docs/review.md, "Cell loss";
 * docs/model.md, "Gradual failover"): the drain's unserved minutes are reported, worked out
 * by hand, and the remedy names the drain.
 */
import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/catalog/build.js';
import { cellLossFindings } from '../../src/analysis/cell-loss.js';

const catalog = (fo: string) => {
  const res = buildCatalog([{ file: 'c.yaml', bytes: new TextEncoder().encode(`services:
  api:
    name: API
    tier: 1
    cells: [a, b, c]
    failover: ${fo}
    headroom: 0.5
`) }]);
  return res.catalog!;
};

describe('cell loss with a gradual failover', () => {
  it('reports the minutes the drain leaves unserved', () => {
    // {after: 1m, over: 5m}, headroom 0.5 absorbs D = 1.5: a third fails for 1 min, then the
    // moved share rises linearly over 5 min: unserved 1 × 1/3 + 5 × 1/3 / 2 = 1/3 + 5/6 = 7/6 ≈ 1.2
    const f = cellLossFindings(catalog('{after: 1m, over: 5m}'), new Set(['api'])).find((x) => x.lost === 'a')!;
    expect(f.impacts).toEqual([expect.objectContaining({ service: 'api', state: 'degraded', cause: 'failover-delay', unservedMinutes: 1.2 })]);
    expect(f.impacts[0]!.served).toBeCloseTo(2 / 3, 3);
    expect(f.remedy).toBe('api: the lost share fails until failover has moved it all, gradually; a quicker failover (health checks, DNS TTLs) or a shorter drain (`over`) shortens that');
  });
});
