/**
 * Ties in the stretch of a run the repeat watch compares (repeat.ts, docs/model.md
 * "Termination"). The watch stops a run when its state at t2 is its state at t1 within the
 * tolerances of repeat-snapshot.ts, on the ground that the run from t2 on is the run from t1 on
 * shifted by t2 − t1. That holds only if nothing between t1 and t2 hangs on the last bits of a
 * time: two events equal in exact arithmetic but computed differently (a crash-loop attempt's
 * warm-up ending as a queue turns: 1/3 + 1 min after one turn against 4/3 min after it) land in
 * one instant in some turns and a few ulps apart, in either order, in others, and each of the
 * three is a different run (the follower up for an instant, or not). So the watch stops on no
 * repeat whose stretch from t1 holds a tie (`clearSince`), nor at an instant whose pending events
 * hold one (`pendingTie`). A tie is:
 * - two instants at most REPEAT_TIE_TOL apart, whatever their events still did (a warm-up's end
 *   made void by the queue's turn an ulp before it is the same tie, broken the other way),
 *   unless both hold wake-ups only;
 * - two events that still do something popped in one instant, unless both were scheduled in one
 *   instant (one time computed from one state: the insertion sequence tells it), or both the
 *   instant and the period t2 − t1 are on the grid of REPEAT_TIE_GRID (see there), or both lie a
 *   whole number of grid steps after instants descended by such steps from one instant at least
 *   half their time (`linked`: the same additions of the same durations to one time, in every
 *   turn), or one is a wake-up
 *   scheduled after the other (it may have taken its time from it: a chord cut at a refill's
 *   end) or both are.
 * What it lets through, and why, is in docs/model.md.
 */
import type { EventQueue } from './events.js';
import { EV_WAKE } from './state.js';

/**
 * Two events at most this far apart (minutes) are a tie rounding may break differently from one
 * turn to the next: the engine's own "same instant" (BLINK, run-options.ts), a hundred times the
 * tolerance relative times compare within (REPEAT_TIME_TOL), and about 1.4e5 ulps of a time at
 * the 30-day cut (7e-12 min there), so it is larger than any rounding at any time of a run.
 */
export const REPEAT_TIE_TOL = 1e-6;

/**
 * Times that are whole multiples of 1/REPEAT_TIE_GRID min (below 2^33 min: 43 significant bits
 * at most) add and subtract exactly in doubles: events timed from such times by such durations
 * (whole or half minutes, as most catalogs give) land on them exactly in every turn, so two of
 * them at one such time stay together, provided the period is on the grid as well (the next
 * turn's instant is then on it too). A rounded sum lands on the grid by chance about once in
 * 2^29 at minute 10 000.
 */
export const REPEAT_TIE_GRID = 1024;

/** Whether x is a whole multiple of 1/REPEAT_TIE_GRID. */
export const onGrid = (x: number): boolean => Number.isInteger(x * REPEAT_TIE_GRID);

/** Whether `at` is what adding a whole multiple of 1/REPEAT_TIE_GRID min (≥ 0) to t gives in doubles. */
export const stepsAfter = (t: number, at: number): boolean => {
  const d = Math.round((at - t) * REPEAT_TIE_GRID) / REPEAT_TIE_GRID;
  return d >= 0 && t + d === at;
};

/** How many instants back the watch remembers where each ended in the insertion sequence. */
const SPAN = 1 << 16;

/**
 * Below this a double's step is at most 2^-12 min, so a whole multiple of 1/REPEAT_TIE_GRID min
 * is a whole multiple of two steps (see `linked`).
 */
const LINK_MAX = 2 ** 41;

/**
 * Whether two instants, at `prev` and `at`, are a tie: distinct, at most REPEAT_TIE_TOL apart,
 * and not both of wake-ups only (`prevWakes`, `wakes`).
 */
