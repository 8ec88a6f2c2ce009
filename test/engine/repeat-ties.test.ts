/**
 * The ties the repeat watch does not stop across (src/engine/repeat-ties.ts, docs/model.md
 * "Termination"), on the watch alone: events popped at given times, of given kinds, scheduled in
 * given instants (an instant ends where the watch is told so; the queue's insertion sequence
 * numbers the events 0, 1, 2 … as they are pushed).
 */
import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../src/engine/events.js';
import { EV_BACKLOG, EV_WAKE, EV_WARM_END } from '../../src/engine/state.js';
import { REPEAT_TIE_GRID, REPEAT_TIE_TOL, TieWatch } from '../../src/engine/repeat-ties.js';

/** A watch started at minute 0, with events 0 and 1 pushed in one instant and 2 in the next. */
function watch(): TieWatch {
  const q = new EventQueue();
  const w = new TieWatch(0, q);
  q.push(10, EV_BACKLOG, 0, 0);
  q.push(10, EV_WARM_END, 1, 0);
  w.endInstant();
  q.push(10, EV_BACKLOG, 2, 0);
  w.endInstant();
  return w;
}

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
    const w = watch();
    w.pop(19.517948717948716, EV_BACKLOG, true, 0);
    expect(w.lastTie).toBe(-Infinity);
    w.pop(19.51794871794872, EV_WARM_END, false, 1);
    expect(w.lastTie).toBe(19.51794871794872);
    // 2e-6 min later: apart
    const v = watch();
    v.pop(3, EV_BACKLOG, true, 0);
    v.pop(3 + 2e-6, EV_WARM_END, true, 1);
    expect(v.lastTie).toBe(-Infinity);
  });

  it('wake-ups: two instants of wake-ups only are no tie, a wake-up next to another event is', () => {
    const w = watch();
    w.pop(5, EV_WAKE, true, 0);
    w.pop(5 + 5e-7, EV_WAKE, true, 1);
    expect(w.lastTie).toBe(-Infinity);
    // the same instant then pops a queue event: no longer of wake-ups only
    w.pop(5 + 5e-7, EV_BACKLOG, false, 2);
    expect(w.lastTie).toBe(5 + 5e-7);
    const v = watch();
    v.pop(5, EV_BACKLOG, true, 0);
    v.pop(5 + 5e-7, EV_WAKE, true, 1);
    expect(v.lastTie).toBe(5 + 5e-7);
  });

  it('two events that still do something in one instant: a tie unless scheduled in one instant, or on the grid', () => {
    expect(watch().sameInstant(0, 1)).toBe(true);
    expect(watch().sameInstant(1, 2)).toBe(false);
    // events 0 and 2 were scheduled in different instants: at 4/3 a tie
    const w = watch();
    w.pop(4 / 3, EV_BACKLOG, true, 0);
    w.pop(4 / 3, EV_WARM_END, true, 2);
    expect(w.lastTie).toBe(4 / 3);
    // 0 and 1 in one instant: none
    const v = watch();
    v.pop(4 / 3, EV_BACKLOG, true, 0);
    v.pop(4 / 3, EV_WARM_END, true, 1);
    expect(v.lastTie).toBe(-Infinity);
    // at 2.5 (on the grid) none either, nor when one is void or a wake-up
    const u = watch();
    u.pop(2.5, EV_BACKLOG, true, 0);
    u.pop(2.5, EV_WARM_END, true, 2);
    u.pop(8 / 3, EV_BACKLOG, true, 0);
    u.pop(8 / 3, EV_WARM_END, false, 2);
    u.pop(8 / 3, EV_WAKE, true, 2);
    expect(u.lastTie).toBe(-Infinity);
  });

  it('events scheduled before the watch started, or more than 65 536 instants ago, have no known instant', () => {
    const q = new EventQueue();
    q.push(1, EV_BACKLOG, 0, 0); // event 0, before the watch
    q.push(1, EV_BACKLOG, 1, 0); // event 1, before the watch
    const w = new TieWatch(0, q);
    expect(w.sameInstant(0, 1)).toBe(false);
    q.push(1, EV_BACKLOG, 2, 0); // event 2
    q.push(1, EV_BACKLOG, 3, 0); // event 3, same instant
    expect(w.sameInstant(2, 3)).toBe(true);
    for (let k = 0; k < 65_536; k++) w.endInstant();
    expect(w.sameInstant(2, 3)).toBe(true); // the oldest instant remembered still starts at event 2
    w.endInstant();
    expect(w.sameInstant(2, 3)).toBe(false); // forgotten
  });

  it('the pending events: the next one due within 1e-6 min of now, or two of those that still do something', () => {
    const w = watch(); // events 0 and 1 scheduled in one instant, 2 in the next
    w.pop(8, EV_BACKLOG, true, 0);
    expect(w.pendingTie(8 + 5e-7, false, [])).toBe(true);
    expect(w.pendingTie(8 + 2e-6, false, [])).toBe(false);
    // a wake-up due right after an instant that held a queue event: a tie
    expect(w.pendingTie(8 + 5e-7, true, [])).toBe(true);
    // [time, insertion sequence, kind], by time
    expect(w.pendingTie(9, false, [[9, 0, EV_BACKLOG], [9 + 5e-7, 1, EV_WARM_END]])).toBe(true);
    expect(w.pendingTie(9, true, [[9, 0, EV_WAKE], [9 + 5e-7, 1, EV_WAKE]])).toBe(false);
    expect(w.pendingTie(9, true, [[9, 0, EV_WAKE], [9 + 5e-7, 1, EV_WAKE], [9 + 5e-7, 2, EV_BACKLOG]])).toBe(true);
    // one time: a tie for 0 and 2 (a wake-up between them changes nothing), none for 0 and 1
    expect(w.pendingTie(9, false, [[10 / 3, 0, EV_BACKLOG], [10 / 3, 1, EV_WAKE], [10 / 3, 2, EV_WARM_END]])).toBe(true);
    expect(w.pendingTie(9, false, [[10 / 3, 0, EV_BACKLOG], [10 / 3, 1, EV_WARM_END]])).toBe(false);
  });
});
