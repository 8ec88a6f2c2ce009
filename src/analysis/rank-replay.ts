/**
 * One failure replayed without the event engine, where the engine would only carry states:
 * the failed service and every service that can change because of it (its dependents over
 * every edge type) have no warm-up, staged restart, crash loop, queue, client model, capacity
 * or fraction field. Such a run has two instants: the fault starts at 0 and ends at D, and
 * nothing happens in between. This class carries out exactly what src/engine/simulate.ts does
 * in those two instants, step for step: the same work list (src/engine/worklist.ts, dependencies
 * first) over the reverse requirement index, the same three-state rules (src/engine/requirements.ts), the same origins and
 * settling of cyclic blocks (src/engine/cycles.ts), the same per-instant evaluation guard
 * (src/engine/guard.ts: on the members of cyclic blocks, the only guarded services here) and
 * the same accounting of unserved minutes (src/engine/capacity.ts), in the same floating-point
 * operations. It only touches the services the replay reaches, so a replay costs time in
 * proportion to them, not to the catalog; the arrays (rank-replay-state.ts) live across replays.
 *
 * Its figures equal the engine's bit for bit: test/analysis/rank-hours.test.ts compares them
 * with one full simulation per service on random catalogs (cycles of more than 30 members
 * included) and on the bundled ones.
 */
import { REQ_ASYNC as REQ_ASYNC_, REQ_SOFT as REQ_SOFT_ } from '../graph/compile.js';
import * as K from './rank-replay-state.js';
import { ReplayState } from './rank-replay-state.js';

// module-level copies of imports: read in hot loops without live-binding indirection
const REQ_ASYNC = REQ_ASYNC_;
const REQ_SOFT = REQ_SOFT_;
const UP = K.UP;
const DEGRADED = K.DEGRADED;
const DOWN = K.DOWN;
const CAUSE_NONE = K.CAUSE_NONE;
const CAUSE_FAULT = K.CAUSE_FAULT;
const CAUSE_DEPENDENCY = K.CAUSE_DEPENDENCY;
const CAUSE_GROUP = K.CAUSE_GROUP;
const ORIGIN_OVERFLOW = K.ORIGIN_OVERFLOW;

/** As src/engine/run-options.ts. */
const MAX_EVALS_PER_INSTANT = 12;
const FRAC_EPS = 1e-9;
/** Capacity left while degraded by a dependency, for a service without a queue or `capacity:` edges. */
const DEGRADED_CAPACITY = 0.5;

/** ∫ over [0, d] of (1 − clamp(a, 0, 1)) dx: src/engine/capacity.ts's unservedOver for a flat line. */
function unservedFlat(a: number, d: number): number {
  if (d <= 0) return 0;
  return d * (1 - (a < 0 ? 0 : a > 1 ? 1 : a));
}

const roundMinutes = (x: number): number => Math.round(x * 1000) / 1000;

/** The replay itself (see the file header); its arrays are {@link ReplayState}'s. */
export class PlainReplay extends ReplayState {
  /**
   * Minutes of demand the other services did not serve when service `s` fails for `d`
   * minutes (0 < d < the engine's horizon), summed in catalog order as
   * src/analysis/service-hours.ts sums the engine's per-service figures.
   */
  unservedMinutes(s: number, d: number): number {
    this.restrict = null;
    this.run(s, d);
    // close out, then sum in catalog order
    const list = this.touched.subarray(0, this.nTouchedServices).sort();
    let minutes = 0;
    for (let k = 0; k < list.length; k++) {
      const i = list[k]!;
      if (this.fracAt[i]! < this.horizon) {
        this.unserved[i]! += unservedFlat(this.srvA[i]!, this.horizon - this.fracAt[i]!);
        this.fracAt[i] = this.horizon;
      }
      const affected = !Number.isNaN(this.impactStart[i]!);
      if (affected && this.st[i] !== UP) this.unserved[i] = Infinity;
      if (i === s || !(affected || this.unserved[i]! > 0)) continue;
      const u = this.unserved[i]!;
      minutes += Number.isFinite(u) ? roundMinutes(u) : Infinity;
    }
    return minutes;
  }

