/**
 * The run state of load shedding and panic mode (shedding.ts): typed arrays per service,
 * allocated by state.ts only for a model that uses either mechanism.
 */
import type { TransitionLog } from './events.js';
import type { Model } from './model.js';

/**
 * The per-service state of shedding and panic mode of one run: allocated only for a model that
 * uses either, so a catalog without them runs exactly the engine it always ran.
 */
export class ShedState {
  /** Shedding configured (`backlog.shedding`). */
  readonly on: Uint8Array;
  /** Engaged now: a collapse is not judged, the queue is held at μ · timeout. */
  readonly armed: Uint8Array;
  /** Rejecting arrivals now (the queue at its limit with λ > μ). */
  readonly active: Uint8Array;
  /** Delay after a collapse starts before shedding engages (`after`; 0: always engaged). */
  readonly after: Float64Array;
  /** A pending engagement (EV_SHED) and its generation. */
  readonly pending: Uint8Array;
  readonly gen: Int32Array;
  // work accounting of the current segment (from `since`): arrival, service and rejection rates
  readonly since: Float64Array;
  readonly arrRate: Float64Array;
  readonly srvRate: Float64Array;
  readonly srvRateK: Float64Array;
  /** Work arrived, served and rejected (shed) up to `since`. */
  readonly arrived: Float64Array;
  readonly served: Float64Array;
  readonly shed: Float64Array;
  /** A panic-mode ramp is under way (the restart rises at the full-load pace up to `panic`). */
  readonly panicUp: Uint8Array;
  /** Where shedding started or its rates changed: (service, minute, arrival, μ), flat. */
  readonly episodes: number[] = [];

  constructor(readonly model: Model, n: number) {
    this.on = new Uint8Array(n); this.armed = new Uint8Array(n); this.active = new Uint8Array(n);
    this.after = new Float64Array(n); this.pending = new Uint8Array(n); this.gen = new Int32Array(n);
    this.since = new Float64Array(n); this.arrRate = new Float64Array(n); this.srvRate = new Float64Array(n); this.srvRateK = new Float64Array(n);
    this.arrived = new Float64Array(n); this.served = new Float64Array(n); this.shed = new Float64Array(n);
    this.panicUp = new Uint8Array(n);
  }

  /** Values before a run, for parameter values `v`. */
  reset(v: Float64Array): void {
    for (const a of [this.on, this.armed, this.active, this.pending, this.panicUp]) a.fill(0);
    for (const a of [this.since, this.arrRate, this.srvRate, this.srvRateK, this.arrived, this.served, this.shed]) a.fill(0);
    this.episodes.length = 0;
    const services = this.model.services;
    for (let i = 0; i < services.length; i++) {
      const b = services[i]!.backlog;
      if (!b || b.shedAfter < 0) continue;
      this.on[i] = 1;
      const d = v[b.shedAfter]!;
      this.after[i] = d > 0 ? d : 0;
      this.armed[i] = d > 0 ? 0 : 1;
    }
  }
}

/** Whether a model uses shedding or panic mode (state.ts allocates a ShedState for it). */
export function usesShedding(model: Model): boolean {
  return model.services.some((m) => (m.backlog !== null && m.backlog.shedAfter >= 0) || (m.restart?.healthCheck?.panic ?? -1) >= 0);
}

/** The ShedState of each run's log, for the result (explain.ts reads it from the outcome's log). */
const byLog = new WeakMap<TransitionLog, ShedState>();
export const registerShedState = (log: TransitionLog, st: ShedState): void => { byLog.set(log, st); };
export const shedStateOf = (log: TransitionLog): ShedState | undefined => byLog.get(log);

