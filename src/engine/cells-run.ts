/**
 * Cells at run time (docs/model.md, "Cells, zones and regions"): the aggregate slot of a
 * service with cells, failover, and faults and actions aimed at a service with cells.
 *
 * - The aggregate's served fraction is the traffic-weighted sum over its cells,
 *   s = Σ w_j · D_j · s_j, where w_j is cell j's share and D_j the demand factor it carries
 *   (1 without failover). Between events it is a line, as every served fraction is.
 * - Failover: while some cells are out — down at their own traffic (for a cause other than
 *   overload, by their own demand or by traffic moved onto them, or the start of a staged
 *   restart) for at least the failover delay — and others are not, the traffic
 *   of the cells out moves to the others in proportion to their shares: each carries
 *   D = 1 / W, W the share of the cells not out. A cell absorbs that
 *   within its headroom h; beyond it, its demand factor is D / (1 + h) (a cell with a queue:
 *   its arrival is D · its share, against its share of the capacity), so its served fraction
 *   falls below 1, and a queue can grow and collapse.
 * - Label: the three-state rules over the cells that carry traffic (down when all are down,
 *   degraded when any is impaired); for a service using capacity fractions or failover,
 *   also down when s < 5 % and degraded when s < 100 %. The cause names the cell.
 */
import { STATE_DEGRADED as STATE_DEGRADED_, STATE_DOWN as STATE_DOWN_, STATE_UP as STATE_UP_, type ActionSpec } from './model.js';
import { CAUSE_CAPACITY, CAUSE_DEPENDENCY, CAUSE_DEMAND as CAUSE_DEMAND_, CAUSE_FILL, CAUSE_GROUP as CAUSE_GROUP_, CAUSE_NONE as CAUSE_NONE_, CAUSE_RESTART, EV_WAKE, MAX_HORIZON, type Sim } from './state.js';
import type { CellPlan } from './cells.js';
import { liveOrigins, type Cycles } from './cycles.js';
import { FRAC_DOWN, FRAC_EPS, servedAt, servedLine } from './capacity.js';
import { applyAction } from './actions.js';
import { rampNow, startRamp } from './restart.js';
import { FailoverDrain } from './failover-drain.js';

const STATE_DEGRADED = STATE_DEGRADED_;
const STATE_DOWN = STATE_DOWN_;
const STATE_UP = STATE_UP_;
const CAUSE_DEMAND = CAUSE_DEMAND_;
const CAUSE_GROUP = CAUSE_GROUP_;
const CAUSE_NONE = CAUSE_NONE_;

/** Share of slot i's traffic: its cell's share, 1 for any other slot (scales clients and queues). */
export const slotShare = (plan: CellPlan | undefined, i: number): number => (plan ? plan.share[i]! : 1);

export class CellRuntime {
  /** Per slot: 1 aggregate, 2 cell, 0 other. */
  readonly role: Uint8Array;
  /** Per slot: the demand factor failover puts on a cell (1: its own traffic only). */
  readonly moved: Float64Array;
  /** Per slot: 1 while the cell carries traffic (not failed over to the others). */
  readonly carry: Uint8Array;
  /** Per slot: since when a cell has been down for a cause of its own (NaN: it is not). */
  readonly downSince: Float64Array;
  /** Per slot: 1 while a cell is out: down, and its service's failover delay has passed. */
  readonly out: Uint8Array;
  /** Per aggregate slot: minutes from a cell going down to its traffic moving. */
  readonly delay: Float64Array;
  /** Gradual failover (failover-drain.ts), when some service drains. */
  readonly drain: FailoverDrain | null;
  /** Result of the last {@link evaluate}: cause kind, cause service, origins in a cyclic block. */
  k = CAUSE_NONE;
  s = -1;
  org = 0;
  private readonly fc = new Int32Array(2);