  /**
   * Replays the failure of `s` for `d` minutes on the services of `within` only (a set closed
   * under dependencies, so the replay of these services is exactly the engine's) and returns
   * whether it settled on the rules' least fixpoint without any of the engine's limits acting:
   * no evaluation guard or settling-round limit hit, every state moving one way in each
   * instant (worse at 0, better at D), and everything up again after D.
   */
  settlesCleanly(s: number, d: number, within: Uint8Array): boolean {
    if (this.withinOf !== within) {
      const { start, deps } = this.dependentsWhere((i, o) => within[i] === 1 && within[o] === 1);
      this.withinOf = within;
      this.withinStart = start;
      this.withinDeps = deps;
    }
    this.restrict = within;
    this.run(s, d);
    this.restrict = null;
    if (this.tripped || this.nonMonotone) return false;
    for (let k = 0; k < this.nTouchedServices; k++) if (this.st[this.touched[k]!] !== UP) return false;
    return true;
  }

  /** The two instants of the run: the fault starts at 0 and ends at d. */
  private run(s: number, d: number): void {
    this.replay++;
    this.nTouchedServices = 0;
    this.horizon = 0;
    this.tripped = false;
    this.nonMonotone = false;
    this.open(s);
    this.faults[s] = 1;
    this.at(0);
    this.phase = 0;
    this.enqueue(s);
    this.propagate();
    this.faults[s] = 0;
    this.at(d);
    this.phase = 1;
    this.enqueue(s);
    this.propagate();
  }

  /** Starts a new instant at time t. */
  private at(t: number): void {
    this.t = t;
    this.instant++;
  }
  /** src/engine/requirements.ts for a service without fraction fields, queues or operators. */
  private causal(i: number): void {
    const { reqStart, reqType, reqAtLeast, reqFailOnDegraded, memberStart, reqMembers } = this.g;
    let c = UP;
    let ck = CAUSE_NONE;
    let cS = -1;
    let capFrac = 1;
    let orgC = 0;
    const bi = this.blockOf[i]!;
    if (this.faults[i]! > 0) {
      c = DOWN; ck = CAUSE_FAULT; cS = i;
    } else {
      for (let r = reqStart[i]!; r < reqStart[i + 1]!; r++) {
        const type = reqType[r]!;
        const m0 = memberStart[r]!;
        const m1 = memberStart[r + 1]!;
        const size = m1 - m0;
        if (size === 0 || type === REQ_ASYNC) continue;
        let nDown = 0;
        let nDeg = 0;
        let firstDown = -1;
        let firstDeg = -1;
        let orgR = 0;
        for (let k = m0; k < m1; k++) {
          const m = reqMembers[k]!;
          const sm = this.stateOf(m);
          if (sm !== UP && bi >= 0) {
            const om = this.liveOrigins(m, i, bi);
            if (om === 0) continue;
            orgR |= om;
          }
          if (sm === DOWN) { nDown++; if (firstDown < 0) firstDown = m; }
          else if (sm === DEGRADED) { nDeg++; if (firstDeg < 0) firstDeg = m; }
        }
        const need = reqAtLeast[r]!;
        let effect = UP;
        let who = -1;
        if (size - nDown < need) { effect = DOWN; who = firstDown; }
        else if (size - nDown - nDeg < need) { effect = DEGRADED; who = firstDeg >= 0 ? firstDeg : firstDown; }
        else if (nDown + nDeg > 0 && size > 1) continue;
        if (effect === UP) continue;
        if (type === REQ_SOFT) effect = DEGRADED;
        else if (effect === DEGRADED && reqFailOnDegraded[r]) effect = DOWN;
        if (DEGRADED_CAPACITY < capFrac) capFrac = DEGRADED_CAPACITY;
        if (effect > c) {
          c = effect;
          ck = size > 1 ? CAUSE_GROUP : CAUSE_DEPENDENCY;
          cS = who;
          orgC = orgR;
        } else if (effect === c) orgC |= orgR;
      }
    }
    this.cC = c; this.cK = ck; this.cS = cS; this.cCap = capFrac; this.cOrg = orgC;
  }

