/**
 * Regression: a service outside a cyclic block, queued while that block settles, must be
 * evaluated against the committed states once the block has committed (src/engine/cycles.ts,
 * `deferred`). Before, it was evaluated tentatively while a second block settled; its new state
 * was written but neither restored nor logged, so its label stayed impaired forever and its
 * dependents never heard of the change.
 */
import { describe, expect, it } from 'vitest';
import { catalogFromShape, type CatalogShape } from '../analysis/random-catalog.js';
import { prepareSimulation, simulate } from '../../src/engine/index.js';

// Found by the rank-hours property test (test/analysis/rank-hours.test.ts). Every requirement is
// hard with failOn: degraded unless said otherwise:
//   s0 → s3;  s3 → s0, s1;  s4 → group{s1, s0} (1 of 2);  s6 → s4
//   s8 → s0, group{s29, s0};  s29 → group{s8, s0}, group{s1, s0}
//   s9 soft→ s0;  s18 → s0;  s31 → s9
// Cyclic blocks: {s0, s3} and {s8, s29}; s9 and s31 belong to none.
const shape: CatalogShape = JSON.parse(
  '{"layered":{"backEvery":9},"tiers":[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],"reqs":[[{"members":[3,0],"atLeast":1,"type":"hard","failOnDegraded":true}],[],[],[{"members":[0],"atLeast":1,"type":"hard","failOnDegraded":true},{"members":[4],"atLeast":1,"type":"hard","failOnDegraded":true}],[{"members":[29,0],"atLeast":1,"type":"hard","failOnDegraded":true}],[],[{"members":[16],"atLeast":1,"type":"hard","failOnDegraded":true}],[],[{"members":[0],"atLeast":1,"type":"hard","failOnDegraded":true},{"members":[29,0],"atLeast":1,"type":"hard","failOnDegraded":true}],[{"members":[0],"atLeast":1,"type":"soft","failOnDegraded":true}],[],[],[],[],[],[],[],[],[{"members":[0],"atLeast":1,"type":"hard","failOnDegraded":true}],[],[],[],[],[],[],[],[],[],[],[{"members":[8,0],"atLeast":1,"type":"hard","failOnDegraded":true},{"members":[1,0],"atLeast":1,"type":"hard","failOnDegraded":true}],[],[{"members":[9],"atLeast":1,"type":"hard","failOnDegraded":true}],[],[],[],[],[]]}',
) as CatalogShape;

describe('a service of no cycle queued while a cyclic block settles', () => {
  it('recovers with everything it depends on when the fault ends', () => {
    const cat = catalogFromShape(shape);
    // the hand-read requirements above are what the shape builds
    const deps = (id: string): string[] => cat.services.get(id)!.dependsOn.map((d) => `${d.type}:${d.of.join('|')}`);
    expect(deps('s9')).toEqual(['soft:s0']);
    expect(deps('s31')).toEqual(['hard:s9']);
    expect(deps('s29')).toEqual(['hard:s8|s0', 'hard:s1|s0']);

    const r = simulate(prepareSimulation(cat), { fail: ['s1'], forMinutes: 60 });
    // During [0, 60): s1 down (fault) → s3 down (hard on s1, a cause outside its block) → s0 down
    // (hard on s3) → s4 down (group{s1, s0}: none up) → s6 down; s8 down (hard on s0); s29 down
    // (group{s1, s0}: none up); s18 down (hard on s0); s9 degraded (soft on s0); s31 down (hard on
    // s9 with failOn: degraded). Ten services affected, all from minute 0.
    // At 60 s1 is up. In {s0, s3}, s3 is held only by s0 and s0 only by s3: nothing grounds them,
    // so the least fixpoint has both up (docs/model.md, "Cycles"). Then s4, s6, s18 and s9 have
    // every dependency up; in {s8, s29}, s0 and s1 are up, so both groups have a member up and
    // the block's least fixpoint is up; and s31, with s9 up, is up. Every one recovers at 60.
    const worst: Record<string, string> = { s0: 'down', s1: 'down', s3: 'down', s4: 'down', s6: 'down', s8: 'down', s9: 'degraded', s18: 'down', s29: 'down', s31: 'down' };
    const got = r.services.filter((s) => s.impactStartMinutes !== null).map((s) => ({ id: s.id, start: s.impactStartMinutes, end: s.recoveredMinutes, recovered: s.recovered, worst: s.worstState }));
    expect(got).toEqual(Object.entries(worst).map(([id, w]) => ({ id, start: 0, end: 60, recovered: true, worst: w })));
    expect(r.affected).toBe(10);
    expect(r.fullRecoveryMinutes).toBe(60);
    const s31 = r.services.find((s) => s.id === 's31')!;
    expect(s31.intervals.map((x) => [x.state, x.start, x.end])).toEqual([['down', 0, 60]]);
    // the served fraction and the label agree: back to 1 at 60
    expect(s31.capacity?.at(-1)).toEqual({ minute: 60, capacity: 1, served: 1 });
  });
});
