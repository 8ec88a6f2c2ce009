/**
 * A served fraction c(t)/d(t) followed by chords (ramp.ts, servedChord) meets 5 % where c/d does,
 * not before. A staged restart brings an origin's capacity back as a line while the cold cache in
 * front of it refills, its misses falling as a line: c/d rises and is convex. A chord across the
 * crossing lies above c/d, so it met 5 % early; the look scheduled there (capacity.ts, moveServed)
 * found c/d still below and scheduled another, again early, converging on the crossing without
 * reaching it; every other look at the origin while it climbed added one such wake. On a random
 * catalog of 2,000 services whose caches fail and come back cold in a loop
 * (bench/engine-reference.ts, withAllMechanisms with fills), such wakes piled up on one origin
 * until more than 10,000 instants fell within a microminute of minute 694.9 and the run threw
 * EngineNonTermination. The chord now ends at the crossing when it comes first.
 */
import { describe, expect, it } from 'vitest';
import { coldRestart, runScenario, spans, svc } from './helpers.js';

/** origin restarts at 10 (20 min to full capacity) while the CDN in front of it comes back cold. */
const catalog = coldRestart();

describe('a chord of the served fraction across 5 %', () => {
  it('ends at the crossing: the served line reaches 5 % where c/d does (hand-worked)', () => {
    // x minutes after 10: capacity c = x/20 = 0.05x (100 units at 10/min, 2× slower under full
    // load: 20 min); demand d = 1 + 1 · 0.9/0.1 · (1 − x/15) = 10 − 0.6x. c/d = 0.05 where
    // 0.05x = 0.5 − 0.03x, x = 0.5/0.08 = 6.25: the origin is down until 16.25 and degraded
    // (restarting) until its capacity is whole at 30.
    const r = runScenario(catalog);
    expect(spans(r, 'origin')).toEqual([['down', 0, 10, 'fault'], ['down', 10, 16.25, 'restart'], ['degraded', 16.25, 30, 'restart']]);
    // after the fault, the served curve first reaches 5 % at 16.25, where c = 0.3125 and d = 6.25 (before, the
    // chord across the crossing reached it at 16.239, c/d = 0.311964/6.2566 = 0.04986 there)
    const pts = svc(r, 'origin').capacity!;
    const first = pts.find((p) => p.minute >= 10 && p.served >= 0.05)!;
    expect(first).toEqual({ minute: 16.25, capacity: 0.3125, served: 0.05 });
    // no look at the origin between the last chord's start and the crossing: every point from
    // 10 to 16.25 follows c/d within RAMP_EPS = 0.001 (a chord's largest gap) and is below 5 %
    for (const p of pts.filter((q) => q.minute >= 10 && q.minute < 16.25)) {
      const x = p.minute - 10;
      expect(Math.abs(p.served - (0.05 * x) / (10 - 0.6 * x))).toBeLessThanOrEqual(0.001 + 1e-6);
      expect(p.served).toBeLessThan(0.05);
    }
  });
});
