/**
 * Shell: where the explorer's analysis runs. A small catalog is analysed in this thread
 * before the first frame (a few milliseconds); a large one on a worker thread, so the first
 * frame is drawn and keys answered while the sweeps run (state/data.ts).
 */
import { Worker } from 'node:worker_threads';
import { analyseCatalog, criticalIndices, withAnalysis, type Analysis, type ExplorerData } from './state/data.js';

/** Catalogs up to this many services are analysed before the first frame. */
export const ANALYSE_BEFORE_FIRST_FRAME = 5_000;

/** The data analysed at once, or the data as opened and the analysis under way. */
export function startAnalysis(data: ExplorerData, inThreadUpTo = ANALYSE_BEFORE_FIRST_FRAME): { data: ExplorerData; pending?: Promise<Analysis> } {
  if (data.rows.length <= inThreadUpTo) return { data: withAnalysis(data, analyseCatalog(data.catalog, data.cg)) };
  return { data, pending: analyseOffThread(data) };
}

function analyseOffThread(data: ExplorerData): Promise<Analysis> {
  const url = new URL(import.meta.url.endsWith('.ts') ? './analysis-worker.ts' : './analysis-worker.js', import.meta.url);
  const workerData = { cg: data.cg, critical: criticalIndices(data.catalog, data.cg) };
  // From sources (tsx), the worker registers tsx before importing the module.
  const worker = url.pathname.endsWith('.ts')
    ? new Worker(`import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(url.href)}); });`, { eval: true, workerData })
    : new Worker(url, { workerData });
  // The explorer can quit before the sweeps finish: the worker never keeps the process alive.
  worker.unref();
  return new Promise((resolve, reject) => {
    worker.once('message', (a: Analysis) => {
      resolve(a);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the analysis worker exited with code ${code}`)));
  });
}
