/**
 * Shell: where the explorer's analysis runs. A small catalog is compiled and analysed in this
 * thread before the first frame (a few milliseconds); a large one on a worker thread, so the
 * first frame is drawn and keys answered while the sweeps run (state/data.ts).
 *
 * The worker loads the catalog's files itself when none changed since the explorer began
 * reading them (advice-protocol.ts: both threads then read the same bytes), in parallel with
 * this thread, and compiles the graph there too: the main thread compiles nothing before the
 * first frame, and gets the compiled arrays back with the analysis (transferred, not copied).
 * Otherwise the graph is compiled here once the first frame is out, and sent.
 */
import { Worker } from 'node:worker_threads';
import type { Catalog } from '../catalog/model.js';
import { compileGraph, type CompiledGraph } from '../graph/compile.js';
import { analyseCatalog, criticalIndices, withAnalysis, type Analysis, type ExplorerData } from './state/data.js';
import { unchangedSince } from './advice-protocol.js';
import type { CatalogFiles } from './advisor.js';
import type { AnalysisSource, AnalysisAnswer, GraphArrays } from './analysis-worker.js';

/** Catalogs up to this many services are analysed before the first frame. */
export const ANALYSE_BEFORE_FIRST_FRAME = 5_000;

/**
 * The data analysed at once, or the data as opened and the analysis to come: `pending` is
 * called once the first frame is out (useAnalysis), and whatever work it does on this thread
 * (compiling the graph when the worker cannot read the files) waits until then.
 */
export function startAnalysis(data: ExplorerData, files: CatalogFiles | null = null, inThreadUpTo = ANALYSE_BEFORE_FIRST_FRAME): { data: ExplorerData; pending?: () => Promise<Analysis> } {
  if (data.rows.length <= inThreadUpTo) {
    const cg = data.cg ?? compileGraph(data.catalog);
    return { data: withAnalysis({ ...data, cg }, analyseCatalog(data.catalog, cg)) };
  }
  // the worker that reads the files starts now, alongside the first frame
  const fromFiles = files && !data.cg && unchangedSince(data.catalog, files.loadStartedMs) ? runWorker(data, { path: files.path, notModifiedSince: files.loadStartedMs, services: data.rows.length }) : null;
  const compiledHere = (): Promise<Analysis> => {
    const cg = data.cg ?? compileGraph(data.catalog);
    return runWorker(data, { cg, critical: criticalIndices(data.catalog, cg) }).then((a) => a ?? Promise.reject(new Error('bug: the analysis worker refused a compiled graph')));
  };
  let started: Promise<Analysis> | null = null;
  return { data, pending: () => (started ??= fromFiles ? fromFiles.then((a) => a ?? compiledHere()) : compiledHere()) };
}

/** The analysis with the compiled graph it ran on; null when the worker's catalog was not this one. */
function runWorker(data: ExplorerData, source: AnalysisSource): Promise<Analysis | null> {
  const url = new URL(import.meta.url.endsWith('.ts') ? './analysis-worker.ts' : './analysis-worker.js', import.meta.url);
  // From sources (tsx), the worker registers tsx before importing the module.
  const worker = url.pathname.endsWith('.ts')
    ? new Worker(`import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(url.href)}); });`, { eval: true, workerData: source })
    : new Worker(url, { workerData: source });
  // The explorer can quit before the sweeps finish: the worker never keeps the process alive.
  worker.unref();
  return new Promise((resolve, reject) => {
    worker.once('message', (answer: AnalysisAnswer) => {
      void worker.terminate();
      if (!answer) return resolve(null);
      const cg = answer.graph ? graphOf(data.catalog, data, answer.graph) : 'cg' in source ? source.cg : null;
      if (!cg) return reject(new Error('bug: the analysis worker sent no compiled graph'));
      resolve({ ...answer.analysis, cg });
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the analysis worker exited with code ${code}`)));
  });
}

/** The compiled graph from the worker's arrays, with this thread's ids and index (the same catalog). */
function graphOf(catalog: Catalog, data: ExplorerData, arrays: GraphArrays): CompiledGraph {
  if (arrays.n !== catalog.services.size) throw new Error(`bug: the analysis worker compiled ${arrays.n} services, the explorer has ${catalog.services.size}`);
  return { ...arrays, ids: data.rows.map((r) => r.rawId), index: data.byId };
}
