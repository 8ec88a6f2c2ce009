/**
 * Shell around the pure Monte Carlo: runs trials on the shared worker pool
 * (src/engine/worker-pool.ts, one thread per core by default, this thread being one of them)
 * or in this thread alone, and reports progress. Results are identical for any number of threads: each trial's
 * randomness depends only on (seed, trial index), and the summary only on the trials.
 *
 * Trials go out in chunks that shrink towards the end (guided scheduling), two in flight per
 * worker: a worker that finishes early takes the next chunk, so the threads finish within a
 * small chunk of each other, and none waits on the main thread between chunks.
 */
import { availableParallelism } from 'node:os';
import type { Catalog } from '../catalog/model.js';
import { buildModel, prepare, type Model, type ModelOptions, type ScenarioInput } from './model.js';
import { runTrials, summarize } from './monte-carlo.js';
import type { TrialBatch, TrialJob, WorkerJob } from './trial-batch.js';
import type { MonteCarloResult } from './result.js';
import { workerPool, type WorkerUsage } from './worker-pool.js';

export interface ParallelOptions {
  readonly trials: number;
  readonly seed: number;
  /** Worker threads; default: available cores. 1 runs in this thread. */
  readonly threads?: number;
  /** Called with the number of trials done so far. */
  readonly onProgress?: (done: number) => void;
  /** Passed to buildModel (e.g. replacement priors). */
  readonly model?: ModelOptions;
  /** Workers already started and set up for this catalog and input ({@link startPool}; the caller closes them); default: started here, for `threads`. */
  readonly pool?: PoolRunner;
}

/**
 * With the default thread count, each worker gets at least this many trials. A worker's fixed
 * cost is its start-up and, above all, the JIT warming up the engine afresh in its isolate:
 * 2 workers took about 0.65 s more CPU than this thread alone for 2,000 and for 5,000 trials
 * (docs/performance.md), so on 2 cores they win only from about 4,000 trials.
 */
const MIN_TRIALS_PER_WORKER = 2000;
/** Chunk sizes of the guided schedule: a quarter of what is left per thread, within these bounds. */
const MIN_CHUNK = 50;
const MAX_CHUNK = 1000;
/** Trials per step when running in this thread (between steps, a progress bar can paint). */
const IN_PROCESS_STEP = 250;

/** Something that runs ranges of trials: a pool of worker threads, or this thread. */
export interface TrialRunner {
  readonly threads: number;
  /** Trials [from, to) of the run seeded `seed`, as batches in trial order; `onProgress(done)` as they come. */
  run(seed: number, from: number, to: number, onProgress?: (done: number) => void): Promise<TrialBatch[]>;
  /** Resolves when every thread has built its model and answered (start-up done). */
  ready(): Promise<void>;
  /** What each worker thread has done since it started (`done`: trials); none in this thread. */
  usage(): WorkerUsage[];
  close(): Promise<void>;
}

/**
 * Trials [from, to) cut into jobs for `threads` threads: each a quarter of what is left per
 * thread, between MIN_CHUNK and MAX_CHUNK trials, so the last jobs are small.
 */
export function trialJobs(seed: number, from: number, to: number, threads: number): TrialJob[] {
  const jobs: TrialJob[] = [];
  for (let f = from; f < to; ) {
    const size = Math.min(to - f, Math.max(MIN_CHUNK, Math.min(MAX_CHUNK, Math.ceil((to - f) / (4 * threads)))));
    jobs.push({ seed, from: f, to: f + size });
    f += size;
  }
  return jobs;
}

/** Runs trials in this thread, yielding to the event loop between steps. */
export function inProcessRunner(model: Model): TrialRunner {
  return {
    threads: 1,
    async run(seed, from, to, onProgress) {
      const batches: TrialBatch[] = [];
      for (let f = from; f < to; f += IN_PROCESS_STEP) {
        const t = Math.min(to, f + IN_PROCESS_STEP);
        batches.push(runTrials(model, seed, f, t));
        onProgress?.(t - from);
        await new Promise((r) => setImmediate(r)); // let a progress bar paint
      }
      return batches;
    },
    ready: () => Promise.resolve(),
    usage: () => [],
    close: () => Promise.resolve(),
  };
}

/** A pool of Monte Carlo threads, started before it knows the catalog. */
export interface PoolRunner extends TrialRunner {
  /** Sends every worker the catalog and scenario to build its model from; once, before `run`. */
  setup(catalog: Catalog, input: ScenarioInput, options?: ModelOptions): void;
}

