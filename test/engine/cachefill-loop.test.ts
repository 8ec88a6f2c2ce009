/**
 * When a cold cache's surge brings the cache down again (docs/model.md, "Cold caches loading
 * their origin", its limits): the smallest random catalogs of bench/repeat.ts that loop, shrunk
 * by hand. Two loops: one that the documented model does not contain (a warm-up after an outage
 * the origin caused was read as an outage of its own, emptying the cache: fixed), and one it does
 * (two caches, each taken down through `needs` by the other's surge: a real loop, stopped by the
 * repeat watch). Expected values are worked out in the comments.
 */
import { describe, expect, it } from 'vitest';
import { runScenario, spans } from './helpers.js';

/**
 * `origin` fails 0–60; `reader` is hard on it; `cache` (5 min of warm-up, down) needs 80 % of
 * `reader` and is in front of `origin` (h = 0.9, refill 15 min, share 1: a = 1 · 0.9/0.1 = 9).
 */
const warmUp = (readerFault = '') => `services:
  origin: {name: Origin}
  reader: {name: Reader, dependsOn: [{service: origin, type: hard}]}
  pop: {name: POP}
  cache:
    name: Cache
    recovery: {time: 5m, state: down}
    dependsOn:
      - {service: reader, type: hard, needs: 0.8}
      - {service: pop, type: hard}
      - {service: origin, type: hard, fill: {hitRatio: 0.9, warm: 15m, share: 1}}
scenarios:
  s:
    faults: [${readerFault || '{service: origin, at: 0m, for: 60m}'}]
`;

describe('a warm-up is the tail of the outage it follows', () => {
  it('after an outage its origin caused, the cache comes back warm (it looped every 20 min before)', () => {
    // 0–60: origin down (fault), reader down (hard on it), cache down waiting for reader, whose
    // cause is origin: an outage the origin causes, which leaves the cache's contents in place.
    // 60: origin and reader are back; the cache warms up 60–65 ("warming up after Reader
    // recovered": the warm-up's cause is the reader, now up, whose cause no longer leads
    // anywhere). 65: the cache is back with its contents: no surge, the run ends at 65.
    // The engine before read the warm-up as a new outage whose cause (the reader) is not the
    // origin, emptied the cache, and at 65 its misses took origin to 1 + 9 = 10× its load:
    // origin degraded 65–80, reader degraded (it serves 50 % < 80 %), cache down again (for its
    // origin, not emptied), its warm-up at 80 emptying it again: a 20-min loop to the repeat stop.
    const r = runScenario(warmUp());
    expect(spans(r, 'origin')).toEqual([['down', 0, 60, 'fault']]);
    expect(spans(r, 'reader')).toEqual([['down', 0, 60, 'dependency']]);
    expect(spans(r, 'cache')).toEqual([['down', 0, 60, 'dependency'], ['down', 60, 65, 'warmup']]);
    expect(r.horizonMinutes).toBe(65);
    expect(r.oscillating ?? []).toEqual([]);
  });

  it('after an outage with another cause, the cache still comes back cold when its warm-up ends', () => {
    // pop fails 0–10: the cache is down for a cause that is not its origin (emptied), warms up
    // 10–15 and comes back cold at 15. From 15, u minutes on, origin's demand factor is
    // 1 + 9(1 − u/15) and it serves 1/(1 + 9(1 − u/15)) (10 % at u = 0, above 5 %: degraded), up
    // at u = 15: degraded 15–30. The reader reads it degraded (50 % by default), short of the
    // cache's 80 %: the cache is down 15–30 for its origin (contents kept, refill on its line),
    // warms up 30–35 (still its origin's outage: nothing emptied) and is back at 35, warm.
    const r = runScenario(warmUp('{service: pop, at: 0m, for: 10m}'));
    expect(spans(r, 'origin')).toEqual([['degraded', 15, 30, 'fill']]);
    expect(spans(r, 'reader')).toEqual([['degraded', 15, 30, 'dependency']]);
    expect(spans(r, 'cache')).toEqual([['down', 0, 10, 'dependency'], ['down', 10, 15, 'warmup'], ['down', 15, 30, 'dependency'], ['down', 30, 35, 'warmup']]);
    expect(r.horizonMinutes).toBe(35);
  });
});

