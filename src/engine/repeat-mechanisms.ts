/**
 * The state the repeat watch (repeat.ts) reads beyond the Sim's arrays: what cells and their
 * failover (cells-run.ts, failover-drain.ts), cold caches refilling (cachefill.ts) and load
 * shedding and panic mode (shed-state.ts) keep of their own, in canonical form: flags and
 * counts exactly, amounts as they are, times relative to now, a line anchored at a past time
 * as its value now and its slope (or its anchor relative to now where a reader needs it), an
 * age read only up to a bound as the age up to that bound. And the load faults that grow
 * (ramp.ts): while a ramp still moves, the run's input depends on the time itself, so no state
 * of it can come back; the watch treats the ramp's end as a scenario input still to come.
 */
import {
  EV_ACTION, EV_ANCHOR, EV_BACKLOG, EV_CRASH_END, EV_FAULT_END, EV_FAULT_START, EV_FILL, EV_MITIGATION, EV_RAMP_END,
  EV_RESTART_END, EV_SHED, EV_WARM_END, type Sim,
} from './state.js';
import type { Snapshot } from './repeat-snapshot.js';
import type { CellRuntime } from './cells-run.js';
import type { DrainState } from './failover-drain.js';
import type { FillRun, FillState } from './cachefill.js';
import type { ShedState } from './shed-state.js';

type ShedArray = Float64Array | Int32Array | Uint8Array;
type ShedKey = { [K in keyof ShedState]: ShedState[K] extends ShedArray ? K : never }[keyof ShedState];

/**
 * Every array of the shedding state, classified (a new one fails to compile until it is listed):
 * compared exactly (`true`), or not read by the run's future (`false`): the parameters of the
 * run (`on`, `after`), the generation (a pending engagement is compared as live or dead), and
 * the work accounting, which only the result reads (explain.ts, totals to the run's end).
 */
const SHED_EXACT: Readonly<Record<ShedKey, boolean>> = {
  on: false, after: false, armed: true, active: true, pending: true, gen: false, panicUp: true,
  since: false, arrRate: false, srvRate: false, srvRateK: false, arrived: false, served: false, shed: false,
};

/** A load fault that grows: its index, and the slots of its start and of its onsets' lengths (-1: none). */
interface RampFault { readonly k: number; readonly at: number; readonly capOver: number; readonly demOver: number }

export class MechanismWatch {
  private readonly shedArrays: ShedArray[] = [];
  private readonly ramps: RampFault[] = [];
  private readonly drain: DrainState | null;
  private readonly fillState: FillState | null;
  /** Slots loaded by a cold cache, ascending (the keys `lastSrc` can hold). */
  private readonly origins: number[] = [];
  /** Per aggregate slot: the age of a cell's outage past which nothing reads it (its failover delay plus its drain). */
  private readonly ageCap: Float64Array | null;

  constructor(private readonly S: Sim, private readonly cells: CellRuntime | null, fill: FillRun, private readonly loadActive: Uint8Array) {
    const sh = S.shedding;
    if (sh !== null) for (const k of Object.keys(SHED_EXACT) as ShedKey[]) if (SHED_EXACT[k]) this.shedArrays.push(sh[k]);
    const faults = S.model.faults;
    for (let k = 0; k < faults.length; k++) {
      const r = faults[k]!.ramp;
      if (r !== undefined) this.ramps.push({ k, at: faults[k]!.at, capOver: r.capOver, demOver: r.demOver });
    }
    this.drain = cells?.drain?.watched() ?? null;
    this.fillState = fill.state;
    const specs = S.model.fills;
    if (specs !== undefined) {
      const plan = S.model.cells;
      const set = new Set<number>();
      for (const f of specs) {
        const o = f.origin;
        if (plan !== undefined && plan.role[o] === 1) for (let m = plan.cellStart[o]!; m < plan.cellStart[o + 1]!; m++) set.add(plan.cellSlots[m]!);
        else set.add(o);
      }
      this.origins = [...set].sort((a, b) => a - b);
    }
    if (cells !== null) {
      this.ageCap = new Float64Array(S.n);
      for (let i = 0; i < S.n; i++) this.ageCap[i] = cells.delay[i]! + (cells.drain !== null ? cells.drain.over[i]! : 0);
    } else this.ageCap = null;
  }

  /**
   * The latest end of an onset of an active load fault still under way at t (its size, and so
   * the capacity or demand it sets, is a function of t itself), or -Infinity when none is.
   */
  rampsMoving(t: number): number {
    let end = -Infinity;
    const v = this.S.v;
    for (const r of this.ramps) {
      if (!this.loadActive[r.k]) continue;
      const t0 = Math.max(0, v[r.at]!);
      for (const slot of [r.capOver, r.demOver]) {
        if (slot < 0) continue;
        const e = t0 + Math.max(0, v[slot]!);
        if (t < e && e > end) end = e; // ramp.ts, rampAt: the size moves while t < t0 + over
      }
    }
    return end;
  }

