/**
 * Stopping a run whose whole state repeats (docs/model.md, "Termination"). The engine is
 * deterministic and, once no scenario input (fault start or end, operator action, anchor) is
 * pending, autonomous: its future is a function of its state alone, with every time in that
 * state read relative to now. So when the state at t2 is the state at t1, everything from t2 on
 * is what happened from t1 on, shifted by t2 − t1: the run is periodic for ever and can stop.
 *
 * The watch is cheap. It starts only once a run has logged many changes (a run that settles
 * seldom does), then keeps one canonical snapshot of the state, taken at the 1st, 2nd, 4th, 8th …
 * instant with a visible change (Brent's cycle finding: the snapshot ends up inside the cycle,
 * and the gap to the next one grows past the cycle's length), and compares the state with it
 * only at instants whose last change is the snapshot's last change.
 *
 * The snapshot holds everything the future depends on (`ROLE` classifies every array of the
 * Sim, checked complete by the compiler): the labels, causes, flags and counters exactly; the
 * queues, capacity and served lines as their value and slope now; deadlines and start times
 * relative to now; the pending events that still do something, in order, with their times
 * relative to now; the cyclic blocks' origins, the clients' connection state, the active load
 * faults and which anchors of relative action times have happened; and the state cells, cold
 * caches and load shedding keep of their own (repeat-mechanisms.ts). A load fault whose onset is
 * still under way is an input still to come: its size is a function of the time. And it stops on
 * no repeat whose stretch, or whose pending events, hold a tie rounding may break differently in
 * a later turn (repeat-ties.ts).
 */
import type { Sim } from './state.js';
import type { TransitionLog } from './events.js';
import type { Cycles } from './cycles.js';
import type { RunOutcome } from './outcome.js';
import { backlogAt } from './backlog.js';
import { EV_HERD_END, EV_WAKE } from './state.js';
import { exactOscillationsOf } from './oscillation.js';
import { Snapshot } from './repeat-snapshot.js';
import { MechanismWatch } from './repeat-mechanisms.js';
import { onGrid, TieWatch } from './repeat-ties.js';
import type { CellRuntime } from './cells-run.js';
import type { FillRun } from './cachefill.js';

export { REPEAT_REL_TOL, REPEAT_TIME_TOL } from './repeat-snapshot.js';
export { REPEAT_TIE_GRID, REPEAT_TIE_TOL } from './repeat-ties.js';

/** The watch starts once the log holds this many changes plus 4 per service. */
export const REPEAT_MIN_CHANGES = 64;

/** A service that changed at least this often among the last changes looks like one taking turns. */
export const REPEAT_KEEPS_CHANGING = 16;

/**
 * Whether some service changed REPEAT_KEEPS_CHANGING times or more among the log's entries from
 * `from` on: the sign of a run that takes turns rather than one that settles (each of whose
 * services changes a few times). One pass over those entries; checked each time the log has
 * grown by another 64 + 4 × services changes, so it costs O(1) per change. Or the whole log
 * holds REPEAT_KEEPS_CHANGING changes per service: many services taking turns slowly each change
 * a few times per window (cold caches failing and coming back every 20 min across hundreds of
 * services), and a run that settles is far from that many.
 */
export function keepsChanging(log: TransitionLog, from: number, n: number): boolean {
  if (log.length >= REPEAT_KEEPS_CHANGING * n) return true;
  const count = new Uint16Array(n);
  for (let k = Math.max(0, from); k < log.length; k++) {
    const i = log.service[k]!;
    if (++count[i]! >= REPEAT_KEEPS_CHANGING) return true;
  }
  return false;
}

/** Where a run was stopped: the whole state at `at` repeats the state at `from`. */
export interface Repeat {
  readonly from: number;
  readonly at: number;
}

// what a Sim array is to the future of a run
/** Compared exactly: labels, causes, flags, counts. */
const EXACT = 0;
/** An amount or rate (relative tolerance). */
const AMOUNT = 1;
/** A time (start of something, or a time to come): relative to now; negative, NaN and infinite values are sentinels. */
const TIME = 2;
/** A time the service waits for: relative to now while still to come; a past one is as none (-1). */
const DEADLINE = 3;
/** When an impairment began, read by stale edges only while younger than the longest `staleFor`. */
const STALE = 4;
/** A line a + k·(t − anchor): compared as its value and slope now (see `lines`). */
const LINE = 5;
/** A generation counter: a pending event is compared as live or dead instead. */
const GEN = 6;
/** Results only (never read by the run), the graph, or scratch of one instant. */
const SKIP = 7;
/** When a crash loop's outage began: read through its backoff schedule only (see `crashAge`). */
const CRASH = 8;
type Role = typeof EXACT | typeof AMOUNT | typeof TIME | typeof DEADLINE | typeof STALE | typeof LINE | typeof GEN | typeof SKIP | typeof CRASH;

