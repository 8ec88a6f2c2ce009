/** Builds real catalogs from YAML text for engine tests. */
import { buildCatalog } from '../../src/catalog/build.js';
import type { Catalog } from '../../src/catalog/model.js';
import { prepareSimulation, simulate, type SimulationResult } from '../../src/engine/index.js';

export function catalogOf(yaml: string): Catalog {
  const res = buildCatalog([{ file: 'test.yaml', bytes: new TextEncoder().encode(yaml) }]);
  if (!res.catalog) throw new Error(`test catalog invalid:\n${res.diagnostics.map((d) => `${d.pos?.line}:${d.pos?.col} ${d.code} ${d.message}`).join('\n')}`);
  return res.catalog;
}

export function runScenario(yaml: string, scenario = 's'): SimulationResult {
  const c = catalogOf(yaml);
  return simulate(prepareSimulation(c), { scenario: c.scenarios.get(scenario)! });
}

export function svc(r: SimulationResult, id: string) {
  const s = r.services.find((x) => x.id === id);
  if (!s) throw new Error(`no ${id}`);
  return s;
}

/** [state, start, end, cause kind] of each interval, for compact assertions. */
export const spans = (r: SimulationResult, id: string): Array<[string, number, number | null, string]> =>
  svc(r, id).intervals.map((i) => [i.state, i.start, i.end, i.cause.kind]);
