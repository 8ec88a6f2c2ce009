/**
 * The capacity and served-fraction points of a run (docs/model.md, "Recording curves"): the
 * points the fraction layer records as the run goes, then those derived from the transition
 * log when the result reads them (curves.ts). A run's log starts with room for the points its
 * model's runs recorded, so a run of a catalog without fraction fields allocates it once.
 */
import type { Model } from './model.js';

/**
 * Capacity and served-fraction points: the raw material of the curves in the result. The four
 * columns are views of one buffer, so growing the log is one allocation, not four.
 */
export class CurveLog {
  length = 0;
  time: Float64Array;
  capacity: Float64Array;
  served: Float64Array;
  service: Int32Array;

  constructor(size = 256) {
    const b = new ArrayBuffer(28 * size);
    this.time = new Float64Array(b, 0, size);
    this.capacity = new Float64Array(b, 8 * size, size);
    this.served = new Float64Array(b, 16 * size, size);
    this.service = new Int32Array(b, 24 * size, size);
  }

  /** Makes room for `extra` more points at once. */
  reserve(extra: number): void {
    if (this.length + extra > this.time.length) this.grow(this.length + extra);
  }

  private grow(size: number): void {
    const len = this.length;
    const b = new ArrayBuffer(28 * size);
    const t = new Float64Array(b, 0, size); t.set(this.time.subarray(0, len)); this.time = t;
    const c = new Float64Array(b, 8 * size, size); c.set(this.capacity.subarray(0, len)); this.capacity = c;
    const f = new Float64Array(b, 16 * size, size); f.set(this.served.subarray(0, len)); this.served = f;
    const s = new Int32Array(b, 24 * size, size); s.set(this.service.subarray(0, len)); this.service = s;
  }

  /** Appends two points to be written at the index it returns (and the next). */
  room2(): number {
    if (this.length + 2 > this.time.length) this.grow(Math.max(256, this.length * 2));
    const i = this.length;
    this.length = i + 2;
    return i;
  }

  /** Appends the points before and after a change of service svc at t: (c0, s0), then (c1, s1). */
  push2(t: number, svc: number, c0: number, s0: number, c1: number, s1: number): void {
    if (this.length + 2 > this.time.length) this.grow(Math.max(256, this.length * 2));
    const i = this.length;
    this.length = i + 2;
    this.time[i] = t; this.service[i] = svc; this.capacity[i] = c0; this.served[i] = s0;
    this.time[i + 1] = t; this.service[i + 1] = svc; this.capacity[i + 1] = c1; this.served[i + 1] = s1;
  }

  push(t: number, svc: number, c: number, s: number): void {
    if (this.length === this.time.length) this.grow(Math.max(256, this.length * 2));
    const i = this.length++;
    this.time[i] = t;
    this.service[i] = svc;
    this.capacity[i] = c;
    this.served[i] = s;
  }
}

/** Per model: the most curve points one of its runs has recorded as it went. */
const pointsByModel = new WeakMap<Model, number>();

/**
 * The points a run's CurveLog starts with room for: as many as a run of the same model has
 * recorded (curvePointsSeen), at least 256, so that the run fills one buffer instead of moving
 * its points to larger ones as they come. The points derived from the log when the result
 * reads them go to a buffer of the exact size then (walkLazy), allocated and written at once.
 */
export function curveRoom(model: Model): number {
  const k = pointsByModel.get(model);
  return k === undefined || k < 256 ? 256 : k;
}

/** Notes that a run of `model` recorded `points` curve points as it went. */
export function curvePointsSeen(model: Model, points: number): void {
  const k = pointsByModel.get(model);
  if (k === undefined || points > k) pointsByModel.set(model, points);
}
