/**
 * The simulated time of each observed milestone, read from one engine run. Pure and
 * allocation-light: `blast fit` calls it once per evaluation.
 *
 * A service's milestones: `impact` is its first impaired minute, `down` its first minute
 * down, `recovered` the minute it was last back up. `all` stands for every service not
 * marked partial: the first impact, the first service down, and the time to full
 * recovery. `capacity` with fraction 1 is `recovered`; other fractions need an engine
 * that simulates capacity as a fraction, which this one does not.
 */
import type { Observation } from '../catalog/model.js';
import type { Model } from '../engine/model.js';
import { STATE_DOWN } from '../engine/model.js';
import type { RunOutcome } from '../engine/simulate.js';

/** Why a milestone has no simulated time. */
export type MissingReason = 'never-happened' | 'not-simulated';

/** The milestone is one this engine can simulate (a capacity fraction below 1 is not). */
export const isSimulated = (o: Observation): boolean => o.event !== 'capacity' || o.fraction === 1;

/** What an observation is compared with, in engine terms. */
export interface MilestoneSpec {
  /** Service index, or -1 for `all`. */
  readonly service: number;
  readonly event: 'impact' | 'down' | 'recovered' | 'unsupported';
}

/** Compiles observations against a model (service ids to indices). Unknown ids are a bug: the validator rejects them. */
export function milestoneSpecs(model: Model, observations: readonly Observation[]): MilestoneSpec[] {
  return observations.map((o) => {
    const service = o.service === 'all' ? -1 : model.graph.index.get(o.service);
    if (service === undefined) throw new Error(`bug: observation names unknown service ${o.service} after validation`);
    const event = !isSimulated(o) ? 'unsupported' : o.event === 'capacity' ? 'recovered' : o.event;
    return { service, event };
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
