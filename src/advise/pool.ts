/**
 * Shell: the advisor's simulations on worker threads (src/engine/worker-pool.ts), one per
 * core by default. Each worker holds the base catalog; a job is a list of edits, so only edits
 * travel. The advice is the same for any number of threads (each trial's randomness depends
 * only on the seed and its index).
 */
import type { Catalog } from '../catalog/model.js';
import type { ScenarioInput } from '../engine/model.js';
import { workerPool } from '../engine/worker-pool.js';
import type { Samples } from './evaluate.js';
import type { SampleJob, Sampler } from './advise.js';

export interface WorkerSampler {
  readonly sampler: Sampler;
  close(): Promise<void>;
}

export function workerSampler(catalog: Catalog, inputs: readonly ScenarioInput[], seed: number, threads: number): WorkerSampler {
  const url = new URL(import.meta.url.endsWith('.ts') ? './worker.ts' : './worker.js', import.meta.url);
  const pool = workerPool<SampleJob, Samples | null>(url, { catalog, inputs, seed }, threads, 'advise');
  return { sampler: (jobs, onEach) => pool.run(jobs, onEach), close: () => pool.close() };
}
