/**
 * Recording the capacity and served-fraction curves (docs/model.md, "Capacity as a fraction",
 * "Recording curves"). Most services of most catalogs never see a fraction that the
 * three-state rules do not already fix: without a queue, a fraction field, a throttle or an
 * explicit `capacity:` on an edge, a service's capacity is 1 while up, its degraded capacity
 * (0.5) while degraded and 0 while down, and it serves exactly that share of its demand. For
 * such a service the fraction layer does not run: the run adds its unserved minutes when its
 * label changes its capacity (simulate.ts, commit), and its curve points are derived from the
 * transition log when the result reads them (labelPoints). The fraction layer runs only for the
 * other services.
 */
import { REQ_ASYNC, blocksOf } from '../graph/compile.js';
import { STATE_DEGRADED as STATE_DEGRADED_, STATE_DOWN as STATE_DOWN_, type Model } from './model.js';
import type { TransitionLog } from './events.js';
import type { CurveLog } from './curve-log.js';

// module-level copies of imports, as in capacity.ts: read in labelPoints' loop without the
// live-binding indirection (under tsx's transform each read of an import is a getter call)
const STATE_DEGRADED = STATE_DEGRADED_;
const STATE_DOWN = STATE_DOWN_;

const eagerByModel = new WeakMap<Model, Uint8Array>();

/**
 * Per service, how its curve is recorded: 0 from its changes of label (a function of its label
 * alone); 1 recorded as the run goes by the whole fraction layer (it uses a fraction
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

/**
 * ∫ over [0, d] of (1 − clamp(a, 0, 1)) dx: unservedOver(a, 0, d) (capacity.ts), the same
 * arithmetic: the unserved minutes of a segment of a curve that follows the label, added by
 * the run at each change of such a service's capacity (simulate.ts, commit).
 */
export function unservedFlat(a: number, d: number): number {
  return d <= 0 ? 0 : d * (1 - (a < 0 ? 0 : a > 1 ? 1 : a));
}

/**
 * Appends the curve points of the services whose curve follows their label (eager[i] = 0) to
 * `curves`, from the transition log: at each change of capacity (1 up, `degCap[i]` degraded,
 * 0 down) the point before and the point after, served = capacity; `changes` (counted by the
 * run, simulate.ts) is their number, so the points go to a buffer of the exact size. `cur`
 * (the run's `srvA`, which holds these services' last capacities) is set back to 1 for each
 * and followed through the log to the same last capacities.
 */
export function labelPoints(log: TransitionLog, eager: Uint8Array, degCap: Float64Array, changes: number, curves: CurveLog, cur: Float64Array): void {
  for (let i = 0; i < eager.length; i++) if (eager[i] === 0) cur[i] = 1;
  curves.reserve(2 * changes);
  const { service: LS, state: LT, time: LTime } = log;
  const { time: T, service: V, capacity: C, served: F } = curves;
  const L = log.length;
  let len = curves.length;
  for (let k = 0; k < L; k++) {
    const i = LS[k]!;
    if (eager[i]) continue;
    const s = LT[k]!;
    const c = s === STATE_DOWN ? 0 : s === STATE_DEGRADED ? degCap[i]! : 1;
    const was = cur[i]!;
    if (c === was) continue;
    const t = LTime[k]!;
    T[len] = t; V[len] = i; C[len] = was; F[len] = was; len++;
    T[len] = t; V[len] = i; C[len] = c; F[len] = c; len++;
    cur[i] = c;
  }
  curves.length = len;
}
