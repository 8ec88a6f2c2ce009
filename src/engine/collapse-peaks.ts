/**
 * Each metastable collapse's own largest queue, for the words that explain it ("metastable
 * collapse: 535,383 KV writes queued …"): the run keeps one largest backlog per service
 * (`backlogPeak`), which belongs to one collapse only, so a service that collapsed three times
 * named a figure for one of them and none for the others. A record per collapse: opened when
 * the queue passes its threshold (backlog.ts), raised at each evaluation while collapsed (where
 * the run-wide peak is also taken, so the two agree), closed with the queue at the moment the
 * collapse ends (a throttle, a restart, a scale-up, shedding, the automatic mitigation, or an
 * outage of the service itself, which subsumes it). Allocated at the run's first
 * collapse only: runs without one (most Monte Carlo trials of most catalogs) pay nothing.
 */
export class CollapsePeaks {
  readonly service: number[] = [];
  /** When the collapse began. */
  readonly start: number[] = [];
  readonly peak: number[] = [];
  readonly at: number[] = [];
  /** Per service: its open record, −1 when it is not collapsed. */
  private readonly open: Int32Array;

  constructor(n: number) {
    this.open = new Int32Array(n).fill(-1);
  }

  /** Service i collapses at t with `b` queued. */
  begin(i: number, t: number, b: number): void {
    this.open[i] = this.start.length;
    this.service.push(i); this.start.push(t); this.peak.push(b); this.at.push(t);
  }

  /** The queue of service i at t, while it is collapsed. */
  note(i: number, t: number, b: number): void {
    const k = this.open[i]!;
    if (k >= 0 && b > this.peak[k]!) { this.peak[k] = b; this.at[k] = t; }
  }

  /** Service i's collapse ends at t with `b` queued. */
  close(i: number, t: number, b: number): void {
    this.note(i, t, b);
    this.open[i] = -1;
  }

  /** Per service, its records in order (built when first read: the run has ended by then). */
  private byService: Map<number, number[]> | null = null;

  /**
   * The largest queue of the collapse of service i that a stretch [from, to] of cause `collapse`
   * belongs to: the last collapse begun by `from` (the stretch can start later than its collapse,
   * when another cause held the label until then), else the first begun within the stretch.
   * Records of a service are in time order: a binary search (a run cut at 30 days can hold
   * thousands of collapses, each explained).
   */
  of(i: number, from: number, to: number): { peak: number; at: number } | null {
    if (this.byService === null) {
      this.byService = new Map();
      for (let k = 0; k < this.service.length; k++) {
        const list = this.byService.get(this.service[k]!);
        if (list) list.push(k); else this.byService.set(this.service[k]!, [k]);
      }
    }
    const list = this.byService.get(i);
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
