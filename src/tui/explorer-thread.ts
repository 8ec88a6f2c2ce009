/**
 * Shell: the explorer's worker thread, seen from the main thread. It holds its own copy of the
 * catalog (catalog-source.ts: loaded again from unchanged files, else sent) and runs what would
 * stop the main thread for too long at 20,000 services: the advisor's simulations (advisor.ts,
 * about a second each) and the simulations of `f` and `s` (simulator.ts, about half a second).
 * One thread, through the engine's worker pool, started on first use or when asked to `warm`,
 * and kept for the explorer's life. It runs its jobs one at a time, in the order they are sent.
 */
import type { Catalog } from '../catalog/model.js';
import { workerPool, type WorkerPool } from '../engine/worker-pool.js';
import { unchangedSince, type CatalogFiles, type CatalogSource, type Opened } from './catalog-source.js';
import type { AdviceJob } from './advice-protocol.js';
import type { SimJob } from './sim-protocol.js';

/** What the main thread asks of the worker: to open its catalog, an advisor's step, or a simulation. */
export type ExplorerJob = { readonly kind: 'open' } | AdviceJob | SimJob;

export interface ExplorerWorker {
  /** Runs `job` on the worker (starting it if need be) and gives its answer. */
  job<R>(job: ExplorerJob): Promise<R>;
  /** Starts the worker and has it open the catalog, if not yet done: the first job then finds it ready. */
  warm(): void;
  /** How the worker got the catalog (starting it if need be). */
  source(): Promise<'files' | 'sent'>;
  close(): void;
}

/** The explorer's worker for `catalog`, which `files` (when given) were loaded into. */
export function explorerWorker(catalog: Catalog, files: CatalogFiles | null): ExplorerWorker {
  let pool: Promise<WorkerPool<ExplorerJob, unknown>> | null = null;
  let live: WorkerPool<ExplorerJob, unknown> | null = null;
  let via: 'files' | 'sent' = 'sent';
  const url = new URL(import.meta.url.endsWith('.ts') ? './explorer-worker.ts' : './explorer-worker.js', import.meta.url);
  const start = (source: CatalogSource): WorkerPool<ExplorerJob, unknown> => (live = workerPool<ExplorerJob, unknown>(url, source, 1, 'explorer'));
  const open = async (): Promise<WorkerPool<ExplorerJob, unknown>> => {
    if (files && unchangedSince(catalog, files.loadStartedMs)) {
      const p = start({ path: files.path, notModifiedSince: files.loadStartedMs, services: catalog.services.size });
      const [opened] = (await p.run([{ kind: 'open' }])) as [Opened];
      if (opened.ok) {
        via = 'files';
        return p;
      }
      void p.close();
    }
    via = 'sent';
    return start({ catalog });
  };
  return {
    async job<R>(j: ExplorerJob): Promise<R> {
      pool ??= open();
      const [r] = await (await pool).run([j]);
      return r as R;
    },
    warm() {
      // a failure to start is reported by the first job that needs the worker
      (pool ??= open()).catch(() => {});
    },
    async source() {
      await (pool ??= open());
      return via;
    },
    close() {
      void live?.close();
    },
  };
}
