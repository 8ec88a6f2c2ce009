/**
 * Gradual failover (docs/model.md, "Gradual failover"): `failover: {after, over}` moves a
 * failed cell's traffic to the other cells linearly over `over`, starting `after` it went down
 * — clients following DNS answers as their resolvers' cached records expire, load-balancer
 * weights shifted in steps, a zonal shift, a proxy's gradual drain.
 *
 * With m_j(t) = min(1, (t − t_j) / over) the moved share of cell j out since t_j, the cells
 * not out (share W) each carry D(t) = 1 + Σ_out w_j · m_j(t) / W times their own traffic, and
 * a cell out still carries 1 − m_j(t) of its own (it fails there). D(t) is linear between the
 * ends of the drains, so the demand on a receiving cell is a line: d(t) = f · max(1, D / (1 + h))
 * (f its load faults' demand factor, h the headroom), with a wake-up where D crosses 1 + h
 * (times the misses of cold caches refilling in front of the service, another line, when there
 * are: `factor`; the product is followed by its tangent, demand-line.ts); a cell with a queue
 * receives λ(t) = D(t) · w_j · λ, a line, and its queue stays a quadratic in closed form
 * (backlog.ts reads the slope of `demand`). What a receiving cell serves of what it receives,
 * s = c / d (or μ / λ), is then a ratio of lines: the engine follows it by chords,
 * exact at both ends of each step, with steps short enough that the chord is within
 * CHORD_ERROR of the curve (below). The service's served fraction — what its dependents read —
 * sums w_j · D_j · s_j, the traffic each cell serves, which is a line again where capacity is
 * level (D cancels); the engine takes it through the same chord ends, so it is exact there.
 */
import type { CellPlan } from './cells.js';
import { timeAfter as timeAfter_ } from './events.js';
import { EV_WAKE as EV_WAKE_, MAX_HORIZON as MAX_HORIZON_, type Sim } from './state.js';
import type { QueueOut } from './backlog.js';
import { setDemand } from './demand-line.js';
import { firstCrossing } from './ramp.js';
import { servedAt as servedLineAt } from './capacity.js';

const timeAfter = timeAfter_;
const EV_WAKE = EV_WAKE_;
const MAX_HORIZON = MAX_HORIZON_;

/**
 * Largest error of a chord of a receiving cell's served fraction (a fraction of its demand).
 * The chord of s(τ) = (a + bτ) / (p + qτ) over [0, Δ] is within Δ² / 8 · max |s''| of it, and
 * |s''(τ)| = 2 |q| · |q·a − p·b| / (p + qτ)³, largest at the smaller denominator: the step is
 * Δ = √(8 · CHORD_ERROR / max |s''|). With level capacity a step moves the demand by
 * 2 · √(CHORD_ERROR / s) of itself: about 60 steps while a demand rises by half.
 */
export const CHORD_ERROR = 1e-5;
/** How far below full service the first step from a meeting point goes (above FRAC_EPS, far below CHORD_ERROR). */
const FIRST_DROP = 1e-7;
/** Shortest chord step, minutes (a floor against event storms where demand is near 0). */
const MIN_STEP = 1e-6;

/** What the drain reads of the cell runtime (cells-run.ts). */
export interface CellState {
  readonly out: Uint8Array;
  readonly downSince: Float64Array;
  readonly delay: Float64Array;
  /** Per cell: the demand factor failover puts on it at `movedT` (1: its own traffic only). */
  readonly moved: Float64Array;
}

