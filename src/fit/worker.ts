/** Worker thread of `blast fit`: builds the fit problem once, then runs the jobs it is sent. */
import { parentPort, workerData } from 'node:worker_threads';
import type { Catalog } from '../catalog/model.js';
import { fitProblem } from './problem.js';
import { runJob, type FitJob } from './jobs.js';

const { catalog, scenario } = workerData as { catalog: Catalog; scenario: string };
const sc = catalog.scenarios.get(scenario);
if (!sc) throw new Error(`bug: fit worker got unknown scenario ${scenario}`);
const prob = fitProblem(catalog, sc);
parentPort!.on('message', (msg: { id: number; job: FitJob }) => {
  parentPort!.postMessage({ id: msg.id, result: runJob(prob, msg.job) });
});
