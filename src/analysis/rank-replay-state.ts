/**
 * The arrays of {@link PlainReplay} (rank-replay.ts): one slot per service, valid for the
 * services the current replay touched (a stamp per service resets them lazily, so a replay
 * costs time in proportion to what it reaches), the FIFO worklist, the per-block origins of
 * src/engine/cycles.ts, and the reverse-index lists the replay walks.
 */
import { blocksOf, type CompiledGraph } from '../graph/compile.js';
import { WorkList } from '../engine/worklist.js';

export const UP = 0;
export const DEGRADED = 1;
export const DOWN = 2;
// Cause kinds as in src/engine/state.ts (only their identity matters here).
export const CAUSE_NONE = 0;
export const CAUSE_FAULT = 1;
export const CAUSE_DEPENDENCY = 3;
export const CAUSE_GROUP = 4;
/** As src/engine/cycles.ts. */
export const ORIGIN_OUTSIDE = 1 << 31;
export const ORIGIN_OVERFLOW = 1 << 30;

export class ReplayState {
  protected readonly n: number;
  protected readonly blockOf: Int32Array;
  protected readonly blockStart: Uint32Array;
  protected readonly blockMembers: Uint32Array;
  protected readonly bitOf: Int32Array;
  // per service, valid for services in `touched` (reset lazily by stamp)
  protected readonly stamp: Int32Array;
  protected readonly st: Uint8Array;
  protected readonly stCauseK: Uint8Array;
  protected readonly stCauseS: Int32Array;
  protected readonly faults: Int32Array;
  protected readonly srvA: Float64Array;
  protected readonly fracAt: Float64Array;
  protected readonly unserved: Float64Array;
  protected readonly impactStart: Float64Array;
  protected readonly originOf: Int32Array;
  protected readonly ownGrounded: Uint8Array;
  protected readonly saveSt: Uint8Array;
  protected readonly saveK: Uint8Array;
  protected readonly saveS: Int32Array;
  protected readonly evalStamp: Int32Array;
  protected readonly evalCount: Int32Array;
  /** The instant's work list, the engine's (src/engine/worklist.ts). */
  protected readonly work: WorkList;
  // per block
  protected readonly grounded: Int32Array;
  protected readonly overflowGrounded: Int32Array;
  protected readonly blockTouched: Uint8Array;
  protected readonly blockStamp: Int32Array;
  protected readonly touchedBlocks: Int32Array;
  protected nTouched = 0;
  protected settling = false;
  /** The block being settled (-1: none). */
  protected settlingBlock = -1;
  /** Services outside the settling block popped while it settles, evaluated after its commit (cycles.ts's `deferred`). */
  protected readonly deferredList: Int32Array;
  protected readonly isDeferred: Uint8Array;
  protected nDeferred = 0;
  protected t = 0;
  protected instant = 0;
  protected replay = 0;
  protected horizon = 0;
  protected touched: Int32Array;
  protected nTouchedServices = 0;
  /** Services the replay is restricted to (see settlesCleanly), or null for all. */
  protected restrict: Uint8Array | null = null;
  /** Dependents within `restrict` (see settlesCleanly), built for the last set asked. */
  protected withinOf: Uint8Array | null = null;
  protected withinStart: Uint32Array = new Uint32Array(0);
  protected withinDeps: Int32Array = new Int32Array(0);
  /** Dependents of each service in its own block (or, for a service of none, of none). */
  protected readonly blockDepStart: Uint32Array;
  protected readonly blockDeps: Int32Array;
  /** An evaluation guard or the settling-round limit acted. */
  protected tripped = false;
  /** A committed state moved against the instant's direction. */
  protected nonMonotone = false;
  /** 0: the fault starts (states only worsen when the rules' fixpoint is reached monotonically); 1: it ends. */
  protected phase = 0;
  // what causal() found
  protected cC = 0;
  protected cK = 0;
  protected cS = -1;
  protected cCap = 1;
  protected cOrg = 0;