export class FailoverDrain {
  /** Per aggregate slot: minutes over which a cell's traffic moves (0: at once, the step failover). */
  readonly over: Float64Array;
  /** Per cell, from the last {@link shares}: the traffic it carries, times its own, and its slope. */
  readonly D: Float64Array;
  readonly Dk: Float64Array;
  /** Per cell: slope of the demand factor failover puts on it, and the time `moved` holds at. */
  private readonly movedK: Float64Array;
  private readonly movedT: Float64Array;
  /** Per cell: when its demand line stops holding (its D reaches 1 + h); Infinity: not before the aggregate's next change. */
  private readonly until: Float64Array;
  /** Per cell: end of its current chord (−Infinity: its served line is exact). */
  private readonly chordEnd: Float64Array;
  /** Per cell: what it serves over what it receives, (a + b·τ) / (p + q·τ) from cT (cT −Infinity: none). */
  private readonly cA: Float64Array;
  private readonly cB: Float64Array;
  private readonly cP: Float64Array;
  private readonly cQ: Float64Array;
  private readonly cT: Float64Array;
  /** Per cell: when its last chord's wake-up is due. */
  private readonly due: Float64Array;
  /** Per cell: the end of its drain a wake-up was scheduled for. */
  private readonly endPushed: Float64Array;
  /** Per cell: its load faults' demand factor, from the last {@link load}. */
  private readonly f: Float64Array;
  /**
   * Multiplies cell j's demand line, just set, by the other factors of its demand that are
   * lines (the misses of cold caches in front of it: cachefill.ts sets it; demand-line.ts).
   */
  factor: ((j: number) => void) | null = null;
  /** Result of {@link served}: the served line of the cell now. */
  sa = 1;
  sk = 0;

  constructor(private readonly S: Sim, private readonly plan: CellPlan, slots: Int32Array) {
    const n = S.n;
    this.over = new Float64Array(n);
    for (let a = 0; a < plan.nServices; a++) if (slots[a]! >= 0) this.over[a] = Math.max(0, S.v[slots[a]!]!);
    this.D = new Float64Array(n).fill(1);
    this.Dk = new Float64Array(n);
    this.movedK = new Float64Array(n);
    this.movedT = new Float64Array(n);
    this.until = new Float64Array(n).fill(Infinity);
    this.chordEnd = new Float64Array(n).fill(-Infinity);
    this.endPushed = new Float64Array(n).fill(NaN);
    this.cA = new Float64Array(n);
    this.cB = new Float64Array(n);
    this.cP = new Float64Array(n);
    this.cQ = new Float64Array(n);
    this.cT = new Float64Array(n).fill(-Infinity);
    this.due = new Float64Array(n).fill(-Infinity);
    this.f = new Float64Array(n).fill(1);
  }

  /** Whether aggregate (or cell) slot i drains gradually. */
  on(i: number): boolean {
    const a = this.plan.role[i] === 2 ? this.plan.parent[i]! : i;
    return this.over[a]! > 0;
  }

  /**
   * The traffic each cell of aggregate i carries at t (D, Dk), given which cells are out
   * (`c.out`, since `c.downSince` + its delay) and W = `wUp`, the share of those not out.
   * Schedules a look at the end of each drain under way.
   */
  shares(i: number, t: number, moving: boolean, wUp: number, c: CellState): void {
    const plan = this.plan;
    const c0 = plan.cellStart[i]!;
    const c1 = plan.cellStart[i + 1]!;
    const { D, Dk } = this;
    if (!moving) {
      for (let k = c0; k < c1; k++) { const j = plan.cellSlots[k]!; D[j] = 1; Dk[j] = 0; }
      return;
    }
    const over = this.over[i]!;
    const delay = c.delay[i]!;
    let M = 0;
    let Mk = 0;
    let ramp = false;
    for (let k = c0; k < c1; k++) {
      const j = plan.cellSlots[k]!;
      if (!c.out[j]) continue;
      const start = c.downSince[j]! + delay;
      const end = start + over;
      if (t < end) {
        // m = (t − start) / over of its traffic has moved; the rest still reaches it (and fails)
        const m = (t - start) / over;
        const w = plan.share[j]!;
        M += w * m;
        Mk += w / over;
        D[j] = 1 - m;
        Dk[j] = -1 / over;
        ramp = true;
        if (this.endPushed[j] !== end) { this.endPushed[j] = end; if (end <= MAX_HORIZON) this.S.q.push(end, EV_WAKE, i, 0); }
      } else { M += plan.share[j]!; D[j] = 0; Dk[j] = 0; } // all of it moved
    }
    // every drain done: exactly the step failover's factor 1 / W
    const Dr = ramp ? 1 + M / wUp : 1 / wUp;
    const Drk = ramp ? Mk / wUp : 0;
    for (let k = c0; k < c1; k++) {
      const j = plan.cellSlots[k]!;
      if (!c.out[j]) { D[j] = Dr; Dk[j] = Drk; }
    }
  }

