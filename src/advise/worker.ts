/** Worker thread of `blast advise`: holds the base catalog and inputs, runs the jobs it is sent. */
import { parentPort, workerData } from 'node:worker_threads';
import type { Catalog } from '../catalog/model.js';
import type { ScenarioInput } from '../engine/model.js';
import { runJob, type SampleJob } from './advise.js';

const { catalog, inputs, seed } = workerData as { catalog: Catalog; inputs: ScenarioInput[]; seed: number };
parentPort!.on('message', (msg: { id: number; job: SampleJob }) => {
  const s = runJob(catalog, inputs, seed, msg.job);
  const buffers = s ? [...s.serviceHours, ...s.full, ...s.affected].map((a) => a.buffer as ArrayBuffer) : [];
  parentPort!.postMessage({ id: msg.id, result: s }, buffers);
});
