/**
 * Shell: where the explorer's analysis runs. A small catalog is compiled and analysed in this
 * thread before the first frame (a few milliseconds); a large one after it: its graph is
 * compiled here once the first frame is out (useAnalysis starts `pending` from an effect) and
 * the single-failure sweeps run on a worker thread, so keys are answered while they run
 * (state/data.ts). The first frame needs no compiled graph (the trees read the catalog).
 *
 * Measured, and not done: the worker reading the catalog's files itself alongside the first
 * frame (no compiling here at all) made that frame two to three times slower on two busy cores,
 * both threads loading at once.
 */
import { Worker } from 'node:worker_threads';
import { compileGraph, type CompiledGraph } from '../graph/compile.js';
import { analyseCatalog, criticalIndices, withAnalysis, type Analysis, type ExplorerData } from './state/data.js';

/** Catalogs up to this many services are analysed before the first frame. */
export const ANALYSE_BEFORE_FIRST_FRAME = 5_000;

/**
 * The data analysed at once, or the data as opened and the analysis to come: `pending` is
 * called once the first frame is out, and the graph it compiles on this thread waits until then.
 */
export function startAnalysis(data: ExplorerData, inThreadUpTo = ANALYSE_BEFORE_FIRST_FRAME): { data: ExplorerData; pending?: () => Promise<Analysis> } {
  if (data.rows.length <= inThreadUpTo) {
    const cg = data.cg ?? compileGraph(data.catalog);
    return { data: withAnalysis({ ...data, cg }, analyseCatalog(data.catalog, cg)) };
  }
  let started: Promise<Analysis> | null = null;
  return {
    data,
    pending: () =>
      (started ??= (() => {
        const cg = data.cg ?? compileGraph(data.catalog);
        return analyseOffThread(cg, criticalIndices(data.catalog, cg)).then((a) => ({ ...a, cg }));
      })()),
  };
}

function analyseOffThread(cg: CompiledGraph, critical: number[]): Promise<Analysis> {
  const url = new URL(import.meta.url.endsWith('.ts') ? './analysis-worker.ts' : './analysis-worker.js', import.meta.url);
  const workerData = { cg, critical };
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
