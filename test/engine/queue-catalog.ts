/**
 * Random catalogs of queues that can collapse (a timeout, a degraded capacity, a mitigation),
 * behind hard and soft edges, with or without cycles, for the properties of the order in which an
 * instant is evaluated (test/engine/listing-order.test.ts).
 */
import fc from 'fast-check';
import { stringify } from 'yaml';

export interface QueueSpec {
  n: number;
  /** Per service: its dependencies (an index; below its own unless `cycles`) and the edge type. */
  deps: Array<Array<{ to: number; soft: boolean }>>;
  backlog: Array<{ arrival: number; capacity: number; degraded: number; timeout: number; mitigation: number } | null>;
  faults: Array<{ service: number; at: number; dur: number }>;
}

export const queueSpecArb = fc.integer({ min: 2, max: 8 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    deps: fc.array(fc.array(fc.record({ to: fc.nat(), soft: fc.boolean() }), { maxLength: 3 }), { minLength: n, maxLength: n }),
    // a capacity 1.5–6× the arrival and a timeout of 5–40 min: an outage of 10–90 min leaves
    // queues on both sides of their limit
    backlog: fc.array(
      fc.option(fc.record({ arrival: fc.integer({ min: 10, max: 100 }), capacity: fc.integer({ min: 15, max: 60 }), degraded: fc.integer({ min: 1, max: 9 }), timeout: fc.integer({ min: 5, max: 40 }), mitigation: fc.integer({ min: 0, max: 60 }) }), { freq: 3 }),
      { minLength: n, maxLength: n },
    ),
    faults: fc.array(fc.record({ service: fc.nat(), at: fc.integer({ min: 0, max: 30 }), dur: fc.integer({ min: 10, max: 90 }) }), { minLength: 1, maxLength: 2 }),
  }),
);

/** The catalog in YAML; without `cycles`, service i depends only on services listed before it. */
export function queueYaml(spec: QueueSpec, cycles: boolean): string {
  const services: Record<string, unknown> = {};
  for (let i = 0; i < spec.n; i++) {
    const seen = new Set<number>();
    const deps: unknown[] = [];
    for (const d of spec.deps[i]!) {
      const to = cycles ? (i + 1 + (d.to % (spec.n - 1))) % spec.n : i === 0 ? -1 : d.to % i;
      if (to < 0 || seen.has(to)) continue;
      seen.add(to);
      deps.push(d.soft ? { service: `s${to}`, type: 'soft' } : `s${to}`);
    }
    const b = spec.backlog[i];
    services[`s${i}`] = {
      name: `Service ${i}`,
      ...(deps.length ? { dependsOn: deps } : {}),
      ...(b ? { backlog: { arrival: `${b.arrival}/min`, capacity: `${(b.arrival * b.capacity) / 10}/min`, degradedCapacity: b.degraded / 10, timeout: `${b.timeout}m`, mitigation: `${b.mitigation}m` } } : {}),
    };
  }
  const faults = spec.faults.map((f) => ({ service: `s${f.service % spec.n}`, at: `${f.at}m`, for: `${f.dur}m` }));
  return stringify({ services, scenarios: { s: { faults } } });
}
