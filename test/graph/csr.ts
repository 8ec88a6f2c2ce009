/** Checks of the compiled graph's CSR arrays against the catalog they came from (shared by tests). */
import { expect } from 'vitest';
import type { Catalog } from '../../src/catalog/model.js';
import { REQ_ASYNC, REQ_HARD, REQ_SOFT, type CompiledGraph } from '../../src/graph/compile.js';

/** Members of requirement r, as ids. */
export const members = (g: CompiledGraph, r: number): string[] => [...g.reqMembers.subarray(g.memberStart[r], g.memberStart[r + 1])].map((i) => g.ids[i]!);

/** Checks every CSR invariant of `g` against the catalog it came from. */
export function checkCsr(cat: Catalog, g: CompiledGraph): void {
  const ids = [...cat.services.keys()];
  expect(g.ids).toEqual(ids);
  expect(g.n).toBe(ids.length);
  ids.forEach((id, i) => expect(g.index.get(id)).toBe(i));
  const nReq = g.reqOwner.length;
  expect(g.reqStart.length).toBe(g.n + 1);
  expect(g.reqStart[0]).toBe(0);
  expect(g.reqStart[g.n]).toBe(nReq);
  expect(g.memberStart.length).toBe(nReq + 1);
  expect(g.memberStart[nReq]).toBe(g.reqMembers.length);
  ids.forEach((id, i) => {
    const s = cat.services.get(id)!;
    expect(g.tier[i]).toBe(s.tier);
    expect(g.reqStart[i + 1]! - g.reqStart[i]!).toBe(s.dependsOn.length);
    s.dependsOn.forEach((d, k) => {
      const r = g.reqStart[i]! + k;
      expect(g.reqOwner[r]).toBe(i);
      expect(g.reqType[r]).toBe({ hard: REQ_HARD, soft: REQ_SOFT, async: REQ_ASYNC }[d.type]);
      expect(g.reqAtLeast[r]).toBe(d.atLeast);
      expect(g.reqFailOnDegraded[r]).toBe(d.failOn === 'degraded' ? 1 : 0);
      expect(g.reqFailover[r]).toBe(d.failover ? 1 : 0);
      expect(members(g, r)).toEqual(d.of);
    });
  });
  // Reverse index: exactly the requirements naming each service, ascending.
  for (let j = 0; j < g.n; j++) {
    const expected: number[] = [];
    for (let r = 0; r < nReq; r++) if (members(g, r).includes(g.ids[j]!)) expected.push(r);
    expect([...g.revReqs.subarray(g.revStart[j], g.revStart[j + 1])]).toEqual(expected);
  }
  expect(g.revStart[g.n]).toBe(g.reqMembers.length);
}

