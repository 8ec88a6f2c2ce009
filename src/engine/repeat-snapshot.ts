/**
 * The canonical state a run is watched with for a repeat (repeat.ts): a sequence of exact values
 * (labels, causes, flags, counts), continuous values (times relative to now, amounts) and live
 * pending events, in an order the watch fixes. One object either records the sequence, or, given
 * a recorded one, compares with it as it goes (nothing written), so a comparison stops at the
 * first difference.
 */
/**
 * Tolerances of the comparison of two states for a repeat (repeat.ts, docs/model.md
 * "Termination"). Two instants one period apart compute the same closed-form steps from times
 * that differ, so their relative times and amounts can differ by rounding: an ulp of the run's
 * time is 7e-12 min at 30 days, a step rounds a few times, and an amount carries that times its
 * rate (a queue of 132 units at minute 40 000 came back 1.8e-10 off, a relative 1.4e-12; most
 * repeats measured came back exact). Times are equal within 1e-8 min (about 1 400 ulps at 30
 * days; a hundred times below the engine's own "same instant", 1e-6 min); amounts within a
 * relative 1e-9 (of max(1, |x|)). Labels, causes, flags and the order of pending events compare
 * exactly. A state that still drifts by more than this per period (a slow convergence) is no
 * repeat.
 */
export const REPEAT_TIME_TOL = 1e-8;
export const REPEAT_REL_TOL = 1e-9;

/** Equal continuous values: both the same sentinel (NaN, ±Infinity), or within the tolerance of their kind. */
export function near(a: number, b: number, isTime: boolean): boolean {
  if (a === b) return true;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return Number.isNaN(a) && Number.isNaN(b);
  const d = Math.abs(a - b);
  return isTime ? d <= REPEAT_TIME_TOL : d <= REPEAT_REL_TOL * Math.max(1, Math.abs(a), Math.abs(b));
}

export class Snapshot {
  nx = 0;
  nc = 0;
  ne = 0;
  private x = new Int32Array(64);
  private c = new Float64Array(64);
  /** Per live event: kind, service, argument (Int32, three each) and time relative to now. */
  private ev = new Int32Array(48);
  private et = new Float64Array(16);
  /** The instant's last change (service, state, cause kind, cause service) and its number of changes. */
  readonly key = new Int32Array(5);
  /** False when a scenario input was pending: such a state never comes back. */
  usable = false;
  /** When it was recorded. */
  time = 0;
  /** Comparing: the recorded snapshot (null: recording), and whether a value differed. */
  private ref: Snapshot | null = null;
  bad = false;

  /** Starts recording (`ref` null) or comparing with `ref`. */
  begin(ref: Snapshot | null): void {
    this.nx = 0; this.nc = 0; this.ne = 0;
    this.ref = ref;
    this.bad = false;
  }

  exact(v: number): void {
    const r = this.ref;
    if (r !== null) { if (this.nx >= r.nx || r.x[this.nx] !== v) this.bad = true; this.nx++; return; }
    if (this.nx === this.x.length) { const y = new Int32Array(2 * this.nx); y.set(this.x); this.x = y; }
    this.x[this.nx++] = v;
  }

  /** A continuous value; `skip`: when comparing, it only takes its place (see repeat.ts, held queues). */
  cont(v: number, isTime: boolean, skip = false): void {
    const r = this.ref;
    if (r !== null) { if (this.nc >= r.nc || (!skip && !near(v, r.c[this.nc]!, isTime))) this.bad = true; this.nc++; return; }
    if (this.nc === this.c.length) { const y = new Float64Array(2 * this.nc); y.set(this.c); this.c = y; }
    this.c[this.nc++] = v;
  }

  event(kind: number, a: number, b: number, dt: number): void {
    const r = this.ref;
    const k = this.ne;
    if (r !== null) {
      if (k >= r.ne || r.ev[3 * k] !== kind || r.ev[3 * k + 1] !== a || r.ev[3 * k + 2] !== b || !near(dt, r.et[k]!, true)) this.bad = true;
      this.ne++;
      return;
    }
    if (k === this.et.length) {
      const y = new Int32Array(6 * k); y.set(this.ev); this.ev = y;
      const z = new Float64Array(2 * k); z.set(this.et); this.et = z;
    }
    this.ev[3 * k] = kind; this.ev[3 * k + 1] = a; this.ev[3 * k + 2] = b;
    this.et[k] = dt;
    this.ne++;
  }

  /** Comparing, at the end: every value matched, and there were as many. */
  matched(): boolean {
    const r = this.ref!;
    return !this.bad && this.nx === r.nx && this.nc === r.nc && this.ne === r.ne;
  }
}
