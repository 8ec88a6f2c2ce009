/**
 * Runs what the explorer asks for: a failure of one service or a catalog scenario,
 * through the engine, with the catalog prepared once and reused. A request is first turned
 * into `SimWork`, plain data naming services and scenarios by their raw ids, so that a thread
 * holding its own copy of the catalog (src/tui/simulator.ts) runs exactly what this one would.
 */
import type { Catalog } from '../../catalog/model.js';
import { prepareSimulation, simulate, type Prepared, type SimulationResult } from '../../engine/index.js';
import { replayScenario } from '../../replay/run.js';
import type { ReplayResult } from '../../replay/compare.js';
import type { ExplorerData } from './data.js';
import { failLabel, failTarget, type SimRequest } from './requests.js';

const prepared = new WeakMap<Catalog, Prepared>();

export interface SimOutcome {
  readonly result: SimulationResult;
  readonly label: string;
  /** A scenario's observed milestones replayed (src/replay), or null when it has none. */
  readonly replay: ReplayResult | null;
}

/** What the engine runs for a request: a service (or `service@cell`) failing, or a catalog scenario by id. */
export type SimWork = { readonly kind: 'fail'; readonly target: string; readonly forMinutes: number | null } | { readonly kind: 'scenario'; readonly id: string };

/** The work a request stands for on the explorer's catalog, and the pane title of its result. */
export function simulationWork(data: ExplorerData, req: SimRequest): { work: SimWork; label: string } {
  if (req.kind === 'fail') {
    const row = data.rows[req.row]!;
    return { work: { kind: 'fail', target: failTarget(row.rawId, req.cell), forMinutes: req.forMinutes }, label: failLabel(row.id, req.forMinutes, req.cell) };
  }
  const sc = data.scenarios[req.index]!;
  return { work: { kind: 'scenario', id: sc.rawId }, label: sc.name };
}

/** Runs `work` on `catalog` (prepared once per catalog). */
export function runWork(catalog: Catalog, work: SimWork): { result: SimulationResult; replay: ReplayResult | null } {
  let prep = prepared.get(catalog);
  if (!prep) prepared.set(catalog, (prep = prepareSimulation(catalog)));
  if (work.kind === 'fail') return { result: simulate(prep, { fail: [work.target], forMinutes: work.forMinutes }), replay: null };
  const scenario = catalog.scenarios.get(work.id);
  if (!scenario) throw new Error(`bug: no scenario "${work.id}" in the catalog simulated`);
  // The replay runs the scenario once more, at the same parameter medians, for the milestone times.
  const replay = scenario.observed?.length ? replayScenario(catalog, scenario).result : null;
  return { result: simulate(prep, { scenario }), replay };
}

/** Simulates `req` on the explorer's catalog, in this thread. */
export function runSimulation(data: ExplorerData, req: SimRequest): SimOutcome {
  const { work, label } = simulationWork(data, req);
  const { result, replay } = runWork(data.catalog, work);
  return { result, label, replay };
}