const near = (prev: number, prevWakes: boolean, at: number, wakes: boolean): boolean => at !== prev && Math.abs(at - prev) <= REPEAT_TIE_TOL && !(wakes && prevWakes);

/** The ties among the events popped since the watch started (see the file's header). */
export class TieWatch {
  /**
   * The time of the last event popped, whatever it did; whether every event popped then was a
   * wake-up (so far), and the same of the instant before it; whether the two are close.
   */
  private lastAt: number;
  private allWakes = false;
  private prevWakes = false;
  private close = false;
  /**
   * Of the events popped at `lastAt` that still did something other than a wake-up: whether there
   * was one, and the insertion sequence of the first; of its wake-ups, the insertion sequence of
   * the first (-1: none).
   */
  private liveHere = false;
  private firstSeq = 0;
  private wakeSeq = -1;
  /** The latest time a tie was seen at, and one that is no tie if the period is on the grid (-Infinity: none). */
  lastTie = -Infinity;
  lastGridTie = -Infinity;
  /**
   * Per instant since the watch started (counted from 0): the queue's insertion count when it
   * ended, its time, the insertion sequence of the event that set it (`maker`, -1: none known)
   * and its root (`rootOf`: NaN until asked) and the root's time; grown by doubling up to SPAN,
   * then rings: a run stopped early allocates little.
   */
  private ends = new Float64Array(64);
  private times = new Float64Array(64);
  private makers = new Float64Array(64);
  private roots = new Float64Array(64);
  private rootTimes = new Float64Array(64);
  private nEnds = 0;
  /**
   * Of the instant under way: the insertion sequence of its first event that still does something
   * other than a wake-up (or was alone in the instant, whatever it did; -1: none yet), which set
   * its time; failing one, its first wake-up's (`wakeSeq`).
   */
  private maker = -1;
  /** The insertion count when the watch started: no instant is known for events inserted before. */
  private readonly start: number;

  /**
   * Started at the end of the instant at t; `does` tells what a pending event (kind, service i,
   * argument x, due at) still does (0: nothing; repeat-mechanisms.ts).
   */
  constructor(t: number, private readonly q: EventQueue, private readonly does: (kind: number, i: number, x: number, at: number) => number) {
    this.lastAt = t;
    this.start = q.inserted;
  }

  /**
   * An event just popped, before the driver acts on it (`ev`: [time, kind, service, argument,
   * insertion sequence]). What it does is read only in an instant of more than one event, where
   * two can be a tie: it is the first that does something, or a later one.
   */
  pop(ev: Float64Array): void {
    const at = ev[0]!;
    const kind = ev[1]!;
    if (at !== this.lastAt) {
      this.close = at - this.lastAt <= REPEAT_TIE_TOL;
      this.prevWakes = this.allWakes;
      this.lastAt = at;
      this.liveHere = false;
      this.wakeSeq = -1;
      this.allWakes = true;
    }
    if (kind !== EV_WAKE) this.allWakes = false;
    if (this.close && !(this.allWakes && this.prevWakes)) this.lastTie = at;
    if (kind === EV_WAKE) { if (this.wakeSeq < 0) this.wakeSeq = ev[4]!; return; }
    const q = this.q;
    const seq = ev[4]!;
    // alone in its instant (so far, and to come): no tie
    if (!this.liveHere && this.wakeSeq < 0 && !(q.size > 0 && q.peekTime() === at)) { if (this.maker < 0) this.maker = seq; return; }
    if (this.does(kind, ev[2]!, ev[3]!, at) === 0) return;
    if (this.maker < 0) this.maker = seq;
    // a wake-up scheduled before it (one after it may have taken its time from it)
    if (this.wakeSeq >= 0) this.note(at, this.exactTie(at, this.wakeSeq, seq));
    if (!this.liveHere) { this.liveHere = true; this.firstSeq = seq; return; }
    this.note(at, this.exactTie(at, this.firstSeq, seq));
  }

