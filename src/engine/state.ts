/**
 * The engine's shared state: one struct of typed arrays (one slot per service) that every
 * mechanism module reads and writes, plus the event queue, the worklist of one instant and
 * the logs results are built from. No catalog objects are walked in the hot loop.
 */
import type { CollapsePeaks } from './collapse-peaks.js';
import type { ActionClock } from './timing.js';
import { JUDGE_LATER } from './judge.js';
import { WorkList } from './worklist.js';
import type { CompiledGraph } from '../graph/compile.js';
import { blocksOf } from '../graph/compile.js';
import type { Model } from './model.js';
import { EventQueue, TransitionLog, logRoom } from './events.js';
import { startAtZero, type ZeroedArrays } from './state-zero.js';
import { registerShedState, ShedState, usesShedding } from './shed-state.js';
import { CurveLog, curveRoom } from './curve-log.js';

export { CurveLog } from './curve-log.js';

export const CAUSE_NONE = 0;
export const CAUSE_FAULT = 1;
export const CAUSE_DISABLED = 2;
export const CAUSE_DEPENDENCY = 3;
export const CAUSE_GROUP = 4;
export const CAUSE_WARMUP = 5;
export const CAUSE_COLLAPSE = 6;
export const CAUSE_BACKLOG = 7;
export const CAUSE_THROTTLE = 8;
/** Throttled by the modelled detection-and-mitigation, not by an operator action. */
export const CAUSE_MITIGATION = 9;
/** Capacity cut by a load fault (`capacity:` on a fault). */
export const CAUSE_CAPACITY = 10;
/** Demand above capacity (`demand:` on a fault). */
export const CAUSE_DEMAND = 11;
/** Capacity coming back host by host after a restart (`restart:`). */
export const CAUSE_RESTART = 12;
/** Crash loop: waiting for the next restart attempt after the cause cleared (`crashLoop:`). */
export const CAUSE_CRASHLOOP = 13;
/** Draining a reconnect surge from its clients (`clients:` on dependents). */
export const CAUSE_HERD = 14;
/** Demand raised by the misses of a cache in front of it that came back cold (`fill:` on an edge). */
export const CAUSE_FILL = 15;
/** Load shedding: rejecting at once the work it cannot serve within its timeout (shedding.ts). */
export const CAUSE_SHEDDING = 16;

export const EV_FAULT_START = 0;
export const EV_FAULT_END = 1;
export const EV_ACTION = 2;
export const EV_WARM_END = 3;
export const EV_BACKLOG = 4;
export const EV_MITIGATION = 5;
export const EV_RAMP_END = 6;
/** Re-evaluate a service: a capacity line crosses a threshold that matters to it. */
export const EV_WAKE = 7;
/** A staged restart's capacity line reaches full capacity. */
export const EV_RESTART_END = 8;
/** A crash loop's next restart attempt after its cause cleared. */
export const EV_CRASH_END = 9;
/** A spread reconnect surge has all arrived. */
export const EV_HERD_END = 10;
/** An event that relative action times count from (timing.ts), e.g. detection. */
export const EV_ANCHOR = 11;
export const EV_FILL = 12; // the end of a cold cache's refill: its demand slope stops (cachefill.ts)
/** Load shedding engages, `after` a collapse started (shedding.ts). */
export const EV_SHED = 13;

/** Longest simulated time: 30 days. Anything still impaired then never recovers. */
export const MAX_HORIZON = 30 * 24 * 60;

/**
 * Carves a Sim's per-service arrays out of one buffer of `size` bytes (0: none yet), each
 * aligned to its element size; an array that does not fit is allocated on its own. `bytes`
 * counts what all of them take, the size to give the next Sim of the same shape.
 */
class Arena {
  bytes = 0;
  private readonly buf: ArrayBuffer | null;

  constructor(private readonly n: number, size: number) {
    this.buf = size > 0 ? new ArrayBuffer(size) : null;
  }

  private at(unit: number): number {
    const off = Math.ceil(this.bytes / unit) * unit;
    this.bytes = off + unit * this.n;
    return this.buf !== null && this.bytes <= this.buf.byteLength ? off : -1;
  }

