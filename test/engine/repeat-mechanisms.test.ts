/**
 * The stop at a repeat of the whole state (src/engine/repeat.ts, repeat-mechanisms.ts) on catalogs
 * with cold caches, load shedding, cells and a growing load fault: for each, a catalog that takes
 * turns for ever, stopped where its state repeats (period and stop worked out by hand below), and
 * one that looks alike but whose state never repeats, which runs to the 30-day cut exactly as the
 * run without the watch does.
 *
 * Every catalog hangs on the two queues of test/engine/repeat.test.ts: from minute 44.4 (for the
 * unmodified pair) A drains its 240 in 4.8 min while B gathers 480 (A degraded), then B drains in
 * 9.6 min while A refills to its cap (B degraded): the turn instants 44.4 + 14.4·j (B up, A
 * degraded) and 49.2 + 14.4·j (A up, B degraded). The watch starts once the log holds
 * 64 + 4 × slots changes (a service with cells adds a slot per cell); the instant it starts at
 * takes no snapshot (the watch starts from the log as it is). It then snapshots at the 1st, 2nd,
 * 4th, 8th … instant with changes, and compares an instant with the snapshot when they have the
 * same number of changes and the same last change.
 */
import { describe, expect, it } from 'vitest';
import { catalogOf, TWO_QUEUES } from './helpers.js';
import { buildModel, explain, prepareSimulation, run } from '../../src/engine/index.js';
import { MAX_HORIZON, type RunOptions } from '../../src/engine/simulate.js';

const scenario = (faults = '') => `scenarios:
  s:
    faults: [${faults}{service: t, at: 0m, for: 10m}]
`;

function simulate(yaml: string, options: RunOptions = {}) {
  const c = catalogOf(yaml);
  const model = buildModel(prepareSimulation(c), { scenario: c.scenarios.get('s')! });
  const out = run(model, model.params.medians(), options);
  return { model, out, r: explain(model, out) };
}

/** The catalog takes turns for ever: stopped at `at`, the state of `from`, these services in the cycle. */
function expectStop(yaml: string, services: string[], from: number, at: number): void {
  const { out, r } = simulate(yaml);
  const [o] = r.oscillating!;
  expect(r.oscillating).toHaveLength(1);
  expect([o!.services, o!.periodMinutes, o!.statePeriodMinutes, o!.stoppedAtMinutes]).toEqual([services, 14.4, 14.4, at]);
  expect(out.oscillating[0]!.repeat!.from).toBeCloseTo(from, 9);
  expect(r.horizonMinutes).toBe(at);
  expect(r.fullRecoveryMinutes).toBeNull();
  for (const id of services) expect(r.services.find((s) => s.id === id)!.recovered).toBe(false);
  // the same cycle as the run to the cut reads in its tail
  const cut = simulate(yaml, { repeatStop: false }).r;
  expect(cut.oscillating!.map((x) => [x.services, x.periodMinutes, x.sinceMinutes])).toEqual([[o!.services, o!.periodMinutes, o!.sinceMinutes]]);
}

/** The catalog's state never repeats: the run goes to the cut, byte for byte the run without the watch. */
function expectNoStop(yaml: string): void {
  const { out, r } = simulate(yaml);
  const cut = simulate(yaml, { repeatStop: false });
  expect(out.events).toBe(cut.out.events);
  expect(JSON.stringify(r)).toBe(JSON.stringify(cut.r));
  expect(out.oscillating.every((o) => o.repeat === undefined)).toBe(true);
  expect(r.horizonMinutes).toBeGreaterThan(MAX_HORIZON - 14.4);
}