type SimArray = Float64Array | Int32Array | Uint8Array | Uint32Array;
type ArrayKey = { [K in keyof Sim]: Sim[K] extends SimArray ? K : never }[keyof Sim];

/** Every array of the Sim, classified: a new array fails to compile until it is listed here. */
const ROLE: Readonly<Record<ArrayKey, Role>> = {
  st: EXACT, stCauseK: EXACT, stCauseS: EXACT, cs: EXACT, csCauseS: EXACT, faults: EXACT, disabled: EXACT,
  warmUntil: DEADLINE, warmGen: GEN, warmCauseS: EXACT,
  hasB: EXACT, B: LINE, bT: LINE, bSlope0: LINE, bCurv: LINE, bGen: GEN, bNext: TIME,
  collapsed: EXACT, blockedBy: EXACT, blockedIn: SKIP, blockedFrom: SKIP, processing: EXACT, full: EXACT,
  bArr: AMOUNT, bCap: AMOUNT, bCapMax: AMOUNT, bTimeout: AMOUNT, bRetry: AMOUNT, bDegCap: AMOUNT, bMit: AMOUNT,
  thrOn: EXACT, thrRate: AMOUNT, thrAutoLift: EXACT, thrByMitigation: EXACT, rampT0: TIME, rampT1: TIME, rampFrom: AMOUNT,
  mitGen: GEN, mitPending: EXACT, mitDue: EXACT,
  capA: LINE, capK: LINE, srvA: LINE, srvK: LINE, fracAt: LINE, capT: LINE, capCut: AMOUNT, demand: LINE,
  rsOn: EXACT, rsT0: LINE, rsFrom: LINE, rsK: LINE, rsGen: GEN,
  downSince: CRASH, crashUntil: DEADLINE, crashDone: EXACT, crashGen: GEN,
  herdRate: AMOUNT, herdClients: SKIP, herdPending: EXACT,
  staleSince: STALE,
  opsCap: AMOUNT, opsDem: AMOUNT,
  capCutK: AMOUNT, rampNext: DEADLINE, rampChord: DEADLINE, demK: LINE, demT: LINE, fillDem: AMOUNT,
  impactStart: SKIP, recovered: SKIP, impaired: SKIP, lastChange: SKIP, worst: SKIP, backlogPeak: SKIP, backlogPeakAt: SKIP,
  collapseStart: SKIP, collapseEnd: SKIP, collapseEndBy: SKIP, unserved: SKIP,
  v: SKIP, blockOf: SKIP, blockStart: SKIP, blockMembers: SKIP, evalStamp: SKIP, evalCount: SKIP,
};

/** What the watch reads besides the Sim: state of the run kept by the driver and its helpers. */
export interface RepeatExtras {
  readonly cy: Cycles;
  /** Per service: its clients lost their connections (herd.ts). */
  readonly herdArmed: Uint8Array;
  /** Per fault: a load fault in force. */
  readonly loadActive: Uint8Array;
  /** Per anchor of relative action times: when it happened (NaN: not yet). */
  readonly anchorAt: Float64Array;
  /** The cell runtime (cells-run.ts), null without cells; the cold caches' fill step (cachefill.ts). */
  readonly cells: CellRuntime | null;
  readonly fill: FillRun;
}

