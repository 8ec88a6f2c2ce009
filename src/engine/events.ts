/**
 * The engine's event plumbing: a binary min-heap of timed events, the log of state
 * changes that results are built from, and the closed-form root finder that schedules
 * queue events.
 */

/** Binary min-heap of events ordered by (time, insertion sequence). */
export class EventQueue {
  private time = new Float64Array(64);
  private seq = new Float64Array(64);
  private kind = new Int32Array(64);
  private a = new Int32Array(64);
  private b = new Int32Array(64);
  size = 0;
  private counter = 0;

  /** Empties the queue and restarts the insertion sequence, keeping the storage (workspace.ts). */
  clear(): void {
    this.size = 0;
    this.counter = 0;
  }

  push(t: number, kind: number, a: number, b: number): void {
    if (this.size === this.time.length) this.grow();
    let i = this.size++;
    const s = this.counter++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.time[p]! < t || (this.time[p] === t && this.seq[p]! < s)) break;
      this.move(p, i);
      i = p;
    }
    this.time[i] = t;
    this.seq[i] = s;
    this.kind[i] = kind;
    this.a[i] = a;
    this.b[i] = b;
  }

  /** How many events have been inserted since the queue was last cleared (the next insertion sequence). */
  get inserted(): number {
    return this.counter;
  }

  peekTime(): number {
    return this.time[0]!;
  }

  /** The pending event in heap slot k (0 ≤ k < size; heap order, not time order) into `out`: [time, kind, a, b, insertion sequence]. */
  entry(k: number, out: Float64Array): void {
    out[0] = this.time[k]!;
    out[1] = this.kind[k]!;
    out[2] = this.a[k]!;
    out[3] = this.b[k]!;
    out[4] = this.seq[k]!;
  }

  /** Pops the top event into `out` ([time, kind, a, b, insertion sequence]). */
  pop(out: Float64Array): void {
    out[0] = this.time[0]!;
    out[1] = this.kind[0]!;
    out[2] = this.a[0]!;
    out[3] = this.b[0]!;
    out[4] = this.seq[0]!;
    const last = --this.size;
    if (last === 0) return;
    const t = this.time[last]!;
    const s = this.seq[last]!;
    const k = this.kind[last]!;
    const a = this.a[last]!;
    const b = this.b[last]!;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= last) break;
      const r = l + 1;
      let m = l;
      if (r < last && (this.time[r]! < this.time[l]! || (this.time[r] === this.time[l] && this.seq[r]! < this.seq[l]!))) m = r;
      if (this.time[m]! > t || (this.time[m] === t && this.seq[m]! > s)) break;
      this.move(m, i);
      i = m;
    }
    this.time[i] = t;
    this.seq[i] = s;
    this.kind[i] = k;
    this.a[i] = a;
    this.b[i] = b;
  }

  private move(from: number, to: number): void {
    this.time[to] = this.time[from]!;
    this.seq[to] = this.seq[from]!;
    this.kind[to] = this.kind[from]!;
    this.a[to] = this.a[from]!;
    this.b[to] = this.b[from]!;
  }

  private grow(): void {
    const n = this.time.length * 2;
    const g = <T extends Float64Array | Int32Array>(x: T, C: new (n: number) => T): T => {
      const y = new C(n);
      y.set(x);
      return y;
    };
    this.time = g(this.time, Float64Array);
    this.seq = g(this.seq, Float64Array);
    this.kind = g(this.kind, Int32Array);
    this.a = g(this.a, Int32Array);
    this.b = g(this.b, Int32Array);
  }
}

/**
 * A growable log of state changes: the raw material of intervals, curves and explanations.
 * The five columns are views of one buffer, so growing the log is one allocation, not five.
 */
export class TransitionLog {
  length = 0;
  time: Float64Array;
  service: Int32Array;
  causeService: Int32Array;
  state: Uint8Array;
  causeKind: Uint8Array;

