/**
 * The failure semantics every architecture-review analysis shares: the engine's state
 * rules reduced to a pure graph (no time, no backlogs). A set of failed services F has one
 * outcome, the least fixpoint of the rules below starting from "F down, everything else
 * up"; this file classifies requirements and computes that fixpoint for one failure set.
 *
 * Rules, per requirement r of service s with members M (|M| = n) and quorum k
 * (a plain dependency is 1 of 1):
 * - r is *lost* when fewer than k members are not down (more than n-k down);
 * - r is *impaired* when fewer than k members are up (more than n-k down or degraded).
 * - hard, failOn down:      lost → s down;  impaired → s degraded.
 * - failOn degraded:        impaired → s down (hard or soft alike).
 * - soft, failOn down:      impaired → s degraded.
 * - async:                  no effect (work queues; state unaffected).
 * A redundancy group that keeps its quorum of healthy members therefore masks the loss of
 * the others completely. Hard cycles are resolved by the *least* fixpoint: a cycle of
 * services is down only when something outside it forces it (a warm system stays up);
 * cold start is a separate question (see cycles.ts).
 */
import { REQ_ASYNC, REQ_HARD, type CompiledGraph } from '../graph/compile.js';

export const UP = 0;
export const DEGRADED = 1;
export const DOWN = 2;
export type StateCode = typeof UP | typeof DEGRADED | typeof DOWN;

/** How a requirement acts on its owner (see the file header). */
export const MODE_NONE = 0;
export const MODE_HARD = 1;
export const MODE_SOFT = 2;
export const MODE_FAIL_ON_DEGRADED = 3;

/** The effect mode of every requirement of `cg`, indexed by requirement. */
export function requirementModes(cg: CompiledGraph): Uint8Array {
  const nReq = cg.reqType.length;
  const mode = new Uint8Array(nReq);
  for (let r = 0; r < nReq; r++) {
    const t = cg.reqType[r]!;
    if (t === REQ_ASYNC || cg.memberStart[r + 1] === cg.memberStart[r]) mode[r] = MODE_NONE;
    else if (cg.reqFailOnDegraded[r]) mode[r] = MODE_FAIL_ON_DEGRADED;
    else mode[r] = t === REQ_HARD ? MODE_HARD : MODE_SOFT;
  }
  return mode;
}

/** True when a requirement in this mode can take its owner down. */
export const isBlocking = (mode: number): boolean => mode === MODE_HARD || mode === MODE_FAIL_ON_DEGRADED;

/**
 * Evaluates failure sets on one compiled graph, reusing its buffers: a worklist over the
 * reverse requirement index with per-requirement counters, so one run costs time in
 * proportion to the part of the graph it affects, not to the whole graph.
 */
export class FailureEvaluator {
  readonly mode: Uint8Array;
  /** State of every service after the last {@link run}; valid until the next run. */
  readonly state: Uint8Array;
  /** The state already reflected in the requirement counters. */
  private readonly counted: Uint8Array;
  private readonly downCount: Uint32Array;
  private readonly impairedCount: Uint32Array;
  private readonly touchedReqs: number[] = [];
  private readonly affected: number[] = [];
  private readonly queue: number[] = [];
  private runCount = 0;

  constructor(readonly cg: CompiledGraph) {
    this.mode = requirementModes(cg);
    this.state = new Uint8Array(cg.n);
    this.counted = new Uint8Array(cg.n);
    this.downCount = new Uint32Array(cg.reqType.length);
    this.impairedCount = new Uint32Array(cg.reqType.length);
  }

  /**
   * Fails exactly `failed` and returns the services not up afterwards (the failed ones
   * included), in the order they were reached. `this.state` holds each one's state.
   */
  run(failed: Iterable<number>): readonly number[] {
    this.reset();
    this.runCount++;
    const { state, queue, affected } = this;
    for (const f of failed) {
      if (state[f] === DOWN) continue;
      state[f] = DOWN;
      affected.push(f);
      queue.push(f);
    }
    // A service is queued once per state change (at most twice), so the loop is linear in
    // the affected services and the requirements they are members of.
    for (let head = 0; head < queue.length; head++) this.propagate(queue[head]!);
    return affected;
  }

  /** How many runs so far: tells whoever caches something about `state` which run it is. */
  get runs(): number {
    return this.runCount;
  }

  private reset(): void {
    for (const s of this.affected) {
      this.state[s] = UP;
      this.counted[s] = UP;
    }
    for (const r of this.touchedReqs) {
      this.downCount[r] = 0;
      this.impairedCount[r] = 0;
    }
    this.affected.length = 0;
    this.touchedReqs.length = 0;
    this.queue.length = 0;
  }

  private propagate(x: number): void {
    const { cg, mode, state, counted, downCount, impairedCount } = this;
    const now = state[x]!;
    const before = counted[x]!;
    if (now === before) return; // a later queue entry of x already applied this state
    counted[x] = now;
    for (let k = cg.revStart[x]!; k < cg.revStart[x + 1]!; k++) {
      const r = cg.revReqs[k]!;
      const m = mode[r]!;
      if (m === MODE_NONE) continue;
      if (downCount[r] === 0 && impairedCount[r] === 0) this.touchedReqs.push(r);
      if (before === UP) impairedCount[r]!++;
      if (now === DOWN) downCount[r]!++;
      const owner = cg.reqOwner[r]!;
      const have = state[owner]!;
      if (have === DOWN) continue;
      const slack = cg.memberStart[r + 1]! - cg.memberStart[r]! - cg.reqAtLeast[r]!;
      const impaired = impairedCount[r]! > slack;
      let want: number = UP;
      if (m === MODE_HARD) want = downCount[r]! > slack ? DOWN : impaired ? DEGRADED : UP;
      else if (m === MODE_FAIL_ON_DEGRADED) want = impaired ? DOWN : UP;
      else want = impaired ? DEGRADED : UP;
      if (want > have) {
        if (have === UP) this.affected.push(owner);
        state[owner] = want;
        this.queue.push(owner);
      }
    }
  }
}
