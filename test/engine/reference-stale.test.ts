/**
 * A catalog with two cyclic blocks on which the engine and the frozen reference engine
 * (test/engine/reference/) log different transitions: the reference leaves a service of no
 * block impaired for good, the engine recovers it (src/engine/cycles.ts, `deferred`). Found by
 * the random-catalog property of test/engine/equivalence.test.ts (fast-check seed 1449291771),
 * which compares such catalogs by `sameUpToReferenceStale`.
 */
import { describe, expect, it } from 'vitest';
import { catalogFromShape, type CatalogShape } from '../analysis/random-catalog.js';
import { buildModel, prepareSimulation, run } from '../../src/engine/index.js';
import { run as referenceRun } from './reference/simulate.js';

// Every requirement is hard with failOn: degraded:
//   s0 → nothing;  s1 → s2;  s2 → group{s1, s0} (2 of 2);  s3 → s1
//   s4 → group{s5, s0} (1 of 2);  s5 → group{s4, s0} (1 of 2), s1
// Cyclic blocks: A = {s1, s2} and B = {s4, s5}; s3 belongs to none.
const shape: CatalogShape = JSON.parse(
  '{"tiers":[0,0,0,0,0,0],"reqs":[[],[{"members":[2],"atLeast":1,"type":"hard","failOnDegraded":true}],[{"members":[1,0],"atLeast":2,"type":"hard","failOnDegraded":true}],[{"members":[1],"atLeast":1,"type":"hard","failOnDegraded":true}],[{"members":[5,0],"atLeast":1,"type":"hard","failOnDegraded":true}],[{"members":[4,0],"atLeast":1,"type":"hard","failOnDegraded":true},{"members":[1],"atLeast":1,"type":"hard","failOnDegraded":true}]]}',
) as CatalogShape;

// The engine takes an instant's work dependencies first (src/engine/worklist.ts); on
// these catalogs its order is s0, s2, s1, s3, s5, s4 (cyclic blocks contiguous). The reference
// takes it first in, first out. The logs below are worked by hand for each.

// log rows: time, service, state (0 up, 2 down), cause kind (0 none, 1 fault, 3 dependency,
// 4 group), cause service (-1 none)
const rows = (o: ReturnType<typeof run>['log']): string[] => Array.from({ length: o.length }, (_, k) => [o.time[k], o.service[k], o.state[k], o.causeKind[k], o.causeService[k]].join(','));

