/**
 * Runs what the explorer asks for: a failure of one service or a catalog scenario,
 * through the engine, with the catalog prepared once and reused.
 */
import { prepareSimulation, simulate, type Prepared, type SimulationResult } from '../../engine/index.js';
import { replayScenario } from '../../replay/run.js';
import type { ReplayResult } from '../../replay/compare.js';
import type { ExplorerData } from './data.js';
import { failLabel, type SimRequest } from './reducer.js';
import { failTarget } from './requests.js';

const prepared = new WeakMap<ExplorerData, Prepared>();

export interface SimOutcome {
  readonly result: SimulationResult;
  readonly label: string;
  /** A scenario's observed milestones replayed (src/replay), or null when it has none. */
  readonly replay: ReplayResult | null;
}

/** Simulates `req` on the explorer's catalog. */
export function runSimulation(data: ExplorerData, req: SimRequest): SimOutcome {
  let prep = prepared.get(data);
  if (!prep) prepared.set(data, (prep = prepareSimulation(data.catalog)));
  if (req.kind === 'fail') {
    const row = data.rows[req.row]!;
    return { result: simulate(prep, { fail: [failTarget(row.rawId, req.cell)], forMinutes: req.forMinutes }), label: failLabel(row.id, req.forMinutes, req.cell), replay: null };
  }
  const sc = data.scenarios[req.index]!;
  const scenario = data.catalog.scenarios.get(sc.rawId)!;
  // The replay runs the scenario once more, at the same parameter medians, for the milestone times.
  const replay = scenario.observed?.length ? replayScenario(data.catalog, scenario).result : null;
  return { result: simulate(prep, { scenario }), label: sc.name, replay };
}
