/** Worker thread of `blast rank --for`: holds the catalog's shared replay state, computes the ranges of services it is sent. */
import { parentPort, workerData } from 'node:worker_threads';
import type { Catalog } from '../catalog/model.js';
import { ServiceHours, type SweepCounts } from '../analysis/rank-hours.js';

const { catalog, forMinutes, counts } = workerData as { catalog: Catalog; forMinutes: number; counts: SweepCounts | undefined };
const session = new ServiceHours(catalog, forMinutes, counts);
parentPort!.on('message', (msg: { id: number; job: { from: number; to: number } }) => {
  const result = session.range(msg.job.from, msg.job.to);
  parentPort!.postMessage({ id: msg.id, result }, [result.hours.buffer as ArrayBuffer]);
});
