/**
 * Worker thread of Monte Carlo (src/engine/parallel.ts, on the shared pool of
 * src/engine/worker-pool.ts). The first job sent to every worker sets it up: the catalog and
 * scenario, from which it builds the model once (a worker can start, and load its modules,
 * before the catalog is read). Each later job, a range of trials, is answered with the raw
 * batch, its typed arrays transferred, not copied.
 */
import { parentPort } from 'node:worker_threads';
import { buildModel, prepare, type Model } from './model.js';
import { batchBuffers, runTrials } from './monte-carlo.js';
import type { WorkerJob } from './trial-batch.js';

let model: Model | null = null;
parentPort!.on('message', (msg: { id: number; job: WorkerJob }) => {
  const job = msg.job;
  if ('setup' in job) {
    model = buildModel(prepare(job.setup.catalog), job.setup.input, job.setup.options);
    parentPort!.postMessage({ id: msg.id, result: null });
    return;
  }
  if (!model) throw new Error('bug: Monte Carlo worker sent trials before its set-up');
  const batch = runTrials(model, job.seed, job.from, job.to);
  parentPort!.postMessage({ id: msg.id, result: batch }, batchBuffers(batch));
});
