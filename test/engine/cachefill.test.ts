/**
 * Cold caches loading their origin (docs/model.md, "Cold caches loading their origin"): a
 * cache back from an outage raises its origin's demand by share · h/(1 − h) · coldness,
 * coldness falling linearly from 1 to 0 over `warm`. Expected numbers are worked out in the
 * comments from the closed form of the linear decline, which the engine follows exactly as a
 * demand slope: a queue's arrival is the line (its backlog a quadratic, exact); a served
 * fraction c/d(t) is followed by chords within RAMP_EPS = 0.001 (ramp.ts), its crossings of
 * 100 % and 5 % exact. Results are rounded to a thousandth of a minute (0.0005 below).
 */
import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/catalog/build.js';
import { MAX_SURGE, surgeOf } from '../../src/engine/cachefill.js';
import { runScenario, spans, svc } from './helpers.js';

/** cdn (a cache, its fault 0–10) in front of origin; app needs the cdn, reader needs half of the origin. */
const cdn = (origin: string, fill: string, extra = '', scenario = '    faults: [{service: cdn, at: 0m, for: 10m}]') => `services:
  origin: {name: Origin${origin}}
  cdn:
    name: CDN
    dependsOn:
      - {service: origin, type: soft, fill: {${fill}}}
  reader: {name: Reader, dependsOn: [{service: origin, needs: 0.5}]}
${extra}scenarios:
  s:
${scenario}
`;

describe('a cold cache in front of an origin with a queue', () => {
  it('fills the queue while it refills; the queue drains after (hand-worked)', () => {
    // a = share · h/(1 − h) = 0.5 · 0.9/0.1 = 4.5. From 10, u minutes later the origin's arrival
    // is 100 · (1 + 4.5 (1 − u/30)) = 550 − 15u per minute against a capacity of 200: the queue
    // grows at 350 − 15u. B(30) = 350·30 − 7.5·30² = 10500 − 6750 = 3750 (the arrival is the
    // line, the backlog its quadratic). From 40 the demand is normal (100/min): the queue drains
    // at 100/min for 3750/100 = 37.5 min, up at 77.5.
    // Peak where arrival = capacity, 350 = 15u, u = 70/3: 350u − 7.5u² = 24500/3 − 12250/3
    // = 12250/3 = 4083.33 (rounded to a unit: 4083) at minute 10 + 70/3 = 33.333.
    const r = runScenario(cdn(', backlog: {arrival: 100/min, capacity: 200/min}', 'hitRatio: 0.9, warm: 30m, share: 0.5'));
    expect(spans(r, 'origin')).toEqual([['degraded', 10, 40, 'fill'], ['degraded', 40, 77.5, 'backlog']]);
    const o = svc(r, 'origin');
    expect(o.backlogPeak!.value).toBe(4083);
    expect(Math.abs(o.backlogPeak!.atMinutes - (10 + 70 / 3))).toBeLessThanOrEqual(0.0005 + 1e-9);
    expect(o.intervals[0]!.cause.service).toBe('cdn');
    // at 10, empty: 1 + 4.5 · 1 = 5.5
    expect(o.intervals[0]!.cause.detail).toBe('cold-cache misses from CDN (refilling, 0 % warm): 5.5× its normal load, back to normal as it warms over the next 30 min');
    // the critical path goes through the origin, which waited on the cold cache, then on the
    // queue its misses left (blamed on the cache too, in words), and on to the cache's fault
    const at = r.criticalPath.findIndex((st) => st.id === 'origin');
    expect(r.criticalPath[at]!.waitedOn!.map((w) => [w.cause.kind, w.cause.service])).toEqual([['fill', 'cdn'], ['backlog', 'cdn']]);
    expect(r.criticalPath.slice(at + 1).map((st) => st.id)).toEqual(['cdn']);
    expect(o.intervals[1]!.cause.detail).toBe('draining units of work queued while cold-cache misses from CDN loaded it');
  });
});