  constructor(size = 256) {
    const b = new ArrayBuffer(18 * size);
    this.time = new Float64Array(b, 0, size);
    this.service = new Int32Array(b, 8 * size, size);
    this.causeService = new Int32Array(b, 12 * size, size);
    this.state = new Uint8Array(b, 16 * size, size);
    this.causeKind = new Uint8Array(b, 17 * size, size);
  }

  push(t: number, svc: number, state: number, ck: number, cs: number): void {
    if (this.length === this.time.length) growLog(this, Math.max(256, this.length * 2));
    const i = this.length++;
    this.time[i] = t;
    this.service[i] = svc;
    this.state[i] = state;
    this.causeKind[i] = ck;
    this.causeService[i] = cs;
  }
}

/** Per model (or any key a run is sized by): the most entries one of its runs has logged. */
const entriesByModel = new WeakMap<object, number>();

/** The most entries a remembered size may reach: a run that logs more grows its log as it goes. */
const ROOM_CAP = 1 << 18;

/**
 * The entries a run's log starts with room for: as many as a run of the same model has logged
 * (logSeen), at least 256 and at most 2^18, so that a run does not move its log to larger buffers
 * as it fills (at 1,000 services, four moves of a few thousand entries each per run).
 */
export function logRoom(model: object): number {
  const k = entriesByModel.get(model);
  return k === undefined || k < 256 ? 256 : k > ROOM_CAP ? ROOM_CAP : k;
}

/** Notes that a run of `model` logged `entries` entries. */
export function logSeen(model: object, entries: number): void {
  const k = entriesByModel.get(model);
  if (k === undefined || entries > k) entriesByModel.set(model, entries);
}

/** Moves the log to a buffer of `size` entries (a function, not a method: the type stays structural). */
function growLog(log: TransitionLog, size: number): void {
  const b = new ArrayBuffer(18 * size);
  const t = new Float64Array(b, 0, size); t.set(log.time); log.time = t;
  const s = new Int32Array(b, 8 * size, size); s.set(log.service); log.service = s;
  const c = new Int32Array(b, 12 * size, size); c.set(log.causeService); log.causeService = c;
  const st = new Uint8Array(b, 16 * size, size); st.set(log.state); log.state = st;
  const k = new Uint8Array(b, 17 * size, size); k.set(log.causeKind); log.causeKind = k;
}

const nextUpBuf = new Float64Array(1);
const nextUpBits = new BigInt64Array(nextUpBuf.buffer);

/**
 * The time of an event `dt > 0` minutes after `t`: `t + dt`, or, when floating point absorbs
 * `dt` (a root that lands within half an ulp of now), the next representable time after `t`.
 * A crossing solved in closed form is then reached by the next instant instead of being
 * scheduled at this one again and again (time must advance: docs/model.md, "Termination").
 */
export function timeAfter(t: number, dt: number): number {
  const at = t + dt;
  if (at > t || !(dt > 0) || !Number.isFinite(t)) return at;
  if (t === 0) return Number.MIN_VALUE;
  nextUpBuf[0] = t;
  nextUpBits[0] = t > 0 ? nextUpBits[0]! + 1n : nextUpBits[0]! - 1n;
  return nextUpBuf[0]!;
}

export /** Smallest positive root of a·s² + b·s + c = 0, or Infinity. */
function firstPositiveRoot(a: number, b: number, c: number): number {
  const EPS = 1e-12;
  if (Math.abs(a) < EPS) {
    if (Math.abs(b) < EPS) return Infinity;
    const s = -c / b;
    return s > EPS ? s : Infinity;
  }
  const disc = b * b - 4 * a * c;
  if (disc < 0) return Infinity;
  const sq = Math.sqrt(disc);
  const r1 = (-b - sq) / (2 * a);
  const r2 = (-b + sq) / (2 * a);
  const lo = Math.min(r1, r2);
  const hi = Math.max(r1, r2);
  if (lo > EPS) return lo;
  if (hi > EPS) return hi;
  return Infinity;
}
