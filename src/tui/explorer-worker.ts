/**
 * The explorer's worker thread (explorer-thread.ts): holds the catalog and answers one message
 * at a time, as the engine's worker pool sends them (`{id, job}` answered with `{id, result}`):
 * the advisor's steps (advice-protocol.ts) and simulations (sim-protocol.ts, whose parts are
 * transferred, not copied). The catalog is loaded here from its files when they are unchanged
 * since the explorer read them, else it is sent (catalog-source.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openCatalog, type CatalogSource } from './catalog-source.js';
import { adviceSteps } from './advice-protocol.js';
import { simSteps } from './sim-protocol.js';
import type { ExplorerJob } from './explorer-thread.js';
import { lowerThisThreadsPriority } from './thread-priority.js';

lowerThisThreadsPriority();

const { catalog, opened } = openCatalog(workerData as CatalogSource);
const advise = catalog ? adviceSteps(catalog) : null;
const simulate = catalog ? simSteps(catalog) : null;

parentPort!.on('message', (msg: { id: number; job: ExplorerJob }) => {
  const { id, job } = msg;
  if (job.kind === 'open') return parentPort!.postMessage({ id, result: opened });
  if (!catalog || !advise || !simulate) throw new Error(`bug: work asked of the explorer's worker without its catalog (${opened.ok ? '' : opened.reason})`);
  if (job.kind === 'simulate') {
    const { answer, transfer } = simulate(job);
    return parentPort!.postMessage({ id, result: answer }, transfer);
  }
  parentPort!.postMessage({ id, result: advise(job) });
});