describe('two cyclic blocks settled in one instant, a service of no block waiting on the first', () => {
  const cat = catalogFromShape(shape);
  const deps = (id: string): string[] => cat.services.get(id)!.dependsOn.map((d) => `${d.type}:${d.of.join('|')}`);
  const model = buildModel(prepareSimulation(cat), { fail: ['s0'], forMinutes: 1 });
  const a = run(model, model.params.medians());
  const b = referenceRun(model, model.params.medians());

  // Minute 0 (both engines, both orders give it): s0 down (fault) → s2 down (group{s1, s0}: s0
  // down) → s1 down (s2) → s2's first missing member is now s1 (cause moves to s1) → s3 down
  // (s1) → s5 down (s1) → s4 down (group{s5, s0}: none up) → s5's first failing requirement is
  // now group{s4, s0}. Both blocks are grounded outside themselves (s0 down; s5 needs s1), so
  // settling keeps them.
  const minute0 = ['0,0,2,1,0', '0,2,2,4,0', '0,1,2,3,2', '0,2,2,4,1', '0,3,2,3,1', '0,5,2,3,1', '0,4,2,4,5', '0,5,2,4,4'];
  // Minute 1: s0 up; its dependents s2, s4, s5 are evaluated. s2 still misses s1 (unchanged);
  // s4 has s0 up → up; s5 has its group but not s1 → still down, now because of s1 (the
  // reference evaluates s4 first, the engine s5 first: s5 comes before s4 in its order, and its
  // group then has s0). Then the touched blocks settle in the order touched, A first: s1 and s2
  // hold each other only, so the least fixpoint has both up, committed (s1's commit queues s2,
  // s3, s5). Then B: s4 up, s5 with s4 and s1 up → up, committed.
  const minute1 = ['1,0,0,0,-1', '1,4,0,0,-1', '1,5,2,3,1', '1,1,0,0,-1', '1,2,0,0,-1', '1,5,0,0,-1'];
  const minute1Engine = ['1,0,0,0,-1', '1,5,2,3,1', '1,4,0,0,-1', '1,1,0,0,-1', '1,2,0,0,-1', '1,5,0,0,-1'];

  it('builds the catalog read above', () => {
    expect(['s1', 's2', 's3', 's4', 's5'].map(deps)).toEqual([['hard:s2'], ['hard:s1|s0'], ['hard:s1'], ['hard:s5|s0'], ['hard:s4|s0', 'hard:s1']]);
  });

  it('engine: s3 waits for B\'s commit and recovers with s1 at minute 1', () => {
    // s3 was queued by s1's commit while B settles; it is evaluated after B's commit, against
    // s1 up: up, logged last.
    expect(rows(a.log)).toEqual([...minute0, ...minute1Engine, '1,3,0,0,-1']);
    // every service impaired over [0, 1): one minute each, all down at worst
    expect(Array.from(a.impactStart)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(Array.from(a.recovered)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(Array.from(a.impaired)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(Array.from(a.worst)).toEqual([2, 2, 2, 2, 2, 2]);
    expect(a.affected).toBe(6);
    expect(a.fullRecovery).toBe(1);
  });

  it('reference: s3 is evaluated tentatively inside B\'s settling and its recovery is never logged', () => {
    // The reference drains s3 while B settles: its up state is written but, s3 being no member
    // of B, neither restored nor committed; nothing queues s3 again, so its log ends down.
    expect(rows(b.log)).toEqual([...minute0, ...minute1]);
    expect(Number.isNaN(b.recovered[3]!)).toBe(true);
    // the other five services agree with the engine
    for (const i of [0, 1, 2, 4, 5]) expect([b.recovered[i], b.impaired[i]]).toEqual([1, 1]);
  });
});

// The same catalog with s5 → soft group{s3, s4, s0} (3 of 3), s1: s5 reads s3, the service that
// waits for B's commit. Found by the same property (seed 1449291771, shrunk further).
const shape2: CatalogShape = JSON.parse(JSON.stringify({ ...shape, reqs: [...shape.reqs.slice(0, 5), [{ members: [3, 4, 0], atLeast: 3, type: 'soft', failOnDegraded: true }, { members: [1], atLeast: 1, type: 'hard', failOnDegraded: true }]] })) as CatalogShape;

describe('a member of the second block that reads the waiting service passes through degraded', () => {
  const cat = catalogFromShape(shape2);
  const model = buildModel(prepareSimulation(cat), { fail: ['s0'], forMinutes: 1 });
  const a = run(model, model.params.medians());
  const b = referenceRun(model, model.params.medians());
  // Minute 0, reference (first in, first out): s0 down (fault) → s2 down (group, s0) → s5
  // degraded (soft group misses s0) → s1 down (s2) → s4 down (group{s5, s0}: s5 degraded counts
  // as not up with failOn: degraded, s0 down; first member s5) → s2's cause moves to s1 → s3 down
  // (s1) → s5 down (hard on s1).
  const minute0 = ['0,0,2,1,0', '0,2,2,4,0', '0,5,1,4,0', '0,1,2,3,2', '0,4,2,4,5', '0,2,2,4,1', '0,3,2,3,1', '0,5,2,3,1'];
  // Minute 0, engine (dependencies first): s0 down → s2 down (s0) → s1 down (s2) → s2's cause
  // moves to s1 → s3 down (s1) → s5 down at once (hard on s1, evaluated after s1: no degraded
  // step) → s4 down (group{s5, s0}: none up; first member s5) → s5 again: unchanged.
  const minute0Engine = ['0,0,2,1,0', '0,2,2,4,0', '0,1,2,3,2', '0,2,2,4,1', '0,3,2,3,1', '0,5,2,3,1', '0,4,2,4,5'];
  // Minute 1 (both): s0 up; s4 up; s5 still down on s1 (same cause: nothing logged). A settles:
  // s1, s2 up (s1's commit queues s2, s3, s5). B settles with s5 started from up.
  const minute1 = ['1,0,0,0,-1', '1,4,0,0,-1', '1,1,0,0,-1', '1,2,0,0,-1'];

  it('engine: s5 commits degraded (s3 not yet evaluated), then s3 up, then s5 up, all at minute 1', () => {
    expect(cat.services.get('s5')!.dependsOn.map((d) => `${d.type}:${d.of.join('|')}`)).toEqual(['soft:s3|s4|s0', 'hard:s1']);
    // In B's settling s5 has s1 up but its soft group misses s3 (deferred): degraded, first
    // missing member s3. After B's commit s3 is evaluated (s1 up): up, which wakes s5: up.
    expect(rows(a.log)).toEqual([...minute0Engine, ...minute1, '1,5,1,4,3', '1,3,0,0,-1', '1,5,0,0,-1']);
    // the intermediate degraded entry changes no result: s5 was down from 0 to 1 either way
    expect([a.impactStart[5], a.recovered[5], a.impaired[5], a.worst[5]]).toEqual([0, 1, 1, 2]);
    expect(Array.from(a.recovered)).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it('reference: s3 is made up tentatively inside B\'s settling, so s5 goes straight to up and s3 stays logged down', () => {
    expect(rows(b.log)).toEqual([...minute0, ...minute1, '1,5,0,0,-1']);
    expect([b.impactStart[5], b.recovered[5], b.impaired[5], b.worst[5]]).toEqual([0, 1, 1, 2]);
    expect(Number.isNaN(b.recovered[3]!)).toBe(true);
  });
});
