/**
 * Shell: a pool of worker threads running one worker module, shared by `blast fit`, `blast
 * advise` and Monte Carlo (src/engine/parallel.ts). Jobs are handed out as workers become free and results come back in job
 * order, so what is computed is the same for any number of threads. A worker answers each
 * `{id, job}` message with `{id, result}` (transferring the buffers of typed arrays it made).
 */
import { Worker } from 'node:worker_threads';

export interface WorkerPool<J, R> {
  /** Runs `jobs`; `onEach(done)` after each result (awaited in order before the results are given). */
  run(jobs: readonly J[], onEach?: (done: number) => void | Promise<void>): Promise<R[]>;
  /**
   * Sends `job` to every worker (e.g. what to set up before the jobs of `run`); results by
   * worker. A worker handles its messages in order, so jobs sent after it wait for it.
   */
  each(job: J): Promise<R[]>;
  close(): Promise<void>;
}

export interface PoolOptions {
  /**
   * Jobs in flight per worker (default 1). With 2, a worker finds its next job waiting when it
   * posts a result instead of idling for the round trip through the main thread (which, on a
   * busy machine, may not be scheduled at once). Jobs are first handed out round-robin.
   */
  readonly depth?: number;
}

/**
 * Starts `threads` workers of `url` (a `.ts` module when run from sources through tsx, which
 * each worker registers first), each with `workerData`; `name` names the pool in a crash message.
 */
export function workerPool<J, R>(url: URL, workerData: unknown, threads: number, name: string, options: PoolOptions = {}): WorkerPool<J, R> {
  const depth = Math.max(1, options.depth ?? 1);
  const isTs = url.pathname.endsWith('.ts');
  const workers = Array.from({ length: threads }, () =>
    isTs
      ? new Worker(`import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(url.href)}); });`, { eval: true, workerData })
      : new Worker(url, { workerData }),
  );
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
        const feed = (w: Worker): void => {
          if (next >= jobs.length) return;
          const k = next++;
          const id = nextId++;
          pending.set(id, (r) => {
            results[k] = r;
            const n = ++done;
            progress = progress.then(() => onEach?.(n));
            if (n === jobs.length) {
              void progress.then(() => {
                rejecters.delete(reject);
                resolve(results);
              }, reject);
            } else feed(w);
          });
          w.postMessage({ id, job: jobs[k] });
        };
        for (let d = 0; d < depth; d++) for (const w of workers) feed(w);
      });
    },
    each(job) {
      return new Promise((resolve, reject) => {
        if (failure) return reject(failure);
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
    async close() {
      closing = true;
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
