/**
 * Compiles a catalog and a scenario into the engine's model: the indexed graph,
 * per-service model parameters as slots of a ParamTable, and the scenario's faults
 * and operator actions. Built once, then run many times (Monte Carlo).
 */
import type { ActionKind, Catalog, Distribution, Param, Scenario } from '../catalog/model.js';
import { compileGraph, type CompiledGraph } from '../graph/compile.js';
import { ParamTable } from './params.js';
import { priorTable } from './priors.js';
import { compileTiming, NO_TIMING, type TimingModel } from './timing.js';
import { cellDelays, cellDrains, cellServices, cellSlotId, markCells, planCells, type CellPlan } from './cells.js';
import { rampSlots } from './ramp-model.js';
import { baseId, fillSpec, type FillSpec } from './cachefill-model.js';

export type { FillSpec } from './cachefill-model.js';

export const STATE_UP = 0;
export const STATE_DEGRADED = 1;
export const STATE_DOWN = 2;

export interface ServiceModel {
  /** Warm-up time slot, or -1. */
  readonly recTime: number;
  /** State during warm-up. */
  readonly recState: number;
  /**
   * Staged restart (`restart:`): slots of units, rate (or, with `over`, the duration of the
   * whole restart; the other is -1) and the cold-start factor; null when absent.
   */
  readonly restart: null | { readonly units: number; readonly rate: number; readonly over: number; readonly coldStart: number; readonly healthCheck: HealthCheckSpec | null };
  /** Crash loop (`crashLoop:`): slots of base and cap backoff, and of the jitter draw (-1: no jitter). */
  readonly crashLoop: null | { readonly base: number; readonly cap: number; readonly jitter: number };
  /** Client model (`clients:`): slots of count, retry and spread. */
  readonly clients: null | { readonly count: number; readonly retry: number; readonly spread: number };
  readonly backlog: null | {
    readonly arrival: number;
    readonly capacity: number;
    readonly cap: number;
    readonly timeout: number;
    readonly retry: number;
    readonly degradedCapacity: number;
    readonly mitigation: number;
    readonly unit: string;
    /** Load shedding (shedding.ts): slot of the delay after a collapse before it engages; -1: none. */
    readonly shedAfter: number;
  };
}

/** A staged restart's health check (slowstart.ts): the threshold, and slots of grace and warm-up. */
export interface HealthCheckSpec {
  readonly threshold: number;
  readonly grace: number;
  readonly warmup: number;
  /** Load-balancer panic threshold (shedding.ts); -1: none. */
  readonly panic: number;
}

export interface FaultSpec {
  readonly service: number;
  readonly at: number;
  /** Slot of the duration, or -1. */
  readonly duration: number;
  /** Slot of the end time, or -1. Both -1: the fault never clears. */
  readonly until: number;
  /** Load fault: slot of the capacity left while it lasts, or -1. */
  readonly capacity: number;
  /** Load fault: slot of the demand factor while it lasts, or -1. */
  readonly demand: number;
  /**
   * A load fault whose size changes (ramp.ts): slots of the capacity's and the demand's value
   * at the start and of the onset's length (-1: a step); absent when neither ramps.
   */
  readonly ramp?: { readonly capFrom: number; readonly capOver: number; readonly demFrom: number; readonly demOver: number };
}

export interface ActionSpec {
  readonly service: number;
  readonly kind: ActionKind;
  /** Slot of the minute it acts at, or of its delay after `after`. */
  readonly at: number;
  /** The anchor (index into `timing.anchors`) `at` counts from; -1: `at` is a minute from the start. */
  readonly after: number;
  /** Slots of further delays added to `at` (`plus` written as a list). */
  readonly extra: readonly number[];
  readonly rate: number;
  readonly over: number;
  readonly drop: boolean;
  readonly why: string | null;
  /** `scale`: slot of the capacity multiple, or -1; `shed`: slot of the demand multiple, or -1 (scale.ts). */
  readonly capacity?: number;
  readonly demand?: number;
}

