/**
 * Relative times: operator actions (and the detection of the incident) that happen a
 * duration after an event of the run — the start, the detection, the first fault clearing,
 * or a service's first impact, first outage or first recovery — instead of at a stated
 * minute. An event is known only as the run reaches it, so the engine reports state changes
 * and fault ends to an ActionClock, which schedules what counts from them. An action whose
 * event never happens never fires.
 *
 * Compiled once per model (anchors, who counts from which); the clock is per run.
 */
import type { Anchor, Scenario } from '../catalog/model.js';
import type { ParamTable } from './params.js';
import { timeAfter } from './events.js';

export const ANCHOR_START = 0;
export const ANCHOR_DETECTION = 1;
export const ANCHOR_FAULT_END = 2;
export const ANCHOR_IMPACT = 3;
export const ANCHOR_DOWN = 4;
export const ANCHOR_RECOVERED = 5;
/** The first impact of any service: what default detection counts from. */
export const ANCHOR_FIRST_IMPACT = 6;

const KIND_CODE: Readonly<Record<Anchor['kind'], number>> = {
  start: ANCHOR_START, detection: ANCHOR_DETECTION, 'fault-end': ANCHOR_FAULT_END,
  impact: ANCHOR_IMPACT, down: ANCHOR_DOWN, recovered: ANCHOR_RECOVERED,
};

export interface AnchorSpec {
  readonly kind: number;
  /** The service, for impact / down / recovered; -1 otherwise. */
  readonly service: number;
}

/** What the model knows about relative times. */
export interface TimingModel {
  /** Distinct anchors the scenario uses. */
  readonly anchors: readonly AnchorSpec[];
  /** Per action: the anchor its `at` counts from, or -1 when `at` is a minute from the start. */
  readonly actionAfter: Int32Array;
  /** The detection anchor's index, or -1 when nothing counts from detection and the scenario states none. */
  readonly detection: number;
  /** What detection counts from (an anchor index), or -1 when its time is a minute from the start. */
  readonly detectionAfter: number;
  /** Slot of detection's time (or delay), or -1 when detection is not modelled. */
  readonly detectionAt: number;
  /** Slots of further delays added to detection's (`plus` written as a list). */
  readonly detectionExtra: readonly number[];
  /** Per anchor: the actions (k ≥ 0) and detection (-1) that count from it. */
  readonly dependents: readonly (readonly number[])[];
  /** Per service: the anchors on its state (impact, down, recovered). */
  readonly watched: readonly (readonly number[])[];
  /** Anchor indices of start, fault-end and first impact, or -1. */
  readonly start: number;
  readonly faultEnd: number;
  readonly firstImpact: number;
}

export const NO_TIMING: TimingModel = {
  anchors: [], actionAfter: new Int32Array(0), detection: -1, detectionAfter: -1, detectionAt: -1, detectionExtra: [],
  dependents: [], watched: [], start: -1, faultEnd: -1, firstImpact: -1,
};

/**
 * Compiles the scenario's relative times: the anchors its actions and detection count from.
 * Detection's slot is added to `params` here, when something counts from detection or the
 * scenario states it (otherwise no `prior:detect` slot appears in Monte Carlo output).
 */
export function compileTiming(sc: Scenario, n: number, svc: (id: string) => number, params: ParamTable): TimingModel {
  const anchors: AnchorSpec[] = [];
  const dependents: number[][] = [];
  const index = new Map<string, number>();
  const anchorOf = (kind: number, service: number): number => {
    const key = `${kind}:${service}`;
    let a = index.get(key);
    if (a === undefined) {
      a = anchors.length;
      index.set(key, a);
      anchors.push({ kind, service });
      dependents.push([]);
    }
    return a;
  };
  const fromCatalog = (an: Anchor): number => anchorOf(KIND_CODE[an.kind], an.service === undefined ? -1 : svc(an.service));

  const actionAfter = new Int32Array(sc.actions.length).fill(-1);
  sc.actions.forEach((a, k) => {
    if (!a.after) return;
    const an = fromCatalog(a.after);
    actionAfter[k] = an;
    dependents[an]!.push(k);
  });
  let detection = index.get(`${ANCHOR_DETECTION}:-1`) ?? -1;
  let detectionAfter = -1;
  let detectionAt = -1;
  let detectionExtra: number[] = [];
  if (detection >= 0 || sc.detection) {
    detection = anchorOf(ANCHOR_DETECTION, -1);
    if (sc.detection) {
      detectionAt = params.add('scenario: detection', sc.detection.at);
      detectionExtra = (sc.detection.extra ?? []).map((p, j) => params.add(`scenario: detection, term ${j + 2}`, p));
      if (sc.detection.after) detectionAfter = fromCatalog(sc.detection.after);
    } else {
      detectionAt = params.add('scenario: detection', { kind: 'prior', name: 'detect' });
      detectionAfter = anchorOf(ANCHOR_FIRST_IMPACT, -1);
    }
    if (detectionAfter >= 0) dependents[detectionAfter]!.push(-1);
  }
  const watched: number[][] = Array.from({ length: anchors.some((a) => a.service >= 0) ? n : 0 }, () => []);
  anchors.forEach((a, i) => { if (a.service >= 0) watched[a.service]!.push(i); });
  return {
    anchors, actionAfter, detection, detectionAfter, detectionAt, detectionExtra, dependents, watched,
    start: index.get(`${ANCHOR_START}:-1`) ?? -1,
    faultEnd: index.get(`${ANCHOR_FAULT_END}:-1`) ?? -1,
    firstImpact: index.get(`${ANCHOR_FIRST_IMPACT}:-1`) ?? -1,
  };
}

