/**
 * Recording the capacity and served-fraction curves (docs/model.md, "Capacity as a fraction",
 * "Recording curves"). Most services of most catalogs never see a fraction that the
 * three-state rules do not already fix: without a queue, a fraction field, a throttle or an
 * explicit `capacity:` on an edge, a service's capacity is 1 while up, its degraded capacity
 * (0.5) while degraded and 0 while down, and it serves exactly that share of its demand. For
 * such a service the run records nothing: its curve and its unserved minutes are derived
 * afterwards from its state changes in the transition log, and only when the result reads
 * them. The fraction layer runs during the run only for the other services.
 */
import { REQ_ASYNC, blocksOf } from '../graph/compile.js';
import { STATE_DEGRADED as STATE_DEGRADED_, STATE_DOWN as STATE_DOWN_, type Model } from './model.js';
import type { TransitionLog } from './events.js';
import type { CurveLog } from './curve-log.js';

// module-level copies of imports, as in capacity.ts: read in deriveCurves' loop without the
// live-binding indirection (under tsx's transform each read of an import is a getter call,
// which made the loop three times slower: 67 µs against 25 µs at 1,000 services)
const STATE_DEGRADED = STATE_DEGRADED_;
const STATE_DOWN = STATE_DOWN_;

const eagerByModel = new WeakMap<Model, Uint8Array>();

/**
 * Per service, how its curve is recorded: 0 derived from the log afterwards (a function of its
 * label alone); 1 recorded as the run goes by the whole fraction layer (it uses a fraction
 * field: `model.fracNeeded`); 2 recorded as the run goes, but its capacity is still the
 * label's (1, `capFrac` or 0) and only its served fraction needs the layer (a queue, a
 * throttle, an edge capacity, a cycle). Computed once per model.
 */
export function curveEager(model: Model): Uint8Array {
  let eager = eagerByModel.get(model);
  if (eager) return eager;
  const g = model.graph;
  const n = g.n;
  const blockOf = blocksOf(g).blockOf;
  eager = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const m = model.services[i]!;
    // the fraction layer decides something, a queue sets the served fraction, or a cycle's
    // tentative evaluations (cycles.ts) may run it without a logged change
    let e = model.fracNeeded[i] === 1 || m.backlog !== null || blockOf[i]! >= 0;
    for (let r = g.reqStart[i]!; r < g.reqStart[i + 1]! && !e; r++) {
      // an edge's own degraded capacity makes capacity depend on which dependency is impaired
      if (model.reqCapacity[r] === model.reqCapacity[r] && g.reqType[r] !== REQ_ASYNC) e = true;
      // a member of a cyclic block can wake its dependents while its block settles
      for (let k = g.memberStart[r]!; k < g.memberStart[r + 1]! && !e; k++) if (blockOf[g.reqMembers[k]!]! >= 0) e = true;
    }
    eager[i] = model.fracNeeded[i] === 1 ? 1 : e ? 2 : 0;
  }
  // a throttle on a service without a queue shows it degraded at full capacity
  for (const a of model.actions) if (a.kind === 'throttle' && eager[a.service] === 0) eager[a.service] = 2;
  // cells (cells-run.ts): an aggregate's capacity is its cells' weighted served fraction, and a
  // cell's load moves with failover, so neither is a function of its own label
  if (model.cells) for (let i = 0; i < n; i++) if (model.cells.role[i] !== 0) eager[i] = 1;
  eagerByModel.set(model, eager);
  return eager;
}

/** ∫ over [0, d] of (1 − clamp(a, 0, 1)) dx: unservedOver(a, 0, d) (capacity.ts), the same arithmetic. */
function unservedFlat(a: number, d: number): number {
  return d <= 0 ? 0 : d * (1 - (a < 0 ? 0 : a > 1 ? 1 : a));
}

/**
 * One walk over the log for the services recorded lazily (eager[i] = 0), exactly as the
 * fraction layer would have recorded them: at each change of capacity (1 up, `degCap[i]`
 * degraded, 0 down), with `unserved`, ∫ (1 − served) dt of the segment that ends there is
 * added; with `curves`, the point before and the point after are appended (`changes`, the
 * number of state changes of those services as the run logged them, bounds their count).
 * `cur` holds each service's capacity since `since`: the run's own arrays of the fraction
 * layer (`srvA`, `fracAt`), which it never wrote for these services.
 */
function walkLazy(log: TransitionLog, eager: Uint8Array, degCap: Float64Array, cur: Float64Array, since: Float64Array, unserved: Float64Array | null, curves: CurveLog | null, changes: number): void {
  const { service: LS, state: LT, time: LTime } = log;
  const L = log.length;
  if (curves) curves.reserve(2 * changes);
  const T = curves?.time;
  const V = curves?.service;
  const C = curves?.capacity;
  const F = curves?.served;
  let len = curves ? curves.length : 0;
  for (let k = 0; k < L; k++) {
    const i = LS[k]!;
    if (eager[i]) continue;
    const s = LT[k]!;
    const c = s === STATE_DOWN ? 0 : s === STATE_DEGRADED ? degCap[i]! : 1;
    const was = cur[i]!;
    if (c === was) continue;
    const t = LTime[k]!;
    if (T) {
      T[len] = t; V![len] = i; C![len] = was; F![len] = was; len++;
      T[len] = t; V![len] = i; C![len] = c; F![len] = c; len++;
    }
    if (unserved) {
      unserved[i]! += unservedFlat(was, t - since[i]!);
      since[i] = t;
    }
    cur[i] = c;
  }
  if (curves) curves.length = len;
}

/**
 * Appends the curve points of the services recorded lazily to `curves` and sets their
 * unserved minutes, in one walk (walkLazy). `cur` and `since` are 1 and 0 for each of them on
 * entry; `unserved` is 0, or Infinity when impaired at the end (it stays so: a service that
 * never recovers has no finite unserved minutes); one up at the end serves in full from its
 * last change on, which adds 0.
 */
export function deriveCurves(log: TransitionLog, eager: Uint8Array, degCap: Float64Array, changes: number, curves: CurveLog, unserved: Float64Array, cur: Float64Array, since: Float64Array): void {
  walkLazy(log, eager, degCap, cur, since, unserved, curves, changes);
}

/**
 * The unserved minutes of deriveCurves alone, without the curve points (a result that reads
 * only `unserved`, as `blast rank --hours` does, neither writes nor allocates the points): the
 * same segments and the same arithmetic, so the same minutes to the bit. It leaves `cur` at
 * each service's last capacity; deriveCurvePoints starts again from 1.
 */
export function deriveUnserved(log: TransitionLog, eager: Uint8Array, degCap: Float64Array, unserved: Float64Array, cur: Float64Array, since: Float64Array): void {
  walkLazy(log, eager, degCap, cur, since, unserved, null, 0);
}

/**
 * The curve points of deriveCurves alone, after deriveUnserved has run: `cur` is set back to
 * each lazily recorded service's capacity on entry (1) and followed through the log again, to
 * the same last capacities.
 */
export function deriveCurvePoints(log: TransitionLog, eager: Uint8Array, degCap: Float64Array, changes: number, curves: CurveLog, cur: Float64Array): void {
  for (let i = 0; i < eager.length; i++) if (eager[i] === 0) cur[i] = 1;
  walkLazy(log, eager, degCap, cur, cur, null, curves, changes);
}
