/**
 * Rules of cache-fill edges (docs/model.md, "Cold caches loading their origin";
 * src/engine/cachefill.ts): `fill` sits on a single dependency, its hit ratio is below 1
 * (a cache that hits every request has no misses to scale), and its refill time is stated
 * or taken from the cache's own warm-up (`recovery.time`).
 */
import type { Diagnostic } from './diagnostics.js';
import type { Param, Service } from './model.js';

/** Whether parameter p can take a value of at least `limit` (its largest value: const, max or p90). */
const reaches = (p: Param, limit: number): boolean =>
  (p.kind === 'const' && p.value >= limit) || (p.kind === 'uniform' && p.max >= limit) || (p.kind === 'lognormal' && p.p90 >= limit);

export function fillEdges({ services }: { readonly services: ReadonlyMap<string, Service> }, out: Diagnostic[]): void {
  for (const s of services.values()) {
    for (const d of s.dependsOn) {
      const f = d.fill;
      if (!f) continue;
      if (d.group || d.of.length !== 1) {
        out.push({ code: 'invalid-value', severity: 'error', message: `${s.id}: "fill" on a redundancy group: a cache fills from one origin`, pos: f.pos, hint: 'write fill on a single dependency, {service: origin, fill: {hitRatio: 0.9, warm: 30m}}' });
        continue;
      }
      if (f.hitRatio.kind === 'prior' || reaches(f.hitRatio, 1)) {
        out.push({ code: 'invalid-value', severity: 'error', message: `${s.id}: fill.hitRatio is the cache's normal hit ratio, from 0 to below 1`, pos: f.pos, hint: 'e.g. hitRatio: 0.9 (a cold cache then sends 10× its normal misses), or a range {min: 0.8, max: 0.95}' });
      }
      if (!(f.share > 0)) {
        out.push({ code: 'invalid-value', severity: 'error', message: `${s.id}: fill.share is the fraction of ${d.of[0]!}'s demand that is this cache's misses, more than 0`, pos: f.pos, hint: 'remove the fill when the cache sends nothing to it' });
      }
      if (f.warm === undefined && s.recovery === undefined) {
        out.push({ code: 'invalid-value', severity: 'error', message: `${s.id}: fill needs "warm" (how long the cache takes to refill), or a recovery.time on ${s.id}`, pos: f.pos, hint: 'e.g. fill: {hitRatio: 0.9, warm: 30m}' });
      }
    }
  }
}
