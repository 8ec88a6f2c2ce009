/**
 * Termination (docs/model.md, "Termination"): the catalog that made run() loop forever
 * (test/fixtures/advise/engine-hang.yaml), run through the engine directly with a hard time
 * bound, and the times it must compute, worked out by hand from the catalog's rates.
 *
 * The hang: s2's queue (cap 240) refills at 100/min each time s0 drains. After ~32 768 min of
 * this the time is large enough that the cap root (240 − B) / 100, with B a few 1e-10 short of
 * 240, is below half an ulp of t: the queue event was scheduled at t itself, popped in a new
 * instant, found the queue unchanged and scheduled again at t, for ever.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { catalogOf } from './helpers.js';
import { buildModel, explain, prepareSimulation, run } from '../../src/engine/index.js';
import { EngineNonTermination, MAX_HORIZON } from '../../src/engine/simulate.js';
import { timeAfter } from '../../src/engine/events.js';

const yaml = readFileSync(new URL('../fixtures/advise/engine-hang.yaml', import.meta.url), 'utf8');

describe('the engine-hang fixture terminates', () => {
  it('finishes within a hard time bound and computes the hand-worked times', () => {
    const c = catalogOf(yaml);
    const model = buildModel(prepareSimulation(c), { scenario: c.scenarios.get('s')! });
    const t0 = performance.now();
    // to the 30-day cut, as before runs stopped at a repeat of their whole state (repeat.ts): the
    // path through the late minutes where the cap root used to stall is what this test is for
    const out = run(model, model.params.medians(), { repeatStop: false });
    expect(performance.now() - t0).toBeLessThan(5_000);
    // one queue event per turn of the two queues, plus a handful: a few thousand events, not millions
    expect(out.events).toBeLessThan(50_000);
    const r = explain(model, out);
    const svc = (id: string) => r.services.find((s) => s.id === id)!;
    const spans = (id: string) => svc(id).intervals.map((i) => [i.state, i.start, i.end, i.cause.kind]);

    // s3: fault 5–18, then its 5-min warm-up: up at 23.
    expect(spans('s3')).toEqual([['down', 5, 18, 'fault'], ['down', 18, 23, 'warmup']]);
    expect(svc('s3').recoveredMinutes).toBe(23);
    // s5 (async on s3, timeout 5m: collapse above 150 × 5 = 750) queued 100/min × 18 min = 1800
    // while s3 was down: it collapses at 23 and, with no mitigation, never recovers.
    expect(spans('s5')).toEqual([['down', 23, null, 'collapse']]);
    // s4 needs s1 (hard cycle s1 ⇄ s4) and one of s2, s3. s1's fault ends at 19; both wait for
    // s4's group, back at 23 (s3 up). Then nothing grounds either: the one evaluated first starts
    // its warm-up and the other waits for it. The instant's work is taken dependencies first, and
    // s4 comes before s1 in that order (s3, s2, s0, s4, s1, s5), so s4 warms up 23–45 (p50 22m)
    // while s1 waits. s4's queue grew 100/min from 5 to 45 (4000 > 150 × 16 = 2400): collapse at
    // 45, down for good, and s1 with it (which member of a cycle warms up first is one of the
    // orders docs/model.md, "Within an instant", lists as left to the engine).
    expect(spans('s4')).toEqual([['down', 5, 23, 'group'], ['down', 23, 45, 'warmup'], ['down', 45, null, 'collapse']]);
    expect(spans('s1')).toEqual([['down', 5, 7, 'dependency'], ['down', 7, 19, 'fault'], ['down', 19, null, 'dependency']]);

    // s0 ⇄ s2 through async edges take turns. s2 is down 5–23 (s3); its queue fills at
    // 100 × retry 4 to its cap, 240. s0 waits on s2: 100/min × 18 = 1800 at 23.
    // 23: s2 drains 240 at 150 − 100 = 50/min → up at 27.8; s0 waited: 1800 + 480 = 2280 (< 2700).
    // 27.8: s0 drains 2280 at 50/min → up at 73.4; s2 refills to its cap (240) meanwhile.
    // 73.4: s2 drains 240 → 78.2; s0 holds 100 × 4.8 = 480 → drains in 9.6 → 87.8; s2 is capped
    // at 240 again, and from then on the turn repeats every 4.8 + 9.6 = 14.4 min: the arrivals
    // together (200/min) exceed the capacity of the one draining (150/min), a self-sustaining
    // overload held bounded by the cap. Neither recovers for good.
    expect(spans('s2').slice(0, 3)).toEqual([['down', 5, 23, 'dependency'], ['degraded', 23, 27.8, 'backlog'], ['degraded', 73.4, 78.2, 'backlog']]);
    expect(spans('s0').slice(0, 2)).toEqual([['degraded', 27.8, 73.4, 'backlog'], ['degraded', 78.2, 87.8, 'backlog']]);
    const s0 = svc('s0').intervals;
    const s2 = svc('s2').intervals;
    for (let k = 1; k < s0.length; k++) {
      expect(s0[k]!.start).toBeCloseTo(78.2 + 14.4 * (k - 1), 2);
      if (s0[k]!.end !== null) expect(s0[k]!.end!).toBeCloseTo(87.8 + 14.4 * (k - 1), 2);
    }
    for (let k = 2; k < s2.length; k++) {
      expect(s2[k]!.start).toBeCloseTo(73.4 + 14.4 * (k - 2), 2);
      expect(s2[k]!.end!).toBeCloseTo(78.2 + 14.4 * (k - 2), 2);
    }
    // the turns run to the 30-day horizon (past the minute where the cap root used to stall)
    expect(s0.length).toBeGreaterThan(2990);
    expect(s0.at(-1)!.start).toBeGreaterThan(MAX_HORIZON - 14.4);
    expect(s0.at(-1)!.end).toBeNull();
    expect(svc('s0').recovered).toBe(false);
    // s2 is up at the horizon (between two turns), so it reads as recovered at its last turn's end:
    // a cut by the horizon, not a recovery (docs/model.md: a run ends at 30 days)
    expect(svc('s2').recoveredMinutes).toBeCloseTo(78.2 + 14.4 * 2994, 2);
    expect(r.fullRecoveryMinutes).toBeNull();
    expect(r.affected).toBe(6);
  }, 10_000);

  it('a root floating point absorbs into now is scheduled at the next representable time', () => {
    const t = 32768.59999999649;
    expect(t + 2.18e-12).toBe(t);
    expect(timeAfter(t, 2.18e-12)).toBeGreaterThan(t);
    expect(timeAfter(t, 2.18e-12) - t).toBe(2 ** -37); // one ulp at 2^15
    expect(timeAfter(10, 2.5)).toBe(12.5);
    expect(timeAfter(0, 1e-320)).toBeGreaterThan(0);
    expect(timeAfter(5, Infinity)).toBe(Infinity);
  });

  it('the last line of defence reports a bug instead of hanging', () => {
    const e = new EngineNonTermination('the run does not advance');
    expect(e.message).toMatch(/this is a bug in the engine/);
  });
});
