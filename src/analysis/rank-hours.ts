/**
 * Service-hours of impairment for every single failure (`blast rank --for`), with the work
 * shared between the replays. The figure of each failure is exactly what
 * src/analysis/service-hours.ts gets from one full simulation per service (the reference,
 * kept for the tests and the benchmark); what changes is how it is computed:
 *
 * - The catalog is compiled and its model built once; a replay only swaps the failed service.
 * - A replay can only change the failed service and its dependents (over every edge type):
 *   nothing else is ever evaluated by the engine. When none of them has a mechanism with time
 *   in it (warm-up, staged restart, crash loop, queue, client model, `capacity`, `needs`,
 *   `scales`, backpressure), the run is two instants, and {@link PlainReplay} carries them out
 *   over the services it reaches, reusing its arrays across replays.
 * - Most of those need no replay at all: their figure is the static sweep stretched in time,
 *   (down · D + degraded · D/2) / 60, where rank-closed-form.ts shows (with
 *   rank-simple-blocks.ts for failures in or below a dependency cycle whose edges leave the
 *   limits no room; for other failures that reach a cycle, a replay of the cycles alone
 *   checks) that the engine's limits cannot make it differ.
 * - Failures that reach a cycle and are not in closed form are replayed as well: the replay
 *   settles a cycle in the engine's order (services outside it wait for its commit).
 * - The other failures run the engine (`run`, the same code as `blast simulate`) on the shared
 *   model, and read the per-service unserved minutes from its outcome directly.
 *
 * Which replays take which path is decided once for the whole catalog: a reverse search from
 * the services with a mechanism marks every service whose failure can reach one.
 */
import type { Catalog } from '../catalog/model.js';
import { buildModel, prepareSimulation, run, type Model } from '../engine/index.js';
import { MAX_HORIZON } from '../engine/simulate.js';
import { PlainReplay } from './rank-replay.js';
import { closedFormMinutes, closedFormPlan } from './rank-closed-form.js';
import { sweepSingleFailures, type SweepResult } from './sweep.js';

export interface ServiceHoursStats {
  /** Failures whose figure is the static sweep stretched in time (rank-closed-form.ts), no replay needed. */
  readonly closed: number;
  /** Failures that reach a cyclic block where the engine's limits provably cannot act (rank-simple-blocks.ts), in closed form. */
  readonly proven: number;
  /** Failures that reach a cyclic block, checked by replaying the blocks only, then in closed form. */
  readonly checked: number;
  /** Replays computed by {@link PlainReplay}. */
  readonly plain: number;
  /** Replays run by the event engine. */
  readonly engine: number;
}

export interface ServiceHoursOptions {
  /** Only services with catalog index in [from, to) (a shard); default all. */
  readonly from?: number;
  readonly to?: number;
  readonly onProgress?: (done: number, total: number) => void;
  /** The sweep of the same catalog, when the caller has it (`blast rank` does). */
  readonly sweep?: SweepResult;
}

const roundMinutes = (x: number): number => Math.round(x * 1000) / 1000;

/**
 * Per service (catalog order, indices from..to-1): service-hours of impairment of the other
 * services when it alone fails for `forMinutes`, equal to {@link serviceHoursByFailure}'s.
 */
export function serviceHoursShared(catalog: Catalog, forMinutes: number, opts: ServiceHoursOptions = {}): { hours: Float64Array; stats: ServiceHoursStats } {
  const g = prepareSimulation(catalog).graph;
  const session = new ServiceHours(catalog, forMinutes, opts.sweep ? { down: opts.sweep.down, affected: opts.sweep.affected } : undefined);
  return session.range(opts.from ?? 0, opts.to ?? g.n, opts.onProgress);
}

/** The per-service counts of the sweep that the closed form reads. */
export interface SweepCounts {
  readonly down: Uint32Array;
  readonly affected: Uint32Array;
}

/**
 * The work shared between the replays of one catalog and duration: the model, the plan of
 * which failures take which path, the replay's arrays. {@link range} computes any range of
 * services; a worker thread keeps one and computes the ranges it is handed.
 */
export class ServiceHours {
  private readonly n: number;
  private readonly base: Model | null;
  private readonly v: Float64Array;
  private readonly needsEngine: Uint8Array;
  private readonly replay: PlainReplay;
  private readonly plan: ReturnType<typeof closedFormPlan> | null;
  private readonly counts: SweepCounts | null;

  constructor(catalog: Catalog, private readonly forMinutes: number, counts?: SweepCounts) {
    const prep = prepareSimulation(catalog);
    const g = prep.graph;
    this.n = g.n;
    this.base = g.n > 0 ? buildModel(prep, { fail: [g.ids[0]!], forMinutes }) : null;
    this.v = this.base ? this.base.params.medians() : new Float64Array(0);
    // The plain path reproduces two instants, 0 and D: the fault must start and end inside the horizon.
    const plainTime = forMinutes > 0 && forMinutes < MAX_HORIZON;
    this.needsEngine = plainTime && this.base ? reachesMechanism(this.base) : new Uint8Array(g.n).fill(1);
    this.replay = new PlainReplay(g);
    const closedForm = plainTime && closedFormMinutes(forMinutes, 0, 0) !== null;
    this.plan = closedForm ? closedFormPlan(g) : null;
    this.counts = closedForm ? (counts ?? sweepSingleFailures(g)) : null;
  }