const cache = `${TWO_QUEUES}  o: {name: Origin, tier: 2}
  k:
    name: Cache
    tier: 2
    dependsOn: [{service: a, failOn: degraded}, {service: o, type: soft, fill: {hitRatio: 0.9, warm: 5m}}]
`;
const shedder = `${TWO_QUEUES}  f:
    name: Shedder
    tier: 2
    dependsOn: [{service: a, failOn: degraded}]
    backlog: {arrival: 100/min, capacity: 150/min, timeout: 2m, shedding: {after: 1m}}
`;
const celled = `${TWO_QUEUES}  c:
    name: Celled
    tier: 2
    cells: [x, y]
    failover: 2m
    dependsOn: [{service: a, failOn: degraded}]
`;
/** Queue C of test/engine/repeat.test.ts: it processes 120/min only while A is up, 9.6 of every 14.4 min, and gains 100 × 14.4 − 120 × 9.6 = 288 a turn. */
const growing = (extra: string) => `    dependsOn: [{service: a, type: async}]
    backlog: {arrival: 100/min, capacity: 120/min${extra}}
`;

describe('the repeat stop with cold caches, shedding, cells and growing load faults', () => {
  it('a cache that fails every turn and comes back cold: stopped at 178.8, the state of 164.4', () => {
    // The cache k goes down with A (failOn degraded; the cause is A, not its origin: its contents
    // are gone) and comes back with A, empty: its misses raise o's demand by 9 (0.9 / 0.1) times its
    // coldness, falling from 1 to 0 over 5 min, so o (no queue) serves less than its demand and
    // is degraded for the refill, and k with it (soft). Per turn: at 44.4 + 14.4·j three changes
    // (B up, A degraded, k down), at 49.2 + 14.4·j five (A up, B degraded, k up, o degraded by the
    // cold cache, k degraded by o), at 54.2 + 14.4·j two (o up, k up): 10. Before 44.4: 3 at 0
    // (t, A, k down), 2 at 10, 5 at 14.8 (the same return as at 49.2), 2 at 19.8: 12.
    // The watch starts at 64 + 4 × 5 = 84 changes: the log holds 12 + 10 × 7 = 82 before
    // 44.4 + 14.4 × 7 = 145.2, and 85 after it.
    // Snapshots at 150 (1st: five changes, last k degraded) and 155 (2nd: two changes), not
    // compared with each other; 159.6 (3rd: three) is not compared; 164.4 (4th: five changes, last k
    // degraded; 155 had two) becomes the snapshot; 169.4, 174 do not match it; 178.8 (7th) does, and
    // its whole state (queues, the refill 0 min in, the pending refill end and o's chord wake-ups
    // relative to now) is 164.4's: stop, period 14.4.
    expectStop(`${cache}${scenario()}`, ['a', 'b', 'o', 'k'], 164.4, 178.8);
  });

  it('an origin whose queue gains every turn from the cold cache: no repeat, the run goes to the cut', () => {
    // o now has a queue (100/min in, 105/min out): each refill adds 9 × 100 × ∫₀⁵ (1 − s/5) ds =
    // 900 × 2.5 = 2 250 of work, and it drains 5 × 14.4 = 72 a turn: it gains 2 178 a turn for ever
    // (its next drain time, relative to now, never comes back), while the labels take turns.
    expectNoStop(`${cache.replace('  o: {name: Origin, tier: 2}', '  o: {name: Origin, tier: 2, backlog: {arrival: 100/min, capacity: 105/min}}')}${scenario()}`);
  });

  it('a queue that collapses every turn and sheds 1 min later: stopped at 193.2, the state of 178.8', () => {
    // f is down (failOn degraded) while A is degraded and gathers 100 × 4.8 = 480; when A is up
    // again, 480 > its limit 150 × 2 = 300: it collapses (down); shedding engages 1 min later
    // (EV_SHED), when it holds 580, drops it to 300 and ends the collapse (degraded); 300 drains
    // at 50/min in 6 min (up), and the breaker opens again (`after` > 0). Per turn: 3 changes at
    // 44.4 + 14.4·j (B up, A degraded, f down), 3 at 49.2 + 14.4·j (A up, B degraded, f collapsed),
    // 1 at 50.2 + 14.4·j, 1 at 56.2 + 14.4·j: 8. Before 44.4: 3 at 0, 2 at 10, 3 at 14.8 (f
    // collapses with 1 480), 1 at 15.8, 1 at 21.8: 10. The watch starts at 64 + 4 × 4 = 80:
    // 10 + 8 × 8 + 6 = 80 after 49.2 + 14.4 × 8 = 164.4. Snapshots at 165.4 (1st), 171.4 (2nd:
    // one change, f up, not f degraded: not compared), 178.8 (4th: three changes, last f
    // collapsed; 171.4's last change differs); 193.2 (8th) matches it: the same queues, shedding
    // disengaged with an engagement pending 1 min ahead, as at 178.8. Stop, period 14.4.
    expectStop(`${shedder}${scenario()}`, ['a', 'b', 'f'], 178.8, 193.2);
  });

  it('a queue that sheds but never reaches its limit: no repeat, the run goes to the cut', () => {
    // queue C with shedding and a limit of 120 × 10 000 = 1 200 000: it gains 288 a turn, 864 216 by
    // the cut (test/engine/repeat.test.ts), never reaching the limit that would hold it level
    expectNoStop(`${TWO_QUEUES}  f:\n    name: Shedder\n    tier: 2\n${growing(', timeout: 10000m, shedding: true')}${scenario()}`);
  });

  it('a service whose cells go down every turn, with a failover delay: stopped at 178.8, the state of 164.4', () => {
    // Both cells of c go down with A (failOn degraded): c is down (group, cause c@x); after the
    // failover delay of 2 min both are out, but none is left to take their traffic; both come
    // back with A. Per turn: 5 changes at 44.4 + 14.4·j (B up, A degraded, c@x, c@y, c down),
    // 5 at 49.2 + 14.4·j (A up, B degraded, c@x, c@y, c up): 10. Before 44.4: 5 at 0, 2 at 10,
    // 5 at 14.8: 12. The watch starts at 64 + 4 × 6 slots = 88: 12 + 10 × 7 + 10 = 92 after
    // 49.2 + 14.4 × 7 = 150. Snapshots at 159.6 (1st) and 164.4 (2nd: last change c up, not c
    // down); 174 does not match; 178.8 (4th) does: the cells up, not out, their outage start
    // forgotten, as at 164.4. Stop, period 14.4.
    expectStop(`${celled}${scenario()}`, ['a', 'b', 'c'], 164.4, 178.8);
  });

  it("cells whose queues gain every turn: no repeat, the run goes to the cut", () => {
    // queue C split over two cells (each its half of the rates): each gains 144 a turn
    expectNoStop(`${celled.replace('    dependsOn: [{service: a, failOn: degraded}]\n', growing(''))}${scenario()}`);
  });

  it('a surge on B that eases off over 30 min: not compared while it moves; stopped at 324, the state of 309.6', () => {
    // B's demand falls from 1.2 to 1 over minutes 0–30: arrival 120 − (2/3)·t per minute. B,
    // blocked 0–14.8, gathers 120 × 14.8 − 14.8² / 3 = 1 776 − 73.013 = 1 702.987; draining at
    // 150 − arrival it loses 30 × 15.2 + (30² − 14.8²) / 3 = 456 + 226.987 = 682.987 by minute
    // 30, then the 1 020 left at 50/min in 20.4 min: B is up at 50.4, and the turns start there:
    // 50.4 + 14.4·j (B up, A degraded), 55.2 + 14.4·j (A up, B degraded). Before 50.4: 6
    // changes (0: t, A; 10: t, A; 14.8: A, B), then 2 per turn instant. The ramp is over long
    // before the watch starts at 64 + 4 × 3 = 76 changes, after the 35th turn instant from 50.4,
    // 50.4 + 14.4 × 17 = 295.2. Snapshots at 300 (1st) and 309.6 (2nd); 314.4 does not match its
    // last change (A up, not A degraded); 324 (4th) does: stop, period 14.4.
    expectStop(`${TWO_QUEUES}${scenario('{service: b, at: 0m, demand: {from: 1.2, to: 1, over: 30m}}, ')}`, ['a', 'b'], 309.6, 324);
  });

  it('a surge on B that eases off over 100 000 min: still moving at the cut, no repeat', () => {
    // B's arrival is a function of the time to the end: no state of the run can come back
    expectNoStop(`${TWO_QUEUES}${scenario('{service: b, at: 0m, demand: {from: 1.2, to: 1, over: 100000m}}, ')}`);
  });
});