  /**
   * What a pending event (kind, service i, argument x, due at) still does: 0 nothing (of a past
   * generation, as the driver's handler reads it, simulate.ts), 1 something, 2 it is a scenario input.
   */
  does(kind: number, i: number, x: number, at: number): number {
    const S = this.S;
    switch (kind) {
      case EV_FAULT_START: case EV_FAULT_END: case EV_ACTION: case EV_ANCHOR: return 2;
      case EV_WARM_END: return S.warmGen[i] === x ? 1 : 0;
      case EV_RESTART_END: return S.rsGen[i] === x ? 1 : 0;
      case EV_CRASH_END: return S.crashGen[i] === x ? 1 : 0;
      case EV_BACKLOG: return S.bGen[i] === x ? 1 : 0;
      case EV_MITIGATION: return S.mitGen[i] === x ? 1 : 0;
      case EV_RAMP_END: return S.thrOn[i] && S.rampT1[i] === at ? 1 : 0;
      case EV_FILL: return this.liveFill(i, x) ? 1 : 0;
      case EV_SHED: return this.liveShed(i, x) ? 1 : 0;
      default: return 1; // a herd's end, a wake-up: always a look again
    }
  }

  /** Whether EV_FILL of fill f, generation g, still does something (cachefill.ts, `step`). */
  liveFill(f: number, g: number): boolean {
    const s = this.fillState;
    return s !== null && s.gen[f] === g && s.on[f] === 1;
  }

  /** Whether EV_SHED of service i, generation g, still does something (shedding.ts, `engage`). */
  liveShed(i: number, g: number): boolean {
    const sh = this.S.shedding;
    return sh !== null && sh.gen[i] === g && sh.pending[i] === 1;
  }

  /** The canonical state of the mechanisms now, into `o` (the order is fixed: the same for every snapshot of the run). */
  fill(o: Snapshot, t: number): void {
    const n = this.S.n;
    for (const a of this.shedArrays) for (let i = 0; i < n; i++) o.exact(a[i]!);
    const fs = this.fillState;
    if (fs !== null) {
      // a refill's coldness is 1 − (t − start) / warm while it is on; off, its start is read by nothing
      for (let f = 0; f < fs.on.length; f++) { o.exact(fs.on[f]!); o.exact(fs.out[f]!); o.cont(fs.on[f] ? t - fs.tStart[f]! : 0, true); }
      for (const j of this.origins) o.exact(fs.lastSrc.get(j) ?? -1);
    }
    const c = this.cells;
    if (c !== null) this.cellState(o, c, t);
  }

  /** The cell runtime's state (cells-run.ts) and its gradual failover's (failover-drain.ts). */
  private cellState(o: Snapshot, c: CellRuntime, t: number): void {
    const S = this.S;
    const plan = c.plan;
    const cap = this.ageCap!;
    for (let j = plan.nServices; j < S.n; j++) {
      o.exact(c.carry[j]!); o.exact(c.out[j]!);
      // how long the cell has been down: read against its service's delay (and drain), no further
      const x = c.downSince[j]!;
      o.cont(Number.isNaN(x) ? NaN : Math.min(t - x, cap[plan.parent[j]!]!), true);
      o.cont(c.moved[j]!, false);
    }
    const d = this.drain;
    if (d === null) return;
    for (let j = plan.nServices; j < S.n; j++) {
      o.cont(d.D[j]!, false); o.cont(d.Dk[j]!, false);
      // the factor failover puts on the cell is the line moved + movedK·(t − movedT)
      const k = d.movedK[j]!;
      o.cont(k, false);
      if (k !== 0) o.cont(d.movedT[j]! - t, true);
      for (const a of [d.until, d.chordEnd, d.due, d.endPushed]) { const y = a[j]!; o.cont(y > t ? y - t : -1, true); }
      // the chord of what the cell serves, read only while it is exact for the demand line (failover-drain.ts, `exact`)
      const exact = S.demK[j] !== 0 && d.cT[j]! >= S.demT[j]!;
      o.exact(exact ? 1 : 0);
      if (exact) { o.cont(d.cA[j]!, false); o.cont(d.cB[j]!, false); o.cont(d.cP[j]!, false); o.cont(d.cQ[j]!, false); o.cont(d.cT[j]! - t, true); }
    }
  }
}