  /**
   * Whether the demand factor failover puts on cell j changed at t (a new slope, a jump, or
   * its line reaching the headroom); if so records the new line in `moved` and the drain's
   * own arrays (a cell out keeps its demand, as with the step failover: what reaches it fails).
   */
  changed(j: number, t: number, moved: Float64Array): boolean {
    const D = this.D[j]!;
    const carried = D > 0 && this.Dk[j]! >= 0 ? D : 1;
    const carriedK = D > 0 && this.Dk[j]! >= 0 ? this.Dk[j]! : 0;
    const k0 = this.movedK[j]!;
    const pred = moved[j]! + k0 * (t - this.movedT[j]!);
    if (t < this.until[j]! && carriedK === k0 && Math.abs(carried - pred) <= 1e-12 * (carried > 1 ? carried : 1)) return false;
    moved[j] = carried;
    this.movedK[j] = carriedK;
    this.movedT[j] = t;
    return true;
  }

  /** The demand factor failover puts on cell j at t (its line in `moved` from the last change). */
  carriedAt(j: number, t: number, moved: Float64Array): number {
    return moved[j]! + this.movedK[j]! * (t - this.movedT[j]!);
  }

  /**
   * Sets the capacity cut and the demand line of cell j of a draining service (`cut`, `f`
   * from its load faults); false when its service does not drain (the caller does it).
   */
  load(j: number, moved: Float64Array, cut: number, f: number): boolean {
    if (!this.on(j)) return false;
    const S = this.S;
    const t = S.t;
    // the factor now (a load fault can start between the aggregate's looks)
    const k = this.movedK[j]!;
    const D = moved[j]! + k * (t - this.movedT[j]!);
    moved[j] = D;
    this.movedT[j] = t;
    S.capCut[j] = cut;
    this.f[j] = f;
    this.until[j] = Infinity;
    if (!S.hasB[j] && k > 0) {
      const h1 = 1 + this.plan.headroom[j]!;
      if (D / h1 < 1 - 1e-9) {
        // within the headroom until D reaches 1 + h: look again then
        const at = timeAfter(t, (h1 - D) / k);
        this.until[j] = at;
        if (at <= MAX_HORIZON) S.q.push(at, EV_WAKE, this.plan.parent[j]!, 0);
      }
    }
    this.line(j, D, k, f);
    return true;
  }

  /**
   * Re-bases the demand line of cell j of a draining service at now, as {@link load} last set
   * it (no new look scheduled): a cell whose demand has another sloped factor is followed by
   * the tangent of the product, re-based at each of its evaluations (demand-line.ts).
   */
  rebase(j: number, moved: Float64Array): void {
    const k = this.movedK[j]!;
    this.line(j, moved[j]! + k * (this.S.t - this.movedT[j]!), k, this.f[j]!);
  }

  /** Cell j's demand line from the factor failover puts on it now, D + k·x, and its load faults' f, times the other factors. */
  private line(j: number, D: number, k: number, f: number): void {
    const S = this.S;
    if (S.hasB[j]) {
      // a queue's spare capacity is its capacity minus its arrival: the arrival carries D
      setDemand(S, j, f * D, f * k);
    } else {
      const h1 = 1 + this.plan.headroom[j]!;
      const x = D / h1;
      // within the headroom the moved traffic is absorbed: level until D reaches 1 + h
      if (k > 0 && x < 1 - 1e-9) setDemand(S, j, f, 0);
      else setDemand(S, j, k > 0 ? f * x : f * Math.max(1, x), k > 0 ? (f * k) / h1 : 0);
    }
    if (this.factor !== null) this.factor(j);
  }

