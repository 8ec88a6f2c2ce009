/**
 * Cold caches loading their origin (docs/model.md, "Cold caches loading their origin"): a
 * service with `fill: {hitRatio, warm, share}` on its edge to a dependency is a cache in front
 * of that origin. When the cache comes back empty — from an outage whose cause is not the
 * origin itself, or after a `restart` — its hit ratio climbs from 0 back to h over `warm`, and
 * its misses raise the origin's demand factor by
 *
 *   a · c(t),   a = weight · h / (1 − h),   c(t) = coldness = 1 − warmth, falling linearly to 0
 *
 * (h = 0.9: a cold cache sends 10× its normal misses). The factor enters the origin's demand
 * (load.ts, cells-run.ts), so its queue, served fraction, overload and collapse follow from
 * the mechanisms that exist.
 *
 * The surges of the caches in front of one origin add: F(t) = 1 + Σ a_f·c_f(t), a line whose
 * slope −Σ a_f / W_f changes only where a refill starts, stops or ends. It is the demand slope
 * of load faults that grow (ramp.ts): each evaluation of an origin sets its demand to its value
 * now and `Sim.demK` to its slope, so a queue sees a linear arrival (its backlog quadratic,
 * exact) and the served fraction c/d is followed by ramp.ts's chords (within RAMP_EPS, its
 * crossings of 100 % and 5 % exact). On a service whose load faults ramp too, or on a cell of a
 * service that drains gradually (failover-drain.ts), the demand is the product of two lines:
 * its tangent, looked at again before it drifts by RAMP_EPS of the demand, as two ramping load
 * faults are (demand-line.ts composes them).
 */
import { STATE_DOWN } from './model.js';
import { CAUSE_BACKLOG, CAUSE_COLLAPSE, CAUSE_HERD, CAUSE_MITIGATION, CAUSE_SHEDDING, CAUSE_THROTTLE, CAUSE_WARMUP, EV_FILL, MAX_HORIZON, type Sim } from './state.js';
import type { TransitionLog } from './events.js';
import { timeAfter } from './events.js';
import { applyLoadFaults } from './load.js';
import { mulDemand, slopeOfFactor } from './demand-line.js';
import type { CellRuntime } from './cells-run.js';

/** Largest hit ratio the engine uses (the validator refuses 1): a cold cache sends at most 1000× its misses. */
export const MAX_HIT_RATIO = 0.999;
/** Largest surge a = weight · h / (1 − h) (weight ≤ 1). */
export const MAX_SURGE = MAX_HIT_RATIO / (1 - MAX_HIT_RATIO);

/** The surge of a cold cache: weight · h / (1 − h), h clamped to [0, MAX_HIT_RATIO]. */
export function surgeOf(hitRatio: number, weight: number): number {
  const h = hitRatio > MAX_HIT_RATIO ? MAX_HIT_RATIO : hitRatio > 0 ? hitRatio : 0;
  return weight > 0 ? (weight * h) / (1 - h) : 0;
}

/**
 * What the explanation reads: at each kink of an origin's line (a refill starting, stopping or
 * ending), when, the origin slot, its factor and slope then, and the cache that loads it most.
 */
export interface FillTrace {
  readonly t: number[];
  readonly origin: number[];
  readonly factor: number[];
  readonly factorK: number[];
  readonly cache: number[];
  /** Warmth of that cache then (0 .. 1), its rate per minute, and when its refill ends. */
  readonly warmth: number[];
  readonly warmK: number[];
  readonly until: number[];
}

const traces = new WeakMap<TransitionLog, FillTrace>();

/** The trace of the run whose transition log is `log` (none when the run had no cold cache, or no curves). */
export const fillTrace = (log: TransitionLog): FillTrace | undefined => traces.get(log);

/** The fill step of a run without `fill:` edges: nothing to do, built once. */
const NONE: FillRun = {
  any: false,
  onCommit: () => undefined,
  flush: () => undefined,
  step: () => undefined,
  load: () => undefined,
  source: () => -1,
  drainSource: () => -1,
  forget: () => undefined,
  state: null,
};

/** The fill step of one run. */
export interface FillRun {
  readonly any: boolean;
  /** Service i's label changed from `was` to `e` (cause service eS) at S.t: a cache going down or coming back. */
  readonly onCommit: (i: number, was: number, e: number, eS: number) => void;
  /** Operators restarted service i (a cache, or a service whose cells are caches): its contents are gone. */
  readonly flush: (i: number) => void;
  /** The end of fill f's refill (generation gen). */
  readonly step: (f: number, gen: number) => void;
  /** Service i is being evaluated: its demand and demand slope now, with the surges on it (after ramp.ts's). */
  readonly load: (i: number) => void;
  /** The cache whose misses load service i most now, or −1. */
  readonly source: (i: number) => number;
  /** The cache whose misses last loaded service i (its queue may still hold them), or −1. */
  readonly drainSource: (i: number) => number;
  /** Service i is up again: what last loaded it no longer explains anything. */
  readonly forget: (i: number) => void;
  /** The run's fill state, for the repeat watch (repeat-mechanisms.ts), which only reads it; null without `fill:` edges. */
  readonly state: FillState | null;
}