  constructor(readonly S: Sim, readonly plan: CellPlan, readonly loadActive: Uint8Array, readonly keepCurves: boolean) {
    this.role = plan.role;
    this.moved = new Float64Array(S.n).fill(1);
    this.carry = new Uint8Array(S.n).fill(1);
    this.downSince = new Float64Array(S.n).fill(NaN);
    this.out = new Uint8Array(S.n);
    this.delay = new Float64Array(S.n);
    const d = S.model.cellDelay;
    if (d) for (let a = 0; a < plan.nServices; a++) if (d[a]! >= 0) this.delay[a] = Math.max(0, S.v[d[a]!]!);
    this.drain = S.model.cellOver ? new FailoverDrain(S, plan, S.model.cellOver) : null;
    // a cell's queue is its share of the service's: arrival, capacity and cap
    for (let j = plan.nServices; j < S.n; j++) {
      if (!S.hasB[j]) continue;
      const w = plan.share[j]!;
      S.bArr[j]! *= w; S.bCap[j]! *= w; S.bCapMax[j]! *= w;
    }
    // an intervention on the whole service replaces the modelled mitigation delay of each cell
    for (const a of S.model.actions) {
      if ((a.kind === 'throttle' || a.kind === 'restart') && plan.role[a.service] === 1) for (const j of this.cells(a.service)) S.bMit[j] = Infinity;
    }
  }

  /** The cell slots of aggregate a (or [a] for a cell slot itself). */
  cells(a: number): Int32Array {
    const p = this.plan;
    if (p.role[a] === 2) return Int32Array.of(a);
    return p.cellSlots.subarray(p.cellStart[a]!, p.cellStart[a + 1]!);
  }

  /** Capacity cut and demand of cell j: its load faults and its service's, times what failover moves onto it. */
  refreshLoad(j: number): void {
    const S = this.S;
    const faults = S.model.faults;
    const a = this.plan.parent[j]!;
    let cut = 1;
    let demand = 1;
    for (let k = 0; k < faults.length; k++) {
      const f = faults[k]!;
      if ((f.service !== j && f.service !== a) || !this.loadActive[k]) continue;
      if (f.capacity >= 0) cut = Math.min(cut, Math.max(0, S.v[f.capacity]!));
      if (f.demand >= 0) demand *= Math.max(0, S.v[f.demand]!);
    }
    if (this.drain !== null && this.drain.load(j, this.moved, cut, demand)) return; // a demand line
    const D = this.moved[j]!;
    // a queue's spare capacity is its capacity minus its arrival; otherwise the headroom absorbs
    const over = S.hasB[j] ? D : Math.max(1, D / (1 + this.plan.headroom[j]!));
    S.capCut[j] = cut;
    S.demand[j] = demand * over * S.fillDem[j]!; // × the misses of cold caches in front of it (cachefill.ts)
  }

  /** Fault k starts (delta 1) or ends (−1) on slot i, an aggregate (every cell) or one cell. */
  fault(i: number, k: number, delta: number): void {
    const S = this.S;
    const f = S.model.faults[k]!;
    const load = f.capacity >= 0 || f.demand >= 0;
    if (load) this.loadActive[k] = delta > 0 ? 1 : 0;
    for (const j of this.cells(i)) {
      if (load) this.refreshLoad(j);
      else S.faults[j]! += delta;
      S.enqueue(j);
    }
    S.enqueue(i);
  }

  /** A relax of slot j or of its service is still to come after t. */
  private relaxPending(j: number, t: number): boolean {
    const S = this.S;
    const a = this.plan.parent[j]!;
    const actions = S.model.actions;
    for (let k = 0; k < actions.length; k++) {
      const x = actions[k]!;
      if ((x.service === j || x.service === a) && x.kind === 'relax' && (S.clock ? S.clock.pending(k, t) : S.v[x.at]! > t)) return true;
    }
    return false;
  }

  /** Action `act` on aggregate i: on every cell (a throttle admits each cell its share of the rate). */
  action(i: number, act: ActionSpec): void {
    const S = this.S;
    if (act.kind === 'disable') S.disabled[i] = 1; // failover edges to the service see it disabled
    if (act.kind === 'enable') S.disabled[i] = 0;
    for (const j of this.cells(i)) {
      applyAction(S, j, act);
      if (act.kind === 'throttle') {
        const pending = this.relaxPending(j, S.t);
        if (act.rate >= 0) S.thrRate[j] = S.v[act.rate]! * this.plan.share[j]!;
        S.thrAutoLift[j] = pending ? 0 : 1;
        if (!S.hasB[j]) S.thrOn[j] = pending ? 1 : 0;
        if (S.rsOn[j] && S.thrOn[j]) startRamp(S, j, rampNow(S, j));
      }
      S.enqueue(j);
      // a cell-local `failover: true` edge reads the cell, not the aggregate: its owners must
      // see the switch even when the cell's own state does not change (already down)
      if (act.kind === 'disable' || act.kind === 'enable') S.enqueueDependents(j);
    }
  }