export interface StartOptions {
  /**
   * This thread is one of the `threads` (default): it runs trials while its workers do, so one
   * worker fewer is started. A worker's fixed cost is mostly its isolate's JIT warming the
   * engine up afresh (docs/performance.md, "Monte Carlo"), which this thread, having run the
   * point estimate, shares with nothing else. With false, `threads` workers and this thread idle.
   */
  readonly thisThread?: boolean;
}

/**
 * Starts the Monte Carlo workers of `threads` threads now (they load their modules while this
 * thread reads the catalog); `setup` tells them what to run. They stay up for any number of
 * `run`s until `close`.
 */
export function startPool(threads: number, { thisThread = true }: StartOptions = {}): PoolRunner {
  const url = new URL(import.meta.url.endsWith('.ts') ? './worker.ts' : './worker.js', import.meta.url);
  let model: Model | null = null;
  const local = (j: WorkerJob): TrialBatch | null => {
    if ('setup' in j) return null;
    if (!model) throw new Error('bug: Monte Carlo trials in this thread before its set-up');
    return runTrials(model, j.seed, j.from, j.to);
  };
  const pool = workerPool<WorkerJob, TrialBatch | null>(url, null, thisThread ? threads - 1 : threads, 'Monte Carlo', { depth: 2, size: (j) => ('setup' in j ? 0 : j.to - j.from), ...(thisThread ? { local } : {}) });
  let setUp: Promise<unknown> | null = null;
  return {
    threads,
    setup(catalog, input, options = {}) {
      if (setUp) throw new Error('bug: Monte Carlo pool set up twice');
      if (thisThread) model = buildModel(prepare(catalog), input, options);
      setUp = pool.each({ setup: { catalog, input, options } });
      setUp.catch(() => undefined); // a failure rejects the next run (or ready)
    },
    run(seed, from, to, onProgress) {
      if (!setUp) return Promise.reject(new Error('bug: Monte Carlo pool run before its set-up'));
      const jobs = trialJobs(seed, from, to, threads);
      // jobs finish out of order; progress counts the trials of as many jobs as have finished
      const doneAfter = jobs.map((j) => j.to - from);
      // a worker handles its messages in order: its set-up comes before these jobs
      return pool.run(jobs, onProgress ? (k) => onProgress(doneAfter[k - 1]!) : undefined) as Promise<TrialBatch[]>;
    },
    ready: () => (setUp ?? Promise.reject(new Error('bug: Monte Carlo pool awaited before its set-up'))).then(() => undefined),
    usage: () => pool.usage(),
    close: () => pool.close(),
  };
}

/** {@link startPool} set up for `catalog` and `input`. */
export function poolRunner(catalog: Catalog, input: ScenarioInput, threads: number, options: ModelOptions = {}, start: StartOptions = {}): TrialRunner {
  const runner = startPool(threads, start);
  runner.setup(catalog, input, options);
  return runner;
}

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

/**
 * The threads to run `total` trials on: as many as asked for (`--threads`), but no more than
 * there are chunks of MIN_CHUNK trials; by default one per core, but no more than one per
 * MIN_TRIALS_PER_WORKER trials. 1 runs in this thread.
 */
export function threadsFor(total: number, threads?: number): number {
  const most = threads === undefined ? Math.min(availableParallelism(), Math.floor(total / MIN_TRIALS_PER_WORKER)) : Math.min(threads, Math.floor(total / MIN_CHUNK));
  return Math.max(1, most);
}

/** Raw trials [from, to) on worker threads (or this one), with the model they ran on. */
export async function trialBatches(catalog: Catalog, input: ScenarioInput, opts: ParallelOptions, from: number, to: number): Promise<{ model: Model; batches: TrialBatch[] }> {
  const model = buildModel(prepare(catalog), input, opts.model);
  if (opts.pool) {
    return { model, batches: await opts.pool.run(opts.seed, from, to, opts.onProgress) };
  }
  const threads = threadsFor(to - from, opts.threads);
  const runner = threads <= 1 ? inProcessRunner(model) : poolRunner(catalog, input, threads, opts.model);
  try {
    return { model, batches: await runner.run(opts.seed, from, to, opts.onProgress) };
  } finally {
    await runner.close();
  }
}
