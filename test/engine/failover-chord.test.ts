/**
 * The chords a gradual failover follows a receiving cell's served fraction c/d by
 * (failover-drain.ts, `served`) end where c/d crosses 5 %, as ramp.ts's do (servedChord; the
 * flaw it had: chord-crossing.test.ts). A line through a chord meets 5 % where c/d does only at
 * the chord's ends; elsewhere, on the wrong side of it where c/d is convex:
 * - c/d rising (capacity coming back while the misses of a cold cache fall): a chord across the
 *   crossing lies above c/d and met 5 % early; the look capacity.ts's moveServed schedules there
 *   found c/d still below, and scheduled another, again early;
 * - c/d falling (a demand that rises on level capacity, what failover does to the cells that
 *   receive): a chord across the crossing lies above c/d and met 5 % late, and the line past a
 *   chord that ends short of it lies below c/d and meets 5 % early: the looks converged on the
 *   crossing from below, and the label turned at the first one past it, late. Each of those
 *   looks started a chord of its own, whose line scheduled another: a look within a chord under
 *   way now keeps it.
 */
import { describe, expect, it } from 'vitest';
import { catalogOf, coldRestart, runScenario, svc } from './helpers.js';
import { buildModel, prepareSimulation, run } from '../../src/engine/index.js';
import type { RunOutcome } from '../../src/engine/outcome.js';
import { STATE_DEGRADED, STATE_DOWN } from '../../src/engine/model.js';
import { CHORD_ERROR } from '../../src/engine/failover-drain.js';

/** The run of scenario `s` of `yaml` at the medians, and the slot of `id`. */
function rawRun(yaml: string, id: string): { out: RunOutcome; i: number } {
  const c = catalogOf(yaml);
  const m = buildModel(prepareSimulation(c), { scenario: c.scenarios.get('s')! });
  return { out: run(m, m.params.medians()), i: m.graph.ids.indexOf(id) };
}

/** [time, state] of each transition of slot i, unrounded. */
function transitions(out: RunOutcome, i: number): Array<[number, number]> {
  const L = out.log;
  const r: Array<[number, number]> = [];
  for (let k = 0; k < L.length; k++) if (L.service[k] === i) r.push([L.time[k]!, L.state[k]!]);
  return r;
}

/** Cell b carries 4 % of the traffic; a (96 %) is lost 0–30 and its traffic moves to b over 24 min. */
const overload = `services:
  api:
    name: API
    cells: {a: 0.96, b: 0.04}
    failover: {over: 24m}
scenarios:
  s:
    faults: [{service: api, cell: a, for: 30m}]
`;

describe('a cell overloaded by a gradual failover', () => {
  it('is down from where c/d meets 5 %, not after (hand-worked)', () => {
    // m = t/24 of a's traffic has moved by t ≤ 24; b (W = 0.04) carries D = 1 + 0.96·m/0.04 =
    // 1 + 24m = 1 + t of its own traffic on capacity 1 (headroom 0): s = 1/(1 + t), below 1 from
    // 0, 5 % at 1 + t = 20: t = 19. Overloaded, b keeps its traffic (cells-run.ts: down by its
    // own demand is not out). a is back at 30 and takes its traffic back at once: b serves all.
    const r = runScenario(overload);
    const b = svc(r, 'api').cells!.find((x) => x.cell === 'b')!;
    expect(b.intervals.map((x) => [x.state, x.start, x.end, x.cause.kind])).toEqual([['degraded', 0, 19, 'demand'], ['down', 19, 30, 'demand']]);
    const { out, i } = rawRun(overload, 'api@b');
    // unrounded: the label turns where the line is 2·FRAC_EPS below 5 % (capacity.ts), the line
    // falling as c/d does there, 1/(1 + t)² = 1/400 a minute: 2e-9 × 400 = 8e-7 after 19
    // (before, 19.00006: the looks converged on 19 from below and one stepped past it)
    const [down] = transitions(out, i).filter(([, s]) => s === STATE_DOWN);
    expect(down![0]).toBeGreaterThanOrEqual(19);
    expect(down![0]).toBeLessThanOrEqual(19 + 1e-6);
    // every point before 19 follows 1/(1 + t) within CHORD_ERROR and is not yet down
    const C = out.curves;
    let points = 0;
    for (let k = 0; k < C.length; k++) {
      if (C.service[k] !== i) continue;
      points++;
      const t = C.time[k]!;
      if (t >= 19) continue;
      expect(Math.abs(C.served[k]! - 1 / (1 + t))).toBeLessThanOrEqual(CHORD_ERROR + 1e-9);
      expect(C.served[k]!).toBeGreaterThanOrEqual(0.05 - 1e-9);
    }
    // chords of at most CHORD_ERROR: q = 1 (D's slope), a = 1, b = 0, |q·a − p·b| = 1, a step of
    // √(8·1e-5·p³/2) = 0.006325·p^1.5 minutes at p = 1 + t: ∫₀¹⁹ dt / (0.006325·(1 + t)^1.5) =
    // 2·(1 − 1/√20)/0.006325 = 245.5 chords to 19 and 2·(1/√20 − 1/5)/0.006325 = 7.5 more to 24,
    // then level: about 255 looks that move the line, two points each, and two wake-ups a chord
    // (its end; the look its line schedules past its end, which keeps the chord under way).
    // Before, each of those looks started a chord of its own and so another look: 1,726 looks
    // that moved the line, 1,729 events
    expect(points).toBeLessThanOrEqual(2 * 270);
    expect(out.events).toBeLessThanOrEqual(2 * 270);
    // unserved: ∫₀²⁴ (1 − 1/(1 + t)) dt + 6 × (1 − 1/25) = 24 − ln 25 + 5.76; the chords lie above
    // the convex c/d, by at most CHORD_ERROR: short of it by at most 24 × CHORD_ERROR
    const exact = 24 - Math.log(25) + 5.76;
    expect(out.unserved[i]!).toBeLessThanOrEqual(exact + 1e-9);
    expect(out.unserved[i]!).toBeGreaterThanOrEqual(exact - 24 * CHORD_ERROR);
  });
});