  f64(): Float64Array { const o = this.at(8); return o >= 0 ? new Float64Array(this.buf!, o, this.n) : new Float64Array(this.n); }
  i32(): Int32Array { const o = this.at(4); return o >= 0 ? new Int32Array(this.buf!, o, this.n) : new Int32Array(this.n); }
  u8(): Uint8Array { const o = this.at(1); return o >= 0 ? new Uint8Array(this.buf!, o, this.n) : new Uint8Array(this.n); }
}

interface Shared {
  /** Bytes of a Sim's arrays without and with curves (0: not known yet). */
  readonly simBytes: number[];
  readonly zero: Float64Array;
  readonly one: Float64Array;
  readonly zero8: Uint8Array;
  readonly zero32: Int32Array;
  readonly uses: { readonly frac: boolean; readonly load: boolean; readonly restart: boolean; readonly crash: boolean; readonly clients: boolean; readonly stale: boolean; readonly ops: boolean; readonly ramp: boolean; readonly fill: boolean; readonly shedding: boolean };
}
const sharedByModel = new WeakMap<Model, Shared>();

/** Read-only constant arrays and the mechanisms a model uses, computed once per model. */
function shared(model: Model): Shared {
  let z = sharedByModel.get(model);
  if (!z) {
    const n = model.graph.n;
    z = {
      simBytes: [0, 0],
      zero: new Float64Array(n), one: new Float64Array(n).fill(1), zero8: new Uint8Array(n), zero32: new Int32Array(n),
      uses: {
        frac: model.fracNeeded.some((x) => x === 1),
        load: model.faults.some((f) => f.capacity >= 0 || f.demand >= 0) || model.cells !== undefined || model.actions.some((a) => a.kind === 'scale' || a.kind === 'shed') || model.fills !== undefined, // cells: failover moves demand; scale.ts; cachefill.ts
        restart: model.services.some((m) => m.restart !== null),
        crash: model.withCrashLoop.length > 0,
        clients: model.withClients.length > 0,
        stale: model.reqStale !== undefined,
        ops: model.actions.some((a) => a.kind === 'scale' || a.kind === 'shed'),
        ramp: model.rampSvc !== undefined || model.fills !== undefined, fill: model.fills !== undefined, // a cold cache's surge is a demand slope
        shedding: usesShedding(model),
      },
    };
    sharedByModel.set(model, z);
  }
  return z;
}

/** Every array of one run. Fields are public: the mechanism modules are functions over it. */
export class Sim {
  readonly n: number;
  readonly g: CompiledGraph;
  t = 0;
  readonly q = new EventQueue();
  /** Actions timed from events of the run (timing.ts); set by the driver before the first event. */
  clock: ActionClock | null = null;
  readonly log: TransitionLog;
  readonly curves: CurveLog;

