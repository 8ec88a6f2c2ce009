/**
 * Shell: `blast fit`'s jobs on worker threads (src/engine/worker-pool.ts), one per core by
 * default; the fit is the same for any number of threads.
 */
import type { Catalog } from '../catalog/model.js';
import { workerPool as pool } from '../engine/worker-pool.js';
import type { Executor } from './executor.js';
import type { FitJob, JobResult } from './jobs.js';

export function workerPool(catalog: Catalog, scenario: string, threads: number): Executor {
  const url = new URL(import.meta.url.endsWith('.ts') ? './worker.ts' : './worker.js', import.meta.url);
  return pool<FitJob, JobResult>(url, { catalog, scenario }, threads, 'fit');
}
