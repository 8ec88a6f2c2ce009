/**
 * The outcome of one run: what the run's state becomes once the event queue is spent or the
 * horizon is reached (docs/model.md, "Termination"): recoveries closed out (Infinity for a
 * service still impaired), the unserved minutes of the last segments, the count of affected
 * services, and the curves of the services recorded lazily, derived from the transition log
 * the first time the result reads them (curves.ts, docs/model.md "Recording curves").
 */
import { STATE_UP as STATE_UP_ } from './model.js';
import { logSeen, type TransitionLog } from './events.js';
import { unservedOver as unservedOver_ } from './capacity.js';
import { deriveCurvePoints as deriveCurvePoints_, deriveCurves as deriveCurves_, deriveUnserved as deriveUnserved_ } from './curves.js';
import { MAX_HORIZON, type Sim } from './state.js';
import { curvePointsSeen, type CurveLog } from './curve-log.js';
import type { ActionClock } from './timing.js';
import type { CollapsePeaks } from './collapse-peaks.js';
import { oscillationsOf, type Oscillation } from './oscillation.js';

const NONE: readonly Oscillation[] = [];

// module-level copies of imports, as in capacity.ts: read in the loop over every service
// without the live-binding indirection
const STATE_UP = STATE_UP_;
const unservedOver = unservedOver_;
const deriveCurves = deriveCurves_;
const deriveUnserved = deriveUnserved_;
const deriveCurvePoints = deriveCurvePoints_;

/** What one run produced. Times are minutes; NaN = never affected; Infinity = never recovered. */
export interface RunOutcome {
  readonly impactStart: Float64Array;
  readonly recovered: Float64Array;
  readonly impaired: Float64Array;
  readonly worst: Uint8Array;
  readonly affected: number;
  /** Last recovery of a non-partial service; 0 when nothing was affected; Infinity if one never recovers. */
  readonly fullRecovery: number;
  readonly log: TransitionLog;
  readonly backlogPeak: Float64Array;
  readonly backlogPeakAt: Float64Array;
  readonly collapseStart: Float64Array;
  readonly collapseEnd: Float64Array;
  /** How each collapse ended: 0 still collapsed, 1 throttle, 2 restart, 3 mitigation. */
  readonly collapseEndBy: Uint8Array;
  readonly horizon: number;
  /** When each action was due (NaN: its anchor never happened) and each anchor happened (NaN: never). */
  readonly actionAt: Float64Array;
  readonly anchorAt: Float64Array;
  /** Capacity and served-fraction points (a line between consecutive points of a service). */
  readonly curves: CurveLog;
  /** Per service: ∫ (1 − served fraction) dt in minutes (Infinity when it never recovers). */
  readonly unserved: Float64Array;
  /** Per service: clients in its last reconnect surge (0: none). */
  readonly herdClients: Float64Array;
  /** Each collapse's own largest queue (collapse-peaks.ts); null when nothing collapsed. */
  readonly collapsePeaks: CollapsePeaks | null;
  /** Events handled (popped from the queue), the measure of the termination budget. */
  readonly events: number;
  /**
   * The services still taking turns when the 30-day horizon cut the run, with their period and
   * since when (oscillation.ts); empty for a run that ended normally.
   */
  readonly oscillating: readonly Oscillation[];
}

/**
 * Closes out the run of `S` and returns its outcome. `fracOn`: where the fraction layer ran;
 * the first `nServices` services count as affected (the cells after them count through their
 * service); `lazyChanges`: the state changes of the services whose curves are derived
 * afterwards (fracOn[i] = 0), or -1 when no curve is derived (none wanted, or all recorded).
 */
