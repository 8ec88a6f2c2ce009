/**
 * Shell: a pool of worker threads running one worker module, shared by `blast fit`, `blast
 * advise` and Monte Carlo (src/engine/parallel.ts). Jobs are handed out as workers (and this
 * thread, when it takes part: PoolOptions.local) become free and results come back in job
 * order, so what is computed is the same for any number of threads. A worker answers each
 * `{id, job}` message with `{id, result}` (transferring the buffers of typed arrays it made).
 */
import type { EventLoopUtilization } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';

export interface WorkerPool<J, R> {
  /** Runs `jobs`; `onEach(done)` after each result (awaited in order before the results are given). */
  run(jobs: readonly J[], onEach?: (done: number) => void | Promise<void>): Promise<R[]>;
  /**
   * Sends `job` to every worker (e.g. what to set up before the jobs of `run`); results by
   * worker. A worker handles its messages in order, so jobs sent after it wait for it.
   */
  each(job: J): Promise<R[]>;
  /** What each worker has done so far, in the order the workers were started. */
  usage(): WorkerUsage[];
  close(): Promise<void>;
}

/** What one worker has done since it started. */
export interface WorkerUsage {
  /**
   * Its event-loop utilization (`Worker.performance`): how much of its time it was running a
   * job (or waiting for a core to run it on) rather than idle, waiting for one. A benchmark
   * diffs two readings (`performance.eventLoopUtilization(now, before)`).
   */
  readonly elu: EventLoopUtilization;
  /** The size of the jobs it finished (PoolOptions.size; by default, how many). */
  readonly done: number;
}

export interface PoolOptions<J = unknown, R = unknown> {
  /**
   * Jobs in flight per worker (default 1). With 2, a worker finds its next job waiting when it
   * posts a result instead of idling for the round trip through the main thread (which, on a
   * busy machine, may not be scheduled at once). Jobs are first handed out round-robin.
   */
  readonly depth?: number;
  /** The work a job stands for (e.g. its trials), summed per worker in `usage()`; default 1. */
  readonly size?: (job: J) => number;
  /**
   * This thread runs jobs too, with this function, taking the next job whenever it is free (one
   * at a time, between turns of its event loop) while the workers run theirs. One thread fewer
   * to start, and one isolate fewer whose JIT must warm up; `each` is not sent to it.
   */
  readonly local?: (job: J) => R;
}

/**
 * Starts `threads` workers of `url` (a `.ts` module when run from sources through tsx, which
 * each worker registers first), each with `workerData`; `name` names the pool in a crash message.
 */
export function workerPool<J, R>(url: URL, workerData: unknown, threads: number, name: string, options: PoolOptions<J, R> = {}): WorkerPool<J, R> {
  const depth = Math.max(1, options.depth ?? 1);
  const isTs = url.pathname.endsWith('.ts');
  const workers = Array.from({ length: threads }, () =>
    isTs
      ? new Worker(`import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(url.href)}); });`, { eval: true, workerData })
      : new Worker(url, { workerData }),
  );
  const size = options.size ?? ((): number => 1);
  const doneBy = new Float64Array(threads);
  let failure: Error | null = null;
  let closing = false;
  const pending = new Map<number, (r: R) => void>();
  const rejecters = new Set<(e: Error) => void>();
  const fail = (e: Error): void => {
    failure = e;
    for (const r of rejecters) r(e);
  };
  for (const w of workers) {
    w.on('message', (msg: { id: number; result: R }) => {
      const resolve = pending.get(msg.id);
      pending.delete(msg.id);
      resolve?.(msg.result);
    });
    w.on('error', (e) => fail(e instanceof Error ? e : new Error(String(e))));
    w.on('exit', (code) => {
      if (code !== 0 && !closing) fail(new Error(`bug: ${name} worker exited with code ${code}`));
    });
  }
  let nextId = 0;
  return {
    run(jobs, onEach) {
      return new Promise((resolve, reject) => {
        if (failure) return reject(failure);
        if (jobs.length === 0) return resolve([]);
        rejecters.add(reject);
        const results = new Array<R>(jobs.length);
        let next = 0;
        let done = 0;
        let progress: Promise<void> = Promise.resolve();
        const complete = (k: number, r: R): void => {
          results[k] = r;
          const n = ++done;
          progress = progress.then(() => onEach?.(n));
          if (n === jobs.length) {
            void progress.then(() => {
              rejecters.delete(reject);
              resolve(results);
            }, reject);
          }
        };
        const feed = (w: Worker, wi: number): void => {
          if (next >= jobs.length) return;
          const k = next++;
          const id = nextId++;
          pending.set(id, (r) => {
            doneBy[wi] += size(jobs[k]!);
            complete(k, r);
            feed(w, wi);
          });
          w.postMessage({ id, job: jobs[k] });
        };
        for (let d = 0; d < depth; d++) workers.forEach(feed);
        const local = options.local;
        if (local) {
          // after the workers have their first jobs; then one job per turn of the event loop,
          // so that their results are taken in (and their next jobs sent) between two of ours
          const step = (): void => {
            if (next >= jobs.length || failure) return;
            const k = next++;
            let r: R;
            try {
              r = local(jobs[k]!);
            } catch (e) {
              fail(e instanceof Error ? e : new Error(String(e)));
              return;
            }
            complete(k, r);
            setImmediate(step);
          };
          setImmediate(step);
        }
      });
    },
    each(job) {
      return new Promise((resolve, reject) => {
        if (failure) return reject(failure);
        if (workers.length === 0) return resolve([]);
        rejecters.add(reject);
        const results = new Array<R>(workers.length);
        let done = 0;
        workers.forEach((w, k) => {
          const id = nextId++;
          pending.set(id, (r) => {
            results[k] = r;
            if (++done === workers.length) {
              rejecters.delete(reject);
              resolve(results);
            }
          });
          w.postMessage({ id, job });
        });
      });
    },
    usage: () => workers.map((w, k) => ({ elu: w.performance.eventLoopUtilization(), done: doneBy[k]! })),
    async close() {
      closing = true;
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