  // what dependents see, and why
  readonly st: Uint8Array;
  readonly stCauseK: Uint8Array;
  readonly stCauseS: Int32Array;
  // causal state from faults, operators and dependencies
  readonly cs: Uint8Array;
  readonly csCauseS: Int32Array;
  readonly faults: Int32Array;
  readonly disabled: Uint8Array;
  // warm-up (recovery.time)
  readonly warmUntil: Float64Array;
  readonly warmGen: Int32Array;
  readonly warmCauseS: Int32Array;
  // queue (backlog)
  readonly hasB: Uint8Array;
  readonly B: Float64Array;
  readonly bT: Float64Array;
  readonly bSlope0: Float64Array;
  readonly bCurv: Float64Array;
  readonly bGen: Int32Array;
  readonly bNext: Float64Array;
  readonly collapsed: Uint8Array;
  readonly blockedBy: Int32Array;
  /** The instant (`instant`) of the queue's last evaluation (0: never), and its `blockedBy` before that instant. */
  readonly blockedIn: Int32Array;
  readonly blockedFrom: Int32Array;
  readonly processing: Uint8Array;
  /** The queue is at its cap and not draining: writers with backpressure are blocked. */
  readonly full: Uint8Array;
  readonly bArr: Float64Array;
  readonly bCap: Float64Array;
  readonly bCapMax: Float64Array;
  readonly bTimeout: Float64Array;
  readonly bRetry: Float64Array;
  /** Capacity fraction while degraded by dependencies (the backlog's degradedCapacity, else 0.5). */
  readonly bDegCap: Float64Array;
  readonly bMit: Float64Array;
  // throttles and automatic mitigation
  readonly thrOn: Uint8Array;
  readonly thrRate: Float64Array;
  readonly thrAutoLift: Uint8Array;
  readonly thrByMitigation: Uint8Array;
  readonly rampT0: Float64Array;
  readonly rampT1: Float64Array;
  readonly rampFrom: Float64Array;
  readonly mitGen: Int32Array;
  readonly mitPending: Uint8Array;
  readonly mitDue: Uint8Array;
  // capacity as a fraction (capacity.ts): capacity and served fraction as lines a + k·(t − at)
  readonly capA: Float64Array;
  readonly capK: Float64Array;
  readonly srvA: Float64Array;
  readonly srvK: Float64Array;
  readonly fracAt: Float64Array;
  /** Anchor time of the capacity line (capA at capT). */
  readonly capT: Float64Array;
  /** Capacity left by active load faults (1: none). */
  readonly capCut: Float64Array;
  /** Demand factor of active load faults (1: none). */
  readonly demand: Float64Array;
  /** Load faults that grow (ramp.ts): per-minute change of capCut (0: none); pending wake-ups at a kink and a chord's end (-1: none). */
  readonly capCutK: Float64Array; readonly rampNext: Float64Array; readonly rampChord: Float64Array;
  /** A demand that is a line (a ramping load fault, ramp.ts; a gradual failover, failover-drain.ts): `demand` holds at `demT`, then changes by `demK` per minute (0: level). */
  readonly demK: Float64Array; readonly demT: Float64Array;
  // staged restart (restart.ts): capacity returning linearly from rsFrom at rsT0, slope rsK per minute
  readonly rsOn: Uint8Array;
  readonly rsT0: Float64Array;
  readonly rsFrom: Float64Array;
  readonly rsK: Float64Array;
  readonly rsGen: Int32Array;
  // crash loops (crashloop.ts)
  readonly downSince: Float64Array;
  readonly crashUntil: Float64Array;
  readonly crashDone: Uint8Array;
  readonly crashGen: Int32Array;
  // reconnect herds (herd.ts): extra arrival from spread reconnects, clients of the last surge
  readonly herdRate: Float64Array;
  readonly herdClients: Float64Array;
  readonly herdPending: Uint8Array;
  /** Stale dependencies (stale.ts): when each service's current impairment began (NaN while up). */
  readonly staleSince: Float64Array;
  /** Operators' capacity and demand multiples (scale.ts; 1: nominal). */
  readonly opsCap: Float64Array;
  readonly opsDem: Float64Array;
  /** Demand factor of cold caches in front of each service (cachefill.ts; 1: none). */
  readonly fillDem: Float64Array;
  /** Load shedding and panic mode (shedding.ts); null for a model that uses neither. */
  readonly shedding: ShedState | null;
  /** Each collapse's own largest queue (collapse-peaks.ts); null until the run's first collapse. */
  collapsePeaks: CollapsePeaks | null = null;
  /** Which queue may be judged past its limit now (judge.ts): one service, JUDGE_LATER (none) or JUDGE_ANY (all). */
  judge = JUDGE_LATER;
  /** The queues found past their limit in this instant, to be judged once it settles (judge.ts); made at the first. */
  pending: WorkList | null = null;
  // outputs
  readonly impactStart: Float64Array;
  readonly recovered: Float64Array;
  readonly impaired: Float64Array;
  readonly lastChange: Float64Array;
  readonly worst: Uint8Array;
  readonly backlogPeak: Float64Array;
  readonly backlogPeakAt: Float64Array;
  readonly collapseStart: Float64Array;
  readonly collapseEnd: Float64Array;
  readonly collapseEndBy: Uint8Array;
  /** True when the fraction layer runs for some service (curves wanted, or fields in use). */
  readonly fracUsed: boolean;
  /** ∫ (1 − served fraction) dt: the unserved share of demand, in minutes. */
  readonly unserved: Float64Array;
  // cyclic blocks (cycles.ts)
  readonly blockOf: Int32Array;
  readonly blockStart: Uint32Array;
  readonly blockMembers: Uint32Array;
  /** The services waiting to be evaluated in the instant, taken dependencies first (worklist.ts). */
  readonly work: WorkList;
  readonly evalStamp: Int32Array;
  readonly evalCount: Int32Array;
  instant = 0;

