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
});
