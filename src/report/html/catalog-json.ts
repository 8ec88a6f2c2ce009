/**
 * A catalog as plain JSON for the HTML page, and back: the page re-runs the engine ("fail
 * this service") on the catalog it carries. Only what the engine and the page use is kept
 * (no source positions, descriptions or links); maps become arrays in source order. Pure.
 */
import type { Catalog, Dependency, Param, Scenario, Service, SourcePos } from '../../catalog/model.js';

export interface DependencyJson {
  readonly of: readonly string[];
  readonly atLeast: number;
  readonly group: boolean;
  readonly type: Dependency['type'];
  readonly failOn: Dependency['failOn'];
  readonly failover: boolean;
  readonly capacity?: number;
  readonly needs?: number;
  readonly scales?: number;
  readonly backpressure?: boolean;
}

export interface ServiceJson {
  readonly id: string;
  readonly name: string;
  readonly tier: Service['tier'];
  readonly owner?: string;
  readonly system?: string;
  readonly partial: boolean;
  readonly dependsOn: readonly DependencyJson[];
  readonly recovery?: Service['recovery'];
  readonly backlog?: Service['backlog'];
  readonly restart?: Service['restart'];
  readonly crashLoop?: Service['crashLoop'];
  readonly clients?: Service['clients'];
}

export interface CatalogJson {
  readonly name?: string;
  readonly services: readonly ServiceJson[];
  readonly scenarios: readonly ScenarioJson[];
}

export type ScenarioJson = Omit<Scenario, 'pos' | 'faults' | 'actions'> & {
  readonly faults: ReadonlyArray<Omit<Scenario['faults'][number], 'pos'>>;
  readonly actions: ReadonlyArray<Omit<Scenario['actions'][number], 'pos'>>;
};

const NOWHERE: SourcePos = { file: '', line: 0, col: 0 };

/** Params survive JSON except infinite constants; those are written as a string and read back. */
const paramOut = (p: Param): Param => (p.kind === 'const' && !Number.isFinite(p.value) ? ({ kind: 'const', value: String(p.value) } as unknown as Param) : p);
const paramIn = (p: Param): Param => (p.kind === 'const' && typeof p.value === 'string' ? { kind: 'const', value: Number(p.value) } : p);

function mapParams<T extends object>(o: T, f: (p: Param) => Param): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    out[k] = v && typeof v === 'object' && 'kind' in v && typeof (v as { kind: unknown }).kind === 'string' ? f(v as Param) : v;
  }
  return out as T;
}

/** The JSON form of `catalog`, with only the scenarios listed (none by default). */
export function catalogToJson(catalog: Catalog, scenarios: readonly string[] = []): CatalogJson {
  const services: ServiceJson[] = [...catalog.services.values()].map((s) => ({
    id: s.id,
    name: s.name,
    tier: s.tier,
    ...(s.owner !== undefined ? { owner: s.owner } : {}),
    ...(s.system !== undefined ? { system: s.system } : {}),
    partial: s.partial,
    dependsOn: s.dependsOn.map((d) => ({
      of: d.of,
      atLeast: d.atLeast,
      group: d.group,
      type: d.type,
      failOn: d.failOn,
      failover: d.failover,
      ...(d.capacity !== undefined ? { capacity: d.capacity } : {}),
      ...(d.needs !== undefined ? { needs: d.needs } : {}),
      ...(d.scales !== undefined ? { scales: d.scales } : {}),
      ...(d.backpressure !== undefined ? { backpressure: d.backpressure } : {}),
    })),
    ...(s.recovery ? { recovery: mapParams(s.recovery, paramOut) } : {}),
    ...(s.backlog ? { backlog: mapParams(s.backlog, paramOut) } : {}),
    // the newer mechanisms the engine runs (their parameters are finite: no special encoding)
    ...(s.restart ? { restart: s.restart } : {}),
    ...(s.crashLoop ? { crashLoop: s.crashLoop } : {}),
    ...(s.clients ? { clients: s.clients } : {}),
  }));
  const sc: ScenarioJson[] = scenarios.flatMap((id) => {
    const s = catalog.scenarios.get(id);
    if (!s) return [];
    const { pos: _pos, faults, actions, ...rest } = s;
    return [
      {
        ...rest,
        faults: faults.map(({ pos: _p, ...f }) => mapParams(f, paramOut)),
        actions: actions.map(({ pos: _p, ...a }) => mapParams(a, paramOut)),
      },
    ];
  });
  return { ...(catalog.meta.name !== undefined ? { name: catalog.meta.name } : {}), services, scenarios: sc };
}

/** The catalog back from its JSON form (positions are empty). */
export function catalogFromJson(json: CatalogJson): Catalog {
  const services = new Map<string, Service>();
  for (const s of json.services) {
    services.set(s.id, {
      ...s,
      links: [],
      labels: new Map(),
      dependsOn: s.dependsOn.map((d) => ({ ...d, pos: NOWHERE, memberPos: d.of.map(() => NOWHERE) })),
      ...(s.recovery ? { recovery: mapParams(s.recovery, paramIn) } : {}),
      ...(s.backlog ? { backlog: mapParams(s.backlog, paramIn) } : {}),
      pos: NOWHERE,
    } as Service);
  }
  const scenarios = new Map<string, Scenario>();
  for (const s of json.scenarios) {
    scenarios.set(s.id, {
      ...s,
      faults: s.faults.map((f) => ({ ...mapParams(f, paramIn), pos: NOWHERE })),
      actions: s.actions.map((a) => ({ ...mapParams(a, paramIn), pos: NOWHERE })),
      pos: NOWHERE,
    });
  }
  return { meta: json.name !== undefined ? { name: json.name } : {}, services, scenarios, files: [] };
}