  /**
   * Evaluates aggregate i at S.t: moves traffic off failed cells, sets its capacity and
   * served lines, and returns its label (cause in `k`, `s`; origins in `org`).
   */
  evaluate(i: number, cy: Cycles): number {
    const S = this.S;
    const plan = this.plan;
    const t = S.t;
    const { st, stCauseK } = S;
    const c0 = plan.cellStart[i]!;
    const c1 = plan.cellStart[i + 1]!;
    const failover = plan.failover[i] === 1;
    // cells out of service for failover: down for a cause of their own or of their
    // dependencies at their own traffic (not overloaded — by its own demand, by a cold cache's
    // misses, cachefill.ts, or by the traffic failover moved onto it — nor below 5 % early in a
    // staged restart: those still answer some, so they keep their traffic), for at least the
    // failover delay (health checks, DNS TTLs)
    let wUp = 0;
    let nOut = 0;
    if (failover) {
      const delay = this.delay[i]!;
      for (let k = c0; k < c1; k++) {
        const j = plan.cellSlots[k]!;
        let out = 0;
        if (st[j] === STATE_DOWN && stCauseK[j] !== CAUSE_DEMAND && stCauseK[j] !== CAUSE_FILL && stCauseK[j] !== CAUSE_RESTART && this.downAtOwn(j, t)) {
          if (Number.isNaN(this.downSince[j]!)) {
            this.downSince[j] = t;
            if (delay > 0 && t + delay <= MAX_HORIZON) S.q.push(t + delay, EV_WAKE, i, 0); // look again when its traffic moves
          }
          if (t - this.downSince[j]! >= delay) out = 1;
        } else this.downSince[j] = NaN;
        this.out[j] = out;
        if (out) nOut++;
        else wUp += plan.share[j]!;
      }
    }
    const moving = nOut > 0 && wUp > 0;
    // a gradual failover: what each cell carries is a line (failover-drain.ts)
    const dr = this.drain !== null && this.drain.over[i]! > 0 ? this.drain : null;
    if (dr) dr.shares(i, t, moving, wUp, this);
    // traffic moved: the cells whose load changed are evaluated first, then this again (what
    // they serve now is stale; a result from it could flicker through dependents in this instant)
    let moved = false;
    for (let k = c0; k < c1; k++) {
      const j = plan.cellSlots[k]!;
      if (dr) { if (dr.changed(j, t, this.moved)) { this.refreshLoad(j); S.enqueue(j); moved = true; } continue; }
      const D = moving ? (this.out[j] === 1 ? 0 : 1 / wUp) : 1;
      const carried = D > 0 ? D : 1;
      if (carried !== this.moved[j]) { this.moved[j] = carried; this.refreshLoad(j); S.enqueue(j); moved = true; }
    }
    if (moved) {
      S.enqueue(i);
      this.k = S.stCauseK[i]!; this.s = S.stCauseS[i]!; this.org = 0;
      return S.st[i]!;
    }
    let sa = 0;
    let sk = 0;
    let ca = 0;
    let ck = 0;
    let e = STATE_UP;
    let who = -1;
    let firstCarrier = -1;
    let allDown = true;
    let org = 0;
    const bi = cy.blockOf[i]!;
    for (let k = c0; k < c1; k++) {
      const j = plan.cellSlots[k]!;
      const w = plan.share[j]!;
      const out = moving && this.out[j] === 1;
      const D = dr ? dr.D[j]! : moving ? (out ? 0 : 1 / wUp) : 1;
      this.carry[j] = D > 0 ? 1 : 0;
      // capacity in units of the service's nominal capacity
      ca += w * (S.capA[j]! + S.capK[j]! * (t - S.capT[j]!));
      ck += w * S.capK[j]!;
      if (D === 0) continue;
      // served: the weighted sum of the cells' lines (a clamped line contributes no slope)
      const x = S.srvA[j]! + S.srvK[j]! * (t - S.fracAt[j]!);
      sa += w * D * (dr ? dr.servedAt(j, t) : servedAt(S, j, t));
      const xk = S.srvK[j]!;
      if (dr) sk += dr.servedSlope(j, w, D, !(x <= 0 && xk <= 0) && !(x >= 1 && xk >= 0) ? xk : 0, t);
      else if (!(x <= 0 && xk <= 0) && !(x >= 1 && xk >= 0)) sk += w * D * xk;
      if (firstCarrier < 0) firstCarrier = j;
      let sj = st[j]!;
      if (sj !== STATE_UP && bi >= 0) {
        // in a cyclic block: an impairment that comes back around to i does not count
        const om = liveOrigins(cy, j, i, bi);
        if (om === 0) sj = STATE_UP;
        else org |= om;
      }
      if (sj !== STATE_DOWN) allDown = false;
      if (sj !== STATE_UP && who < 0) { e = STATE_DEGRADED; who = j; }
    }
    if (firstCarrier >= 0 && allDown) { e = STATE_DOWN; who = firstCarrier; }
    // capacity and served lines, curves and unserved minutes, as evaluate() does for a service
    const prevCap = S.capA[i]! + S.capK[i]! * (t - S.capT[i]!);
    const prevSrv = servedAt(S, i, t);
    const prevCapK = S.capK[i]!;
    const prevSrvK = S.srvK[i]!;
    S.capA[i] = ca < 0 ? 0 : ca; S.capK[i] = ck; S.capT[i] = t;
    servedLine(S, i, sa, sk, CAUSE_NONE, -1, this.fc);
    const srvNow = servedAt(S, i, t);
    if (S.capA[i] !== prevCap || srvNow !== prevSrv || S.capK[i] !== prevCapK || S.srvK[i] !== prevSrvK) {
      if (this.keepCurves) { S.curves.push(t, i, prevCap, prevSrv); S.curves.push(t, i, S.capA[i]!, srvNow); }
      if (S.model.fracNotify[i]) S.enqueueDependents(i);
    }
    if (S.model.fracMode[i] && firstCarrier >= 0) {
      const s = srvNow;
      const fl = s < FRAC_DOWN - FRAC_EPS ? STATE_DOWN : s < 1 - FRAC_EPS ? STATE_DEGRADED : STATE_UP;
      if (fl > e) {
        e = fl;
        if (who < 0 || fl === STATE_DOWN) who = this.leastServed(i, firstCarrier);
      }
    }
    this.k = e === STATE_UP ? CAUSE_NONE : CAUSE_GROUP;
    this.s = e === STATE_UP ? -1 : who;
    this.org = org;
    return e;
  }

