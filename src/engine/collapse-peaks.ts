/**
 * Each metastable collapse's own largest queue, for the words that explain it ("metastable
 * collapse: 535,383 KV writes queued …"): the run keeps one largest backlog per service
 * (`backlogPeak`), which belongs to one collapse only, so a service that collapsed three times
 * named a figure for one of them and none for the others. A record per collapse: opened when
 * the queue passes its threshold (backlog.ts), raised at each evaluation while collapsed (where
 * the run-wide peak is also taken, so the two agree), closed with the queue at the moment the
 * collapse ends (a throttle, a restart, a scale-up, shedding, the automatic mitigation, or an
 * outage of the service itself, which subsumes it). Each record also keeps where the run's log
 * stood when the collapse was judged, so that the result can say whether it was judged before a
 * dependency settled that minute (`judgedBefore`). Allocated at the run's first collapse only:
 * runs without one (most Monte Carlo trials of most catalogs) pay nothing.
 */
import type { CompiledGraph } from '../graph/compile.js';
import type { TransitionLog } from './events.js';
import { STATE_UP } from './model.js';

/** How a collapse ended: 0 it has not; 1–5 as RunOutcome.collapseEndBy; 6 an outage of the service subsumed it. */
export const COLLAPSE_ENDED_BY_OUTAGE = 6;

/** Whether service i has m among the members of its requirements. */
function dependsOn(g: CompiledGraph, i: number, m: number): boolean {
  for (let r = g.reqStart[i]!; r < g.reqStart[i + 1]!; r++) for (let k = g.memberStart[r]!; k < g.memberStart[r + 1]!; k++) if (g.reqMembers[k] === m) return true;
  return false;
}

export class CollapsePeaks {
  readonly service: number[] = [];
  /** When the collapse began. */
  readonly start: number[] = [];
  readonly peak: number[] = [];
  readonly at: number[] = [];
  /** When it ended (NaN while it has not) and how (COLLAPSE_ENDED_BY_OUTAGE, or RunOutcome.collapseEndBy's codes). */
  readonly end: number[] = [];
  readonly endBy: number[] = [];
  /** Per service: its open record, −1 when it is not collapsed. */
  private readonly open: Int32Array;

  constructor(n: number) {
    this.open = new Int32Array(n).fill(-1);
  }

  /** Per record: the transition log's length when the collapse was judged. */
  private readonly logAt: number[] = [];

  /** Service i collapses at t with `b` queued; `logLength`: the run's log length at that moment. */
  begin(i: number, t: number, b: number, logLength: number): void {
    this.open[i] = this.start.length;
    this.service.push(i); this.start.push(t); this.peak.push(b); this.at.push(t); this.end.push(NaN); this.endBy.push(0);
    this.logAt.push(logLength);
  }

  /**
   * Record k's collapse was judged before a dependency of its service took its state at that
   * instant: the first such dependency, −1 when none (docs/model.md, "Within an instant": it was
   * judged on a state of that dependency that lasted no time, and may not happen on the state the
   * instant settled to). Read from the run's complete log, once for every record: a dependency
   * whose state once the instant settled is better than when the collapse was judged (a worse one
   * can only have made the collapse more likely, or cut it short).
   */
  judgedBefore(k: number, log: TransitionLog, g: CompiledGraph): number {
    this.judged ??= this.judgeAll(log, g);
    return this.judged[k]!;
  }

  private judged: Int32Array | null = null;

  /** One walk over the log, the records in the order they were judged (their log positions rise). */
  private judgeAll(log: TransitionLog, g: CompiledGraph): Int32Array {
    const K = this.start.length;
    const out = new Int32Array(K).fill(-1);
    const cur = new Uint8Array(g.n).fill(STATE_UP); // each service's state at the walk's position
    let e = 0;
    for (let k = 0; k < K; k++) {
      const from = this.logAt[k]!;
      for (; e < from; e++) cur[log.service[e]!] = log.state[e]!;
      const i = this.service[k]!;
      const t = this.start[k]!;
      let end = from;
      while (end < log.length && log.time[end] === t) end++;
      for (let x = from; x < end && out[k] === -1; x++) {
        const m = log.service[x]!;
        if (m === i || !dependsOn(g, i, m)) continue;
        let settled = log.state[x]!;
        for (let y = x + 1; y < end; y++) if (log.service[y] === m) settled = log.state[y]!;
        if (settled < cur[m]!) out[k] = m; // better once settled: the collapse was judged on less than the service had
      }
    }
    return out;
  }

  /** The queue of service i at t, while it is collapsed. */
  note(i: number, t: number, b: number): void {
    const k = this.open[i]!;
    if (k >= 0 && b > this.peak[k]!) { this.peak[k] = b; this.at[k] = t; }
  }

  /** Service i's collapse ends at t with `b` queued, ended `by` (a code of `endBy`). */
  close(i: number, t: number, b: number, by: number): void {
    this.note(i, t, b);
    const k = this.open[i]!;
    if (k >= 0) { this.end[k] = t; this.endBy[k] = by; }
    this.open[i] = -1;
  }

  /** The records of service i, in time order. */
  recordsOf(i: number): readonly number[] {
    return this.index().get(i) ?? [];
  }

  /** Per service, its records in order (built when first read: the run has ended by then). */
  private byService: Map<number, number[]> | null = null;

  private index(): Map<number, number[]> {
    if (this.byService === null) {
      this.byService = new Map();
      for (let k = 0; k < this.service.length; k++) {
        const list = this.byService.get(this.service[k]!);
        if (list) list.push(k); else this.byService.set(this.service[k]!, [k]);
      }
    }
    return this.byService;
  }

  /**
   * The largest queue of service i over all its collapses, with when it was reached (the
   * earliest, on a tie); null when it never collapsed. What "queued while collapsed" reports:
   * the run's own largest queue (`backlogPeak`) can come outside every collapse, e.g. a surge
   * of reconnecting clients once it ends.
   */
  largest(i: number): { peak: number; at: number } | null {
    let best = -1;
    for (const k of this.recordsOf(i)) if (best < 0 || this.peak[k]! > this.peak[best]!) best = k;
    return best < 0 ? null : { peak: this.peak[best]!, at: this.at[best]! };
  }

  /**
   * The largest queue of the collapse of service i that a stretch [from, to] of cause `collapse`
   * belongs to: the last collapse begun by `from` (the stretch can start later than its collapse,
   * when another cause held the label until then), else the first begun within the stretch.
   * Records of a service are in time order: a binary search (a run cut at 30 days can hold
   * thousands of collapses, each explained).
   */
  of(i: number, from: number, to: number): { peak: number; at: number } | null {
    const list = this.index().get(i);
    if (!list) return null;
    // the first record begun after `from`
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.start[list[mid]!]! <= from + 1e-9) lo = mid + 1; else hi = mid;
    }
    const k = lo > 0 ? list[lo - 1]! : lo < list.length && this.start[list[lo]!]! <= to + 1e-9 ? list[lo]! : -1;
    return k < 0 ? null : { peak: this.peak[k]!, at: this.at[k]! };
  }
}
