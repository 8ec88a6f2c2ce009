/**
 * Worker thread of Monte Carlo (src/engine/parallel.ts, on the shared pool of
 * src/engine/worker-pool.ts): builds the model once from the catalog it is given, then answers
 * each job (a range of trials) with the raw batch, its typed arrays transferred, not copied.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Catalog } from '../catalog/model.js';
import { buildModel, prepare, type ModelOptions, type ScenarioInput } from './model.js';
import { batchBuffers, runTrials, type TrialJob } from './monte-carlo.js';

const { catalog, input, options } = workerData as { catalog: Catalog; input: ScenarioInput; options: ModelOptions };
const model = buildModel(prepare(catalog), input, options);
parentPort!.on('message', (msg: { id: number; job: TrialJob }) => {
  const batch = runTrials(model, msg.job.seed, msg.job.from, msg.job.to);
  parentPort!.postMessage({ id: msg.id, result: batch }, batchBuffers(batch));
});