  /** src/engine/simulate.ts's evaluate for such a service, curves on. */
  private evaluate(i: number): void {
    this.causal(i);
    const base = this.cC;
    // capacity line, then the served fraction (demand 1, no slope): account the segment that ends
    let sa = base === DOWN ? 0 : base === DEGRADED ? this.cCap : 1;
    if (sa < 0) sa = 0;
    if (sa >= 1 - FRAC_EPS) sa = 1;
    const prev = this.srvA[i]!;
    if (sa !== (prev < 0 ? 0 : prev > 1 ? 1 : prev)) {
      const dt = this.t - this.fracAt[i]!;
      if (dt > 0) this.unserved[i]! += unservedFlat(prev, dt);
      this.srvA[i] = sa;
      this.fracAt[i] = this.t;
    }
    const e = base;
    let eK = this.cK;
    let eS = this.cS;
    if (e === UP) { eK = CAUSE_NONE; eS = -1; }
    const bi = this.blockOf[i]!;
    if (bi >= 0) this.updateOrigin(i, bi, e, eK, this.cOrg);
    if (this.settling) {
      if (e !== this.st[i]) this.wakeBlockDependents(i, bi);
      this.st[i] = e; this.stCauseK[i] = eK; this.stCauseS[i] = eS;
      return;
    }
    this.commit(i, e, eK, eS);
  }

  private commit(i: number, e: number, eK: number, eS: number): void {
    if (e === this.st[i] && eK === this.stCauseK[i] && eS === this.stCauseS[i]) return;
    const was = this.st[i]!;
    if (this.phase === 0 ? e < was : e > was) this.nonMonotone = true;
    if (was === UP && e !== UP && Number.isNaN(this.impactStart[i]!)) this.impactStart[i] = this.t;
    // impaired only within this instant: no impact (src/engine/simulate.ts's commit)
    else if (e === UP && this.impactStart[i] === this.t) this.impactStart[i] = NaN;
    this.st[i] = e; this.stCauseK[i] = eK; this.stCauseS[i] = eS;
    this.horizon = this.t;
    if (e !== was) this.enqueueDependents(i);
  }

  private drain(): void {
    const { evalStamp, evalCount } = this;
    const work = this.work;
    while (work.length > 0) {
      const i = work.take();
      if (this.settling && this.blockOf[i] !== this.settlingBlock) {
        // outside the settling block: evaluated after its commit, as src/engine/cycles.ts's `deferred`
        if (!this.isDeferred[i]) { this.isDeferred[i] = 1; this.deferredList[this.nDeferred++] = i; }
        continue;
      }
      if (evalStamp[i] !== this.instant) { evalStamp[i] = this.instant; evalCount[i] = 0; }
      // the oscillation guard stops members of cyclic blocks only (src/engine/guard.ts: the replay
      // has no cells nor cold caches); a service of no block is evaluated as often as a dependency changes
      if (++evalCount[i]! > MAX_EVALS_PER_INSTANT && this.blockOf[i]! >= 0) { this.tripped = true; continue; }
      if (!this.settling) this.touch(i);
      this.evaluate(i);
    }
  }