/** The same with a queue: b's share of the arrival is 4/min, of the capacity 4.4/min. */
const queue = `services:
  api:
    name: API
    cells: {a: 0.96, b: 0.04}
    failover: {over: 24m}
    backlog: {arrival: 100/min, capacity: 110/min, timeout: 400m}
scenarios:
  s:
    faults: [{service: api, cell: a, for: 30m}]
`;

describe('a cell with a queue overloaded by a gradual failover', () => {
  it('is down from where μ/λ meets 5 %, not after (hand-worked)', () => {
    // b receives λ = 4 · (1 + t) a minute (as above) and processes μ = 4.4: s = μ/λ = 1.1/(1 + t),
    // below 1 from 0.1, 5 % at 1 + t = 22: t = 21. Its queue: ∫ from 0.1 to 24 of (4·(1 + t) − 4.4) dt
    // = 2 · 23.9² = 1142.42, then 6 min at 100 − 4.4: 573.6, 1716.02 at 30 (below 4.4 × 400 = 1760:
    // no collapse). a back at 30: λ = 4, it drains at 0.4 a minute, empty 4290.05 min later
    const r = runScenario(queue);
    const b = svc(r, 'api').cells!.find((x) => x.cell === 'b')!;
    expect(b.intervals.map((x) => [x.state, x.start, x.end, x.cause.kind])).toEqual([['degraded', 0.1, 21, 'demand'], ['down', 21, 30, 'demand'], ['degraded', 30, 4320.05, 'backlog']]);
    expect(b.backlogPeak).toEqual({ value: 1716, atMinutes: 30, unit: 'units of work' });
    // unrounded: 2·FRAC_EPS past 5 % on a line falling 1.1/22² = 0.00227 a minute: 8.8e-7 after 21
    // (before, 21.00007)
    const { out, i } = rawRun(queue, 'api@b');
    const [down] = transitions(out, i).filter(([, st]) => st === STATE_DOWN);
    expect(down![0]).toBeGreaterThanOrEqual(21);
    expect(down![0]).toBeLessThanOrEqual(21 + 1e-6);
  });
});

/**
 * origin (two cells that fail over gradually) restarts at 10 (20 min to full capacity) while the
 * CDN in front of it comes back cold: the case of chord-crossing.test.ts on a service with cells,
 * whose served fraction the drain follows (simulate.ts hands a drained service's to it).
 */
const restart = coldRestart('    cells: [a, b]\n    failover: {over: 10m}\n');

describe('a cell restarting behind a cold cache', () => {
  it('reaches 5 % where c/d does: no look finds c/d below where the line said 5 % (hand-worked)', () => {
    // both cells down 0–10: no cell to move traffic to; from 10 both restart (below 5 % early in a
    // staged restart a cell keeps its traffic, cells-run.ts): no traffic moves. x minutes after 10,
    // in each cell (a copy of the service's restart, cells.ts): capacity c = x/20 = 0.05x (100 units
    // at 10/min, 2× slower under full load: 20 min); demand d = 1 + 0.9/0.1 · (1 − x/15) = 10 − 0.6x
    // (the misses spread over the cells by share, the same factor on each). c/d = 0.05 where 0.05x = 0.5 − 0.03x:
    // x = 0.5/0.08 = 6.25, at 16.25, where c = 0.3125 and d = 6.25
    const r = runScenario(restart);
    const a = svc(r, 'origin').cells!.find((x) => x.cell === 'a')!;
    expect(a.intervals.map((x) => [x.state, x.start, x.end, x.cause.kind])).toEqual([['down', 0, 10, 'fault'], ['down', 10, 16.25, 'restart'], ['degraded', 16.25, 30, 'restart']]);
    // the first point at 5 % is the crossing (before, one at 16.249 whose line read 5 % where c/d
    // was 0.04999: the chord across the crossing met it early)
    const first = a.capacity!.find((p) => p.minute >= 10 && p.served >= 0.05)!;
    expect(first).toEqual({ minute: 16.25, capacity: 0.3125, served: 0.05 });
    const { out, i } = rawRun(restart, 'origin@a');
    // unrounded: degraded once c/d is within FRAC_EPS of 5 %, its slope there
    // (0.05·6.25 + 0.3125·0.6)/6.25² = 0.5/39.0625 = 0.0128 a minute: no sooner than
    // 1e-9/0.0128 = 7.8e-8 before 16.25
    const [up] = transitions(out, i).filter(([t, s]) => t > 10 && s === STATE_DEGRADED);
    expect(up![0]).toBeGreaterThanOrEqual(16.25 - 1e-7);
    expect(up![0]).toBeLessThanOrEqual(16.25 + 1e-9);
    // every point from 10 to the crossing follows c/d within CHORD_ERROR and is below 5 %
    const C = out.curves;
    for (let k = 0; k < C.length; k++) {
      const t = C.time[k]!;
      if (C.service[k] !== i || t < 10 || t >= 16.25 - 1e-9) continue;
      const x = t - 10;
      expect(Math.abs(C.served[k]! - (0.05 * x) / (10 - 0.6 * x))).toBeLessThanOrEqual(CHORD_ERROR + 1e-9);
      expect(C.served[k]!).toBeLessThan(0.05);
    }
  });
});
