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
 * Between events the engine needs constant demand factors (a queue is then linear or quadratic,
 * a served fraction a line). The linear decline is therefore applied as a staircase on a fixed
 * grid of coldness, c_k = R^k (k = 0 … K − 1) then 0, each step carrying the line's mean over
 * it, a · (c_k + c_{k+1}) / 2:
 *
 * - the work each step adds equals the line's: the total surge, and a queue at every step's
 *   end, are exact (while the queue neither empties nor reaches its cap within the step);
 * - within a step the factor is within FILL_TOL (2 %) of the line's, relative: for a step
 *   [c_{k+1}, c_k] with c_{k+1} = R·c_k, |a·c − a·(c_k + c_{k+1})/2| ≤ a·c_k(1 − R)/2, and
 *   (a·c_k(1 − R)/2) / (1 + a·R·c_k) < (1 − R)/(2R) = FILL_TOL; on the last step, to 0, the
 *   error is at most a·c_{K−1}/2 ≤ FILL_TOL because c_{K−1} ≤ 2·FILL_TOL / MAX_SURGE;
 * - a queue between step ends is within a·λ·τ²/(8·W) of the line's (τ the step's length,
 *   λ the queue's normal arrival): the integral of a line minus its mean is at most k·τ²/8;
 * - the grid does not depend on a, so a larger surge is larger at every instant (a higher hit
 *   ratio never lowers the origin's demand anywhere), and a = 0 schedules nothing.
 */
import { STATE_DOWN } from './model.js';
import { EV_FILL, MAX_HORIZON, type Sim } from './state.js';
import type { TransitionLog } from './events.js';
import { timeAfter } from './events.js';
import { applyLoadFaults } from './load.js';
import type { CellRuntime } from './cells-run.js';

/** Relative error of the staircase's demand factor against the linear decline. */
export const FILL_TOL = 0.02;
/** Largest hit ratio the engine uses (the validator refuses 1): a cold cache sends at most 1000× its misses. */
export const MAX_HIT_RATIO = 0.999;
/** Largest surge a = weight · h / (1 − h) the grid is fine enough for (weight ≤ 1). */
export const MAX_SURGE = MAX_HIT_RATIO / (1 - MAX_HIT_RATIO);
const R = 1 / (1 + 2 * FILL_TOL);

/** The coldness grid: 1, R, R², … down to 2·FILL_TOL / MAX_SURGE or less, then 0 (fixed, ~260 points). */
export const FILL_GRID: Float64Array = (() => {
  const out: number[] = [1];
  const min = (2 * FILL_TOL) / MAX_SURGE;
  while (out[out.length - 1]! > min) out.push(out[out.length - 1]! * R);
  out.push(0);
  return Float64Array.from(out);
})();

/** The surge of a cold cache: weight · h / (1 − h), h clamped to [0, MAX_HIT_RATIO]. */
export function surgeOf(hitRatio: number, weight: number): number {
  const h = hitRatio > MAX_HIT_RATIO ? MAX_HIT_RATIO : hitRatio > 0 ? hitRatio : 0;
  return weight > 0 ? (weight * h) / (1 - h) : 0;
}

/** The grid point strictly below coldness c (0 when none is). */
export function gridBelow(c: number): number {
  const g = FILL_GRID;
  // first index with g[k] < c (the grid descends)
  let lo = 0;
  let hi = g.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (g[mid]! < c) hi = mid;
    else lo = mid + 1;
  }
  return g[lo]!;
}

/** What the explanation reads: per step, when, the origin slot, its factor and the cache that loads it most. */
export interface FillTrace {
  readonly t: number[];
  readonly origin: number[];
  readonly factor: number[];
  readonly cache: number[];
  /** Warmth of that cache then (0 .. 1), and when its refill ends. */
  readonly warmth: number[];
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
  source: () => -1,
  drainSource: () => -1,
  forget: () => undefined,
};

/** The fill step of one run. */
export interface FillRun {
  readonly any: boolean;
  /** Service i's label changed from `was` to `e` (cause service eS) at S.t: a cache going down or coming back. */
  readonly onCommit: (i: number, was: number, e: number, eS: number) => void;
  /** Operators restarted service i (a cache, or a service whose cells are caches): its contents are gone. */
  readonly flush: (i: number) => void;
  /** The step event of fill f, generation gen. */
  readonly step: (f: number, gen: number) => void;
  /** The cache whose misses load service i most now, or −1. */
  readonly source: (i: number) => number;
  /** The cache whose misses last loaded service i (its queue may still hold them), or −1. */
  readonly drainSource: (i: number) => number;
  /** Service i is up again: what last loaded it no longer explains anything. */
  readonly forget: (i: number) => void;
}

/**
 * The fill step of one run over `S`: `loadActive` and `cells` recompute a loaded origin's
 * demand as its load faults and failover would; `trace` records the steps for the explanation.
 */