  /**
   * Two events that still do something and are no wake-ups, due at the same time `at`, inserted
   * a-th and b-th: 0 no tie (scheduled in one instant, or `linked`), 1 a tie, 2 a tie unless the
   * period is on the grid (`at` is).
   */
  private exactTie(at: number, a: number, b: number): number {
    return this.sameInstant(a, b) || this.linked(at, a, b) ? 0 : onGrid(at) ? 2 : 1;
  }

  private note(at: number, tie: number): void {
    if (tie === 1) this.lastTie = at; else if (tie === 2) this.lastGridTie = at;
  }

  /** Whether the stretch from `from` on holds no tie, for a repeat of period `period`. */
  clearSince(from: number, period: number): boolean {
    return this.lastTie < from && (this.lastGridTie < from || onGrid(period));
  }

  /** At the end of the instant at time t: where the next one's insertions begin, and what set its time. */
  endInstant(t: number): void {
    if (this.nEnds === this.ends.length && this.ends.length < SPAN) {
      const grow = (a: Float64Array<ArrayBuffer>): Float64Array<ArrayBuffer> => { const b = new Float64Array(2 * a.length); b.set(a); return b; };
      this.ends = grow(this.ends); this.times = grow(this.times); this.makers = grow(this.makers);
      this.roots = grow(this.roots); this.rootTimes = grow(this.rootTimes);
    }
    const k = this.nEnds++ % this.ends.length;
    this.ends[k] = this.q.inserted;
    this.times[k] = t;
    // the instant's events were popped at lastAt: what set its time is known only if t is that
    this.makers[k] = t === this.lastAt ? (this.maker >= 0 ? this.maker : this.wakeSeq) : -1;
    this.roots[k] = NaN;
    this.maker = -1;
  }