/** A scenario to run: one from the catalog, or an ad-hoc failure. */
export type ScenarioInput =
  | { readonly scenario: Scenario }
  | { readonly fail: readonly string[]; readonly forMinutes: number | null; readonly at?: number };

export interface Model {
  readonly graph: CompiledGraph;
  readonly names: readonly string[];
  readonly partial: Uint8Array;
  readonly services: readonly ServiceModel[];
  /** Per requirement: capacity fraction left while it is impaired, NaN for the service's default. */
  readonly reqCapacity: Float64Array;
  /** Per requirement: `needs` (the served fraction it needs), NaN when absent. */
  readonly reqNeeds: Float64Array;
  /** Per requirement: the `scales` share, 0 when absent. */
  readonly reqScales: Float64Array;
  /** Per requirement: 1 when it reads the served fraction (`needs` or `scales`). */
  readonly reqFrac: Uint8Array;
  /** Per requirement: 1 for an async edge with backpressure (a full queue makes the writer down). */
  readonly reqBackpressure: Uint8Array;
  /** Per service: 1 when a writer has backpressure on its queue (wake them when it fills or drains). */
  readonly bpNotify: Uint8Array;
  /** Per requirement: slot of its `staleFor` duration, -1 when absent; absent when no edge has one (stale.ts). */
  readonly reqStale?: Int32Array;
  /** Per service: 1 when its label is derived from capacity fractions (it uses a fraction field). */
  readonly fracMode: Uint8Array;
  /** Per service: 1 when a dependent reads its served fraction (wake them when it changes). */
  readonly fracNotify: Uint8Array;
  /** Services with a warm-up, a crash loop, a client model (indices): per-run setup walks only these. */
  readonly withRecovery: Int32Array;
  readonly withCrashLoop: Int32Array;
  readonly withClients: Int32Array;
  /** Per service: 1 when the fraction layer must run for it even without curves (fracMode, fracNotify or a restart). */
  readonly fracNeeded: Uint8Array;
  readonly faults: readonly FaultSpec[];
  readonly actions: readonly ActionSpec[];
  /** Relative times: anchors, detection, who counts from what (src/engine/timing.ts). */
  readonly timing: TimingModel;
  readonly params: ParamTable;
  readonly scenarioId: string;
  readonly scenarioName: string | null;
  readonly start: string | null;
  /** Services with cells (cells.ts): slots of cells after the catalog's services; absent when none. */
  readonly cells?: CellPlan;
  /** Per slot: the parameter slot of an aggregate's failover delay (−1: at once); with `cells`. */
  readonly cellDelay?: Int32Array;
  /** Per service: 1 when a load fault on it ramps (ramp.ts); absent when none does. */
  readonly rampSvc?: Uint8Array;
  /** Caches in front of origins (`fill:` edges, cachefill.ts); absent when no edge has one. */
  readonly fills?: readonly FillSpec[];
  /** Per slot: the parameter slot of an aggregate's drain duration (−1: all at once); only when some service drains (failover-drain.ts). */
  readonly cellOver?: Int32Array;
}

const c = (value: number): Param => ({ kind: 'const', value });

/** A compiled catalog, reusable across scenarios. */
export interface Prepared {
  readonly catalog: Catalog;
  readonly graph: CompiledGraph;
  /** Services with cells: the graph the engine runs (cells.ts); absent when no service has cells. */
  readonly cells?: CellPlan;
}

export function prepare(catalog: Catalog): Prepared {
  const cells = planCells(catalog);
  return cells ? { catalog, graph: compileGraph(catalog), cells } : { catalog, graph: compileGraph(catalog) };
}

