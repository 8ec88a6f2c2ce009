/**
 * The engine's public API: prepare a catalog once, then simulate scenarios (a point
 * estimate with parameter medians) or run Monte Carlo trials.
 */
import type { Catalog } from '../catalog/model.js';
import { buildModel, prepare, type Prepared, type ScenarioInput, type Model, type ModelOptions } from './model.js';
import { run } from './simulate.js';
import { explain } from './explain.js';
import type { SimulationResult } from './result.js';

export type { Prepared, ScenarioInput, Model, ModelOptions } from './model.js';
export { PRIORS, PRIOR_NAMES, priorTable, type Prior, type PriorName, type PriorTable } from './priors.js';
export type * from './result.js';
export { buildModel } from './model.js';
export { run } from './simulate.js';
export { explain } from './explain.js';
export { faultResults, startingActions } from './explain-faults.js';

/** Compiles a catalog for simulation; reuse it across scenarios. */
export function prepareSimulation(catalog: Catalog): Prepared {
  return prepare(catalog);
}

/**
 * Simulates one scenario with every uncertain parameter at its median.
 * `input` is `{ scenario }` from the catalog, or `{ fail: [ids], forMinutes }` (null = never clears);
 * `options.priors` replaces default priors.
 */
export function simulate(prep: Prepared, input: ScenarioInput, options: ModelOptions = {}): SimulationResult {
  const model: Model = buildModel(prep, input, options);
  const v = model.params.medians();
  return explain(model, run(model, v), v);
}

export { monteCarlo, runTrials, summarize, type TrialBatch } from './monte-carlo.js';