  /**
   * Whether cell j, down for a cause of its own or of its dependencies, is down at its own
   * traffic: what it serves now times the demand factor failover put on it (what it would serve
   * of its own demand, capacity-bound: c / (d / over)) below 5 %. A cell pushed under 5 % only
   * by moved traffic — its capacity cut by a load fault or bound by a `scales` dependency — is
   * overloaded and keeps its traffic: were it out, its traffic would move away, it would serve
   * again, the traffic would move back, and failover would feed back on itself within the instant.
   * Any other cause down (a fault, a dependency, a collapse) has no capacity left, or is its own.
   */
  private downAtOwn(j: number, t: number): boolean {
    const S = this.S;
    const k = S.stCauseK[j];
    if (k !== CAUSE_CAPACITY && k !== CAUSE_DEPENDENCY) return true;
    const D = this.drain !== null && this.drain.on(j) ? this.drain.carriedAt(j, t, this.moved) : this.moved[j]!;
    const over = S.hasB[j] ? D : Math.max(1, D / (1 + this.plan.headroom[j]!));
    if (!(over > 1)) return true;
    const s = this.drain !== null && this.drain.on(j) ? this.drain.servedAt(j, t) : servedAt(S, j, t);
    return s * over < FRAC_DOWN - FRAC_EPS;
  }

  /**
   * Who demand above capacity on slot i comes from: for a cell carrying traffic failed over
   * to it, the first cell whose traffic moved (so the chain of causes leads to its outage);
   * otherwise i itself.
   */
  demandSource(i: number): number {
    if (this.role[i] !== 2 || (this.moved[i]! <= 1 && !(this.S.demK[i]! > 0))) return i; // (demK > 0: a drain under way)
    const plan = this.plan;
    const a = plan.parent[i]!;
    for (let k = plan.cellStart[a]!; k < plan.cellStart[a + 1]!; k++) if (this.out[plan.cellSlots[k]!]) return plan.cellSlots[k]!;
    return i;
  }

  /** The carrying cell of aggregate i that serves least now (ties: the first). */
  private leastServed(i: number, first: number): number {
    const S = this.S;
    const plan = this.plan;
    let best = first;
    let bestS = Infinity;
    for (let k = plan.cellStart[i]!; k < plan.cellStart[i + 1]!; k++) {
      const j = plan.cellSlots[k]!;
      if (!this.carry[j]) continue;
      const s = servedAt(S, j, S.t);
      if (s < bestS) { bestS = s; best = j; }
    }
    return best;
  }
}