  /**
   * The served line of cell j now while its demand is a line (`S.demK[j]` ≠ 0): what it can
   * serve a + b·τ over what it receives p + q·τ, into `sa`, `sk`. Full service until the
   * demand line meets the capacity line (a wake-up there); below it, the chord to the end
   * of a step of at most CHORD_ERROR (a wake-up there).
   */
  served(j: number, a: number, b: number, p: number, q: number): void {
    const S = this.S;
    const t = S.t;
    // a look within the chord under way, its lines unchanged (a dependent's change, or the look
    // capacity.ts schedules where an earlier chord's line, past its end, meets 5 %: early where
    // c/d is convex and falling) keeps it: a new chord from here would schedule one more such
    // look, and each of those another, converging on the crossing
    if (this.keeps(j, t, a, b, p, q)) {
      this.cA[j] = a; this.cP[j] = p; this.cT[j] = t; // the same ratio, re-based
      this.sa = servedLineAt(S, j, t);
      this.sk = S.srvK[j]!;
      return;
    }
    this.chordEnd[j] = -Infinity;
    this.cA[j] = a; this.cB[j] = b; this.cP[j] = p; this.cQ[j] = q; this.cT[j] = t;
    // (at the meeting point with demand rising faster, the chord below starts now)
    if (a > p || (a >= p && q <= b)) {
      this.sa = 1;
      this.sk = 0;
      if (q > b) {
        const at = timeAfter(t, (a - p) / (q - b));
        if (at <= MAX_HORIZON) S.q.push(at, EV_WAKE, j, 0);
      }
      return;
    }
    this.sa = a / p;
    if (q === 0) { this.sk = b / p; return; } // a line already
    // capacity in proportion to demand (none, say, on a cell that is down while the misses of a
    // cold cache reach it): the ratio holds; the two lines meet only where both are 0
    if (q * a === p * b) { this.sk = 0; return; }
    let span = b > q ? (p - a) / (b - q) : Infinity; // back to full service
    if (b < 0 && a > 0) span = Math.min(span, -a / b); // capacity gone
    const g = Math.abs(q * a - p * b);
    if (g > 0) {
      let pMin = p;
      let step = Math.sqrt((8 * CHORD_ERROR * pMin * pMin * pMin) / (2 * Math.abs(q) * g));
      if (q < 0) {
        // a falling demand: the denominator is least at the step's end
        pMin = Math.max(p + q * step, p / 2);
        step = Math.min(Math.sqrt((8 * CHORD_ERROR * pMin * pMin * pMin) / (2 * Math.abs(q) * g)), (p / 2) / -q);
      }
      span = Math.min(span, Math.max(step, MIN_STEP));
    }
    // at the meeting point the line starts at 1, which reads as full service (capacity.ts): a first
    // step to where it is FIRST_DROP below, so the label turns within a few microminutes, not a chord later
    if (this.sa >= 1 - FIRST_DROP && q > b) span = Math.min(span, Math.max((FIRST_DROP * p) / (q - b), MIN_STEP));
    // the step ends where c/d crosses 5 % (or full service), as servedChord's (ramp.ts): the line
    // meets the threshold there, where c/d does. A chord across it lies above a convex c/d: it met
    // 5 % early where c/d rises (the look capacity.ts schedules there found c/d still below, and
    // scheduled another, again early), late where it falls (the label turned late).
    span = Math.min(span, Math.max(firstCrossing(a, b, p, q), MIN_STEP));
    if (!(span < Infinity)) { this.sk = (b * p - a * q) / (p * p); return; }
    let end = timeAfter(t, Math.max(span, MIN_STEP)); // strictly later: never a wake-up at this instant
    // one look at a time: a wake-up already due within this step ends it (an evaluation between
    // two steps would otherwise start a second chain of wake-ups, and each stray one another)
    const due = this.due[j]!;
    if (due > t && due <= end) end = due;
    else if (end <= MAX_HORIZON) { this.due[j] = end; S.q.push(end, EV_WAKE, j, 0); }
    const dt = end - t;
    const s1 = (a + b * dt) / (p + q * dt);
    this.sk = (s1 - this.sa) / dt;
    this.chordEnd[j] = end;
  }

  /** Whether cell j's chord is under way at t and a + b·τ over p + q·τ are its lines, re-based at t. */
  private keeps(j: number, t: number, a: number, b: number, p: number, q: number): boolean {
    if (!(this.chordEnd[j]! > t) || this.cT[j] === -Infinity || b !== this.cB[j] || q !== this.cQ[j]) return false;
    const u = t - this.cT[j]!;
    const a0 = this.cA[j]! + b * u;
    const p0 = this.cP[j]! + q * u;
    return Math.abs(a - a0) <= 1e-12 * Math.max(1, Math.abs(a)) && Math.abs(p - p0) <= 1e-12 * Math.max(1, Math.abs(p));
  }

