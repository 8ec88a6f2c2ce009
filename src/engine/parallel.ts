/**
 * Shell around the pure Monte Carlo: splits trials across worker threads (one per
 * core) and reports progress. Results are identical to the single-threaded run:
 * each trial's randomness depends only on (seed, trial index).
 */
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import type { Catalog } from '../catalog/model.js';
import { buildModel, prepare, type Model, type ModelOptions, type ScenarioInput } from './model.js';
import { runTrials, summarize, type TrialBatch } from './monte-carlo.js';
import type { MonteCarloResult } from './result.js';

export interface ParallelOptions {
  readonly trials: number;
  readonly seed: number;
  /** Worker threads; default: available cores. 1 runs in this thread. */
  readonly threads?: number;
  /** Called with the number of trials done so far. */
  readonly onProgress?: (done: number) => void;
  /** Passed to buildModel (e.g. replacement priors). */
  readonly model?: ModelOptions;
}

/** Below this many trials a worker's start-up costs more than it saves. */
const MIN_TRIALS_PER_WORKER = 400;

export async function monteCarloParallel(catalog: Catalog, input: ScenarioInput, opts: ParallelOptions): Promise<MonteCarloResult> {
  const { model, batches } = await trialBatches(catalog, input, opts, 0, opts.trials);
  return summarize(model, opts.seed, batches);
}

/**
 * The first and last trial (exclusive) of shard `index` (1-based) of `count` over `trials`
 * trials: contiguous ranges whose sizes differ by at most one, covering every trial once.
 */
export function shardRange(trials: number, index: number, count: number): { from: number; to: number } {
  return { from: Math.floor(((index - 1) * trials) / count), to: Math.floor((index * trials) / count) };
}

/** Raw trials [from, to) on worker threads (or this one), with the model they ran on. */
export async function trialBatches(catalog: Catalog, input: ScenarioInput, opts: ParallelOptions, from0: number, to0: number): Promise<{ model: Model; batches: TrialBatch[] }> {
  const model = buildModel(prepare(catalog), input, opts.model);
  const total = to0 - from0;
  const threads = Math.max(1, Math.min(opts.threads ?? availableParallelism(), Math.floor(total / MIN_TRIALS_PER_WORKER)));
  if (threads <= 1) {
    const batches: TrialBatch[] = [];
    const step = 250;
    for (let from = from0; from < to0; from += step) {
      batches.push(runTrials(model, opts.seed, from, Math.min(to0, from + step)));
      opts.onProgress?.(Math.min(to0, from + step) - from0);
      await new Promise((r) => setImmediate(r)); // let a progress bar paint
    }
    return { model, batches };
  }
  const isTs = import.meta.url.endsWith('.ts');
  const workerUrl = new URL(isTs ? './worker.ts' : './worker.js', import.meta.url);
  const per = Math.ceil(total / threads);
  const done = new Array<number>(threads).fill(0);
  const jobs = Array.from({ length: threads }, (_, w) => {
    const from = from0 + w * per;
    const to = Math.min(to0, from + per);
    return new Promise<TrialBatch>((resolve, reject) => {
      const workerData = { catalog, input, seed: opts.seed, from, to, options: opts.model ?? {} };
      // From TypeScript sources (a checkout run through tsx) the worker registers tsx first.
      const worker = isTs
        ? new Worker(`import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(workerUrl.href)}); });`, { eval: true, workerData })
        : new Worker(workerUrl, { workerData });
      worker.on('message', (msg: { progress?: number; batch?: TrialBatch }) => {
        if (msg.progress !== undefined) {
          done[w] = msg.progress;
          opts.onProgress?.(done.reduce((a, b) => a + b, 0));
        }
        if (msg.batch) resolve(msg.batch);
      });
      worker.on('error', reject);
      worker.on('exit', (code) => {
        if (code !== 0) reject(new Error(`bug: Monte Carlo worker exited with code ${code}`));
      });
    });
  });
  return { model, batches: await Promise.all(jobs) };
}