describe('surges that add up on one origin', () => {
  it('two caches: the slope is the sum of the slopes, a kink where one ends (hand-worked)', () => {
    // cdn: a = 0.5 · 0.9/0.1 = 4.5 over 30 min; cdn2: a = 0.25 · 0.8/0.2 = 1 over 20 min; both
    // back at 10. For u ≤ 20 the arrival is 100 · (1 + 4.5(1 − u/30) + (1 − u/20)) = 650 − 20u
    // against 200: B(20) = 450·20 − 10·20² = 5000. Then 550 − 15u: the queue grows at 350 − 15u
    // until u = 70/3, B(70/3) = 5000 + 350·(10/3) − 7.5·((70/3)² − 20²) = 5000 + 3500/3 − 3250/3
    // = 5083.33 (to a unit: 5083) at 33.333; B(30) = 5000 + 3500 − 7.5·(900 − 400) = 4750, drained
    // at 100/min in 47.5 min: up at 87.5.
    const extra = `  cdn2:
    name: CDN 2
    dependsOn:
      - {service: origin, type: soft, fill: {hitRatio: 0.8, warm: 20m, share: 0.25}}
`;
    const r = runScenario(cdn(', backlog: {arrival: 100/min, capacity: 200/min}', 'hitRatio: 0.9, warm: 30m, share: 0.5', extra, '    faults: [{service: cdn, at: 0m, for: 10m}, {service: cdn2, at: 0m, for: 10m}]'));
    expect(spans(r, 'origin')).toEqual([['degraded', 10, 40, 'fill'], ['degraded', 40, 87.5, 'backlog']]);
    const o = svc(r, 'origin');
    expect(o.backlogPeak!.value).toBe(5083);
    expect(Math.abs(o.backlogPeak!.atMinutes - (10 + 70 / 3))).toBeLessThanOrEqual(0.0005 + 1e-9);
    // at 10: 1 + 4.5 + 1 = 6.5, the larger surge named
    expect(o.intervals[0]!.cause.detail).toBe('cold-cache misses from CDN (refilling, 0 % warm): 6.5× its normal load, back to normal as it warms over the next 30 min');
  });

  it('a cold cache on a load fault that grows: the product of the two lines', () => {
    // demand fault from 1 to 2 over 30 min from 10, a cold cache with a = 1 · 0.5/0.5 = 1 back at
    // 10, warm 30: with x = u/30, d = (1 + x)(2 − x) = 2 + x − x², capacity 1, served 1/d until
    // the fault ends at 40. 1/((2 − x)(1 + x)) = (1/3)(1/(2 − x) + 1/(1 + x)), whose integral
    // over [0, 1] is (1/3)(ln 2 + ln 2) = (2/3)·ln 2: unserved = 30 · (1 − (2/3)·ln 2) = 16.137.
    // The engine follows d by its tangent, looked at again before it drifts 0.001 of d (so 1/d
    // within about 0.001 of itself, ≤ 0.0005 here as d ≥ 2), and 1/d by chords within 0.001:
    // within 30 · 0.0015 = 0.045 (± 0.0005 of rounding).
    const r = runScenario(cdn('', 'hitRatio: 0.5, warm: 30m', '', '    faults: [{service: cdn, at: 0m, for: 10m}, {service: origin, at: 10m, for: 30m, demand: {from: 1, to: 2, over: 30m}}]'));
    expect(spans(r, 'origin').map(([st, a, b]) => [st, a, b])).toEqual([['degraded', 10, 40]]);
    const exact = 30 * (1 - (2 / 3) * Math.log(2));
    expect(Math.abs(svc(r, 'origin').unservedMinutes! - exact)).toBeLessThanOrEqual(30 * 0.0015 + 0.0005);
  });
});

describe('a cold cache in front of an origin without a queue', () => {
  it('overloads it until the cache is warm: served 1/d(t), unserved minutes in closed form', () => {
    // a = 1 · 0.9/0.1 = 9: demand d(u) = 1 + 9(1 − u/30), capacity 1, served 1/d. Degraded from
    // 10 until d = 1, at 40. Unserved = ∫₀³⁰ (1 − 1/d) du = 30 − (30/9)·ln 10 = 30 − 7.675
    // = 22.325 min. The engine serves the chords of 1/d, each within RAMP_EPS = 0.001 of it and,
    // 1/d being convex in u, above it: the unserved minutes are at most 0.001 · 30 = 0.03 below
    // the closed form, never above it (± 0.0005 of rounding).
    // The reader needs 50 %: back when d ≤ 2, 9(1 − u/30) = 1, u = 80/3: at 36.667. A crossing of
    // 50 % is read off a chord: s = 1/d falls at d'/d² = 0.3/4 = 0.075 per minute there, so a
    // chord within 0.001 crosses within 0.001/0.075 = 0.0133 min of it.
    const r = runScenario(cdn('', 'hitRatio: 0.9, warm: 30m'));
    expect(spans(r, 'origin')).toEqual([['degraded', 10, 40, 'fill']]);
    const exact = 30 - (30 / 9) * Math.log(10);
    const unserved = svc(r, 'origin').unservedMinutes!;
    expect(unserved).toBeLessThanOrEqual(exact + 0.0005);
    expect(unserved).toBeGreaterThanOrEqual(exact - 0.001 * 30 - 0.0005);
    const reader = spans(r, 'reader');
    expect(reader).toHaveLength(1);
    expect(reader[0]![1]).toBe(10);
    expect(Math.abs(reader[0]![2]! - (10 + 80 / 3))).toBeLessThanOrEqual(0.001 / 0.075 + 0.0005);
  });

  it('warm defaults to the cache\'s own warm-up (recovery.time)', () => {
    const yaml = cdn('', 'hitRatio: 0.5').replace('    name: CDN\n', '    name: CDN\n    recovery: {time: 20m, state: degraded}\n');
    // a = 1 · 0.5/0.5 = 1: the origin is at 2× at first, degraded from 10 to 10 + 20 = 30
    const r = runScenario(yaml);
    expect(spans(r, 'origin')).toEqual([['degraded', 10, 30, 'fill']]);
  });

  it('hitRatio 0: a cache that hits nothing sends its normal misses, nothing changes', () => {
    const r0 = runScenario(cdn('', 'hitRatio: 0, warm: 30m'));
    const none = runScenario(cdn('', 'hitRatio: 0, warm: 30m').replace(', fill: {hitRatio: 0, warm: 30m}', ''));
    expect(r0.services.map((s) => s.intervals)).toEqual(none.services.map((s) => s.intervals));
    expect(spans(r0, 'origin')).toEqual([]);
  });
});