describe('what empties a cache, and when its refill starts', () => {
  it('a cache emptied by one outage refills when it leaves down, not when the outage passes to its origin', () => {
    // pop (hard) fails 0–10: the cache is down for a cause that is not its origin, emptied. The
    // origin fails 5–30, so at 10 the cache stays down, now for its origin. It comes back at 30,
    // empty: refill 30–45, a = 1 · 0.9/0.1 = 9, the origin serving 1/(1 + 9(1 − u/15)) (10 % at
    // 30, above 5 %): degraded 30–45, and the cache (hard on it) with it. The engine before
    // started the refill at 10, while the cache was still down, and it was over at 25: the cache
    // came back warm at 30 and the origin never saw its misses.
    const r = runScenario(`services:
  origin: {name: Origin}
  pop: {name: POP}
  cache:
    name: Cache
    dependsOn:
      - {service: pop, type: hard}
      - {service: origin, type: hard, fill: {hitRatio: 0.9, warm: 15m, share: 1}}
scenarios:
  s:
    faults: [{service: pop, at: 0m, for: 10m}, {service: origin, at: 5m, for: 25m}]
`);
    expect(spans(r, 'origin')).toEqual([['down', 5, 30, 'fault'], ['degraded', 30, 45, 'fill']]);
    expect(spans(r, 'cache')).toEqual([['down', 0, 10, 'dependency'], ['down', 10, 30, 'dependency'], ['degraded', 30, 45, 'dependency']]);
    expect(r.horizonMinutes).toBe(45);
  });

  it("a collapse of the cache's own queue empties nothing", () => {
    // The cache (a queue: arrival 100/min, capacity 200/min, timeout 10 min, mitigation after
    // 20 min) is down 0–60 with its origin (contents kept): 100/min pile up, B(60) = 6000. At 60
    // it can process, and 6000 > μ·T = 200 · 10 = 2000: it collapses at once (down, cause
    // collapse) until the mitigation at 80, then drains throttled (degraded). A collapse is an
    // overload, not a restart: the cache comes out of down at 80 with its contents, and the
    // origin sees no misses. The engine before emptied it at 60 (a cause other than its origin)
    // and refilled it from 80: the origin degraded 80–95 (10× its load).
    const r = runScenario(`services:
  origin: {name: Origin}
  cache:
    name: Cache
    dependsOn:
      - {service: origin, type: hard, fill: {hitRatio: 0.9, warm: 15m, share: 1}}
    backlog: {arrival: 100/min, capacity: 200/min, timeout: 10m, mitigation: 20m}
scenarios:
  s:
    faults: [{service: origin, at: 0m, for: 60m}]
`);
    expect(spans(r, 'origin')).toEqual([['down', 0, 60, 'fault']]);
    expect(spans(r, 'cache').slice(0, 3).map(([st, a, b, k]) => [st, a, k === 'throttle' ? null : b, k])).toEqual([['down', 0, 60, 'dependency'], ['down', 60, 80, 'collapse'], ['degraded', 80, null, 'throttle']]);
  });

  it('a crash loop of the cache empties it (its restarts): with an origin without spare capacity, a real loop', () => {
    // The origin's demand is 3× for 0–20: it serves 1/3 (degraded), the reader is degraded (50 %
    // < 80 %) and the cache down from 0. Its crash loop (base 1 min, cap 5 min) retries after gaps
    // of 1, 2, 4, 5, 5 … min counted from 0: attempts at 1, 3, 7, 12, 17, 22. The cause clears
    // at 20; the cache comes back at the next attempt, 22 (down 20–22, crashloop). The restarts
    // empty it: back at 22, cold, a = 0.3 · 0.9/0.1 = 2.7, the origin at 3.7× its load (27 %
    // served) degraded 22–37, the reader degraded, the cache down from 22 for it (its origin's
    // doing: the refill goes on). At 37 the cause clears; attempts since 22 at 23, 25, 29, 34,
    // 39: down 37–39 crash-looping, back at 39 empty again. Every 15 + 2 = 17 min, for ever.
    const r = runScenario(`services:
  origin: {name: Origin}
  reader: {name: Reader, dependsOn: [{service: origin, type: hard}]}
  cache:
    name: Cache
    crashLoop: {base: 1m, cap: 5m}
    dependsOn:
      - {service: reader, type: hard, needs: 0.8}
      - {service: origin, type: hard, fill: {hitRatio: 0.9, warm: 15m, share: 0.3}}
scenarios:
  s:
    faults: [{service: origin, at: 0m, for: 20m, demand: 3}]
`);
    expect(spans(r, 'origin').slice(0, 3)).toEqual([['degraded', 0, 20, 'demand'], ['degraded', 22, 37, 'fill'], ['degraded', 39, 54, 'fill']]);
    expect(spans(r, 'cache').slice(0, 4)).toEqual([['down', 0, 20, 'dependency'], ['down', 20, 22, 'crashloop'], ['down', 22, 37, 'dependency'], ['down', 37, 39, 'crashloop']]);
    expect((r.oscillating ?? []).map((o) => [o.services, o.periodMinutes])).toEqual([[['origin', 'reader', 'cache'], 17]]);
  });
});