export function outcomeOf(S: Sim, fracOn: Uint8Array, nServices: number, lazyChanges: number, clock: ActionClock, events: number): RunOutcome {
  const { n, st, log, curves, impactStart, recovered, impaired, unserved, srvA, srvK, fracAt } = S;
  const partial = S.model.partial;
  // the time of the last state change (stale events can pop later without changing anything)
  const horizon = log.length > 0 ? log.time[log.length - 1]! : 0;
  let affected = 0;
  let full = 0;
  const fracUsed = S.fracUsed;
  for (let i = 0; i < n; i++) {
    if (fracUsed && fracOn[i] && fracAt[i]! < horizon) { unserved[i]! += unservedOver(srvA[i]!, srvK[i]!, horizon - fracAt[i]!); fracAt[i] = horizon; }
    if (Number.isNaN(impactStart[i]!)) continue;
    if (i < nServices) affected++; // a cell's impact is its service's
    if (st[i] !== STATE_UP) {
      recovered[i] = Infinity;
      impaired[i] = Infinity;
      if (fracUsed) unserved[i] = Infinity;
    }
    if (!partial[i] && recovered[i]! > full) full = recovered[i]!;
  }
  // changes in the second half of the 30 days: services may still be taking turns at the cut
  // (oscillation.ts reads the log; a run that settles sooner pays this one comparison)
  const oscillating = horizon > MAX_HORIZON / 2 ? oscillationsOf(log, nServices, MAX_HORIZON) : NONE;
  // the points this run recorded: the next run's buffer starts that large (those derived from the
  // log go to a buffer of the exact size when the result reads them, curves.ts)
  if (curves.time.length > 0) curvePointsSeen(S.model, curves.length);
  logSeen(S.model, log.length);
  if (lazyChanges < 0) {
    // nothing to derive: plain fields (no getters, no closures: Monte Carlo's trials allocate less)
    return {
      impactStart, recovered, impaired, worst: S.worst, affected, fullRecovery: full, log, backlogPeak: S.backlogPeak, backlogPeakAt: S.backlogPeakAt,
      collapseStart: S.collapseStart, collapseEnd: S.collapseEnd, collapseEndBy: S.collapseEndBy, horizon,
      curves, unserved, herdClients: S.herdClients, collapsePeaks: S.collapsePeaks, actionAt: clock.actionAt, anchorAt: clock.anchorAt, events, oscillating,
    };
  }
  return new LazyOutcome(S, fracOn, lazyChanges, clock, events, affected, full, horizon, oscillating);
}

/**
 * The outcome whose curves and unserved minutes are derived from the log when first read:
 * reading `unserved` derives the minutes alone; reading `curves` derives the points too. A
 * class (the getters on its prototype): an object literal with getters costs a run about as
 * much again to create.
 */
class LazyOutcome implements RunOutcome {
  readonly impactStart: Float64Array;
  readonly recovered: Float64Array;
  readonly impaired: Float64Array;
  readonly worst: Uint8Array;
  readonly log: TransitionLog;
  readonly backlogPeak: Float64Array;
  readonly backlogPeakAt: Float64Array;
  readonly collapseStart: Float64Array;
  readonly collapseEnd: Float64Array;
  readonly collapseEndBy: Uint8Array;
  readonly herdClients: Float64Array;
  readonly collapsePeaks: CollapsePeaks | null;
  readonly actionAt: Float64Array;
  readonly anchorAt: Float64Array;
  // what has been derived: the unserved minutes alone (read first), or also the curve points
  private uDone = false;
  private cDone = false;

  constructor(private readonly S: Sim, private readonly fracOn: Uint8Array, private readonly lazyChanges: number, clock: ActionClock,
    readonly events: number, readonly affected: number, readonly fullRecovery: number, readonly horizon: number, readonly oscillating: readonly Oscillation[]) {
    this.impactStart = S.impactStart; this.recovered = S.recovered; this.impaired = S.impaired; this.worst = S.worst; this.log = S.log;
    this.backlogPeak = S.backlogPeak; this.backlogPeakAt = S.backlogPeakAt; this.collapseStart = S.collapseStart; this.collapseEnd = S.collapseEnd;
    this.collapseEndBy = S.collapseEndBy; this.herdClients = S.herdClients; this.collapsePeaks = S.collapsePeaks; this.actionAt = clock.actionAt; this.anchorAt = clock.anchorAt;
  }

  get curves(): CurveLog {
    const S = this.S;
    if (!this.cDone) {
      this.cDone = true;
      if (this.uDone) deriveCurvePoints(S.log, this.fracOn, S.bDegCap, this.lazyChanges, S.curves, S.srvA);
      else { this.uDone = true; deriveCurves(S.log, this.fracOn, S.bDegCap, this.lazyChanges, S.curves, S.unserved, S.srvA, S.fracAt); }
      curvePointsSeen(S.model, S.curves.length);
    }
    return S.curves;
  }

  get unserved(): Float64Array {
    const S = this.S;
    if (!this.uDone) { this.uDone = true; deriveUnserved(S.log, this.fracOn, S.bDegCap, S.unserved, S.srvA, S.fracAt); }
    return S.unserved;
  }
}