describe('what empties a cache', () => {
  it('an outage of the origin itself leaves the contents: no surge when it returns', () => {
    const r = runScenario(cdn('', 'hitRatio: 0.9, warm: 30m', '', '    faults: [{service: origin, at: 0m, for: 10m}]').replace('type: soft, fill', 'type: hard, fill'));
    expect(spans(r, 'cdn')).toEqual([['down', 0, 10, 'dependency']]);
    expect(spans(r, 'origin')).toEqual([['down', 0, 10, 'fault']]);
  });

  it('a restart empties it although it never went down', () => {
    const r = runScenario(cdn('', 'hitRatio: 0.9, warm: 30m', '', '    faults: []\n    actions: [{at: 5m, service: cdn, do: restart}]'));
    expect(spans(r, 'origin')).toEqual([['degraded', 5, 35, 'fill']]);
  });

  it('an outage of the origin mid-refill leaves the refill on its line', () => {
    // cdn fails 0–10: cold from 10, warm 30 (refilled at 40). The origin fails 20–25: the cdn
    // (hard on it) is down 20–25 for its origin, so its contents stay and its clients' requests
    // still reach the origin: the refill goes on, and the origin is loaded again from 25 to 40.
    const r = runScenario(cdn('', 'hitRatio: 0.9, warm: 30m', '', '    faults: [{service: cdn, at: 0m, for: 10m}, {service: origin, at: 20m, for: 5m}]').replace('type: soft, fill', 'type: hard, fill'));
    expect(spans(r, 'origin')).toEqual([['degraded', 10, 20, 'fill'], ['down', 20, 25, 'fault'], ['degraded', 25, 40, 'fill']]);
    // at 25 the refill is half done (15 of 30 min): 1 + 9 · 0.5 = 5.5, warm in 15 min
    expect(svc(r, 'origin').intervals[2]!.cause.detail).toBe('cold-cache misses from CDN (refilling, 50 % warm): 5.5× its normal load, back to normal as it warms over the next 15 min');
  });

  it('a surge that takes the origin down does not empty the cache behind it again', () => {
    // share 0.4, h = 0.98: a = 0.4 · 49 = 19.6, the origin serves 1/d(u), d(u) = 1 + 19.6(1 − u):
    // under 5 % (d > 20) until u = 0.6/19.6 = 0.030612, so down from 1 to 1.031 (the crossing of
    // 5 % is solved exactly, then rounded), then degraded to 2.
    // The cdn (hard on it) is down for its origin meanwhile: not emptied, its misses keep
    // coming, the refill stays on its line (before this rule, the cdn going down stopped the
    // surge, which brought the origin back, which brought the cdn back cold: a loop within one
    // instant).
    const r = runScenario(cdn('', 'hitRatio: 0.98, warm: 1m, share: 0.4', '', '    faults: [{service: cdn, at: 0m, for: 1m}]').replace('type: soft, fill', 'type: hard, fill'));
    const o = spans(r, 'origin');
    expect(o.map(([st, a, , k]) => [st, a, k])).toEqual([['down', 1, 'fill'], ['degraded', o[1]![1], 'fill']]);
    expect(Math.abs(o[0]![2]! - (1 + 0.6 / 19.6))).toBeLessThanOrEqual(0.0005 + 1e-9);
    expect(o[1]![2]).toBe(2);
    expect(spans(r, 'cdn').map(([st, a, b, k]) => [st, a, b, k])).toEqual([['down', 0, 1, 'fault'], ['down', 1, o[0]![2], 'dependency'], ['degraded', o[0]![2], 2, 'dependency']]);
  });
});

