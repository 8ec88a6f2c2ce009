/**
 * The crash-loop and backpressure candidates on small catalogs, worked by hand (docs/model.md,
 * "Crash loops and reconnect herds" and "Backpressure"). Service-hours are tier-weighted
 * (tier 0 = 8, 1 = 4, 2 = 2, 3 = 1); a degraded minute counts half. Each test also writes the
 * change into the YAML (comments kept), loads it back and checks it simulates to the same measure.
 */
import { describe, expect, it } from 'vitest';
import { advise } from '../../src/advise/advise.js';
import { build, opts, rechecked } from './helpers.js';

// w (tier 1) needs dep (tier 2) and crash-loops while dep is down: backoff 10 s doubling, at most
// 5 min (the kubelet's CrashLoopBackOff); u (tier 0) needs w. dep fails 0–17 min.
const CRASH = `services:
  dep: {name: Dep, tier: 2}
  w:
    name: W
    tier: 1
    dependsOn: [dep]
    crashLoop: {base: 10s, cap: 5m}   # kubelet defaults
  u: {name: U, tier: 0, dependsOn: [w]}
scenarios:
  s:
    faults: [{service: dep, at: 0m, for: 17m}]
`;

describe('a crash loop that outlasts its cause', () => {
  it('caps the backoff at 1 min: back within a minute of the cause clearing', async () => {
    const c = build(CRASH);
    const a = await advise(c, opts(c));
    // Attempts (minutes from 0): gaps 1/6, 1/3, 2/3, 4/3, 8/3 → at 1/6, 1/2, 7/6, 5/2, 31/6; then
    // every 5: 61/6, 91/6, 121/6. dep clears at 17: w waits for 121/6 ≈ 20.167, and u with it.
    // Baseline: dep 2 × 17; w 4 × 121/6; u 8 × 121/6 (minutes, / 60).
    const back = 121 / 6;
    const base = (2 * 17 + (4 + 8) * back) / 60;
    expect(a.baseline.serviceHours).toBeCloseTo(base, 9);
    expect(a.baseline.fullP50).toBeCloseTo(back, 9);
    const e = a.ranked.find((x) => x.candidate.id === 'crash-backoff:w')!;
    expect(e.candidate.edits).toEqual([{ op: 'set-crash-cap', service: 'w', value: 1 }]);
    expect(e.effort).toBe('small');
    // cap 1 min: gaps 1/6, 1/3, 2/3, then 1 → attempts 1/6, 1/2, 7/6, then 13/6, 19/6, … 7/6 + k:
    // the first at or after 17 is 7/6 + 16 = 103/6 ≈ 17.167. w and u are back 3 min sooner.
    const fast = 103 / 6;
    expect(e.measure.fullP50).toBeCloseTo(fast, 9);
    expect(e.measure.serviceHours).toBeCloseTo((2 * 17 + (4 + 8) * fast) / 60, 9);
    expect(e.benefit.serviceHours).toBeCloseTo(((4 + 8) * 3) / 60, 9); // 0.6 h
    expect(a.ranked[0]!.candidate.id).not.toBe('crash-backoff:w'); // a replica of dep spares w and u entirely
    const r = rechecked(c, CRASH, e);
    expect(r.text).toContain('    # blast advise: W (w) retries a crashed restart at least every 1m (was: 5m)\n    crashLoop: {base: 10s, cap: 1m}   # kubelet defaults');
    expect(r.m).toEqual(e.measure);
  });

  it('with jitter, the wait is half the backoff in progress (the median draw): 2.5 min → 0.5 min', async () => {
    const text = CRASH.replace('cap: 5m}', 'cap: 5m, jitter: true}');
    const c = build(text);
    const a = await advise(c, opts(c));
    // at 17 the backoff in progress is the cap, 5: back at 17 + 0.5 × 5 = 19.5; with cap 1: 17.5
    expect(a.baseline.fullP50).toBeCloseTo(19.5, 9);
    const e = a.ranked.find((x) => x.candidate.id === 'crash-backoff:w')!;
    expect(e.measure.fullP50).toBeCloseTo(17.5, 9);
    expect(e.benefit.serviceHours).toBeCloseTo(((4 + 8) * 2) / 60, 9);
    expect(rechecked(c, text, e).m).toEqual(e.measure);
  });

  it('a cap already at a minute is halved; one no longer than the base is left alone', async () => {
    const half = build(CRASH.replace('cap: 5m', 'cap: 1m'));
    const h = (await advise(half, opts(half))).ranked.find((x) => x.candidate.id === 'crash-backoff:w')!;
    expect(h.candidate.edits).toEqual([{ op: 'set-crash-cap', service: 'w', value: 0.5 }]);
    const flat = build(CRASH.replace('{base: 10s, cap: 5m}', '{base: 2m, cap: 2m}'));
    expect((await advise(flat, opts(flat))).ranked.map((x) => x.candidate.id)).not.toContain('crash-backoff:w');
  });
});