/** How to build a model beyond the catalog and the scenario. */
export interface ModelOptions {
  /**
   * Distributions replacing the default priors by name (src/engine/priors.ts), e.g. priors a
   * fitter shares across incidents. Names not in the default table are a bug in the caller.
   */
  readonly priors?: Readonly<Partial<Record<string, Distribution>>>;
}

/** Builds the model of one scenario. Unknown services are a bug here: the validator rejects them. */
export function buildModel(prep: Prepared, input: ScenarioInput, options: ModelOptions = {}): Model {
  const cells = prep.cells;
  const { catalog, graph } = cells ?? prep;
  const params = new ParamTable(priorTable(options.priors));
  const services: ServiceModel[] = [];
  const partial = new Uint8Array(graph.n);
  const names: string[] = [];
  graph.ids.forEach((id, i) => {
    if (cells && i >= cells.nServices) return; // cell slots share their service's model (cells.ts)
    const s = catalog.services.get(id)!;
    names.push(s.name);
    partial[i] = s.partial ? 1 : 0;
    const b = s.backlog;
    services.push({
      restart: s.restart
        ? {
            units: params.add(`${id}.restart.units`, s.restart.units),
            rate: params.addOpt(`${id}.restart.rate`, s.restart.rate),
            over: params.addOpt(`${id}.restart.over`, s.restart.over),
            coldStart: params.add(`${id}.restart.coldStart`, s.restart.coldStart ?? c(1)),
            healthCheck: s.restart.healthCheck
              ? {
                  threshold: s.restart.healthCheck.threshold,
                  grace: params.add(`${id}.restart.healthCheck.grace`, s.restart.healthCheck.grace),
                  warmup: params.add(`${id}.restart.healthCheck.warmup`, s.restart.healthCheck.warmup),
                  panic: s.restart.healthCheck.panic ?? -1,
                }
              : null,
          }
        : null,
      crashLoop: s.crashLoop
        ? {
            base: params.add(`${id}.crashLoop.base`, s.crashLoop.base),
            cap: params.add(`${id}.crashLoop.cap`, s.crashLoop.cap),
            // the jitter is a draw per trial, so a run stays a pure function of its parameter values
            jitter: s.crashLoop.jitter ? params.add(`${id}.crashLoop.jitter`, { kind: 'uniform', min: 0, max: 1 }) : -1,
          }
        : null,
      clients: s.clients
        ? {
            count: params.add(`${id}.clients.count`, s.clients.count),
            retry: params.add(`${id}.clients.retry`, s.clients.retry ?? c(1)),
            spread: params.add(`${id}.clients.spread`, s.clients.spread ?? c(0)),
          }
        : null,
      recTime: s.recovery ? params.add(`${id}.recovery.time`, s.recovery.time) : -1,
      recState: s.recovery?.state === 'degraded' ? 1 : 2,
      backlog: b
        ? {
            arrival: params.add(`${id}.backlog.arrival`, b.arrival),
            capacity: params.add(`${id}.backlog.capacity`, b.capacity),
            cap: params.add(`${id}.backlog.cap`, b.cap ?? c(Infinity)),
            timeout: params.add(`${id}.backlog.timeout`, b.timeout ?? c(Infinity)),
            retry: params.add(`${id}.backlog.retry`, b.retry ?? c(1)),
            degradedCapacity: params.add(`${id}.backlog.degradedCapacity`, b.degradedCapacity ?? c(0.5)),
            mitigation: params.add(`${id}.backlog.mitigation`, b.mitigation ?? c(Infinity)),
            unit: b.unit ?? 'units of work',
            shedAfter: b.shedding ? params.add(`${id}.backlog.shedding.after`, b.shedding.after) : -1,
          }
        : null,
    });
  });

  // an aggregate runs no mechanism of its own (cells-run.ts computes it from its cells)
  if (cells) cellServices(cells, services, names, partial, { recTime: -1, recState: 2, restart: null, crashLoop: null, clients: null, backlog: null });

  const nReq = graph.reqOwner.length;
  const reqCapacity = new Float64Array(nReq).fill(NaN);
  const reqNeeds = new Float64Array(nReq).fill(NaN);
  const reqScales = new Float64Array(nReq);
  const reqFrac = new Uint8Array(nReq);
  const fracMode = new Uint8Array(graph.n);
  const fracNotify = new Uint8Array(graph.n);
  const reqBackpressure = new Uint8Array(nReq);
  const bpNotify = new Uint8Array(graph.n);
  let reqStale: Int32Array | undefined;
  const fills: FillSpec[] = [];
  // one pair of parameters per catalog edge, shared by the cells of the cache (cells.ts)
  const fillSlots = new Map<object, { hitRatio: number; warm: number }>();
  let r = 0;
  graph.ids.forEach((id, i) => {
    const s = catalog.services.get(id)!;
    if (s.restart || s.crashLoop) fracMode[i] = 1;
    for (const d of s.dependsOn) {
      if (d.capacity !== undefined) reqCapacity[r] = d.capacity;
      if (d.needs !== undefined) reqNeeds[r] = d.needs;
      if (d.backpressure && d.type === 'async' && graph.memberStart[r + 1]! - graph.memberStart[r]! === 1) {
        reqBackpressure[r] = 1;
        bpNotify[graph.reqMembers[graph.memberStart[r]!]!] = 1;
      }
      if (d.scales !== undefined) reqScales[r] = d.scales;
      if (d.staleFor !== undefined) (reqStale ??= new Int32Array(nReq).fill(-1))[r] = params.add(`${id}.dependsOn.${d.of.join('+')}.staleFor`, d.staleFor);
      if (d.fill !== undefined && graph.memberStart[r + 1]! - graph.memberStart[r]! === 1) {
        const origin = graph.reqMembers[graph.memberStart[r]!]!;
        fills.push(fillSpec(d.fill, i, origin, cells, fillSlots, () => ({
          hitRatio: params.add(`${baseId(id)}.dependsOn.${baseId(d.of[0]!)}.fill.hitRatio`, d.fill!.hitRatio),
          warm: d.fill!.warm ? params.add(`${baseId(id)}.dependsOn.${baseId(d.of[0]!)}.fill.warm`, d.fill!.warm) : services[i]!.recTime,
        })));
        fracMode[origin] = 1; // demand above capacity degrades it (capacity.ts)
      }
      if ((d.needs !== undefined || d.scales !== undefined) && graph.memberStart[r + 1]! - graph.memberStart[r]! === 1) {
        reqFrac[r] = 1;
        fracMode[i] = 1;
        fracNotify[graph.reqMembers[graph.memberStart[r]!]!] = 1;
      }
      r++;
    }
  });

  const svc = (id: string): number => {
    const i = graph.index.get(id);
    if (i === undefined) throw new Error(`bug: scenario names unknown service ${id} after validation`);
    return i;
  };
  const faults: FaultSpec[] = [];
  const actions: ActionSpec[] = [];
  let scenarioId: string;
  let scenarioName: string | null = null;
  let start: string | null = null;
  let timing = NO_TIMING;
  let rampSvc: Uint8Array | undefined;
  if ('scenario' in input) {
    const sc = input.scenario;
    scenarioId = sc.id;
    scenarioName = sc.name ?? null;
    start = sc.start ?? null;
    sc.faults.forEach((f, k) => {
      faults.push({
        service: svc(f.cell === undefined ? f.service : cellSlotId(f.service, f.cell)),
        at: params.add(`scenario: fault ${k + 1} (${f.service}) at`, f.at),
        duration: params.addOpt(`scenario: fault ${k + 1} (${f.service}) duration`, f.for),
        until: params.addOpt(`scenario: fault ${k + 1} (${f.service}) until`, f.until),
        capacity: params.addOpt(`scenario: fault ${k + 1} (${f.service}) capacity`, f.capacity),
        demand: params.addOpt(`scenario: fault ${k + 1} (${f.service}) demand`, f.demand),
        ...(f.capacityRamp || f.demandRamp ? { ramp: rampSlots(f, `scenario: fault ${k + 1} (${f.service})`, params) } : {}),
      });
      if (f.capacityRamp || f.demandRamp) (rampSvc ??= new Uint8Array(graph.n))[svc(f.service)] = 1;
      if (f.capacity || f.demand) fracMode[svc(f.service)] = 1;
    });
    sc.actions.forEach((a, k) => {
      const when = a.after ? `delay after ${a.after.service === undefined ? a.after.kind : `${a.after.service} ${a.after.kind}`}` : 'at';
      actions.push({
        service: svc(a.cell === undefined ? a.service : cellSlotId(a.service, a.cell)),
        kind: a.do,
        at: params.add(`scenario: action ${k + 1} (${a.do} ${a.service}) ${when}`, a.at),
        after: -1,
        extra: (a.extra ?? []).map((p, j) => params.add(`scenario: action ${k + 1} (${a.do} ${a.service}) ${when}, term ${j + 2}`, p)),
        rate: params.addOpt(`scenario: action ${k + 1} (${a.do} ${a.service}) rate`, a.rate),
        over: params.addOpt(`scenario: action ${k + 1} (${a.do} ${a.service}) over`, a.over),
        drop: a.drop,
        why: a.why ?? null,
        ...(a.do === 'scale' || a.do === 'shed' ? {
          capacity: params.addOpt(`scenario: action ${k + 1} (${a.do} ${a.service}) capacity`, a.capacity),
          demand: params.addOpt(`scenario: action ${k + 1} (${a.do} ${a.service}) demand`, a.demand),
        } : {}),
      });
      if (a.do === 'scale' || a.do === 'shed') fracMode[svc(a.service)] = 1;
    });
    timing = compileTiming(sc, graph.n, svc, params);
    timing.actionAfter.forEach((an, k) => { if (an >= 0) actions[k] = { ...actions[k]!, after: an }; });
  } else {
    scenarioId = `fail ${input.fail.join(', ')}${input.forMinutes === null ? '' : ` for ${input.forMinutes}m`}`;
    for (const id of input.fail) {
      faults.push({
        service: svc(id),
        at: params.add(`fault ${id} at`, c(input.at ?? 0)),
        duration: input.forMinutes === null ? -1 : params.add(`fault ${id} duration`, c(input.forMinutes)),
        until: -1,
        capacity: -1,
        demand: -1,
      });
    }
  }
  if (cells) markCells(cells, fracMode, fracNotify);
  const cellDelay = cells ? cellDelays(cells, (label, p) => params.add(label, p)) : undefined;
  const cellOver = cells ? cellDrains(cells, (label, p) => params.add(label, p)) : null;
  const idx = (f: (m: ServiceModel) => boolean): Int32Array => Int32Array.from(services.flatMap((m, i) => (f(m) ? [i] : [])));
  const withRecovery = idx((m) => m.recTime >= 0);
  const withCrashLoop = idx((m) => m.crashLoop !== null);
  const withClients = idx((m) => m.clients !== null);
  const fracNeeded = Uint8Array.from(services, (m, i) => (fracMode[i] || fracNotify[i] || m.restart ? 1 : 0));
  return { graph, names, partial, services, reqCapacity, reqNeeds, reqScales, reqFrac, reqBackpressure, bpNotify, ...(reqStale ? { reqStale } : {}), fracMode, fracNotify, withRecovery, withCrashLoop, withClients, fracNeeded, faults, actions, timing, params, scenarioId, scenarioName, start, ...(cells ? { cells } : {}), ...(cellDelay ? { cellDelay } : {}), ...(rampSvc ? { rampSvc } : {}), ...(fills.length > 0 ? { fills } : {}), ...(cellOver ? { cellOver } : {}) };
}
