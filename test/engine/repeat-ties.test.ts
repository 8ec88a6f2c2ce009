/**
 * The ties the repeat watch does not stop across (src/engine/repeat-ties.ts, docs/model.md
 * "Termination"), on the watch alone: events scheduled in given instants (pushed on a queue,
 * an instant ending where the watch is told so; the insertion sequence numbers them 0, 1, 2 …),
 * then popped in order as the driver does, each shown to the watch. An event's argument says
 * whether it still does something when popped (1) or not (0).
 */
import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../src/engine/events.js';
import { EV_BACKLOG, EV_WAKE, EV_WARM_END } from '../../src/engine/state.js';
import { REPEAT_TIE_GRID, REPEAT_TIE_TOL, TieWatch } from '../../src/engine/repeat-ties.js';

/** [due at, kind, does something] */
type Ev = readonly [number, number, 0 | 1];

/** A watch started at minute 0; each group of events is scheduled in one instant. */
function setUp(...groups: Ev[][]): { q: EventQueue; w: TieWatch } {
  const q = new EventQueue();
  const w = new TieWatch(0, q, (_kind, _i, x) => x);
  for (const g of groups) {
    for (const [at, kind, live] of g) q.push(at, kind, 0, live);
    w.endInstant(0);
  }
  return { q, w };
}

/** Pops every event, showing each to the watch. */
function watchAll(...groups: Ev[][]): TieWatch {
  const { q, w } = setUp(...groups);
  const ev = new Float64Array(5);
  while (q.size > 0) { q.pop(ev); w.pop(ev); }
  return w;
}
/** The latest tie (-Infinity: none). */
const popAll = (...groups: Ev[][]): number => watchAll(...groups).lastTie;