  /**
   * How many of the failures of services from .. to-1 {@link range} replays or runs through the
   * engine (or checks by replaying their cycles): the others are in closed form and cost nothing.
   */
  replays(from: number, to: number): number {
    to = Math.min(to, this.n);
    const { plan, counts, forMinutes } = this;
    let k = 0;
    for (let s = from; s < to; s++) {
      const closed = !this.needsEngine[s] && plan !== null && counts !== null && !plan.unsafe[s] && (!plan.cyclic[s] || plan.simple.proves(s))
        && closedFormMinutes(forMinutes, counts.down[s]!, counts.affected[s]! - counts.down[s]!) !== null;
      if (!closed) k++;
    }
    return k;
  }

  /** Service-hours of the services with catalog index from .. to-1, in that order. */
  range(from: number, to: number, onProgress?: (done: number, total: number) => void): { hours: Float64Array; stats: ServiceHoursStats } {
    to = Math.min(to, this.n);
    const hours = new Float64Array(Math.max(0, to - from));
    const { plan, counts, replay, forMinutes } = this;
    let closed = 0;
    let proven = 0;
    let checked = 0;
    let plain = 0;
    let engine = 0;
    for (let s = from; s < to; s++) {
      let minutes: number | null = null;
      if (this.needsEngine[s]) {
        minutes = engineMinutes(this.base!, this.v, s);
        engine++;
      } else if (plan && counts && !plan.unsafe[s]) {
        // 0: acyclic; 1: a cycle where the limits provably cannot act; 2: checked by replaying the cycles; -1: none
        const why = !plan.cyclic[s] ? 0 : plan.simple.proves(s) ? 1 : replay.settlesCleanly(s, forMinutes, plan.cyclic) ? 2 : -1;
        if (why >= 0) minutes = closedFormMinutes(forMinutes, counts.down[s]!, counts.affected[s]! - counts.down[s]!);
        if (minutes !== null) {
          if (why === 0) closed++;
          else if (why === 1) proven++;
          else checked++;
        }
      }
      if (minutes === null) {
        minutes = replay.unservedMinutes(s, forMinutes);
        plain++;
      }
      hours[s - from] = minutes / 60;
      onProgress?.(s - from + 1, to - from);
    }
    return { hours, stats: { closed, proven, checked, plain, engine } };
  }
}

/** One failure through the engine, on the shared model with the fault moved to service s. */
function engineMinutes(base: Model, v: Float64Array, s: number): number {
  const model: Model = { ...base, faults: [{ ...base.faults[0]!, service: s }] };
  const out = run(model, v);
  let minutes = 0;
  // services only: a service with cells counts once, by its aggregate (cell slots come after)
  const n = base.cells ? base.cells.nServices : out.unserved.length;
  for (let i = 0; i < n; i++) {
    if (i === s) continue;
    const u = out.unserved[i]!;
    if (Number.isNaN(out.impactStart[i]!) && !(u > 0)) continue;
    minutes += Number.isFinite(u) ? roundMinutes(u) : Infinity;
  }
  return minutes;
}

/**
 * Per service: 1 when its failure can reach (itself, or through its dependents over any edge)
 * a service the plain replay does not model.
 */
export function reachesMechanism(model: Model): Uint8Array {
  const g = model.graph;
  const n = g.n;
  const mark = new Uint8Array(n);
  const stack: number[] = [];
  for (let i = 0; i < n; i++) {
    if (!isPlain(model, i)) { mark[i] = 1; stack.push(i); }
  }
  // a cache in front of an origin (`fill`): back from a failure it is cold, and its misses reach
  // the origin against the edge (cachefill.ts), which the replay does not follow
  for (const f of model.fills ?? []) if (!mark[f.cache]) { mark[f.cache] = 1; stack.push(f.cache); }
  // every service a marked one depends on can reach it
  while (stack.length > 0) {
    const i = stack.pop()!;
    for (let k = g.memberStart[g.reqStart[i]!]!; k < g.memberStart[g.reqStart[i + 1]!]!; k++) {
      const m = g.reqMembers[k]!;
      if (!mark[m]) { mark[m] = 1; stack.push(m); }
    }
  }
  return mark;
}

function isPlain(model: Model, i: number): boolean {
  const m = model.services[i]!;
  if (m.recTime >= 0 || m.restart || m.crashLoop || m.clients || m.backlog) return false;
  // a service with cells (its aggregate and its cells' slots): the replay has no traffic shares
  if (model.cells && model.cells.role[i] !== 0) return false;
  if (model.fracMode[i] || model.fracNotify[i] || model.bpNotify[i] || model.fracNeeded[i]) return false;
  const g = model.graph;
  for (let r = g.reqStart[i]!; r < g.reqStart[i + 1]!; r++) {
    if (!Number.isNaN(model.reqCapacity[r]!) || !Number.isNaN(model.reqNeeds[r]!) || model.reqScales[r] !== 0 || model.reqFrac[r] || model.reqBackpressure[r]) return false;
    if (g.reqFailover[r]) return false;
  }
  return true;
}
