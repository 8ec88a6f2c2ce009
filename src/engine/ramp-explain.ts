/**
 * Load faults that grow, in words for the critical path (ramp.ts): "capacity falling to
 * 15 % over 5h23m (100 % → 40 % in this interval)". The ramp's size and length are the
 * parameters' medians, the values a single simulation runs with.
 */
import type { Model } from './model.js';
import { median } from './params.js';
import { formatDuration } from '../catalog/units.js';
import { pct } from './explain-capacity.js';

/** The ramping fault on `self` whose window holds minute t: its sizes and its size at any minute. */
function rampOn(model: Model, self: number, kind: 'capacity' | 'demand', t: number): { from: number; to: number; over: number; at: (x: number) => number } | null {
  const m = (slot: number): number => median(model.params.slots[slot]!.dist);
  for (const f of model.faults) {
    const r = f.ramp;
    if (f.service !== self || r === undefined) continue;
    const toSlot = kind === 'capacity' ? f.capacity : f.demand;
    const overSlot = kind === 'capacity' ? r.capOver : r.demOver;
    if (toSlot < 0 || overSlot < 0) continue;
    const t0 = Math.max(0, m(f.at));
    const stop = f.duration >= 0 ? t0 + m(f.duration) : f.until >= 0 ? m(f.until) : Infinity;
    if (t < t0 - 1e-9 || t >= stop) continue;
    const from = Math.max(0, m(kind === 'capacity' ? r.capFrom : r.demFrom));
    const to = Math.max(0, m(toSlot));
    const over = Math.max(0, m(overSlot));
    const at = (x: number): number => (over > 0 && x < t0 + over ? from + ((to - from) * Math.max(0, x - t0)) / over : to);
    return { from, to, over, at };
  }
  return null;
}

/**
 * "capacity falling to 15 % over 5h23m (100 % → 40 % in this interval)" for an interval
 * [start, end) caused by a ramping capacity cut, or null when no ramp is behind it.
 */
export function rampCapacityDetail(model: Model, self: number, start: number, end: number): string | null {
  const r = rampOn(model, self, 'capacity', start);
  if (r === null || r.from === r.to || !(r.over > 0)) return null;
  const e = Number.isFinite(end) ? end : start + r.over;
  const c0 = r.at(start);
  const c1 = r.at(e);
  // the onset is over: the cut it reached
  if (c0 === r.to) return `capacity cut to ${pct(r.to)} by a load fault (reached over ${formatDuration(r.over)})`;
  const verb = r.to < r.from ? 'falling' : 'rising';
  return `capacity ${verb} to ${pct(r.to)} over ${formatDuration(r.over)} by a load fault that grows (${pct(c0)} → ${pct(c1)} in this interval)`;
}

/** "demand rising to 300 % of normal over 1h (150 % → 300 % in this interval)", or null. */
export function rampDemandDetail(model: Model, self: number, start: number, end: number): string | null {
  const r = rampOn(model, self, 'demand', start);
  if (r === null || r.from === r.to || !(r.over > 0)) return null;
  const e = Number.isFinite(end) ? end : start + r.over;
  const d0 = r.at(start);
  const d1 = r.at(e);
  if (d0 === r.to) return `demand at ${pct(r.to)} of normal (reached over ${formatDuration(r.over)})`;
  const verb = r.to > r.from ? 'rising' : 'falling';
  return `demand ${verb} to ${pct(r.to)} of normal over ${formatDuration(r.over)} (${pct(d0)} → ${pct(d1)} in this interval)`;
}
