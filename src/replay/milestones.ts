/**
 * The simulated time of each observed milestone, read from one engine run. Pure and
 * allocation-light: `blast fit` calls it once per evaluation.
 *
 * A service's milestones: `impact` is its first impaired minute, `down` its first minute
 * down, `recovered` the minute it was last back up. `all` stands for every service not
 * marked partial: the first impact, the first service down, and the time to full
 * recovery. `capacity` with fraction 1 is `recovered`; a fraction f below 1 is when the
 * service, after its first impact, serves at least f again: the first minute at which its
 * **served fraction** (the share of its demand it serves, RunOutcome.curves; docs/model.md
 * "Capacity as a fraction") is back at f or above after having been below f, read on the
 * curve's straight segments (a ramp crosses f in between two points); its impact itself
 * when it never falls below f. Served rather than capacity, because what a post-mortem reports is
 * what users saw: a share of requests succeeding. (The two are equal for a service without
 * a queue and without a demand surge.) `all` with a fraction below 1 is not simulated.
 */
import type { Observation } from '../catalog/model.js';
import type { Model } from '../engine/model.js';
import { STATE_DOWN } from '../engine/model.js';
import type { RunOutcome } from '../engine/simulate.js';

/** Why a milestone has no simulated time. */
export type MissingReason = 'never-happened' | 'not-simulated';

/** The milestone is one this engine can simulate (a capacity fraction below 1 of `all` is not). */
export const isSimulated = (o: Observation): boolean => o.event !== 'capacity' || o.fraction === 1 || o.service !== 'all';

/** What an observation is compared with, in engine terms. */
export interface MilestoneSpec {
  /** Service index, or -1 for `all`. */
  readonly service: number;
  readonly event: 'impact' | 'down' | 'recovered' | 'capacity' | 'unsupported';
  /** For `capacity`: the served fraction to reach (below 1). */
  readonly fraction: number;
}

/** Compiles observations against a model (service ids to indices). Unknown ids are a bug: the validator rejects them. */
export function milestoneSpecs(model: Model, observations: readonly Observation[]): MilestoneSpec[] {
  return observations.map((o) => {
    const service = o.service === 'all' ? -1 : model.graph.index.get(o.service);
    if (service === undefined) throw new Error(`bug: observation names unknown service ${o.service} after validation`);
    const fraction = o.event === 'capacity' ? o.fraction ?? 1 : 1;
    const event = !isSimulated(o) ? 'unsupported' : o.event === 'capacity' && fraction >= 1 ? 'recovered' : o.event;
    return { service, event, fraction };
  });
}

/**
 * Simulated minute of each milestone: NaN when it never happened (never impaired, never
 * down) or is not simulated; Infinity when a service never recovers.
 */
export function milestoneTimes(model: Model, out: RunOutcome, specs: readonly MilestoneSpec[], into = new Float64Array(specs.length)): Float64Array {
  let firstDown: Float64Array | undefined;
  const downTimes = (): Float64Array => {
    if (firstDown) return firstDown;
    firstDown = new Float64Array(model.graph.n).fill(NaN);
    const log = out.log;
    for (let k = 0; k < log.length; k++) {
      const i = log.service[k]!;
      if (log.state[k] === STATE_DOWN && Number.isNaN(firstDown[i]!)) firstDown[i] = log.time[k]!;
    }
    return firstDown;
  };
  for (let m = 0; m < specs.length; m++) {
    const { service, event } = specs[m]!;
    let t = NaN;
    if (event === 'unsupported') t = NaN;
    else if (service >= 0 && event === 'capacity') t = servedReaches(out, service, specs[m]!.fraction);
    else if (service >= 0) {
      t = event === 'impact' ? out.impactStart[service]! : event === 'down' ? downTimes()[service]! : out.recovered[service]!;
    } else if (event === 'recovered') {
      // Nothing affected: there is no recovery to time.
      t = out.affected === 0 ? NaN : out.fullRecovery;
    } else {
      const times = event === 'impact' ? out.impactStart : downTimes();
      for (let i = 0; i < model.graph.n; i++) {
        const x = times[i]!;
        if (!model.partial[i] && !Number.isNaN(x) && !(x >= t)) t = x;
      }
    }
    into[m] = t;
  }
  return into;
}

/**
 * When service i, after its first impact, serves at least f again: the first minute at which
 * its served fraction is at least f after having been below f (at or after the impact); the
 * impact itself when it never falls below f. NaN when it is never impacted, Infinity when it
 * never gets back to f. Points of the curve log at one minute are a step (the last is the
 * value after it); between minutes the curve is a straight line.
 */
export function servedReaches(out: RunOutcome, i: number, f: number): number {
  const t0 = out.impactStart[i]!;
  if (Number.isNaN(t0)) return NaN;
  const c = out.curves;
  // value just after t0: the last point at or before it (full service before any point)
  let pt = -Infinity;
  let ps = 1;
  let k = 0;
  for (; k < c.length; k++) {
    if (c.service[k] !== i) continue;
    if (c.time[k]! > t0) break;
    pt = c.time[k]!;
    ps = c.served[k]!;
  }
  let below = ps < f;
  for (; k < c.length; k++) {
    if (c.service[k] !== i) continue;
    const t = c.time[k]!;
    const s = c.served[k]!;
    if (!below) below = s < f;
    else if (s >= f) return t > pt && s > ps ? pt + ((f - ps) * (t - pt)) / (s - ps) : t;
    pt = t;
    ps = s;
  }
  if (!below) return t0;
  const r = out.recovered[i]!;
  return Number.isFinite(r) ? r : Infinity;
}