/** Per fill f: refilling (`on`), its cache out (`out`), when the refill started, its length, its generation; per loaded slot, the cache that loaded it most, last. */
export interface FillState {
  readonly on: Uint8Array;
  readonly out: Uint8Array;
  readonly tStart: Float64Array;
  readonly warm: Float64Array;
  readonly gen: Int32Array;
  readonly lastSrc: ReadonlyMap<number, number>;
}

const EMPTY: readonly number[] = [];

/**
 * Per cause kind: 1 when a cache down for it keeps its contents as they were (neither emptied
 * nor refilled): its warm-up after an outage (the tail of that outage, not one of its own) and
 * an overload of its own queue, which restarts nothing.
 */
const KEEPS = new Uint8Array(32);
for (const k of [CAUSE_WARMUP, CAUSE_COLLAPSE, CAUSE_BACKLOG, CAUSE_THROTTLE, CAUSE_MITIGATION, CAUSE_HERD, CAUSE_SHEDDING]) KEEPS[k] = 1;

/**
 * The fill step of one run over `S`: `loadActive` and `cells` recompute a loaded origin's
 * demand as its load faults and failover would; `trace` records the kinks for the explanation.
 */
export function fillOf(S: Sim, loadActive: Uint8Array, cells: CellRuntime | null, trace: boolean): FillRun {
  const specs = S.model.fills;
  if (specs === undefined) return NONE;
  const nF = specs.length;
  const v = S.v;
  const plan = S.model.cells;
  const ramps = S.model.rampSvc;
  const surge = new Float64Array(nF);
  const warm = new Float64Array(nF);
  const tStart = new Float64Array(nF); // when the refill started, empty
  const out = new Uint8Array(nF); // the cache is out (down for a cause other than its origin): empty
  const on = new Uint8Array(nF);
  const gen = new Int32Array(nF);
  const byCache = new Map<number, number[]>();
  const byTarget: number[][] = [];
  const targets: Int32Array[] = [];
  const lastSrc = new Map<number, number>(); // per loaded slot: the cache that loaded it most, last
  for (let f = 0; f < nF; f++) {
    const sp = specs[f]!;
    surge[f] = surgeOf(v[sp.hitRatio]!, sp.weight);
    warm[f] = sp.warm >= 0 ? Math.max(0, v[sp.warm]!) : 0;
    let list = byCache.get(sp.cache);
    if (!list) byCache.set(sp.cache, (list = []));
    list.push(f);
    // a global origin with cells: the misses spread over its cells by their shares, the same factor on each
    const o = sp.origin;
    const tg = plan !== undefined && plan.role[o] === 1 ? plan.cellSlots.subarray(plan.cellStart[o]!, plan.cellStart[o + 1]!) : Int32Array.of(o);
    targets.push(tg);
    for (const j of tg) (byTarget[j] ??= []).push(f);
  }
  // a cell of a service that drains gradually: its demand line is the drain's times the misses
  // of the caches in front of it, composed whenever the drain sets it (failover-drain.ts)
  const drain = cells !== null ? cells.drain : null;
  if (drain !== null) {
    drain.factor = (j: number): void => {
      if (byTarget[j] === undefined) return;
      lineAt(j, S.t);
      S.fillDem[j] = lineF;
      mulDemand(S, j, lineF, lineK);
    };
  }
  const tr: FillTrace | null = trace ? { t: [], origin: [], factor: [], factorK: [], cache: [], warmth: [], warmK: [], until: [] } : null;
  if (tr) traces.set(S.log, tr);
  else traces.delete(S.log);

  /** Coldness of fill f at t: 1 − (t − start)/W while it refills, else 0. */
  const coldNow = (f: number, t: number): number => {
    if (!on[f]) return 0;
    const c = 1 - (t - tStart[f]!) / warm[f]!;
    return c > 0 ? c : 0;
  };

  // the line of an origin slot at t: F = 1 + Σ a_f·c_f(t), its slope −Σ a_f/W_f over the refills under way
  let lineF = 1;
  let lineK = 0;
  let lineTop = -1;
  const lineAt = (j: number, t: number): void => {
    let d = 1;
    let k = 0;
    let top = -1;
    let topX = 0;
    for (const g of byTarget[j] ?? EMPTY) {
      const c = coldNow(g, t);
      if (!(c > 0)) continue;
      const x = surge[g]! * c;
      d += x;
      k -= surge[g]! / warm[g]!;
      if (x > topX) { top = g; topX = x; }
    }
    lineF = d; lineK = k; lineTop = top;
  };

  /** A kink of fill f's line (it starts, stops or ends): its origins look again, the trace notes it. */
  const touch = (f: number): void => {
    for (const j of targets[f]!) {
      lineAt(j, S.t);
      if (lineTop >= 0) lastSrc.set(j, specs[lineTop]!.cache);
      S.enqueue(j);
      if (tr) {
        const top = lineTop;
        tr.t.push(S.t); tr.origin.push(j); tr.factor.push(lineF); tr.factorK.push(lineK);
        tr.cache.push(top >= 0 ? specs[top]!.cache : -1);
        tr.warmth.push(top >= 0 ? 1 - coldNow(top, S.t) : 1);
        tr.warmK.push(top >= 0 ? 1 / warm[top]! : 0);
        tr.until.push(top >= 0 ? tStart[top]! + warm[top]! : S.t);
      }
    }
  };

  /** Fill f starts refilling now, empty; its end is an event. */
  const start = (f: number): void => {
    gen[f]!++;
    if (!(surge[f]! > 0) || !(warm[f]! > 0)) { if (on[f]) { on[f] = 0; touch(f); } return; }
    on[f] = 1;
    tStart[f] = S.t;
    const end = S.t + warm[f]!;
    const when = end > S.t ? end : timeAfter(S.t, 0);
    if (when <= MAX_HORIZON) S.q.push(when, EV_FILL, f, gen[f]!);
    touch(f);
  };

  /** Fill f stops sending misses (its cache is out, its contents gone). */
  const stop = (f: number): void => {
    gen[f]!++;
    if (on[f]) { on[f] = 0; touch(f); }
  };

  /**
   * Whether an outage whose cause is service s comes from origin o: s is o, or the chain of
   * causes from s leads to it (a cache behind a proxy of its origin). Such an outage leaves the
   * cache's contents in place, and its clients' requests still reach the origin as misses.
   */
  const fromOrigin = (s: number, o: number): boolean => {
    for (let k = 0; k < 64 && s >= 0; k++) {
      if (s === o) return true;
      const next = S.stCauseS[s]!;
      if (next === s) return false;
      s = next;
    }
    return false;
  };

  return {
    any: true,
    onCommit: (i: number, was: number, e: number, eS: number): void => {
      const list = byCache.get(i);
      if (!list) return;
      if (e !== STATE_DOWN && was !== STATE_DOWN) return;
      // the cache's warm-up, or an overload of its own queue (a collapse, its throttle or
      // mitigation, a backlog or reconnect surge draining, shedding), empties nothing: the cache
      // keeps what the outage before it left (a warm-up's outage was judged at its start, when the
      // chain of causes still led to the origin or not: once the dependency that carried it is
      // back, the chain no longer says)
      if (e === STATE_DOWN && KEEPS[S.stCauseK[i]!] === 1) return;
      for (const f of list) {
        // out: down for a cause other than its origin (an outage of the origin, or one it causes,
        // leaves the contents in place and the refill on its line). Once out, empty until it leaves
        // down: an outage whose cause moves to the origin meanwhile does not start its refill
        const isOut = e === STATE_DOWN && !fromOrigin(eS, specs[f]!.origin);
        if (isOut && !out[f]) { out[f] = 1; stop(f); }
        else if (e !== STATE_DOWN && out[f]) { out[f] = 0; start(f); }
      }
    },
    flush: (i: number): void => {
      const slots = plan !== undefined && plan.role[i] === 1 ? plan.cellSlots.subarray(plan.cellStart[i]!, plan.cellStart[i + 1]!) : Int32Array.of(i);
      for (const j of slots) {
        for (const f of byCache.get(j) ?? EMPTY) {
          if (!out[f]) start(f); // an out cache starts empty when it returns anyway
        }
      }
    },
    step: (f: number, g: number): void => {
      if (gen[f] !== g || !on[f]) return;
      on[f] = 0;
      touch(f);
    },
    load: (i: number): void => {
      if (byTarget[i] === undefined) return;
      lineAt(i, S.t);
      const F = lineF;
      const K = lineK;
      if (ramps !== undefined && ramps[i] === 1) {
        // ramp.ts has just set the load faults' line d + dk·x at now: the demand is its product
        // with F + K·x (demand-line.ts)
        S.fillDem[i] = F;
        mulDemand(S, i, F, K);
        return;
      }
      // a cell of a service that drains: the drain's line at now, times F + K·x (drain.factor)
      if (drain !== null && drain.on(i)) { drain.rebase(i, cells!.moved); return; }
      // the load faults' demand is level between their events: recompute it with F now, the slope is F's
      if (F !== S.fillDem[i]) {
        S.fillDem[i] = F;
        if (cells !== null && cells.role[i] === 2) cells.refreshLoad(i);
        else applyLoadFaults(S, i, loadActive);
      }
      slopeOfFactor(S, i, F, K); // `demand` is its value now (state.ts)
    },
    source: (i: number): number => {
      lineAt(i, S.t);
      return lineTop >= 0 ? specs[lineTop]!.cache : -1;
    },
    drainSource: (i: number): number => lastSrc.get(i) ?? -1,
    forget: (i: number): void => { lastSrc.delete(i); },
    state: { on, out, tStart, warm, gen, lastSrc },
  };
}