/**
 * Two origins without spare capacity, each read by a reader that the other origin's cache needs
 * at 80 %; both caches h = 0.9, refill 15 min, share 1 (a = 9). `a` fails 0–60.
 */
const twoCaches = `services:
  a: {name: Origin A}
  b: {name: Origin B}
  ra: {name: Reader of A, dependsOn: [{service: a, type: hard}]}
  rb: {name: Reader of B, dependsOn: [{service: b, type: hard}]}
  ca:
    name: Cache of A
    dependsOn:
      - {service: a, type: hard, fill: {hitRatio: 0.9, warm: 15m, share: 1}}
      - {service: rb, type: hard, needs: 0.8}
  cb:
    name: Cache of B
    dependsOn:
      - {service: b, type: hard, fill: {hitRatio: 0.9, warm: 15m, share: 1}}
      - {service: ra, type: hard, needs: 0.8}
scenarios:
  s:
    faults: [{service: a, at: 0m, for: 60m}]
`;

describe('two caches, each brought down by the other origin\'s surge: a real loop', () => {
  it('takes turns every 30 min, as the documented model says, and the repeat watch stops it', () => {
    // 0–60: a down; ca down for its own origin (kept); ra down, so cb (needing 80 % of ra) is down
    // for a cause that is not its origin b: emptied. 60: cb back cold, b at 1 + 9 = 10× its load,
    // serving 1/(1 + 9(1 − u/15)): degraded 60–75; rb degraded (50 % < 80 %): ca down 60–75 for
    // rb, whose cause is b, not a: emptied. 75: b back up, ca back cold: a degraded 75–90, ra
    // degraded, cb down 75–90 (emptied again); 90: cb back cold … every 30 min, for ever. Each
    // cache is degraded (hard on its origin) while its own misses load its origin.
    const r = runScenario(twoCaches);
    expect(spans(r, 'b').slice(0, 3)).toEqual([['degraded', 60, 75, 'fill'], ['degraded', 90, 105, 'fill'], ['degraded', 120, 135, 'fill']]);
    expect(spans(r, 'a').slice(0, 3)).toEqual([['down', 0, 60, 'fault'], ['degraded', 75, 90, 'fill'], ['degraded', 105, 120, 'fill']]);
    expect(spans(r, 'cb').slice(0, 4)).toEqual([['down', 0, 60, 'dependency'], ['degraded', 60, 75, 'dependency'], ['down', 75, 90, 'dependency'], ['degraded', 90, 105, 'dependency']]);
    expect(spans(r, 'ca').slice(0, 4)).toEqual([['down', 0, 60, 'dependency'], ['down', 60, 75, 'dependency'], ['degraded', 75, 90, 'dependency'], ['down', 90, 105, 'dependency']]);
    const osc = r.oscillating ?? [];
    expect(osc.map((o) => [o.services, o.periodMinutes, o.statePeriodMinutes])).toEqual([[['a', 'b', 'ra', 'rb', 'ca', 'cb'], 30, 30]]);
  });

  it('ends when one origin has a queue with room for its cache\'s misses', () => {
    // b gets a queue, arrival 100/min, capacity 1000/min (10× its arrival): the surge
    // 100 · (1 + 9(1 − u/15)) ≤ 1000 never exceeds it, so no work waits and b stays up. cb,
    // emptied by a's outage, refills at 60 without harm; nothing takes ca down after 60, and the
    // run ends when a is back: ra and cb at 60, ca at 60.
    const r = runScenario(twoCaches.replace('b: {name: Origin B}', 'b: {name: Origin B, backlog: {arrival: 100/min, capacity: 1000/min}}'));
    expect(spans(r, 'b')).toEqual([]);
    expect(spans(r, 'ca')).toEqual([['down', 0, 60, 'dependency']]);
    expect(spans(r, 'cb')).toEqual([['down', 0, 60, 'dependency']]);
    expect(r.horizonMinutes).toBe(60);
  });
});