/** Watches one run for a repeat of its whole state (see the file's header). */
export class RepeatWatch {
  private readonly exactArrays: SimArray[] = [];
  private readonly amountArrays: Float64Array[] = [];
  private readonly timeArrays: Float64Array[] = [];
  private readonly deadlineArrays: Float64Array[] = [];
  private readonly staleMax: number;
  /** Per crash-loop service: its backoff schedule (crashloop.ts), to read an outage's age through. */
  private readonly crash: Array<{ readonly i: number; readonly base: number; readonly cap: number; readonly atCap: number; readonly jitter: boolean }> = [];
  private snap: Snapshot;
  private now: Snapshot;
  private readonly ev = new Float64Array(5);
  /**
   * Per service: a queue without a cap that was not processing when the snapshot was taken
   * (see compare); `processed`: it has processed at some evaluation since (set by the driver).
   */
  private readonly held: Uint8Array;
  readonly processed: Uint8Array;
  /** Time of the last scenario input seen pending, and the time until which no snapshot is taken. */
  private lastInput = -Infinity;
  private inputsUntil = -Infinity;
  /** The last fill found a scenario input pending. */
  private inputs = false;
  private changeInstants = 0;
  private nextSnapshot = 1;
  private seen: number;
  /** The state of cells, cold caches, shedding and growing load faults (repeat-mechanisms.ts). */
  private readonly mech: MechanismWatch;
  /** The demand line's arrays are the run's own (not the shared constants of a model without load faults, state.ts). */
  private readonly demandOn: boolean;
  private readonly demandLine: boolean;
  /** The ties among the events popped since the watch started (repeat-ties.ts), and among those pending at the last comparison. */
  private readonly ties: TieWatch;
  private pendingTie = false;

  constructor(private readonly S: Sim, private readonly extras: RepeatExtras) {
    // an array shared by several fields is a constant of a mechanism the model does not use (state.ts)
    const uses = new Map<SimArray, number>();
    for (const k of Object.keys(ROLE) as ArrayKey[]) uses.set(S[k], (uses.get(S[k]) ?? 0) + 1);
    for (const k of Object.keys(ROLE) as ArrayKey[]) {
      const role = ROLE[k];
      const a = S[k];
      if (uses.get(a)! > 1) continue;
      if (role === EXACT) this.exactArrays.push(a);
      else if (role === AMOUNT) this.amountArrays.push(a as Float64Array);
      else if (role === TIME) this.timeArrays.push(a as Float64Array);
      else if (role === DEADLINE) this.deadlineArrays.push(a as Float64Array);
    }
    // the longest `staleFor` of the run: past it, an impairment's age no longer matters
    let m = 0;
    const rs = S.model.reqStale;
    if (rs) for (let r = 0; r < rs.length; r++) if (rs[r]! >= 0) m = Math.max(m, S.v[rs[r]!]!);
    this.staleMax = m;
    for (const i of S.model.withCrashLoop) {
      const c = S.model.services[i]!.crashLoop!;
      const base = S.v[c.base]!;
      const cap = Math.max(S.v[c.cap]!, base);
      // the attempts' doubling gaps end at atCap (crashloop.ts, nextAttempt)
      let atCap = 0;
      for (let d = Math.min(base, cap); d < cap; d = Math.min(cap, 2 * d)) atCap += d;
      this.crash.push({ i, base, cap, atCap, jitter: c.jitter >= 0 });
    }
    this.demandOn = uses.get(S.demand) === 1;
    this.demandLine = uses.get(S.demK) === 1 && uses.get(S.demT) === 1;
    this.mech = new MechanismWatch(S, extras.cells, extras.fill, extras.loadActive);
    this.seen = S.log.length;
    this.held = new Uint8Array(S.n);
    this.processed = new Uint8Array(S.n);
    this.snap = new Snapshot();
    this.now = new Snapshot();
    this.ties = new TieWatch(S.t, S.q, (kind, i, x, at) => this.mech.does(kind, i, x, at));
  }

  /**
   * At the end of an instant (its changes propagated): the time of the earlier instant whose
   * whole state the state now repeats, or -1.
   */
  check(): number {
    const S = this.S;
    const log = S.log;
    const len = log.length;
    this.ties.endInstant(S.t);
    if (len === this.seen) return -1;
    const changes = len - this.seen;
    this.seen = len;
    const key = this.snap.key;
    const j = len - 1;
    // scenario inputs pending: no state before the last of them comes back
    if (S.t <= this.inputsUntil) return -1;
    const match = this.snap.usable && key[0] === changes && key[1] === log.service[j] && key[2] === log.state[j] && key[3] === log.causeKind[j] && key[4] === log.causeService[j];
    if (++this.changeInstants === this.nextSnapshot) {
      // Brent: the next snapshot, twice as far on (compared first: this instant may be the repeat)
      this.nextSnapshot *= 2;
      if (match && this.compare()) return this.snap.time;
      const next = this.now;
      next.begin(null);
      this.fill(next);
      if (this.inputs) {
        // start the schedule again once the last input pending now has happened
        this.inputsUntil = this.lastInput;
        this.changeInstants = 0;
        this.nextSnapshot = 1;
        this.snap.usable = false;
        return -1;
      }
      // the snapshot's held queues (see compare): none has processed yet
      for (let i = 0; i < S.n; i++) this.held[i] = S.hasB[i] && !S.processing[i] && S.bCapMax[i] === Infinity ? 1 : 0;
      this.processed.fill(0);
      this.now = this.snap;
      this.snap = next;
      next.usable = true;
      next.time = S.t;
      const k = next.key;
      k[0] = changes; k[1] = log.service[j]!; k[2] = log.state[j]!; k[3] = log.causeKind[j]!; k[4] = log.causeService[j]!;
      return -1;
    }
    return match && this.compare() ? this.snap.time : -1;
  }

