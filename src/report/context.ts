/**
 * What a report needs beyond the simulation result, gathered from the catalog and the
 * scenario's model: the trigger (faults) and operator actions at their median times,
 * each service's system, and the backlog parameters behind recommendations. Pure.
 */
import type { Catalog } from '../catalog/model.js';
import { faultResults, type FaultResult, type Model, type SimulationResult } from '../engine/index.js';

/** A fault of the scenario at median parameters, as the result gives it (explain-faults.ts). */
export type ReportFault = FaultResult;

export interface ReportAction {
  readonly service: string;
  readonly name: string;
  readonly kind: 'throttle' | 'relax' | 'restart' | 'disable' | 'enable' | 'scale' | 'shed';
  readonly atMinutes: number;
  /** throttle: admitted rate per minute. */
  readonly rate: number | null;
  /** relax: minutes until the throttle is fully lifted. */
  readonly overMinutes: number | null;
  readonly drop: boolean;
  readonly why: string | null;
}

/** A service's backlog model at its median parameters. */
export interface ReportBacklog {
  readonly arrival: number;
  readonly capacity: number;
  /** Minutes; Infinity when work never expires. */
  readonly timeout: number;
  readonly retry: number;
  readonly unit: string;
}

export interface ReportServiceInfo {
  readonly system: string | null;
  readonly owner: string | null;
  readonly backlog: ReportBacklog | null;
}

export interface ReportContext {
  readonly catalogName: string | null;
  readonly scenarioDescription: string | null;
  readonly faults: readonly ReportFault[];
  /** In time order (ties in scenario order). */
  readonly actions: readonly ReportAction[];
  readonly services: ReadonlyMap<string, ReportServiceInfo>;
}

/**
 * Builds the report context of `model` (built from `catalog`) at median parameters. An action
 * timed from an event of the run takes its time from `result` (the point estimate); one whose
 * event never happened is left out.
 */
export function reportContext(catalog: Catalog, model: Model, result?: SimulationResult): ReportContext {
  const med = model.params.medians();
  const at = (slot: number): number | null => (slot < 0 ? null : med[slot]!);
  const ids = model.graph.ids;
  const name = (i: number): string => model.names[i] ?? ids[i] ?? '?';
  const faults: ReportFault[] = faultResults(model, med);
  const actions: ReportAction[] = model.actions
    .flatMap((a, k) => {
      const fired = a.after >= 0 ? (result?.actions[k]?.atMinutes ?? null) : (at(a.at) ?? 0);
      return fired === null ? [] : [{ a, k, fired }];
    })
    .map(({ a, k, fired }) => ({
      k,
      action: {
        service: ids[a.service]!,
        name: name(a.service),
        kind: a.kind,
        atMinutes: fired,
        rate: at(a.rate),
        overMinutes: at(a.over),
        drop: a.drop,
        why: a.why,
      } satisfies ReportAction,
    }))
    .sort((x, y) => x.action.atMinutes - y.action.atMinutes || x.k - y.k)
    .map((x) => x.action);
  const services = new Map<string, ReportServiceInfo>();
  ids.forEach((id, i) => {
    const s = catalog.services.get(id);
    const b = model.services[i]?.backlog ?? null;
    services.set(id, {
      system: s?.system ?? null,
      owner: s?.owner ?? null,
      backlog: b ? { arrival: med[b.arrival]!, capacity: med[b.capacity]!, timeout: med[b.timeout]!, retry: med[b.retry]!, unit: b.unit } : null,
    });
  });
  const scenario = catalog.scenarios.get(model.scenarioId);
  return {
    catalogName: catalog.meta.name ?? null,
    scenarioDescription: scenario?.description ?? null,
    faults,
    actions,
    services,
  };
}
