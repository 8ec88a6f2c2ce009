/**
 * Load faults whose size changes (src/engine/ramp.ts, docs/model.md "Load faults that
 * grow"): a capacity that decays stays a fraction at both ends, and a ramp acts on a
 * service as a whole (cells take step faults only).
 */
import type { Diagnostic } from './diagnostics.js';
import type { Param, Scenario, Service } from './model.js';

/** True when the parameter can exceed `limit` (a fixed value, a range's max, a lognormal's p90). */
const over = (p: Param | undefined, limit: number): boolean =>
  p !== undefined && ((p.kind === 'const' && p.value > limit) || (p.kind === 'uniform' && p.max > limit) || (p.kind === 'lognormal' && p.p90 > limit));

export const rampFaults = ({ scenarios, services }: { readonly scenarios: ReadonlyMap<string, Scenario>; readonly services: ReadonlyMap<string, Service> }, out: Diagnostic[]): void => {
  for (const sc of scenarios.values()) {
    for (const f of sc.faults) {
      if (!f.capacityRamp && !f.demandRamp) continue;
      if (over(f.capacityRamp?.from, 1)) {
        out.push({ code: 'invalid-value', severity: 'error', message: `scenario ${sc.id}: a capacity ramp starts from a fraction of capacity, from 0 to 1`, pos: f.capacityRamp!.pos, hint: 'e.g. capacity: {from: 1, to: 0.15, over: 3h}' });
      }
      if (services.get(f.service)?.cells) {
        out.push({ code: 'invalid-value', severity: 'error', message: `scenario ${sc.id}: a fault that grows (from, to, over) on ${f.service}, a service with cells, is not supported`, pos: f.pos, hint: 'give it a fixed size, or put the ramp on a service without cells' });
      }
    }
  }
};
