/**
 * Compiling `fill:` edges (docs/model.md, "Cold caches loading their origin") into the
 * model's FillSpec list: which slot is the cache, which the origin, and how much of the
 * origin's demand the cache's misses are.
 */
import type { FillModel } from '../catalog/model.js';
import type { CellPlan } from './cells.js';

/**
 * A cache in front of an origin (`fill:` on an edge, cachefill.ts): the cache and origin slots,
 * the parameter slots of its hit ratio and refill time, and the weight of its misses in the
 * origin's demand (the edge's `share`, times the cache cell's share when the origin is global).
 */
export interface FillSpec {
  readonly cache: number;
  readonly origin: number;
  readonly hitRatio: number;
  readonly warm: number;
  readonly weight: number;
}

/** The catalog id of a slot id: `<service>@<cell>` → `<service>` (cells.ts). */
export const baseId = (id: string): string => {
  const at = id.indexOf('@');
  return at < 0 ? id : id.slice(0, at);
};

/**
 * The FillSpec of edge `f` from slot `cache` to slot `origin`. `slots` keeps one pair of
 * parameter slots per catalog edge (the cells of a cache share their service's parameters, as
 * every mechanism's do); `add` registers them the first time.
 *
 * Weight: the edge's `share` of the origin's normal demand. A cell of the cache in front of a
 * global origin carries its cell's share of the cache's traffic, so its misses are that share
 * of the cache's; in front of the cell of the same name (`cell: local`) they are the whole
 * `share` of that cell's demand.
 */
export function fillSpec(f: FillModel, cache: number, origin: number, plan: CellPlan | undefined, slots: Map<object, { hitRatio: number; warm: number }>, add: () => { hitRatio: number; warm: number }): FillSpec {
  let p = slots.get(f);
  if (!p) { p = add(); slots.set(f, p); }
  const cellCache = plan !== undefined && plan.role[cache] === 2;
  const cellOrigin = plan !== undefined && plan.role[origin] === 2;
  const weight = f.share * (cellCache && !cellOrigin ? plan.share[cache]! : 1);
  return { cache, origin, hitRatio: p.hitRatio, warm: p.warm, weight };
}
