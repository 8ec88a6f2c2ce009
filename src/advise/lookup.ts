/**
 * Reading an advice by service: the candidates that change a given service or its edges, for
 * callers that start from one service (a review finding, the explorer's selected service).
 */
import type { ScenarioInput } from '../engine/model.js';
import type { Catalog } from '../catalog/model.js';
import { advise, type AdviseOptions } from './advise.js';
import type { Advice, Edit, Evaluated } from './model.js';

/** The services an edit changes or whose failure it addresses. */
export function editServices(e: Edit): string[] {
  switch (e.op) {
    case 'add-replica':
      return [e.of];
    case 'soften':
      return [e.service, e.on];
    case 'set-spread':
      return [e.service, ...e.of];
    case 'drop-backpressure':
      return [e.service, e.on];
    default:
      return [e.service];
  }
}

/** The ranked candidates (best first) with an edit about `service`, and positive savings. */
export function candidatesFor(advice: Advice, service: string): Evaluated[] {
  return advice.ranked.filter((e) => e.benefit.serviceHours > 0 && e.candidate.edits.some((x) => editServices(x).includes(service)));
}

/**
 * Advice for one service's failure alone for `forMinutes` (null: it never clears), point
 * estimate unless `trials` says otherwise: what the explorer and review findings can show.
 */
export function adviseForFailure(catalog: Catalog, service: string, forMinutes: number | null, opts: Partial<Omit<AdviseOptions, 'inputs'>> = {}): Promise<Advice> {
  const input: ScenarioInput = { fail: [service], forMinutes };
  return advise(catalog, { trials: 0, seed: 1, screen: 12, bundle: 0, runbookMinutes: 10, ...opts, inputs: [{ label: `fail ${service}`, input }] });
}