/** The per-run side of relative times: when each anchor happened and each action was due. */
export class ActionClock {
  /** When each anchor happened; NaN: it did not (yet). */
  readonly anchorAt: Float64Array;
  /** When each action is due (or fired); NaN: its anchor did not (yet) happen. */
  readonly actionAt: Float64Array;

  /**
   * `actions[k]`: the slot of action k's `at` (a minute, or the delay after its anchor) and of
   * further delays added to it. The schedule callbacks put events on the engine's queue.
   */
  constructor(
    private readonly tm: TimingModel,
    private readonly actions: readonly { readonly at: number; readonly extra: readonly number[] }[],
    private v: Float64Array,
    private readonly scheduleAction: (t: number, k: number) => void,
    private readonly scheduleAnchor: (t: number, anchor: number) => void,
  ) {
    this.anchorAt = new Float64Array(tm.anchors.length).fill(NaN);
    this.actionAt = new Float64Array(actions.length).fill(NaN);
    this.due();
  }

  /** Back to the start of a run with values `v`, as a new clock would be (a workspace's runs reuse one). */
  reset(v: Float64Array): void {
    this.v = v;
    this.anchorAt.fill(NaN);
    this.actionAt.fill(NaN);
    this.due();
  }

  /** The actions due at stated minutes (the others wait for their anchor). */
  private due(): void {
    const { tm, actions } = this;
    for (let k = 0; k < actions.length; k++) {
      if (k < tm.actionAfter.length && tm.actionAfter[k]! >= 0) continue;
      this.actionAt[k] = this.delay(actions[k]!.at, actions[k]!.extra);
    }
  }

  /** A slot's value plus the further delays, none below 0. */
  private delay(slot: number, extra: readonly number[]): number {
    let d = Math.max(0, this.v[slot]!);
    for (const x of extra) d += Math.max(0, this.v[x]!);
    return d;
  }

  /** Schedules the actions at stated minutes (in scenario order), then what counts from the start. */
  begin(): void {
    for (let k = 0; k < this.actionAt.length; k++) if (!Number.isNaN(this.actionAt[k]!)) this.scheduleAction(this.actionAt[k]!, k);
    const tm = this.tm;
    if (tm.detection >= 0 && tm.detectionAfter < 0) this.scheduleAnchor(this.delay(tm.detectionAt, tm.detectionExtra), tm.detection);
    if (tm.start >= 0) this.fire(tm.start, 0);
  }

  /** An anchor happened at t: schedule everything that counts from it. Later occurrences are ignored. */
  fire(anchor: number, t: number): void {
    if (!Number.isNaN(this.anchorAt[anchor]!)) return;
    this.anchorAt[anchor] = t;
    for (const k of this.tm.dependents[anchor]!) {
      if (k < 0) {
        this.scheduleAnchor(timeAfter(t, this.delay(this.tm.detectionAt, this.tm.detectionExtra)), this.tm.detection);
      } else {
        const at = timeAfter(t, this.delay(this.actions[k]!.at, this.actions[k]!.extra));
        this.actionAt[k] = at;
        this.scheduleAction(at, k);
      }
    }
  }

  /**
   * Service i's effective state changed from `was` to `now` at t (0 up, 1 degraded, 2 down).
   * Every service starts up, so a change to up is a recovery after an impact.
   */
  onChange(i: number, was: number, now: number, t: number): void {
    if (was === now) return; // a new cause, the same state
    const tm = this.tm;
    if (was === 0 && tm.firstImpact >= 0) this.fire(tm.firstImpact, t);
    if (tm.watched.length === 0) return;
    for (const a of tm.watched[i]!) {
      const kind = tm.anchors[a]!.kind;
      if (kind === ANCHOR_IMPACT ? was === 0 : kind === ANCHOR_DOWN ? now === 2 : now === 0) this.fire(a, t);
    }
  }

  /** A fault cleared at t; the scenario's first fault clearing is `fault-end`. */
  onFaultEnd(fault: number, t: number): void {
    if (fault === 0 && this.tm.faultEnd >= 0) this.fire(this.tm.faultEnd, t);
  }

  /** Action k is still to come after t: due later, or waiting for an anchor that has not happened. */
  pending(k: number, t: number): boolean {
    const at = this.actionAt[k]!;
    return Number.isNaN(at) || at > t;
  }
}