export function fillOf(S: Sim, loadActive: Uint8Array, cells: CellRuntime | null, trace: boolean): FillRun {
  const specs = S.model.fills;
  if (specs === undefined) return NONE;
  const nF = specs.length;
  const v = S.v;
  const plan = S.model.cells;
  const surge = new Float64Array(nF);
  const warm = new Float64Array(nF);
  const ext = new Float64Array(nF); // the step's extra demand factor
  const cold0 = new Float64Array(nF); // coldness at tStart
  const tStart = new Float64Array(nF);
  const at = new Float64Array(nF); // coldness at the current step's start (a grid point, or cold0)
  const out = new Uint8Array(nF); // the cache is out (down for a cause other than its origin): empty
  const on = new Uint8Array(nF);
  const gen = new Int32Array(nF);
  const byCache = new Map<number, number[]>();
  const byTarget = new Map<number, number[]>();
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
    for (const j of tg) {
      let l = byTarget.get(j);
      if (!l) byTarget.set(j, (l = []));
      l.push(f);
    }
  }
  const tr: FillTrace | null = trace ? { t: [], origin: [], factor: [], cache: [], warmth: [], until: [] } : null;
  if (tr) traces.set(S.log, tr);
  else traces.delete(S.log);

  const coldNow = (f: number, t: number): number => {
    if (!on[f]) return 0;
    const c = cold0[f]! - (t - tStart[f]!) / warm[f]!;
    return c > 0 ? c : 0;
  };

  /** Sets the demand factor of every origin slot fill f loads, from the steps of all fills on it. */
  const apply = (f: number): void => {
    for (const j of targets[f]!) {
      const list = byTarget.get(j)!;
      let d = 1;
      let top = -1;
      for (const g of list) {
        d += ext[g]!;
        if (ext[g]! > 0 && (top < 0 || ext[g]! > ext[top]!)) top = g;
      }
      if (top >= 0) lastSrc.set(j, specs[top]!.cache);
      if (d === S.fillDem[j]) continue;
      S.fillDem[j] = d;
      if (cells !== null && cells.role[j] === 2) cells.refreshLoad(j);
      else applyLoadFaults(S, j, loadActive);
      S.enqueue(j);
      if (tr) {
        const t = S.t;
        tr.t.push(t); tr.origin.push(j); tr.factor.push(d);
        tr.cache.push(top >= 0 ? specs[top]!.cache : -1);
        tr.warmth.push(top >= 0 ? 1 - coldNow(top, t) : 1);
        tr.until.push(top >= 0 ? tStart[top]! + cold0[top]! * warm[top]! : t);
      }
    }
  };

  /** The step of fill f that starts at coldness c (at S.t): its mean, and the event at its end. */
  const stepFrom = (f: number, c: number): void => {
    const next = gridBelow(c);
    at[f] = c;
    ext[f] = (surge[f]! * (c + next)) / 2;
    const end = tStart[f]! + (cold0[f]! - next) * warm[f]!;
    const when = end > S.t ? end : timeAfter(S.t, 0);
    if (when <= MAX_HORIZON) S.q.push(when, EV_FILL, f, gen[f]!);
  };

  /** Fill f starts refilling now from coldness c (1: empty). */
  const start = (f: number, c: number): void => {
    gen[f]!++;
    if (!(c > 0) || !(surge[f]! > 0) || !(warm[f]! > 0)) { on[f] = 0; if (ext[f] !== 0) { ext[f] = 0; apply(f); } return; }
    on[f] = 1;
    tStart[f] = S.t;
    cold0[f] = c;
    stepFrom(f, c);
    apply(f);
  };

  /** Fill f stops sending misses (its cache is out, its contents gone). */
  const stop = (f: number): void => {
    gen[f]!++;
    on[f] = 0;
    if (ext[f] !== 0) { ext[f] = 0; apply(f); }
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
      for (const f of list) {
        // out: down for a cause other than its origin (an outage of the origin, or one it causes,
        // leaves the contents in place and the refill on its line)
        const isOut = e === STATE_DOWN && !fromOrigin(eS, specs[f]!.origin);
        if (isOut && !out[f]) { out[f] = 1; stop(f); }
        else if (!isOut && out[f]) { out[f] = 0; start(f, 1); }
      }
    },
    flush: (i: number): void => {
      const slots = plan !== undefined && plan.role[i] === 1 ? plan.cellSlots.subarray(plan.cellStart[i]!, plan.cellStart[i + 1]!) : Int32Array.of(i);
      for (const j of slots) {
        for (const f of byCache.get(j) ?? []) {
          if (!out[f]) start(f, 1); // an out cache starts empty when it returns anyway
        }
      }
    },
    step: (f: number, g: number): void => {
      if (gen[f] !== g || !on[f]) return;
      const c = gridBelow(at[f]!);
      if (c > 0) stepFrom(f, c);
      else { on[f] = 0; ext[f] = 0; }
      apply(f);
    },
    source: (i: number): number => {
      const list = byTarget.get(i);
      if (!list) return -1;
      let top = -1;
      for (const g of list) if (ext[g]! > 0 && (top < 0 || ext[g]! > ext[top]!)) top = g;
      return top >= 0 ? specs[top]!.cache : -1;
    },
    drainSource: (i: number): number => lastSrc.get(i) ?? -1,
    forget: (i: number): void => { lastSrc.delete(i); },
  };
}
