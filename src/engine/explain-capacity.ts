/**
 * The capacity side of the result: per-service capacity / served-fraction curves from the
 * run's curve log, and explanations in words of causes that are fractions ("waiting for
 * 80 % of X, which serves 40 %").
 */
import type { Model } from './model.js';
import type { RunOutcome } from './simulate.js';
import type { CapacityPoint } from './result.js';

const round = (x: number): number => Math.round(x * 1e6) / 1e6;
const roundMinutes = (x: number): number => Math.round(x * 1000) / 1000;

/** "40 %" (whole percent; "0.5 %" below one). */
export const pct = (x: number): string => (x > 0 && x < 0.01 ? `${Math.round(x * 1000) / 10} %` : `${Math.round(x * 100)} %`);

/**
 * Curves per service: the logged points, without repeats, keeping at each minute only the
 * first and the last (the values just before and just after a step).
 */
export function capacityCurves(out: RunOutcome, n: number): CapacityPoint[][] {
  const curves: CapacityPoint[][] = Array.from({ length: n }, () => []);
  const c = out.curves;
  for (let k = 0; k < c.length; k++) {
    const list = curves[c.service[k]!]!;
    const p: CapacityPoint = { minute: roundMinutes(c.time[k]!), capacity: round(c.capacity[k]!), served: round(c.served[k]!) };
    const last = list[list.length - 1];
    if (last && last.minute === p.minute && last.capacity === p.capacity && last.served === p.served) continue;
    // a point between the first and the last of one minute says nothing
    const prev = list[list.length - 2];
    if (last && prev && prev.minute === p.minute && last.minute === p.minute) list.pop();
    list.push(p);
  }
  for (const list of curves) {
    // nothing changed from full service: no curve
    if (list.every((p) => p.capacity === 1 && p.served === 1)) list.length = 0;
  }
  return curves;
}

/** Value of a curve at minute t (the last point at or before t; full before the first). */
function at(curve: readonly CapacityPoint[], t: number, key: 'capacity' | 'served'): number {
  let v = 1;
  for (let k = 0; k < curve.length; k++) {
    const p = curve[k]!;
    if (p.minute > t + 1e-9) {
      const q = curve[k - 1];
      // on a sloped segment, interpolate
      if (q && p.minute > q.minute) return q[key] + ((p[key] - q[key]) * (t - q.minute)) / (p.minute - q.minute);
      break;
    }
    v = p[key];
  }
  return v;
}

export const capAt = (curve: readonly CapacityPoint[], t: number): number => at(curve, t, 'capacity');
export const servedAtPoint = (curve: readonly CapacityPoint[], t: number): number => at(curve, t, 'served');

/** Words for a dependency cause that goes through a `needs` or `scales` edge, or null for a plain one. */
export function fractionDetail(model: Model, self: number, who: number, t: number, curves: readonly (readonly CapacityPoint[])[]): string | null {
  const g = model.graph;
  for (let r = g.reqStart[self]!; r < g.reqStart[self + 1]!; r++) {
    if (model.reqBackpressure[r] && g.reqMembers[g.memberStart[r]!] === who) return `writes to ${model.names[who]!} block: its queue is full (backpressure)`;
    if (!model.reqFrac[r] || g.reqMembers[g.memberStart[r]!] !== who) continue;
    const served = servedAtPoint(curves[who]!, t);
    const need = model.reqNeeds[r]!;
    const name = model.names[who]!;
    if (need === need && served < need) return `waiting for ${pct(need)} of ${name} (it serves ${pct(served)})`;
    const share = model.reqScales[r]!;
    if (share > 0) return `capacity follows ${name}, which serves ${pct(served)}: ${pct(capAt(curves[self]!, t))} left`;
  }
  return null;
}