describe('cells', () => {
  const cells = (edge: string, originCells: boolean) => `services:
  origin: {name: Origin${originCells ? ', cells: {a: 0.6, b: 0.4}' : ''}}
  cdn:
    name: CDN
    cells: {a: 0.6, b: 0.4}
    dependsOn:
      - {service: origin, type: soft${edge}, fill: {hitRatio: 0.9, warm: 30m}}
scenarios:
  s:
    faults: [{service: cdn, cell: a, at: 0m, for: 10m}]
`;

  it('a cell of the cache in front of a global origin loads it by its share', () => {
    // cell a carries 0.6 of the cache's traffic: a = 0.6 · 9 = 5.4. Unserved on the origin:
    // 30 − (30/5.4)·ln 6.4 = 30 − 10.313 = 19.687 min; chords above the convex 1/d: at most
    // 0.001 · 30 below it (± 0.0005 of rounding)
    const r = runScenario(cells('', false));
    expect(spans(r, 'origin')).toEqual([['degraded', 10, 40, 'fill']]);
    expect(svc(r, 'origin').intervals[0]!.cause.service).toBe('cdn@a');
    const exact = 30 - (30 / 5.4) * Math.log(6.4);
    expect(svc(r, 'origin').unservedMinutes!).toBeLessThanOrEqual(exact + 0.0005);
    expect(svc(r, 'origin').unservedMinutes!).toBeGreaterThanOrEqual(exact - 0.03 - 0.0005);
  });

  it('a cell-local cache loads the origin\'s cell of the same name, by the whole share', () => {
    // origin@a: a = 9 (its demand comes through cdn@a); origin@b is untouched. The origin as a
    // whole serves 0.6/d + 0.4: unserved 0.6 × (30 − (30/9)·ln 10) = 0.6 × 22.325 = 13.395
    const r = runScenario(cells(', cell: local', true));
    const o = svc(r, 'origin');
    const a = o.cells!.find((c) => c.cell === 'a')!;
    const b = o.cells!.find((c) => c.cell === 'b')!;
    expect(a.intervals.map((i) => [i.state, i.start, i.end, i.cause.kind])).toEqual([['degraded', 10, 40, 'fill']]);
    expect(b.intervals).toEqual([]);
    // the cell's chords within 0.001 over 30 min, weighted by its share 0.6: at most 0.018 below
    const exact = 0.6 * (30 - (30 / 9) * Math.log(10));
    expect(o.unservedMinutes!).toBeLessThanOrEqual(exact + 0.0005);
    expect(o.unservedMinutes!).toBeGreaterThanOrEqual(exact - 0.6 * 0.03 - 0.0005);
  });
});

describe('the surge', () => {
  it('surge: share · h / (1 − h)', () => {
    expect(surgeOf(0.9, 1)).toBeCloseTo(9, 12);
    expect(surgeOf(0.9, 0.5)).toBeCloseTo(4.5, 12);
    expect(surgeOf(0, 1)).toBe(0);
    expect(surgeOf(1, 1)).toBeCloseTo(MAX_SURGE, 6);
  });
});

describe('validation', () => {
  /** [code, line:col] of each error, and whether its message is about the fill. */
  const problems = (yaml: string): Array<[string, string, boolean]> => {
    const res = buildCatalog([{ file: 'c.yaml', bytes: new TextEncoder().encode(yaml) }]);
    return res.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, `${d.pos?.line}:${d.pos?.col}`, /fill/.test(d.message)]);
  };
  it('refuses a hit ratio of 1, a fill without a refill time, and a fill on a group, at the fill', () => {
    // line 6 is the edge; column 39 its `fill` key (column 44 in the group's longer line)
    expect(problems(cdn('', 'hitRatio: 1, warm: 30m'))).toEqual([['invalid-value', '6:39', true]]);
    expect(problems(cdn('', 'hitRatio: {min: 0.8, max: 1}, warm: 30m'))).toEqual([['invalid-value', '6:39', true]]);
    expect(problems(cdn('', 'hitRatio: 0.9'))).toEqual([['invalid-value', '6:39', true]]);
    expect(problems(cdn('', 'hitRatio: 0.9, warm: 30m').replace('{service: origin, type: soft,', '{of: [origin, reader], atLeast: 1,'))).toEqual([['invalid-value', '6:44', true]]);
    expect(problems(cdn('', 'hitRatio: 0.9, warm: 30m'))).toEqual([]);
    // an unknown field is a warning, as everywhere in a catalog, with the fields it knows
    const res = buildCatalog([{ file: 'c.yaml', bytes: new TextEncoder().encode(cdn('', 'hitRatio: 0.9, warm: 30m, size: 3')) }]);
    expect(res.diagnostics.map((d) => [d.severity, d.code, d.hint])).toEqual([['warning', 'unknown-field', 'known fields: hitRatio, warm, share']]);
  });
});