  /**
   * Whether the state now is the snapshot's (compared as it is read: the first difference ends
   * it). A queue without a cap that was not processing at the snapshot and has not processed at
   * any evaluation since (an evaluation within an instant counts: a collapse is judged there)
   * has only filled: while it cannot process, its content is read by nothing else (labels, the
   * served fraction and collapse look at a processing queue; without a cap it is never full).
   * If the rest of the state repeats, so does what keeps it from processing, and it never
   * processes again: its content is left out (its rates still compare).
   */
  private compare(): boolean {
    const o = this.now;
    o.begin(this.snap);
    this.fill(o);
    // and no tie in the stretch from the snapshot on, nor among the events pending now (repeat-ties.ts)
    return !this.inputs && o.matched() && !this.pendingTie && this.ties.clearSince(this.snap.time, this.S.t - this.snap.time);
  }

  /**
   * The canonical state now, into `o` (recording or comparing: a comparison stops at the first
   * difference); sets `inputs` when a scenario input is pending. The queues come first: what
   * differs most often between two instants with the same last change.
   */
  private fill(o: Snapshot): void {
    const S = this.S;
    const t = S.t;
    const n = S.n;
    // a load fault that still grows: its size is a function of the time (repeat-mechanisms.ts)
    const ramp = this.mech.rampsMoving(t);
    this.inputs = ramp > -Infinity;
    if (ramp > this.lastInput) this.lastInput = ramp;
    this.lines(o);
    if (o.bad) return;
    for (const a of this.exactArrays) for (let i = 0; i < n; i++) o.exact(a[i]!);
    const { cy, herdArmed, loadActive, anchorAt } = this.extras;
    for (const a of [cy.originOf, cy.ownGrounded, herdArmed, cy.grounded, cy.overflowGrounded, loadActive]) for (let i = 0; i < a.length; i++) o.exact(a[i]!);
    for (let i = 0; i < anchorAt.length; i++) o.exact(Number.isNaN(anchorAt[i]!) ? 0 : 1);
    if (o.bad) return;
    for (const a of this.amountArrays) for (let i = 0; i < n; i++) o.cont(a[i]!, false);
    for (const a of this.timeArrays) for (let i = 0; i < n; i++) { const x = a[i]!; o.cont(x >= 0 && x < Infinity ? x - t : x, true); }
    for (const a of this.deadlineArrays) for (let i = 0; i < n; i++) { const x = a[i]!; o.cont(x > t ? x - t : -1, true); }
    for (let i = 0; i < n; i++) { const x = S.staleSince[i]!; o.cont(x >= 0 ? Math.min(t - x, this.staleMax) : x, true); }
    for (const c of this.crash) o.cont(this.crashAge(c, t), true);
    this.mech.fill(o, t);
    if (o.bad) return;
    this.events(o);
  }

  /**
   * The age of crash-loop service i's outage as its backoff reads it (crashloop.ts, nextAttempt):
   * up to the end of the doubling gaps, itself; past it, the backoff is the cap, so with jitter
   * (a wait of a fixed share of the backoff) nothing of the age is read, and on the fixed
   * schedule (attempts every cap minutes) only its phase, the age past atCap modulo cap. A
   * service down for good while others take turns then still repeats. -1: no outage under way.
   */
  private crashAge(c: { readonly i: number; readonly base: number; readonly cap: number; readonly atCap: number; readonly jitter: boolean }, t: number): number {
    const since = this.S.downSince[c.i]!;
    if (since < 0) return -1;
    if (!(c.base > 0)) return 0;
    const age = t - since;
    if (age <= c.atCap) return age;
    return c.jitter ? Infinity : c.atCap + ((age - c.atCap) % c.cap);
  }