  constructor(readonly model: Model, public v: Float64Array, curves = true) {
    // room for as many points as the model's runs have recorded (curves.ts): no buffer to outgrow
    this.curves = new CurveLog(curves ? curveRoom(model) : 0);
    this.log = new TransitionLog(logRoom(model));
    const g = model.graph;
    const n = g.n;
    this.n = n;
    this.g = g;
    // allocated here, given their values before a run by reset(): views of one buffer, sized by
    // the first Sim of the model in this mode (which allocates each array on its own)
    const z0 = shared(model);
    const arena = new Arena(n, z0.simBytes[curves ? 1 : 0]!);
    const f64 = (): Float64Array => arena.f64();
    const i32 = (): Int32Array => arena.i32();
    const u8 = (): Uint8Array => arena.u8();
    this.st = u8(); this.stCauseK = u8(); this.stCauseS = i32();
    this.cs = u8(); this.csCauseS = i32(); this.faults = i32(); this.disabled = u8();
    this.warmUntil = f64(); this.warmGen = i32(); this.warmCauseS = i32();
    this.hasB = u8(); this.B = f64(); this.bT = f64(); this.bSlope0 = f64(); this.bCurv = f64(); this.bGen = i32();
    this.bNext = f64(); this.collapsed = u8(); this.blockedBy = i32(); this.blockedIn = i32(); this.blockedFrom = i32(); this.processing = u8(); this.full = u8();
    this.bArr = f64(); this.bCap = f64(); this.bCapMax = f64(); this.bTimeout = f64(); this.bRetry = f64(); this.bDegCap = f64(); this.bMit = f64();
    this.thrOn = u8(); this.thrRate = f64(); this.thrAutoLift = u8(); this.thrByMitigation = u8();
    this.rampT0 = f64(); this.rampT1 = f64(); this.rampFrom = f64(); this.mitGen = i32(); this.mitPending = u8(); this.mitDue = u8();
    // Arrays of mechanisms the model does not use are shared, read-only constants (never written
    // for such a model), so a run of an old-style catalog allocates what the engine always did.
    const z = shared(model);
    const uses = z.uses;
    this.fracUsed = curves || uses.frac;
    this.capA = f64();
    const fr = this.fracUsed;
    this.capK = fr ? f64() : z.zero; this.srvA = fr ? f64() : z.one; this.srvK = fr ? f64() : z.zero; this.fracAt = fr ? f64() : z.zero; this.capT = fr ? f64() : z.zero;
    this.capCut = uses.load ? f64() : z.one; this.demand = uses.load ? f64() : z.one;
    this.capCutK = uses.ramp ? f64() : z.zero; this.rampNext = uses.ramp ? f64() : z.zero; this.rampChord = uses.ramp ? f64() : z.zero;
    const dl = uses.ramp || model.cellOver !== undefined;
    this.demK = dl ? f64() : z.zero; this.demT = dl ? f64() : z.zero;
    const rs = uses.restart;
    this.rsOn = rs ? u8() : z.zero8; this.rsT0 = rs ? f64() : z.zero; this.rsFrom = rs ? f64() : z.zero; this.rsK = rs ? f64() : z.zero; this.rsGen = rs ? i32() : z.zero32;
    const cl = uses.crash;
    this.downSince = cl ? f64() : z.zero; this.crashUntil = cl ? f64() : z.zero; this.crashDone = cl ? u8() : z.zero8; this.crashGen = cl ? i32() : z.zero32;
    const hd = uses.clients;
    this.herdRate = hd ? f64() : z.zero; this.herdClients = hd ? f64() : z.zero; this.herdPending = hd ? u8() : z.zero8;
    this.staleSince = uses.stale ? f64() : z.zero;
    this.opsCap = uses.ops ? f64() : z.one; this.opsDem = uses.ops ? f64() : z.one; this.fillDem = uses.fill ? f64() : z.one;
    this.shedding = uses.shedding ? new ShedState(model, n) : null;
    if (this.shedding !== null) registerShedState(this.log, this.shedding);
    this.impactStart = f64(); this.recovered = f64(); this.impaired = f64(); this.lastChange = f64(); this.worst = u8();
    this.backlogPeak = f64(); this.backlogPeakAt = f64(); this.collapseStart = f64(); this.collapseEnd = f64(); this.collapseEndBy = u8();
    this.unserved = fr ? f64() : z.zero;
    const blocks = blocksOf(g);
    this.blockOf = blocks.blockOf; this.blockStart = blocks.blockStart; this.blockMembers = blocks.blockMembers;
    this.work = new WorkList(g); this.evalStamp = i32(); this.evalCount = i32();
    z0.simBytes[curves ? 1 : 0] = arena.bytes;
    this.reset(v, true);
  }

