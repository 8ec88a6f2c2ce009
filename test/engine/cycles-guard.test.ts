/**
 * The per-instant oscillation guard (src/engine/guard.ts, docs/model.md "Cycles"): it stops only
 * the services a zero-time loop of evaluations can pass through; every other service is evaluated
 * as often as its dependencies change, and ends each instant on their states.
 */
import { describe, expect, it } from 'vitest';
import { catalogOf, runScenario, spans, svc } from './helpers.js';
import { buildModel, prepareSimulation } from '../../src/engine/index.js';
import { guardedSlots } from '../../src/engine/guard.js';

/** The guarded slots of scenario `s` of a catalog, by slot id. */
function guarded(yaml: string): string[] {
  const c = catalogOf(yaml);
  const model = buildModel(prepareSimulation(c), { scenario: c.scenarios.get('s')! });
  const g = guardedSlots(model);
  return model.graph.ids.filter((_, i) => g[i] === 1).sort();
}

describe('the oscillation guard', () => {
  it('guards members of cyclic blocks, slots of services with cells and cold caches\' origins, nothing else', () => {
    // a ⇄ b (a block); c → a (a dependent of the block, outside it); web has cells (its aggregate
    // wakes its cells: both slots and the aggregate are guarded); cache → db with a fill (a cache
    // that empties wakes its origin db); front → cache, plain.
    expect(guarded(`services:
  a: {name: A, dependsOn: [b]}
  b: {name: B, dependsOn: [{service: a, type: soft}]}
  c: {name: C, dependsOn: [a]}
  web: {name: Web, cells: [z1, z2], dependsOn: [c]}
  db: {name: DB}
  cache: {name: Cache, dependsOn: [{service: db, type: soft, fill: {hitRatio: 0.9, warm: 10m}}]}
  front: {name: Front, dependsOn: [cache, web]}
scenarios:
  s:
    faults: [{service: a, at: 0m, for: 10m}]
`)).toEqual(['a', 'b', 'db', 'web', 'web@z1', 'web@z2']);
  });

  it('does not stop a service of no cycle evaluated 13 times in an instant: it recovers with its last dependency', () => {
    // a1 → a2 → … → a26 hard (a1 fails 0..60) and x soft on a2, a4, …, a24 and hard on a26: 13
    // dependencies, each changing once when the chain goes down at 0 and once when it comes
    // back at 60, one link after another, so x is evaluated 13 times in each of the two
    // instants. At 0: degraded at a2's change, down at a26's (the 13th). At 60: still down
    // (a26 down) until a26 comes back, last: up at 60. The guard used to stop x at its 13th
    // evaluation: it stayed down for ever.
    const links = Array.from({ length: 25 }, (_, k) => `  a${k + 2}: {name: A${k + 2}, dependsOn: [a${k + 1}]}`).join('\n');
    const soft = Array.from({ length: 12 }, (_, k) => `{service: a${2 * k + 2}, type: soft}`).join(', ');
    const r = runScenario(`services:
  a1: {name: A1}
${links}
  x: {name: X, dependsOn: [${soft}, a26]}
scenarios:
  s:
    faults: [{service: a1, at: 0m, for: 60m}]
`);
    expect(spans(r, 'x')).toEqual([['down', 0, 60, 'dependency']]);
    expect(svc(r, 'a26').recoveredMinutes).toBe(60);
    expect(r.fullRecoveryMinutes).toBe(60);
  });
});
