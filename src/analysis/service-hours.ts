/**
 * Service-hours of impairment per failure: each service failed alone for a given time and
 * replayed by the engine (parameters at their medians: recovery, warm-up and backlogs
 * included), summing the unserved minutes of every *other* service: impaired time weighted
 * by the fraction of its demand it did not serve (down counts fully, a service at 60 % counts
 * 40 %; docs/model.md, "Capacity as a fraction"). Where the pure-graph blast radius counts
 * who is hit, this weighs for how long and how badly.
 */
import type { Catalog } from '../catalog/model.js';
import { prepareSimulation, simulate } from '../engine/index.js';
import { compareRows, type RankRow } from './rank.js';

/** Service id → service-hours of impairment of the other services when it fails for `forMinutes`. */
export function serviceHoursByFailure(catalog: Catalog, forMinutes: number, onProgress?: (done: number, total: number) => void): Map<string, number> {
  const prep = prepareSimulation(catalog);
  const out = new Map<string, number>();
  const ids = [...catalog.services.keys()];
  ids.forEach((id, i) => {
    const result = simulate(prep, { fail: [id], forMinutes });
    let minutes = 0;
    for (const s of result.services) if (s.id !== id) minutes += s.unservedMinutes === undefined ? s.impairedMinutes : (s.unservedMinutes ?? Infinity);
    out.set(id, minutes / 60);
    onProgress?.(i + 1, ids.length);
  });
  return out;
}

/** Adds service-hours to ranking rows and orders them by it (then as {@link compareRows}). */
export function withServiceHours(rows: readonly RankRow[], hours: ReadonlyMap<string, number>): RankRow[] {
  return rows
    .map((r) => ({ ...r, serviceHours: hours.get(r.id) ?? 0 }))
    .sort((a, b) => b.serviceHours - a.serviceHours || compareRows(a, b));
}