  /**
   * Gives every array of the run its value before the first event, for parameter values `v`:
   * called by the constructor (`fresh`: the arrays were just allocated, so those that start at 0
   * are already 0), and by a workspace (workspace.ts) before each run that reuses this state.
   * The shared constant arrays of unused mechanisms are never written, so never reset.
   */
  reset(v: Float64Array, fresh = false): void {
    this.v = v;
    this.t = 0;
    this.clock = null;
    this.collapsePeaks = null;
    this.judge = JUDGE_LATER;
    this.pending?.clear();
    this.work.clear();
    this.instant = 0;
    const uses = shared(this.model).uses;
    const fr = this.fracUsed;
    if (!fresh) {
      this.q.clear();
      this.log.length = 0; // forgets the entries, keeps the storage
      this.curves.length = 0;
      // the arrays that start at 0 (the constructor's are already 0)
      const zs = (this.zeroed ??= startAtZero(this, fr, uses));
      for (let k = 0; k < zs.length; k++) zs[k]!.fill(0);
    }
    this.stCauseS.fill(-1); this.csCauseS.fill(-1); this.warmUntil.fill(-1); this.warmCauseS.fill(-1);
    this.bNext.fill(Infinity); this.blockedBy.fill(-1); this.bDegCap.fill(0.5);
    this.thrRate.fill(Infinity); this.rampT0.fill(-1); this.rampT1.fill(-1);
    this.capA.fill(1);
    if (fr) this.srvA.fill(1);
    if (uses.load) { this.capCut.fill(1); this.demand.fill(1); }
    if (uses.ramp) { this.capCutK.fill(0); this.rampNext.fill(-1); this.rampChord.fill(-1); }
    if (uses.ramp || this.model.cellOver !== undefined) { this.demK.fill(0); this.demT.fill(0); }
    if (uses.restart) this.rsT0.fill(-1);
    if (uses.crash) { this.downSince.fill(-1); this.crashUntil.fill(-1); }
    if (uses.stale) this.staleSince.fill(NaN);
    if (uses.ops) { this.opsCap.fill(1); this.opsDem.fill(1); }
    if (uses.fill) this.fillDem.fill(1);
    this.impactStart.fill(NaN); this.recovered.fill(NaN); this.backlogPeakAt.fill(NaN); this.collapseStart.fill(NaN); this.collapseEnd.fill(NaN);
    this.evalStamp.fill(-1);

    const model = this.model;
    for (let i = 0; i < this.n; i++) {
      const bm = model.services[i]!.backlog;
      if (!bm) continue;
      this.hasB[i] = 1;
      this.bArr[i] = v[bm.arrival]!;
      this.bCap[i] = v[bm.capacity]!;
      this.bCapMax[i] = v[bm.cap]!;
      this.bTimeout[i] = v[bm.timeout]!;
      this.bRetry[i] = v[bm.retry]!;
      this.bDegCap[i] = v[bm.degradedCapacity]!;
      this.bMit[i] = v[bm.mitigation]!;
    }
    // A scenario that states when operators intervened (throttle or restart) replaces the
    // modelled detection-and-mitigation delay for that service.
    for (const a of model.actions) if (a.kind === 'throttle' || a.kind === 'restart') this.bMit[a.service] = Infinity;
    this.shedding?.reset(v);
  }

  /** The arrays a reset puts back to 0, listed once (a workspace's runs build no list). */
  private zeroed: ZeroedArrays | null = null;

  enqueue(i: number): void {
    this.work.add(i);
  }

  enqueueDependents(i: number): void {
    const { revStart, revReqs, reqOwner } = this.g;
    for (let k = revStart[i]!; k < revStart[i + 1]!; k++) this.enqueue(reqOwner[revReqs[k]!]!);
  }
}