// p (tier 1) writes to q's bounded queue (arrival 100/min, capacity 200/min, cap 1000) with
// backpressure; w (tier 0) needs p; q (tier 1) needs d (tier 2), which fails 0–30 min.
const BACKPRESSURE = `services:
  d: {name: D, tier: 2}
  q: {name: Queue, tier: 1, dependsOn: [d], backlog: {unit: events, arrival: 100/min, capacity: 200/min, cap: 1000}}
  p:
    name: Producer
    tier: 1
    dependsOn:
      - service: q
        type: async
        backpressure: true   # the client library blocks on a full buffer
  w: {name: Web, tier: 0, dependsOn: [p]}
scenarios:
  s:
    faults: [{service: d, at: 0m, for: 30m}]
`;

describe('a writer blocked by a full queue', () => {
  it('shedding saves the writer and its caller; a larger buffer saves less: it drains longer', async () => {
    const c = build(BACKPRESSURE);
    const a = await advise(c, opts(c));
    // Baseline (test/engine/backpressure.test.ts): q's queue fills at 100/min, full at 10; p and w
    // down 10–30; q down 0–30, degraded 30–40 (drains 1000 at 100/min); d down 0–30.
    // Minutes × weight: d 2 × 30; q 4 × 30 + 4 × 10 / 2; p 4 × 20; w 8 × 20.
    const dq = 2 * 30 + 4 * 30;
    expect(a.baseline.serviceHours).toBeCloseTo((dq + 4 * 5 + 4 * 20 + 8 * 20) / 60, 9);
    // shed-writes: p never blocks, w never down: saves (4 + 8) × 20 min = 4 h; q unchanged
    const shed = a.ranked.find((x) => x.candidate.id === 'shed-writes:p->q')!;
    expect(shed.candidate.edits).toEqual([{ op: 'drop-backpressure', service: 'p', on: 'q' }]);
    expect(shed.effort).toBe('medium');
    expect(shed.benefit.serviceHours).toBeCloseTo(4, 9);
    expect(shed.measure.serviceHours).toBeCloseTo((dq + 4 * 5) / 60, 9);
    // larger-buffer: 1000 + 2 × 20 blocked min × 100/min = 5000. The queue reaches 3000 at 30 (never
    // full): p and w never blocked; q drains 3000 at 100/min, degraded 30–60 instead of 30–40:
    // costs 4 × 20 / 2 = 40 min. Saves (240 − 40) min = 10/3 h, small effort: best per effort.
    const buf = a.ranked.find((x) => x.candidate.id === 'larger-buffer:q')!;
    expect(buf.candidate.edits).toEqual([{ op: 'set-backlog', service: 'q', field: 'cap', value: 5000 }]);
    expect(buf.effort).toBe('small');
    expect(buf.measure.serviceHours).toBeCloseTo((dq + 4 * 15) / 60, 9);
    expect(buf.benefit.serviceHours).toBeCloseTo(10 / 3, 9);
    expect(buf.measure.fullP50).toBeCloseTo(60, 9);
    expect(buf.perEffort).toBeGreaterThan(shed.perEffort); // 3.33 / 1 > 4 / 2
    // both written into the YAML, comments kept, simulate to the same measures
    const s = rechecked(c, BACKPRESSURE, shed);
    expect(s.text).toContain('        type: async\n        # blast advise: Producer (p) sheds writes to Queue (q) when its queue is full instead of blocking (was: backpressure: true)\n  w:');
    expect(s.m).toEqual(shed.measure);
    const b = rechecked(c, BACKPRESSURE, buf);
    expect(b.text).toContain('cap: 5000}');
    expect(b.m).toEqual(buf.measure);
  });

  it('a flow-style edge loses its backpressure key in place', async () => {
    const text = BACKPRESSURE.replace('    dependsOn:\n      - service: q\n        type: async\n        backpressure: true   # the client library blocks on a full buffer\n', '    dependsOn: [{service: q, type: async, backpressure: true}]\n');
    const c = build(text);
    const a = await advise(c, opts(c));
    const shed = a.ranked.find((x) => x.candidate.id === 'shed-writes:p->q')!;
    const r = rechecked(c, text, shed);
    expect(r.text).toContain('    dependsOn: [{service: q, type: async}]');
    expect(r.m).toEqual(shed.measure);
  });
});
