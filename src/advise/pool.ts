/**
 * Shell: the advisor's simulations on worker threads, one per core by default. Each worker
 * holds the base catalog; a job is a list of edits, so only edits travel. Jobs are handed out
 * as workers become free and results come back in job order: the advice is the same for any
 * number of threads (each trial's randomness depends only on the seed and its index).
 */
import { Worker } from 'node:worker_threads';
import type { Catalog } from '../catalog/model.js';
import type { ScenarioInput } from '../engine/model.js';
import type { Samples } from './evaluate.js';
import type { SampleJob, Sampler } from './advise.js';

export interface WorkerSampler {
  readonly sampler: Sampler;
  close(): Promise<void>;
}

export function workerSampler(catalog: Catalog, inputs: readonly ScenarioInput[], seed: number, threads: number): WorkerSampler {
  const isTs = import.meta.url.endsWith('.ts');
  const url = new URL(isTs ? './worker.ts' : './worker.js', import.meta.url);
  const workerData = { catalog, inputs, seed };
  const workers = Array.from({ length: threads }, () =>
    // From TypeScript sources (a checkout run through tsx) the worker registers tsx first.
    isTs
      ? new Worker(`import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(url.href)}); });`, { eval: true, workerData })
      : new Worker(url, { workerData }),
  );
  let failure: Error | null = null;
  let closing = false;
  const pending = new Map<number, (s: Samples | null) => void>();
  const rejecters = new Set<(e: Error) => void>();
  const fail = (e: Error): void => {
    failure = e;
    for (const r of rejecters) r(e);
  };
  for (const w of workers) {
    w.on('message', (msg: { id: number; samples: Samples | null }) => {
      const resolve = pending.get(msg.id);
      pending.delete(msg.id);
      resolve?.(msg.samples);
    });
    w.on('error', (e) => fail(e instanceof Error ? e : new Error(String(e))));
    w.on('exit', (code) => {
      if (code !== 0 && !closing) fail(new Error(`bug: advise worker exited with code ${code}`));
    });
  }
  let nextId = 0;
  const sampler: Sampler = (jobs: readonly SampleJob[], onEach) =>
    new Promise((resolve, reject) => {
      if (failure) return reject(failure);
      if (jobs.length === 0) return resolve([]);
      rejecters.add(reject);
      const results = new Array<Samples | null>(jobs.length);
      let next = 0;
      let done = 0;
      const feed = (w: Worker): void => {
        if (next >= jobs.length) return;
        const k = next++;
        const id = nextId++;
        pending.set(id, (s) => {
          results[k] = s;
          done++;
          void onEach().then(() => {
            if (done === jobs.length) {
              rejecters.delete(reject);
              resolve(results);
            }
          });
          feed(w);
        });
        w.postMessage({ id, job: jobs[k] });
      };
      for (const w of workers) feed(w);
    });
  return {
    sampler,
    async close() {
      closing = true;
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
