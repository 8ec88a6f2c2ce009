/**
 * Crash loops and reconnect herds (docs/model.md). Expected numbers are worked out in the
 * comments.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { runScenario, spans, svc } from './helpers.js';
import { ATTEMPT_TIE, nextAttempt } from '../../src/engine/crashloop.js';

describe('a crash loop', () => {
  const y = (extra: string, dur: string) => `services:
  dep: {name: Dep}
  app: {name: App, dependsOn: [dep], crashLoop: {base: 10s, cap: 5m${extra}}}
  user: {name: User, dependsOn: [app]}
scenarios:
  s:
    faults: [{service: dep, at: 0m, for: ${dur}}]
`;
  it('comes back at its next restart attempt after the cause clears', () => {
    // Backoffs 10 s, 20 s, 40 s, 80 s, 160 s, then the 5 min cap: attempts at 1/6, 1/2, 7/6,
    // 5/2, 31/6 min, then every 5 min: 61/6, 91/6, 121/6 ≈ 20.167. The cause clears at 17:
    // the next attempt is at 121/6, a wait of 121/6 − 17 = 19/6 ≈ 3.167 min.
    const r = runScenario(y('', '17m'));
    expect(spans(r, 'app')).toEqual([['down', 0, 17, 'dependency'], ['down', 17, 20.167, 'crashloop']]);
    expect(spans(r, 'user')).toEqual([['down', 0, 20.167, 'dependency']]);
    expect(svc(r, 'app').intervals[1]!.cause.detail).toBe('crash loop: backing off 3.2 min after a crash before its next restart');
  });

  it('a cause that clears exactly at an attempt comes back at once, whatever the rounding of the clock', () => {
    // base 3, cap 10: attempts at 3, 9 (3 + 6), 19 (+ 10), 29, 39 … The cause lasts 29 min from
    // a = 22/7 ≈ 3.142857142857143: in doubles (a + 29) − a = 29.000000000000004, a few ulps past
    // the attempt at 29; in exact arithmetic 29, the attempt itself: up at a + 29 = 32.143, not
    // held to the next attempt at a + 39 = 42.143
    const yaml = `services:
  dep: {name: Dep}
  app: {name: App, dependsOn: [dep], crashLoop: {base: 3m, cap: 10m}}
scenarios:
  s:
    faults: [{service: dep, at: 3.142857142857143m, for: 29m}]
`;
    expect((22 / 7 + 29) - 22 / 7).toBeGreaterThan(29); // the rounding this case is about
    expect(spans(runScenario(yaml), 'app')).toEqual([['down', 3.143, 32.143, 'dependency']]);
  });

  it('with jitter, waits a uniform share of the backoff in progress (the median draw: half)', () => {
    // at 17 the backoff in progress is the 5 min cap; the median of the jitter draw is 0.5: 2.5 min
    const r = runScenario(y(', jitter: true', '17m'));
    expect(spans(r, 'app')).toEqual([['down', 0, 17, 'dependency'], ['down', 17, 19.5, 'crashloop']]);
  });

  it('the schedule: property against a direct enumeration of attempts', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 120 }), fc.integer({ min: 1, max: 60 }), fc.double({ min: 0, max: 600, noNaN: true }), (baseS, capM, elapsed) => {
        const base = baseS / 60;
        const cap = Math.max(capM, base);
        const { wait, backoff } = nextAttempt(base, cap, elapsed);
        // enumerate attempts directly
        let at = 0;
        let d = Math.min(base, cap);
        // an attempt at most ATTEMPT_TIE before elapsed is now
        while (at + d < elapsed - ATTEMPT_TIE) { at += d; d = Math.min(cap, 2 * d); }
        expect(wait).toBeGreaterThanOrEqual(0);
        expect(wait).toBeCloseTo(Math.max(0, at + d - elapsed), 6);
        expect(backoff).toBeCloseTo(d, 9);
        expect(wait).toBeLessThanOrEqual(cap + 1e-9);
      }),
      { numRuns: 500 },
    );
  });
});

describe('a reconnect herd', () => {
  const y = (clients: string) => `services:
  db: {name: DB, backlog: {arrival: 100/min, capacity: 1000/min, timeout: 5m, mitigation: 10m}}
  web: {name: Web, dependsOn: [db], clients: {${clients}}}
scenarios:
  s:
    faults: [{service: db, at: 0m, for: 10m}]
`;
  it('without clients, the queue of an outage drains', () => {
    // B(10) = 10 × 100 = 1000 < μ·timeout = 1000 × 5 = 5000: drains at 900/min, up at 10 + 1000/900
    const r = runScenario(`services:
  db: {name: DB, backlog: {arrival: 100/min, capacity: 1000/min, timeout: 5m, mitigation: 10m}}
  web: {name: Web, dependsOn: [db]}
scenarios:
  s:
    faults: [{service: db, at: 0m, for: 10m}]
`);
    expect(svc(r, 'db').collapse).toBeNull();
    expect(svc(r, 'db').recoveredMinutes).toBeCloseTo(10 + 1000 / 900, 3);
  });

  it('a synchronized herd pushes it past its collapse threshold again', () => {
    // 120 clients × 40 retries = 4800 at once on top of 1000: 5800 > 5000: collapse at 10.
    // Collapsed, arrivals go on at 100/min; mitigation throttles at 20: B = 5800 + 1000 = 6800.
    // The clients lost it again and reconnect once it answers (degraded, throttled):
    // + 4800 = 11600, drained under the throttle at 900/min: up at 20 + 11600/900 ≈ 32.889.
    const r = runScenario(y('count: 120, retry: 40'));
    // while collapsed the queue reached 6800 (at 20, as it ended); the herd's 11600 came after
    expect(svc(r, 'db').collapse).toEqual({ startMinutes: 10, endMinutes: 20, endedBy: 'detection and mitigation', queued: { value: 6800, atMinutes: 20 } });
    expect(svc(r, 'db').backlogPeak).toEqual({ value: 11600, atMinutes: 20, unit: 'units of work' });
    expect(svc(r, 'db').recoveredMinutes).toBeCloseTo(20 + 11600 / 900, 3);
  });

  it('jittered reconnects spread over 5 min do not collapse it', () => {
    // 4800 over 5 min = 960/min extra: arrival 1060 > 1000, the queue grows 60/min from 1000 to
    // 1300 at 15 (< 5000), then drains at 900/min: up at 15 + 1300/900 ≈ 16.444.
    const r = runScenario(y('count: 120, retry: 40, spread: 5m'));
    expect(svc(r, 'db').collapse).toBeNull();
    expect(svc(r, 'db').backlogPeak).toEqual({ value: 1300, atMinutes: 15, unit: 'units of work' });
    expect(svc(r, 'db').recoveredMinutes).toBeCloseTo(15 + 1300 / 900, 3);
    expect(spans(r, 'db')).toEqual([['down', 0, 10, 'fault'], ['degraded', 10, 16.444, 'herd']]);
    expect(svc(r, 'db').intervals[1]!.cause.detail).toBe('draining a reconnect surge from 120 clients');
  });
});
