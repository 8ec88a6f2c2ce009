/**
 * Shell: where the explorer's advisor runs. At 20,000 services each of its simulations takes
 * about a second, so in the terminal it runs on a worker thread (`workerAdvisor`) and the main
 * thread only draws its progress; the steps are those of state/advice.ts, one message each
 * (plan, baseline, then one per candidate), and what comes back is measures and recovery
 * curves, never whole simulation results (megabytes at that size, which would take the main
 * thread hundreds of milliseconds to receive). `inThreadAdvisor` runs the same steps in this
 * thread with a pause between simulations (what the tests of the UI use by default).
 *
 * The worker gets the catalog without the main thread copying it (serializing a 20,000-service
 * catalog takes about 0.4 s, all of it blocking): it loads the catalog's files itself, and is
 * used only if none of them was modified since the explorer began loading them, so both threads
 * read the same bytes. Otherwise, or for a catalog that was not loaded from files, the catalog
 * is sent to it.
 */
import type { Catalog } from '../catalog/model.js';
import type { ScenarioInput } from '../engine/index.js';
import { workerPool, type WorkerPool } from '../engine/worker-pool.js';
import type { Measure } from '../advise/model.js';
import type { ExplorerData } from './state/data.js';
import type { SimRequest } from './state/requests.js';
import { adviceInput, adviseService, rankAdvice, ranksOf, simulationsOf, type AdvicePlan, type CandidateRun, type ServiceAdvice } from './state/advice.js';
import { unchangedSince, type AdviceJob, type AdviceSource, type Opened } from './advice-protocol.js';

/** A run of the advisor: its result, and a way to stop it (the result then never settles). */
export interface AdviceRun {
  readonly result: Promise<ServiceAdvice>;
  cancel(): void;
}

export interface Advisor {
  /** Advice for the service at `row` over `request`; `onProgress(done, total)` as simulations finish. */
  advise(data: ExplorerData, row: number, request: SimRequest, onProgress: (done: number, total: number) => void): AdviceRun;
  close(): void;
}

class Cancelled extends Error {}

/** Runs `steps` (an async function awaiting `check` between its steps) until cancelled. */
function cancellable(steps: (check: () => void) => Promise<ServiceAdvice>): AdviceRun {
  let cancelled = false;
  const check = (): void => {
    if (cancelled) throw new Cancelled();
  };
  const result = new Promise<ServiceAdvice>((resolve, reject) => {
    steps(check).then(resolve, (e: unknown) => {
      if (!(e instanceof Cancelled) && !cancelled) reject(e);
    });
  });
  return { result, cancel: () => void (cancelled = true) };
}

/** The advisor in this thread, yielding to the event loop between simulations. */
export function inThreadAdvisor(): Advisor {
  return {
    advise(data, row, request, onProgress) {
      return cancellable(async (check) => {
        const pause = () => new Promise<void>((resolve, reject) => setImmediate(() => {
          try {
            check();
            resolve();
          } catch (e) {
            reject(e);
          }
        }));
        const { input, label } = adviceInput(data, row, request);
        return adviseService(data, row, input, label, { pause, onProgress: (d, t) => (check(), onProgress(d, t)) });
      });
    },
    close() {},
  };
}

/** Where the catalog the explorer shows came from, for a worker to load it again. */
export interface CatalogFiles {
  /** The path given to the explorer (file or directory). */
  readonly path: string;
  /** When its loading began (ms since the epoch): files modified since are not read again. */
  readonly loadStartedMs: number;
}

/** An advisor on a worker thread; `source` says how that worker got the catalog (starting it if need be). */
export interface WorkerAdvisor extends Advisor {
  source(): Promise<'files' | 'sent'>;
}

/** The advisor on one worker thread, started on first use and kept for the next services. */
export function workerAdvisor(catalog: Catalog, files: CatalogFiles | null): WorkerAdvisor {
  let pool: Promise<WorkerPool<AdviceJob, unknown>> | null = null;
  let live: WorkerPool<AdviceJob, unknown> | null = null;
  let via: 'files' | 'sent' = 'sent';
  let nextPlan = 0;
  const url = new URL(import.meta.url.endsWith('.ts') ? './advice-worker.ts' : './advice-worker.js', import.meta.url);
  const start = (source: AdviceSource): WorkerPool<AdviceJob, unknown> => (live = workerPool<AdviceJob, unknown>(url, source, 1, 'advisor'));
  const open = async (): Promise<WorkerPool<AdviceJob, unknown>> => {
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
  const job = async <R>(j: AdviceJob): Promise<R> => {
    pool ??= open();
    const [r] = await (await pool).run([j]);
    return r as R;
  };
  return {
    advise(data, row, request, onProgress) {
      return cancellable(async (check) => {
        const { input, label } = adviceInput(data, row, request);
        const plan = nextPlan++;
        const service = data.rows[row]!.rawId;
        const planned = await job<AdvicePlan>({ kind: 'plan', plan, service, input: input as ScenarioInput, rank: ranksOf(data) });
        check();
        const total = simulationsOf(planned);
        onProgress(0, total);
        const baseline = await job<Measure>({ kind: 'baseline', plan });
        check();
        onProgress(1, total);
        const runs: Array<CandidateRun | null> = [];
        for (let k = 0; k < planned.chosen.length; k++) {
          runs.push(await job<CandidateRun | null>({ kind: 'candidate', plan, k }));
          check();
          onProgress(2 + k, total);
        }
        return rankAdvice(label, planned, baseline, runs);
      });
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
