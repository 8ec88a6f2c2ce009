import { describe, expect, it } from 'vitest';
import { ids, shopData, yamlData } from './fixtures.js';
import { detailLines } from '../../src/tui/state/view.js';
import { compileGraph } from '../../src/graph/compile.js';
import { sweepSingleFailures } from '../../src/analysis/sweep.js';
import { dependencyOf } from '../../src/analysis/evidence.js';
import { syntheticCatalogYaml } from './synthetic.js';

const data = shopData();
const row = (id: string) => data.rows[data.byId.get(id)!]!;
const text = (lines: ReturnType<typeof detailLines>) => lines.map((l) => l.map((s) => s.text).join(''));

describe('the ranking', () => {
  // Worked by hand from catalogs/example-shop with the failure rules of docs/review.md:
  // storage alone takes down the three database nodes, catalog-db (no quorum), users-db,
  // queue, and through them catalog-api, orders, auth, payments, web, search and checkout:
  // 13 services, none merely degraded; recommendations only reads orders asynchronously.
  // Weighted by tier (8, 4, 2, 1): tier 0 ×5 = 40, tier 1 ×7 = 28, search (tier 2) = 2.
  it.each([
    ['storage', 13, 13, 70],
    ['users-db', 3, 3, 24], // auth, payments, checkout
    ['catalog-db', 5, 5, 22], // catalog-api, orders, web, search, checkout
    ['cache', 4, 0, 18], // soft: catalog-api, web, search, checkout only degraded
    ['db-node-a', 0, 0, 0], // the 2-of-3 group keeps its quorum
    ['queue', 0, 0, 0], // orders write to it asynchronously
    ['checkout', 0, 0, 0],
  ])('%s: radius %s, %s down, weighted %s', (id, radius, down, weighted) => {
    expect(row(id)).toMatchObject({ radius, down, weighted });
  });
  it('orders by radius, ties by the weighted score', () => {
    // users-db, dns and catalog-api all take down 3; their tier weights are 24, 16 and 14
    expect(ids(data, data.ranked.slice(0, 6))).toEqual(['storage', 'catalog-db', 'cache', 'users-db', 'dns', 'catalog-api']);
    expect(row('storage').rank).toBe(1);
    expect(row('dns').rank).toBe(5);
  });
});

describe('badges', () => {
  it('storage is a SPOF for the 12 tier 0-1 services it takes down, and defeats the database group', () => {
    const b = row('storage').badges;
    expect(b.map((x) => x.kind)).toEqual(['spof', 'shared-fate']);
    // the 13 it takes down, less search (tier 2)
    expect(b[0]!.detail).toMatch(/^its failure alone takes down 12 critical services: auth, catalog-api, catalog-db and 9 more$/);
    expect(b[1]!.detail).toBe('its failure defeats the 2-of-3 group of catalog-db');
  });
  it('catalog-db has false redundancy: all three nodes share storage', () => {
    expect(row('catalog-db').badges).toEqual([
      expect.objectContaining({ kind: 'spof' }),
      { kind: 'false-redundancy', label: 'FALSE REDUNDANCY', detail: 'its 2-of-3 group (db-node-a, db-node-b, db-node-c) fails with storage' },
    ]);
  });
  it('a single database node is no SPOF, and a soft dependency makes none', () => {
    expect(row('db-node-a').badges).toEqual([]);
    expect(row('cache').badges).toEqual([]);
    expect(row('checkout').badges).toEqual([]);
  });
  it('dns is a SPOF for cdn, web and checkout', () => {
    expect(row('dns').badges).toEqual([{ kind: 'spof', label: 'SPOF', detail: 'its failure alone takes down 3 critical services: cdn, checkout, web' }]);
  });
  it('the detail pane shows them in brackets, readable without colour', () => {
    const lines = text(detailLines(data, data.byId.get('catalog-db')!, 2, 60));
    expect(lines).toContain('[FALSE REDUNDANCY] its 2-of-3 group (db-node-a, db-node-b,');
    expect(lines).toContain('blast radius 5 (5 down) · weighted 22 · #2 of 19');
  });
  it('a group that needs every member is no redundancy, so it gives no shared-fate badge', () => {
    const d = yamlData(
      ['version: 1', 'services:', '  base: {name: Base, tier: 1}', '  a: {name: A, tier: 1, dependsOn: [base]}', '  b: {name: B, tier: 1, dependsOn: [base]}', '  top:', '    name: Top', '    tier: 0', '    dependsOn:', '      - atLeast: 2', '        of: [a, b]'].join('\n'),
    );
    const base = d.rows[d.byId.get('base')!]!;
    expect(base.badges.map((b) => b.kind)).toEqual(['spof']);
    expect(d.rows[d.byId.get('top')!]!.badges).toEqual([]);
  });
});

describe('badges on a larger catalog', () => {
  // The reference: every cause list in full from a counting sweep (the explorer's sweep keeps
  // only counts and the first names, from a sweep without counts), turned into sentences here.
  it('match the full cause lists of sweepSingleFailures on a 1,500-service synthetic catalog', () => {
    const d = yamlData(syntheticCatalogYaml(1500, 5));
    const cg = compileGraph(d.catalog);
    const critical = [...cg.ids.keys()].filter((i) => cg.tier[i]! <= 1);
    const sw = sweepSingleFailures(cg, { targets: critical, groups: true });
    const by = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    const list = (xs: string[], max = 3) => (xs.length > max ? `${xs.slice(0, max).join(', ')} and ${xs.length - max} more` : xs.join(', '));
    const spof = new Map<number, string[]>();
    for (const [t, causes] of sw.causes) for (const c of causes) if (c !== t) spof.set(c, [...(spof.get(c) ?? []), cg.ids[t]!]);
    const defeats = new Map<number, string[]>();
    const owners = new Map<number, string[]>();
    for (const [r, causes] of [...sw.groupCauses].sort((a, b) => a[0] - b[0])) {
      const dep = dependencyOf(d.catalog, cg, r);
      if (!dep.group || dep.atLeast >= dep.of.length || causes.length === 0) continue;
      const owner = cg.reqOwner[r]!;
      owners.set(owner, [...(owners.get(owner) ?? []), `its ${dep.atLeast}-of-${dep.of.length} group (${list([...dep.of])}) fails with ${list(causes.map((c) => cg.ids[c]!).sort(by))}`]);
      for (const c of causes) defeats.set(c, [...(defeats.get(c) ?? []), `the ${dep.atLeast}-of-${dep.of.length} group of ${cg.ids[owner]}`]);
    }
    let withBadges = 0;
    for (const r of d.rows) {
      const want: string[] = [];
      const s = spof.get(r.index);
      if (s) want.push(`SPOF: its failure alone takes down ${s.length} critical service${s.length === 1 ? '' : 's'}: ${list(s.sort(by))}`);
      for (const o of owners.get(r.index) ?? []) want.push(`FALSE REDUNDANCY: ${o}`);
      const g = defeats.get(r.index);
      if (g) want.push(`SHARED FATE: its failure defeats ${list(g, 2)}`);
      expect(r.badges.map((b) => `${b.label}: ${b.detail}`), r.rawId).toEqual(want);
      if (want.length) withBadges++;
    }
    expect(withBadges).toBeGreaterThan(50);
    expect(d.rows.some((r) => r.badges.some((b) => b.kind === 'shared-fate'))).toBe(true);
  });
});
