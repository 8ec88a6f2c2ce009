/**
 * Cold caches in words (docs/model.md, "Cold caches loading their origin"): the cause of an
 * origin's impairment while a cache in front of it refills — "cold-cache misses from Edge
 * caches (failing) (refilling, 0 % warm): 6.9× its normal load, back to normal as it warms
 * over the next 30 min".
 */
import type { Model } from './model.js';
import type { TransitionLog } from './events.js';
import { fillTrace } from './cachefill.js';
import { pct } from './explain-capacity.js';

/** "6.9×", "10×", "1.04×": a load multiple in words. */
export const timesText = (x: number): string => `${x >= 9.95 ? Math.round(x) : x >= 1.1 ? Math.round(x * 10) / 10 : Math.round(x * 100) / 100}×`;

/** "8 min", "1 h 30 min": a duration in words. */
function span(m: number): string {
  if (m < 1) return `${Math.round(m * 60)} s`;
  const h = Math.floor(m / 60);
  const r = Math.round(m - 60 * h);
  return h > 0 ? `${h} h${r ? ` ${r} min` : ''}` : `${Math.round(m)} min`;
}

/**
 * Why service `self` is impaired from t while the cold cache `who` loads it: the cache's warmth
 * and the origin's load at t, from the run's trace of the kinks of its line.
 */
export function fillDetail(model: Model, log: TransitionLog, self: number, who: number, t: number): string {
  const tr = fillTrace(log);
  const name = model.names[who] ?? 'a cache';
  let k = -1;
  if (tr) for (let j = 0; j < tr.t.length && tr.t[j]! <= t + 1e-9; j++) if (tr.origin[j] === self) k = j;
  if (!tr || k < 0) return `cold-cache misses from ${name} while it refills`;
  // between kinks the factor and the warmth are lines (cachefill.ts): their values at t
  const dt = t - tr.t[k]!;
  const left = tr.until[k]! - t;
  const rest = left > 1e-6 ? `, back to normal as it warms over the next ${span(left)}` : '';
  const warmth = Math.min(1, tr.warmth[k]! + tr.warmK[k]! * dt);
  return `cold-cache misses from ${name} (refilling, ${pct(warmth)} warm): ${timesText(tr.factor[k]! + tr.factorK[k]! * dt)} its normal load${rest}`;
}

/**
 * Whether `cache` is a cache in front of `origin` (or of the service whose cell `origin` is):
 * a queue of the origin blamed on it was filled by its misses.
 */
export function isFillOf(model: Model, cache: number, origin: number): boolean {
  const parent = model.cells ? model.cells.parent[origin]! : -1;
  return (model.fills ?? []).some((f) => f.cache === cache && (f.origin === origin || f.origin === parent));
}