  /**
   * The served line of cell j now when its demand is a line (S.demK[j] ≠ 0) and it serves at
   * all (not down, not collapsed, processing): into `sa`, `sk`; false otherwise (the caller's
   * line stands). `down`: its base state is down; `Q`: its queue's rates (with a queue).
   */
  servedNow(j: number, down: boolean, Q: QueueOut): boolean {
    const S = this.S;
    if (!S.hasB[j]) {
      this.served(j, S.capA[j]!, S.capK[j]!, S.demand[j]! + S.demK[j]! * (S.t - S.demT[j]!), S.demK[j]!);
      return true;
    }
    if (down || S.collapsed[j] || !S.processing[j] || !(Q.lambda > 0)) { this.cT[j] = -Infinity; return false; }
    this.served(j, Q.muA, Q.muK, Q.lambda, S.bArr[j]! * S.demK[j]!);
    return true;
  }

  /** What cell j serves of what it receives at t, exactly (its chord is within CHORD_ERROR of it), or its served line's value. */
  servedAt(j: number, t: number): number {
    const S = this.S;
    if (!this.exact(j)) { const x = S.srvA[j]! + S.srvK[j]! * (t - S.fracAt[j]!); return x < 0 ? 0 : x > 1 ? 1 : x; }
    return this.ratio(j, t);
  }

  /**
   * Slope of what cell j serves in units of its service's traffic, w · D · s, for the
   * aggregate at t (`xk` the slope of its served line, 0 when clamped): through the exact
   * values at now and at the end of its chord when it has one (a line where capacity is
   * level: D cancels), else the derivative of the product.
   */
  servedSlope(j: number, w: number, D: number, xk: number, t: number): number {
    const Dk = this.Dk[j]!;
    const s = this.servedAt(j, t);
    if (!this.exact(j)) return w * (Dk * s + D * xk);
    const te = this.chordEnd[j]!;
    if (te > t) return (w * ((D + Dk * (te - t)) * this.ratio(j, te) - D * s)) / (te - t);
    // full service until a wake-up, or a line: its own slope
    const q = this.cQ[j]!;
    return w * (Dk * s + D * (s >= 1 ? 0 : q === 0 ? this.cB[j]! / this.cP[j]! : (this.cB[j]! * this.cP[j]! - this.cA[j]! * q) / (this.cP[j]! * this.cP[j]!)));
  }

  /** Whether cell j's exact served ratio is recorded for its current demand line. */
  private exact(j: number): boolean {
    return this.S.demK[j] !== 0 && this.cT[j]! >= this.S.demT[j]!;
  }

  /** clamp((a + b·τ) / (p + q·τ), 0, 1) of cell j, τ = t − cT. */
  private ratio(j: number, t: number): number {
    const u = t - this.cT[j]!;
    const p = this.cP[j]! + this.cQ[j]! * u;
    if (!(p > 0)) return 1;
    const x = (this.cA[j]! + this.cB[j]! * u) / p;
    return x < 0 ? 0 : x > 1 ? 1 : x;
  }

  /** The per-cell arrays of the drain's state, for the repeat watch (repeat-mechanisms.ts), which only reads them. */
  watched(): DrainState {
    const { D, Dk, movedK, movedT, until, chordEnd, cA, cB, cP, cQ, cT, due, endPushed } = this;
    return { D, Dk, movedK, movedT, until, chordEnd, cA, cB, cP, cQ, cT, due, endPushed };
  }
}

/** What {@link FailoverDrain.watched} returns: its arrays by name (see the class's fields). */
export interface DrainState {
  readonly D: Float64Array; readonly Dk: Float64Array; readonly movedK: Float64Array; readonly movedT: Float64Array;
  readonly until: Float64Array; readonly chordEnd: Float64Array; readonly cA: Float64Array; readonly cB: Float64Array;
  readonly cP: Float64Array; readonly cQ: Float64Array; readonly cT: Float64Array; readonly due: Float64Array; readonly endPushed: Float64Array;
}