describe('ties in the stretch the repeat watch compares', () => {
  it('the tolerances', () => {
    expect(REPEAT_TIE_TOL).toBe(1e-6);
    // 4/3 min is off the grid of 1/1024 min (4096/3 is no integer), 2.5 min on it (2 560)
    expect(Number.isInteger((4 / 3) * REPEAT_TIE_GRID)).toBe(false);
    expect(2.5 * REPEAT_TIE_GRID).toBe(2560);
  });

  it('two events at distinct times within 1e-6 min: a tie, whether or not the later one still does something', () => {
    // the ring of test/engine/repeat.test.ts: queue 0 turns at 19.517948717948716, the warm-up's
    // end (void by then) pops at 19.51794871794872, an ulp later
    expect(popAll([[19.517948717948716, EV_BACKLOG, 1]], [[19.51794871794872, EV_WARM_END, 0]])).toBe(19.51794871794872);
    // 2e-6 min apart: none
    expect(popAll([[3, EV_BACKLOG, 1], [3 + 2e-6, EV_WARM_END, 1]])).toBe(-Infinity);
  });

  it('wake-ups: two instants of wake-ups only are no tie, a wake-up next to another event is', () => {
    expect(popAll([[5, EV_WAKE, 1], [5 + 5e-7, EV_WAKE, 1]])).toBe(-Infinity);
    // the second instant also pops a queue event (void): no longer of wake-ups only
    expect(popAll([[5, EV_WAKE, 1], [5 + 5e-7, EV_WAKE, 1], [5 + 5e-7, EV_BACKLOG, 0]])).toBe(5 + 5e-7);
    expect(popAll([[5, EV_BACKLOG, 1], [5 + 5e-7, EV_WAKE, 1]])).toBe(5 + 5e-7);
  });

  it('two events that still do something in one instant: a tie unless scheduled in one instant, or on the grid', () => {
    // scheduled in different instants, at 4/3: a tie
    expect(popAll([[4 / 3, EV_BACKLOG, 1]], [[4 / 3, EV_WARM_END, 1]])).toBe(4 / 3);
    // in one instant: none
    expect(popAll([[4 / 3, EV_BACKLOG, 1], [4 / 3, EV_WARM_END, 1]])).toBe(-Infinity);
    // at 2.5, on the grid: none if the period is on the grid too (120 min), else a tie (14.4 min)
    const g = watchAll([[2.5, EV_BACKLOG, 1]], [[2.5, EV_WARM_END, 1]]);
    expect([g.lastTie, g.lastGridTie]).toEqual([-Infinity, 2.5]);
    expect([g.clearSince(2, 120), g.clearSince(2, 14.4), g.clearSince(3, 14.4)]).toEqual([true, false, true]);
    // one of them void: none
    expect(popAll([[4 / 3, EV_BACKLOG, 1]], [[4 / 3, EV_WARM_END, 0]])).toBe(-Infinity);
    // a wake-up scheduled after the other event (it may have taken its time from it): none;
    // scheduled before it: a tie; two wake-ups: none
    expect(popAll([[4 / 3, EV_BACKLOG, 1]], [[4 / 3, EV_WAKE, 1]])).toBe(-Infinity);
    expect(popAll([[4 / 3, EV_WAKE, 1]], [[4 / 3, EV_BACKLOG, 1]])).toBe(4 / 3);
    expect(popAll([[4 / 3, EV_WAKE, 1]], [[4 / 3, EV_WAKE, 1]])).toBe(-Infinity);
    // a void event between the two that do something changes nothing
    expect(popAll([[4 / 3, EV_BACKLOG, 1]], [[4 / 3, EV_BACKLOG, 0]], [[4 / 3, EV_WARM_END, 1]])).toBe(4 / 3);
  });

  it('events scheduled before the watch started, or more than 65 536 instants ago, have no known instant', () => {
    const q = new EventQueue();
    q.push(1, EV_BACKLOG, 0, 1); // event 0, before the watch
    q.push(1, EV_BACKLOG, 1, 1); // event 1, before the watch
    const w = new TieWatch(0, q, () => 1);
    expect(w.sameInstant(0, 1)).toBe(false);
    q.push(1, EV_BACKLOG, 2, 1); // event 2
    q.push(1, EV_BACKLOG, 3, 1); // event 3, in the same instant
    expect(w.sameInstant(2, 3)).toBe(true);
    for (let k = 0; k < 65_536; k++) w.endInstant(0);
    expect(w.sameInstant(2, 3)).toBe(true); // the oldest instant remembered is theirs
    w.endInstant(0);
    expect(w.sameInstant(2, 3)).toBe(false); // forgotten
  });

  it('the pending events: the next one due within 1e-6 min of now, or two of those that still do something', () => {
    // events 0 and 1 scheduled in one instant, 2 in the next; the last instant popped one at minute 8
    const { q, w } = setUp([[8, EV_BACKLOG, 1], [20, EV_BACKLOG, 1]], [[20, EV_BACKLOG, 1]]);
    const ev = new Float64Array(5);
    q.pop(ev);
    w.pop(ev);
    expect(w.pendingTie(8 + 5e-7, false, [], false)).toBe(true);
    expect(w.pendingTie(8 + 2e-6, false, [], false)).toBe(false);
    // a wake-up due right after an instant that held a queue event: a tie
    expect(w.pendingTie(8 + 5e-7, true, [], false)).toBe(true);
    // [time, insertion sequence, kind], by time
    expect(w.pendingTie(9, false, [[9, 0, EV_BACKLOG], [9 + 5e-7, 1, EV_WARM_END]], false)).toBe(true);
    expect(w.pendingTie(9, true, [[9, 0, EV_WAKE], [9 + 5e-7, 1, EV_WAKE]], false)).toBe(false);
    expect(w.pendingTie(9, true, [[9, 0, EV_WAKE], [9 + 5e-7, 1, EV_WAKE], [9 + 5e-7, 2, EV_BACKLOG]], false)).toBe(true);
    // one time: a wake-up scheduled before the other event (0 before 2) is a tie, after it (1 after 0) none
    expect(w.pendingTie(9, false, [[10 / 3, 0, EV_WAKE], [10 / 3, 2, EV_BACKLOG]], false)).toBe(true);
    expect(w.pendingTie(9, false, [[10 / 3, 0, EV_BACKLOG], [10 / 3, 2, EV_WAKE]], false)).toBe(false);
    // a tie for 0 and 2 (a wake-up between them, scheduled after 0 and before 2, is one too), none for 0 and 1
    expect(w.pendingTie(9, false, [[10 / 3, 0, EV_BACKLOG], [10 / 3, 1, EV_WAKE], [10 / 3, 2, EV_WARM_END]], false)).toBe(true);
    expect(w.pendingTie(9, false, [[10 / 3, 0, EV_BACKLOG], [10 / 3, 1, EV_WARM_END]], false)).toBe(false);
    // on the grid: a tie unless the period is on it too
    expect(w.pendingTie(9, false, [[10.5, 0, EV_BACKLOG], [10.5, 2, EV_WARM_END]], false)).toBe(true);
    expect(w.pendingTie(9, false, [[10.5, 0, EV_BACKLOG], [10.5, 2, EV_WARM_END]], true)).toBe(false);
  });
  /**
   * A run of instants as the driver makes them: each step pops the events due at its time (the
   * first one sets the instant's time), schedules its own [due at, kind], and ends the instant.
   * The watch starts at minute 0 with one event pending, inserted before it (`before`).
   */
  function steps(before: number, ...instants: Array<{ at: number; schedule: Array<readonly [number, number]> }>): TieWatch {
    const q = new EventQueue();
    q.push(before, EV_BACKLOG, 0, 1);
    const w = new TieWatch(0, q, () => 1);
    const ev = new Float64Array(5);
    for (const { at, schedule } of instants) {
      while (q.size > 0 && q.peekTime() === at) { q.pop(ev); w.pop(ev); }
      for (const [due, kind] of schedule) q.push(due, kind, 0, 1);
      w.endInstant(at);
    }
    while (q.size > 0) { const at = q.peekTime(); while (q.size > 0 && q.peekTime() === at) { q.pop(ev); w.pop(ev); } w.endInstant(at); }
    return w;
  }

  it('two events a whole number of grid steps from one root, no earlier than half their time: no tie', () => {
    // The 600-service cold-cache loop of bench/repeat.ts: at T0 a cache starts its 15-min refill
    // (due T0 + 15) and a service comes back, warming up for 5 min; its warm-up's end at T0 + 5
    // brings another back … at T0 + 10 one more starts its warm-up, due (T0 + 10) + 5: it meets
    // the refill's end exactly, scheduled 10 min later. Here T0 = 1010 + 1/3 (off the grid), due
    // from an event inserted before the watch: T0 is its own root. T0 is an odd multiple of 2^-43
    // (the step below 1024); T0 + 10 = 1020.33… is exact, and the exact T0 + 15 = 1025.33… is above
    // 1024, where the step is 2^-42: both T0 ⊕ 15 and (T0 ⊕ 10) ⊕ 5 round it once, to
    // 1025.3333333333335, whatever T0 (the loop meets them so in every turn).
    const t0 = 1010 + 1 / 3;
    expect(((t0 * 2 ** 43) % 2)).toBe(1);
    expect([t0 + 15, t0 + 10 + 5]).toEqual([1025.3333333333335, 1025.3333333333335]);
    const loop = (before: number, t: number, refill: number) => steps(before,
      { at: t, schedule: [[t + refill, EV_BACKLOG], [t + 10, EV_WARM_END]] },
      { at: t + 10, schedule: [[t + 10 + 5, EV_WARM_END]] });
    expect(loop(t0, t0, 15).lastTie).toBe(-Infinity);
    // the root earlier than half the time: from 1/3, the sums cross four powers of two, and the
    // steps' order shows in the last bits (1/3 ⊕ 15 and (1/3 ⊕ 10) ⊕ 5 are 15.333333333333334,
    // ((1/3 ⊕ 5) ⊕ 5) ⊕ 5 is 15.333333333333332): a tie, though these two meet
    expect([1 / 3 + 15, 1 / 3 + 10 + 5, 1 / 3 + 5 + 5 + 5]).toEqual([15.333333333333334, 15.333333333333334, 15.333333333333332]);
    expect(loop(1 / 3, 1 / 3, 15).lastTie).toBe(1 / 3 + 15);
    // the second instant's time set by an event of unknown origin (inserted before the watch): two
    // roots, a tie
    const split = steps(t0 + 10,
      { at: t0, schedule: [[t0 + 15, EV_BACKLOG]] },
      { at: t0 + 10, schedule: [[t0 + 10 + 5, EV_WARM_END]] });
    expect(split.lastTie).toBe(t0 + 15);
    // one of them off the grid from the instant that scheduled it (a queue's turn 4/3 min on, as
    // a warm-up's end 1 min after a retry 1/3 min on): a tie, in whichever order they were made
    const turn = steps(t0,
      { at: t0, schedule: [[t0 + 4 / 3, EV_BACKLOG], [t0 + 1 / 3, EV_WARM_END]] },
      { at: t0 + 1 / 3, schedule: [[t0 + 1 / 3 + 1, EV_WARM_END]] });
    expect(t0 + 4 / 3).toBe(t0 + 1 / 3 + 1); // they meet at this T0
    expect(turn.lastTie).toBe(t0 + 4 / 3);
  });
});
