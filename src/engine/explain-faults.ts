/**
 * A scenario's faults as the run applied them: when each began and cleared, and, for a load
 * fault (docs/model.md, "Triggers that are load, not breakage"), what it did to capacity or
 * demand, in words ("keeps 40 % of its capacity", "gets 3× its normal demand"). A load fault is
 * not an outage, and what a summary calls the trigger must not say that the service failed.
 */
import type { FaultSpec, Model } from './model.js';
import type { ActionResult, FaultResult, SimulationResult } from './result.js';
import { formatDuration } from '../catalog/units.js';

/** Minutes as the JSON gives them (to 1/1000), as in explain.ts. */
const roundMinutes = (x: number): number => Math.round(x * 1000) / 1000;

/** When fault f begins with parameter values v (never before minute 0). */
export function faultStart(f: FaultSpec, v: Float64Array): number {
  return Math.max(0, v[f.at]!);
}

/** When fault f, begun at `at`, clears with parameter values v; Infinity when it never does. */
export function faultEnd(f: FaultSpec, v: Float64Array, at: number): number {
  return f.duration >= 0 ? at + Math.max(0, v[f.duration]!) : f.until >= 0 ? Math.max(at, v[f.until]!) : Infinity;
}

const pct = (x: number): string => `${Math.round(x * 1000) / 10} %`;
const times = (x: number): string => `${Math.round(x * 100) / 100}×`;

/** What fault f does while it lasts, as a verb phrase after the service's name. */
function faultWhat(f: FaultSpec, v: Float64Array): string {
  if (f.capacity < 0 && f.demand < 0) return 'fails';
  const parts: string[] = [];
  const r = f.ramp;
  if (f.capacity >= 0) {
    const c = v[f.capacity]!;
    if (r && r.capOver >= 0) parts.push(`sees its capacity go from ${pct(v[r.capFrom]!)} to ${pct(c)} over ${formatDuration(v[r.capOver]!)}`);
    else parts.push(`keeps ${pct(c)} of its capacity`);
  }
  if (f.demand >= 0) {
    const d = v[f.demand]!;
    if (r && r.demOver >= 0) parts.push(`sees its demand go from ${times(v[r.demFrom]!)} to ${times(d)} its normal over ${formatDuration(v[r.demOver]!)}`);
    else parts.push(`gets ${times(d)} its normal demand`);
  }
  return `${parts.join(' and ')} (a load fault)`;
}

/** The scenario's faults with parameter values v, in scenario order. */
export function faultResults(model: Model, v: Float64Array): FaultResult[] {
  return model.faults.map((f) => {
    const at = faultStart(f, v);
    const end = faultEnd(f, v, at);
    return {
      service: model.graph.ids[f.service]!,
      name: model.names[f.service]!,
      atMinutes: roundMinutes(at),
      untilMinutes: Number.isFinite(end) ? roundMinutes(end) : null,
      capacity: f.capacity >= 0 ? v[f.capacity]! : null,
      demand: f.demand >= 0 ? v[f.demand]! : null,
      what: faultWhat(f, v),
    };
  });
}

/**
 * What started a scenario that has no faults: its earliest operator actions (a maintenance
 * command, a bad push written as `disable`); none when it has faults or no action fired.
 */
export function startingActions(r: Pick<SimulationResult, 'faults' | 'actions'>): ActionResult[] {
  if (r.faults.length > 0) return [];
  const earliest = Math.min(...r.actions.flatMap((a) => (a.atMinutes === null ? [] : [a.atMinutes])));
  return r.actions.filter((a) => a.atMinutes === earliest);
}