  /** One instant's propagation and settling, as the engine's main loop. */
  private propagate(): void {
    for (let round = 0; ; round++) {
      this.drain();
      if (this.nTouched === 0) break;
      if (round > MAX_EVALS_PER_INSTANT) { this.tripped = true; break; }
      for (let k = 0; k < this.nTouched; k++) {
        const b = this.touchedBlocks[k]!;
        this.blockTouched[b] = 0;
        this.settle(b);
      }
      this.nTouched = 0;
      if (this.work.length === 0) break;
    }
    for (let k = 0; k < this.nTouched; k++) this.blockTouched[this.touchedBlocks[k]!] = 0;
    this.nTouched = 0;
  }

  private touch(i: number): void {
    const b = this.blockOf[i]!;
    if (b >= 0 && !this.blockTouched[b]) { this.blockTouched[b] = 1; this.touchedBlocks[this.nTouched++] = b; }
  }

  private updateOrigin(i: number, bi: number, e: number, eK: number, org: number): void {
    const own = e !== UP && eK !== CAUSE_DEPENDENCY && eK !== CAUSE_GROUP;
    const o = e === UP ? 0 : own ? this.bitOf[i]! : org;
    const changed = o !== this.originOf[i];
    this.originOf[i] = o;
    const bit = this.bitOf[i]!;
    if (bit === ORIGIN_OVERFLOW) {
      if (own !== (this.ownGrounded[i] === 1)) this.overflowGrounded[bi]! += own ? 1 : -1;
      if (this.overflowGrounded[bi]! > 0) this.grounded[bi]! |= bit;
      else this.grounded[bi]! &= ~bit;
    } else if (own) this.grounded[bi]! |= bit;
    else this.grounded[bi]! &= ~bit;
    this.ownGrounded[i] = own ? 1 : 0;
    if (changed && e === this.st[i]) this.wakeBlockDependents(i, bi);
  }

  /** The engine's wake of i's dependents in its block: the same owners in the same order, from a list of them alone. */
  private wakeBlockDependents(i: number, _bi: number): void {
    const { blockDepStart, blockDeps } = this;
    for (let k = blockDepStart[i]!; k < blockDepStart[i + 1]!; k++) this.enqueue(blockDeps[k]!);
  }

  /** src/engine/cycles.ts's settle. */
  private settle(b: number): void {
    const { st, stCauseK, stCauseS, blockStart, blockMembers } = this;
    const m0 = blockStart[b]!;
    const m1 = blockStart[b + 1]!;
    let any = false;
    for (let k = m0; k < m1 && !any; k++) {
      const i = blockMembers[k]!;
      if (this.stamp[i] === this.replay && st[i] !== UP && (stCauseK[i] === CAUSE_DEPENDENCY || stCauseK[i] === CAUSE_GROUP)) any = true;
    }
    if (!any) return;
    for (let k = m0; k < m1; k++) {
      const i = blockMembers[k]!;
      this.open(i);
      this.saveSt[i] = st[i]!; this.saveK[i] = stCauseK[i]!; this.saveS[i] = stCauseS[i]!;
      if (st[i] !== UP && (stCauseK[i] === CAUSE_DEPENDENCY || stCauseK[i] === CAUSE_GROUP)) { st[i] = UP; stCauseK[i] = CAUSE_NONE; stCauseS[i] = -1; }
      this.evalCount[i] = 0;
      this.enqueue(i);
    }
    this.settling = true;
    this.settlingBlock = b;
    this.drain();
    this.settling = false;
    this.settlingBlock = -1;
    // the services that waited for the block, back on the work list (taken in its order)
    for (let k = 0; k < this.nDeferred; k++) { const i = this.deferredList[k]!; this.isDeferred[i] = 0; this.enqueue(i); }
    this.nDeferred = 0;
    for (let k = m0; k < m1; k++) {
      const i = blockMembers[k]!;
      const e = st[i]!; const eK = stCauseK[i]!; const eS = stCauseS[i]!;
      st[i] = this.saveSt[i]!; stCauseK[i] = this.saveK[i]!; stCauseS[i] = this.saveS[i]!;
      this.commit(i, e, eK, eS);
    }
  }
}