  /** The queues, capacity, served and staged-restart lines: value and slope now. */
  private lines(o: Snapshot): void {
    const S = this.S;
    const t = S.t;
    for (let i = 0; i < S.n; i++) {
      if (S.hasB[i]) {
        const s = t > S.bT[i]! ? t - S.bT[i]! : 0;
        o.cont(backlogAt(S, i, t), false, this.held[i] === 1 && this.processed[i] === 0); o.cont(S.bSlope0[i]! + S.bCurv[i]! * s, false); o.cont(S.bCurv[i]!, false);
      }
      o.cont(S.capA[i]! + S.capK[i]! * (t - S.capT[i]!), false); o.cont(S.capK[i]!, false);
      o.cont(S.srvA[i]! + S.srvK[i]! * (t - S.fracAt[i]!), false); o.cont(S.srvK[i]!, false);
      if (S.rsOn[i]) { o.cont(S.rsFrom[i]! + S.rsK[i]! * (t - S.rsT0[i]!), false); o.cont(S.rsK[i]!, false); }
      if (this.demandOn) o.cont(S.demand[i]!, false);
      if (this.demandLine) {
        // the demand `demand` at demT, then demK per minute (state.ts): some readers take it as it
        // is (at the evaluation that set it), others through its anchor, read relative to now
        const k = S.demK[i]!;
        o.cont(k, false);
        if (k !== 0) o.cont(S.demT[i]! - t, true);
      }
    }
  }

  /** The driver popped `ev` ([time, kind, service, argument, insertion sequence]), before it acts on it: noted for the ties (repeat-ties.ts). */
  popped(ev: Float64Array): void {
    this.ties.pop(ev);
  }

  /**
   * The pending events that still do something, in the order they will pop; `inputs` when one is
   * a scenario input; `pendingTie` when two of them, or the next instant and now, are a tie
   * (repeat-ties.ts).
   */
  private events(o: Snapshot): void {
    const S = this.S;
    const q = S.q;
    const ev = this.ev;
    const live: Array<[number, number, number, number, number]> = [];
    let inputs = false;
    this.pendingTie = false;
    // the next instant (every event due then, whatever it does): when, and whether of wake-ups only
    let next = Infinity;
    let nextWakes = true;
    for (let k = 0; k < q.size; k++) {
      q.entry(k, ev);
      const at = ev[0]!;
      const kind = ev[1]!;
      const i = ev[2]!;
      if (at < next) { next = at; nextWakes = kind === EV_WAKE; } else if (at === next && kind !== EV_WAKE) nextWakes = false;
      const does = this.mech.does(kind, i, ev[3]!, at);
      if (does === 0) continue;
      if (does === 2) {
        inputs = true;
        if (at > this.lastInput) this.lastInput = at;
        continue;
      }
      live.push([at, ev[4]!, kind, i, kind === EV_HERD_END ? ev[3]! : 0]);
    }
    if (inputs) this.inputs = true;
    if (this.inputs) return;
    live.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    for (const e of live) o.event(e[2], e[3], e[4], e[0] - S.t);
    this.pendingTie = this.ties.pendingTie(next, nextWakes, live, onGrid(S.t - this.snap.time));
  }
}

/**
 * The outcome of a run stopped at a repeat: the services whose state changes within the cycle
 * never recover (recovery, impaired and unserved minutes Infinity, as for a service impaired at
 * the end), nor does the whole; `oscillating` holds their exact patterns. The outcome was just
 * made for this run (outcome.ts): its fields are set here, before anyone reads it.
 */
export function closeRepeat(out: RunOutcome, S: Sim, rep: Repeat, nServices: number): RunOutcome {
  const oscillating = exactOscillationsOf(S.log, nServices, rep.from, rep.at);
  let full = out.fullRecovery;
  for (const o of oscillating) {
    const i = o.service;
    out.recovered[i] = Infinity;
    out.impaired[i] = Infinity;
    if (S.fracUsed) S.unserved[i] = Infinity; // the lazily derived minutes add to it, and stay Infinity
    if (!S.model.partial[i]) full = Infinity;
  }
  return Object.assign(out, { fullRecovery: full, oscillating });
}