  /**
   * The instant (counted from the watch's start) in which the event inserted s-th was inserted;
   * -1: unknown (before the watch started, more than SPAN instants ago, or in the instant under way).
   */
  private instantOf(s: number): number {
    if (s < this.start) return -1;
    const e = this.ends;
    const n = Math.min(this.nEnds, e.length);
    const base = this.nEnds - n;
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const m = (lo + hi) >> 1;
      if (e[(base + m) % e.length]! > s) hi = m; else lo = m + 1;
    }
    // past the last end: under way; before the oldest end of a full ring: that instant's start is forgotten
    if (lo === n || (lo === 0 && this.nEnds > e.length)) return -1;
    return base + lo;
  }

  /**
   * The root of instant k (remembered): the instant its time descends from by whole grid steps.
   * Instant j's time was set by an event inserted in instant p (`maker`): when p is known and
   * t_j is t_p plus a whole multiple of 1/REPEAT_TIE_GRID (`stepsAfter`), j's root is p's, else j is its own. Sets
   * `roots` and `rootTimes` along the way (each instant is walked once).
   */
  private rootOf(k: number): number {
    const L = this.ends.length;
    // back along the makers to an instant whose root is known, or is its own
    let j = k;
    for (;;) {
      if (!Number.isNaN(this.roots[j % L]!)) break;
      const m = this.makers[j % L]!;
      const p = m >= 0 ? this.instantOf(m) : -1;
      if (p < 0 || p >= j || !stepsAfter(this.times[p % L]!, this.times[j % L]!)) { this.roots[j % L] = j; this.rootTimes[j % L] = this.times[j % L]!; break; }
      j = p;
    }
    const r = this.roots[j % L]!;
    const rt = this.rootTimes[j % L]!;
    // and forward again, setting each instant's root on the way
    for (let i = k; i !== j;) {
      this.roots[i % L] = r;
      this.rootTimes[i % L] = rt;
      i = this.instantOf(this.makers[i % L]!);
    }
    return r;
  }

  /**
   * Whether the events inserted a-th and b-th, both due at `at`, meet there in every turn: each
   * is due at the time of the instant that scheduled it plus a whole multiple of 1/REPEAT_TIE_GRID
   * min (`stepsAfter`: that sum, in doubles), the two
   * instants have one root (each descends from it by such steps), and the root's time is at least
   * at / 2. Then both times are the root's time plus whole multiples of 1/1024 min summing to one
   * total, added step by step. Below LINK_MAX each step is exact within a binade, and from the
   * root to `at` the sums cross at most one power of two (at ≤ 2 × root): where a sum crosses it,
   * it is rounded once to the step g of the binade above, and every later step, a whole multiple
   * of 2g, moves it exactly (rounding to nearest even commutes with a shift by 2g). So each chain
   * gives the exact total rounded once to `at`'s binade: the same double, whatever the order of
   * the additions, from whatever root time. A later turn repeats the chains from its own root and
   * meets again. This takes an offset on the grid for a duration of the catalog (whole or half
   * minutes), as the grid rule does: one computed otherwise (a crossing) lands there by chance
   * about once in 2^28 at minute 17 000.
   */
  private linked(at: number, a: number, b: number): boolean {
    if (!(at < LINK_MAX)) return false;
    const ia = this.instantOf(a);
    const ib = this.instantOf(b);
    if (ia < 0 || ib < 0) return false;
    const L = this.ends.length;
    if (!stepsAfter(this.times[ia % L]!, at) || !stepsAfter(this.times[ib % L]!, at)) return false;
    const r = this.rootOf(ia);
    return r === this.rootOf(ib) && at <= 2 * this.rootTimes[ia % L]!;
  }

  /**
   * At the end of an instant: whether the next instant, at `next` (`nextWakes`: of wake-ups only,
   * counting every pending event due then, whatever it does), is a tie with this one, or two of the
   * pending events that still do something, by time (`live`: [time, insertion sequence, kind, …]),
   * for a repeat whose period is on the grid or not (`gridPeriod`).
   */
  pendingTie(next: number, nextWakes: boolean, live: ReadonlyArray<readonly [number, number, number, ...number[]]>, gridPeriod: boolean): boolean {
    if (near(this.lastAt, this.allWakes, next, nextWakes)) return true;
    // instant by instant to come: its first event that is no wake-up, and its first wake-up (-1: none yet)
    let prev = NaN;
    let prevWakes = true;
    const tie = (at: number, a: number, b: number): boolean => { const x = this.exactTie(at, a, b); return x === 1 || (x === 2 && !gridPeriod); };
    for (let k = 0; k < live.length;) {
      const at = live[k]![0];
      let first = -1;
      let wake = -1;
      for (; k < live.length && live[k]![0] === at; k++) {
        const e = live[k]!;
        if (e[2] === EV_WAKE) { if (wake < 0) wake = k; continue; }
        if (wake >= 0 && tie(at, live[wake]![1], e[1])) return true;
        if (first < 0) first = k;
        else if (tie(at, live[first]![1], e[1])) return true;
      }
      if (near(prev, prevWakes, at, first < 0)) return true;
      prev = at;
      prevWakes = first < 0;
    }
    return false;
  }

  /**
   * Whether the events inserted a-th and b-th were inserted in one instant: no instant ended
   * between them. Unknown (inserted before the watch started, or more than SPAN instants ago): not.
   */
  sameInstant(a: number, b: number): boolean {
    if (b < a) [a, b] = [b, a];
    if (a < this.start) return false;
    const e = this.ends;
    const n = Math.min(this.nEnds, e.length);
    const base = this.nEnds - n;
    const end = (k: number): number => e[(base + k) % e.length]!;
    // the ring forgot the instants before its oldest end
    if (this.nEnds > e.length && a < end(0)) return false;
    // the first instant that ended after a was inserted: both in it when it ended after b as well
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const m = (lo + hi) >> 1;
      if (end(m) > a) hi = m; else lo = m + 1;
    }
    return lo === n || end(lo) > b;
  }
}
