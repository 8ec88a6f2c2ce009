/**
 * A queue that cannot drain (docs/model.md, "Queues (backlog models)"): a backlog whose capacity is never
 * above its arrival grows in normal operation and never empties after an outage, so its service
 * never recovers in any run. Almost always a slip (the two rates swapped, or a unit missing), so
 * it is reported; a range that only sometimes falls short is the model's answer, not a slip.
 */
import type { Diagnostic } from './diagnostics.js';
import type { Param, Service } from './model.js';

/** The least value a rate parameter can take, or undefined when it has no lower bound here. */
const least = (p: Param): number | undefined => (p.kind === 'const' ? p.value : p.kind === 'uniform' ? p.min : undefined);
/** The most value a rate parameter can take, or undefined when it has none (a lognormal). */
const most = (p: Param): number | undefined => (p.kind === 'const' ? p.value : p.kind === 'uniform' ? p.max : undefined);

const rate = (x: number): string => `${Math.round(x * 1000) / 1000}/min`;

export const overloadedBacklogs = ({ services }: { readonly services: ReadonlyMap<string, Service> }, out: Diagnostic[]): void => {
  for (const s of services.values()) {
    const b = s.backlog;
    if (!b) continue;
    const cap = most(b.capacity);
    const arr = least(b.arrival);
    if (cap === undefined || arr === undefined || cap > arr) continue;
    out.push({
      code: 'backlog-overloaded',
      severity: 'warning',
      message: `${s.id}: its backlog's capacity (at most ${rate(cap)}) is not above its arrival (at least ${rate(arr)}): the queue grows in normal operation and never drains after an outage, so ${s.id} never recovers`,
      pos: s.pos,
      hint: 'capacity is the work it can process per minute when healthy, arrival the work that comes in; a service that keeps up has capacity above arrival (e.g. arrival: 100/min, capacity: 150/min)',
    });
  }
};
