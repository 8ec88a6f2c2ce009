/**
 * The critical path names every cause a link waited on in turn (`waitedOn`), not only the
 * last: the unbroken impairment that ended when the link was resolved, stretch by stretch.
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from './helpers.js';

describe('critical path: causes in turn', () => {
  // db fails 0–20. q needs db, warms up 5 min (down) once db is back, and queues 100/min while
  // it cannot process (retry 1): 100 × 25 = 2500 at minute 25, drained at 300 − 100 = 200/min
  // in 12.5 min. So q waits on db (down 0–20), on its own warm-up (down 20–25), then on its
  // queue (degraded 25–37.5), and recovers last, at 37.5.
  const r = runScenario(`
services:
  db: {name: DB}
  q: {name: Q, dependsOn: [db], recovery: {time: 5m}, backlog: {arrival: 100/min, capacity: 300/min, retry: 1}}
scenarios:
  s: {faults: [{service: db, at: 0m, for: 20m}]}
`);
  it('lists each stretch with its state, times and cause, oldest first', () => {
    expect(r.fullRecoveryMinutes).toBe(37.5);
    const [q, db] = r.criticalPath;
    expect(q!.id).toBe('q');
    expect(q!.waitedOn!.map((w) => [w.state, w.start, w.end, w.cause.kind, w.cause.service])).toEqual([
      ['down', 0, 20, 'dependency', 'db'],
      ['down', 20, 25, 'warmup', 'db'],
      ['degraded', 25, 37.5, 'backlog', 'db'],
    ]);
    // `cause` stays the last stretch's (the contract before `waitedOn`)
    expect(q!.cause).toEqual(q!.waitedOn!.at(-1)!.cause);
    expect(db!.id).toBe('db');
    expect(db!.what).toBe('fault cleared');
    expect(db!.waitedOn!.map((w) => [w.state, w.start, w.end, w.cause.kind])).toEqual([['down', 0, 20, 'fault']]);
  });
});

describe('a dependency cause names every state the dependency went through', () => {
  // db fails 0–20 (down), then warms up 5 min degraded: down 0–20, degraded 20–25. web depends
  // on db softly, so it is degraded 0–25 in one interval whose cause is db all along; its text
  // must not say db was down for all of it.
  const r = runScenario(`
services:
  db: {name: DB, recovery: {time: 5m, state: degraded}}
  web: {name: Web, dependsOn: [{service: db, type: soft}]}
scenarios:
  s: {faults: [{service: db, at: 0m, for: 20m}]}
`);
  it('says "down, then degraded"', () => {
    const web = r.services.find((s) => s.id === 'web')!;
    expect(web.intervals.map((i) => [i.state, i.start, i.end, i.cause.detail])).toEqual([['degraded', 0, 25, 'DB is down, then degraded']]);
    const db = r.services.find((s) => s.id === 'db')!;
    expect(db.intervals.map((i) => [i.state, i.start, i.end])).toEqual([['down', 0, 20], ['degraded', 20, 25]]);
  });
});