  constructor(protected readonly g: CompiledGraph) {
    const n = g.n;
    this.n = n;
    const blocks = blocksOf(g);
    this.blockOf = blocks.blockOf;
    this.blockStart = blocks.blockStart;
    this.blockMembers = blocks.blockMembers;
    const nb = blocks.blockStart.length;
    this.bitOf = new Int32Array(n);
    for (let b = 0; b + 1 < nb; b++) {
      for (let k = blocks.blockStart[b]!; k < blocks.blockStart[b + 1]!; k++) this.bitOf[blocks.blockMembers[k]!] = k - blocks.blockStart[b]! < 30 ? 1 << (k - blocks.blockStart[b]!) : ORIGIN_OVERFLOW;
    }
    this.stamp = new Int32Array(n);
    this.st = new Uint8Array(n);
    this.stCauseK = new Uint8Array(n);
    this.stCauseS = new Int32Array(n);
    this.faults = new Int32Array(n);
    this.srvA = new Float64Array(n);
    this.fracAt = new Float64Array(n);
    this.unserved = new Float64Array(n);
    this.impactStart = new Float64Array(n);
    this.originOf = new Int32Array(n);
    this.ownGrounded = new Uint8Array(n);
    this.saveSt = new Uint8Array(n);
    this.saveK = new Uint8Array(n);
    this.saveS = new Int32Array(n);
    this.evalStamp = new Int32Array(n);
    this.evalCount = new Int32Array(n);
    this.work = new WorkList(g);
    this.deferredList = new Int32Array(n);
    this.isDeferred = new Uint8Array(n);
    this.grounded = new Int32Array(nb);
    this.overflowGrounded = new Int32Array(nb);
    this.blockTouched = new Uint8Array(nb);
    this.blockStamp = new Int32Array(nb);
    this.touchedBlocks = new Int32Array(nb);
    this.touched = new Int32Array(64);
    const blockOf = this.blockOf;
    // services of no block (-1) wake the dependents of no block, as in the engine (evaluated
    // while another block settles)
    const bd = this.dependentsWhere((i, o) => blockOf[o] === blockOf[i]);
    this.blockDepStart = bd.start;
    this.blockDeps = bd.deps;
  }

  /** The per-replay state of service i, initialised on first touch. */
  protected open(i: number): void {
    if (this.stamp[i] === this.replay) return;
    this.stamp[i] = this.replay;
    this.st[i] = UP; this.stCauseK[i] = CAUSE_NONE; this.stCauseS[i] = -1;
    this.faults[i] = 0;
    this.srvA[i] = 1; this.fracAt[i] = 0; this.unserved[i] = 0; this.impactStart[i] = NaN;
    this.originOf[i] = 0; this.ownGrounded[i] = 0;
    if (this.nTouchedServices === this.touched.length) {
      const grown = new Int32Array(Math.min(this.n, this.touched.length * 2));
      grown.set(this.touched);
      this.touched = grown;
    }
    this.touched[this.nTouchedServices++] = i;
    const b = this.blockOf[i]!;
    if (b >= 0 && this.blockStamp[b] !== this.replay) {
      this.blockStamp[b] = this.replay;
      this.grounded[b] = ORIGIN_OUTSIDE;
      this.overflowGrounded[b] = 0;
      this.blockTouched[b] = 0;
    }
  }

  protected enqueue(i: number): void {
    if (this.restrict !== null && this.restrict[i] === 0) return;
    this.open(i);
    this.work.add(i);
  }

  protected enqueueDependents(i: number): void {
    if (this.restrict !== null) {
      // restricted: the dependents within the set, in the engine's order (the others are not replayed)
      const { withinStart, withinDeps } = this;
      for (let k = withinStart[i]!; k < withinStart[i + 1]!; k++) this.enqueue(withinDeps[k]!);
      return;
    }
    const { revStart, revReqs, reqOwner } = this.g;
    for (let k = revStart[i]!; k < revStart[i + 1]!; k++) this.enqueue(reqOwner[revReqs[k]!]!);
  }

  /** Dependents (one entry per requirement, in reverse-index order) of each service whose owner passes `keep`. */
  protected dependentsWhere(keep: (i: number, o: number) => boolean): { start: Uint32Array; deps: Int32Array } {
    const { revStart, revReqs, reqOwner } = this.g;
    const start = new Uint32Array(this.n + 1);
    let count = 0;
    for (let i = 0; i < this.n; i++) {
      start[i] = count;
      for (let k = revStart[i]!; k < revStart[i + 1]!; k++) if (keep(i, reqOwner[revReqs[k]!]!)) count++;
    }
    start[this.n] = count;
    const deps = new Int32Array(count);
    let j = 0;
    for (let i = 0; i < this.n; i++) for (let k = revStart[i]!; k < revStart[i + 1]!; k++) { const o = reqOwner[revReqs[k]!]!; if (keep(i, o)) deps[j++] = o; }
    return { start, deps };
  }

  /** The state of a member as service i reads it (UP when the replay never reached it). */
  protected stateOf(m: number): number {
    return this.stamp[m] === this.replay ? this.st[m]! : UP;
  }

  protected liveOrigins(m: number, i: number, bi: number): number {
    if (this.blockOf[m] !== bi) return ORIGIN_OUTSIDE;
    const self = this.bitOf[i] === ORIGIN_OVERFLOW ? 0 : this.bitOf[i]!;
    const om = this.stamp[m] === this.replay ? this.originOf[m]! : 0;
    return om & this.grounded[bi]! & ~self;
  }
}
