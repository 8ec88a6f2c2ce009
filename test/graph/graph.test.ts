/**
 * The graph and its compiled (CSR) form on the example catalog. Counts are derived by
 * hand from catalogs/example-shop/services.yaml; the CSR arrays are also checked
 * against a brute-force reading of the catalog.
 */
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.js';
import { buildCatalog } from '../../src/catalog/build.js';
import type { Catalog } from '../../src/catalog/model.js';
import { buildGraph } from '../../src/graph/build.js';
import { compileGraph, REQ_ASYNC, REQ_HARD, REQ_SOFT } from '../../src/graph/compile.js';
import { checkCsr, members } from './csr.js';

const shop = loadCatalog('catalogs/example-shop').catalog!;

function catalogOf(text: string): Catalog {
  const res = buildCatalog([{ file: 't.yaml', bytes: new TextEncoder().encode(text) }]);
  expect(res.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return res.catalog!;
}

describe('buildGraph on the example shop', () => {
  const g = buildGraph(shop);

  it('has one node per service and one edge per (dependent, dependency) pair', () => {
    expect(g.order).toBe(19);
    // cdn 1, web 4, catalog-api 2, catalog-db 3, db-node-a/b/c 1 each, search 1,
    // recommendations 1, checkout 4, auth 1, users-db 1, payments 2, orders 2, queue 1.
    expect(g.size).toBe(26);
    expect(g.outDegree('checkout')).toBe(4);
    expect(g.inDegree('storage')).toBe(5);
    expect(g.outDegree('storage')).toBe(0);
  });

  it('points edges from the dependent to the dependency, with type and group', () => {
    expect(g.hasDirectedEdge('web', 'cdn')).toBe(true);
    expect(g.hasDirectedEdge('cdn', 'web')).toBe(false);
    expect(g.getEdgeAttributes('web', 'search')).toMatchObject({ type: 'soft', requirement: 3 });
    expect(g.getEdgeAttributes('recommendations', 'orders').type).toBe('async');
    expect(g.getEdgeAttributes('orders', 'queue').type).toBe('async');
    for (const node of ['db-node-a', 'db-node-b', 'db-node-c']) {
      expect(g.getEdgeAttributes('catalog-db', node)).toMatchObject({ type: 'hard', requirement: 0, group: { atLeast: 2, size: 3 } });
    }
    expect(g.getEdgeAttributes('checkout', 'auth').group).toBeUndefined();
  });
});

describe('compileGraph on the example shop', () => {
  const c = compileGraph(shop);

  it('numbers services in catalog order and counts requirements and members by hand', () => {
    expect(c.n).toBe(19);
    // 24 requirements: one per dependsOn entry (the catalog-db group is one).
    expect(c.reqOwner.length).toBe(24);
    // 26 members: 23 plain requirements and one group of three.
    expect(c.reqMembers.length).toBe(26);
    expect(c.ids.slice(0, 3)).toEqual(['cdn', 'dns', 'web']);
  });

  it('compiles the catalog-db quorum as 2 of 3', () => {
    const i = c.index.get('catalog-db')!;
    expect(c.reqStart[i + 1]! - c.reqStart[i]!).toBe(1);
    const r = c.reqStart[i]!;
    expect(c.reqAtLeast[r]).toBe(2);
    expect(members(c, r)).toEqual(['db-node-a', 'db-node-b', 'db-node-c']);
  });

  it('indexes storage as a member of five requirements', () => {
    const s = c.index.get('storage')!;
    const owners = [...c.revReqs.subarray(c.revStart[s], c.revStart[s + 1])].map((r) => c.ids[c.reqOwner[r]!]);
    expect(owners).toEqual(['db-node-a', 'db-node-b', 'db-node-c', 'users-db', 'queue']);
  });

  it('is consistent with the catalog in every array', () => {
    checkCsr(shop, c);
  });
});

describe('graphs with overlapping groups', () => {
  const cat = catalogOf(`services:
  a:
    name: A
    dependsOn:
      - b
      - atLeast: 2
        of: [b, c, d]
        type: soft
        failOn: degraded
      - {atLeast: 1, of: [c, d], type: async, failover: true}
  b: {name: B}
  c: {name: C}
  d: {name: D}
`);

  it('keeps one edge per pair in the graph: the first requirement naming it', () => {
    const g = buildGraph(cat);
    expect(g.size).toBe(3);
    expect(g.getEdgeAttributes('a', 'b')).toMatchObject({ type: 'hard', requirement: 0 });
    expect(g.getEdgeAttributes('a', 'b').group).toBeUndefined();
    expect(g.getEdgeAttributes('a', 'c')).toMatchObject({ type: 'soft', failOn: 'degraded', requirement: 1, group: { atLeast: 2, size: 3 } });
  });

  it('keeps every requirement in the compiled form, each k of n', () => {
    const c = compileGraph(cat);
    expect(c.reqOwner.length).toBe(3);
    expect([...c.reqAtLeast]).toEqual([1, 2, 1]);
    expect([...c.reqType]).toEqual([REQ_HARD, REQ_SOFT, REQ_ASYNC]);
    expect([...c.reqFailOnDegraded]).toEqual([0, 1, 0]);
    expect([...c.reqFailover]).toEqual([0, 0, 1]);
    expect([0, 1, 2].map((r) => members(c, r))).toEqual([['b'], ['b', 'c', 'd'], ['c', 'd']]);
    // c is a member of requirements 1 and 2; b of 0 and 1.
    const rev = (id: string) => [...c.revReqs.subarray(c.revStart[c.index.get(id)!], c.revStart[c.index.get(id)! + 1])];
    expect(rev('b')).toEqual([0, 1]);
    expect(rev('c')).toEqual([1, 2]);
    expect(rev('a')).toEqual([]);
    checkCsr(cat, c);
  });
});
