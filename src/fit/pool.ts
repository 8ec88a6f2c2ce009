/**
 * Shell: a pool of worker threads for `blast fit`, one per core by default. Jobs are
 * handed out as workers become free; results come back in job order, so the fit is the
 * same for any number of threads.
 */
import { Worker } from 'node:worker_threads';
import type { Catalog } from '../catalog/model.js';
import type { Executor } from './executor.js';
import type { FitJob, JobResult } from './jobs.js';

export function workerPool(catalog: Catalog, scenario: string, threads: number): Executor {
  const isTs = import.meta.url.endsWith('.ts');
  const url = new URL(isTs ? './worker.ts' : './worker.js', import.meta.url);
  const workerData = { catalog, scenario };
  const workers = Array.from({ length: threads }, () =>
    // From TypeScript sources (a checkout run through tsx) the worker registers tsx first.
    isTs
      ? new Worker(`import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(url.href)}); });`, { eval: true, workerData })
      : new Worker(url, { workerData }),
  );
  let failure: Error | null = null;
  let closing = false;
  const pending = new Map<number, (r: JobResult) => void>();
  const rejecters = new Set<(e: Error) => void>();
  const fail = (e: Error): void => {
    failure = e;
    for (const r of rejecters) r(e);
  };
  for (const w of workers) {
    w.on('message', (msg: { id: number; result: JobResult }) => {
      const resolve = pending.get(msg.id);
      pending.delete(msg.id);
      resolve?.(msg.result);
    });
    w.on('error', (e) => fail(e instanceof Error ? e : new Error(String(e))));
    w.on('exit', (code) => {
      if (code !== 0 && !closing) fail(new Error(`bug: fit worker exited with code ${code}`));
    });
  }
  let nextId = 0;
  return {
    run(jobs: readonly FitJob[], onDone?: (done: number) => void): Promise<JobResult[]> {
      return new Promise((resolve, reject) => {
        if (failure) return reject(failure);
        rejecters.add(reject);
        const results: JobResult[] = new Array<JobResult>(jobs.length);
        let next = 0;
        let done = 0;
        const feed = (w: Worker): void => {
          if (next >= jobs.length) return;
          const k = next++;
          const id = nextId++;
          pending.set(id, (r) => {
            results[k] = r;
            done++;
            onDone?.(done);
            if (done === jobs.length) {
              rejecters.delete(reject);
              resolve(results);
            } else feed(w);
          });
          w.postMessage({ id, job: jobs[k] });
        };
        if (jobs.length === 0) {
          rejecters.delete(reject);
          resolve([]);
          return;
        }
        for (const w of workers) feed(w);
      });
    },
    async close() {
      closing = true;
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
