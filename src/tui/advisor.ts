/**
 * Shell: where the explorer's advisor runs. At 20,000 services each of its simulations takes
 * about a second, so in the terminal it runs on the explorer's worker thread (`workerAdvisor`,
 * explorer-thread.ts) and the main thread only draws its progress; the steps are those of
 * state/advice.ts, one message each (plan, baseline, then one per candidate), and what comes
 * back is measures and recovery curves, never whole simulation results (advice-protocol.ts).
 * `inThreadAdvisor` runs the same steps in this thread with a pause between simulations (what
 * the tests of the UI use by default).
 */
import type { ScenarioInput } from '../engine/index.js';
import type { Measure } from '../advise/model.js';
import type { ExplorerData } from './state/data.js';
import type { SimRequest } from './state/requests.js';
import { adviceInput, adviseService, rankAdvice, ranksOf, simulationsOf, type AdvicePlan, type CandidateRun, type ServiceAdvice } from './state/advice.js';
import { cancellable, type Run } from './cancellable.js';
import type { ExplorerWorker } from './explorer-thread.js';

/** A run of the advisor: its result, and a way to stop it (the result then never settles). */
export type AdviceRun = Run<ServiceAdvice>;

export interface Advisor {
  /** Advice for the service at `row` over `request`; `onProgress(done, total)` as simulations finish. */
  advise(data: ExplorerData, row: number, request: SimRequest, onProgress: (done: number, total: number) => void): AdviceRun;
  close(): void;
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

/** The advisor on the explorer's worker thread (which `close` stops). */
export function workerAdvisor(worker: ExplorerWorker): Advisor {
  let nextPlan = 0;
  return {
    advise(data, row, request, onProgress) {
      return cancellable(async (check) => {
        const { input, label } = adviceInput(data, row, request);
        const plan = nextPlan++;
        const service = data.rows[row]!.rawId;
        const planned = await worker.job<AdvicePlan>({ kind: 'plan', plan, service, input: input as ScenarioInput, rank: ranksOf(data) });
        check();
        const total = simulationsOf(planned);
        onProgress(0, total);
        const baseline = await worker.job<Measure>({ kind: 'baseline', plan });
        check();
        onProgress(1, total);
        const runs: Array<CandidateRun | null> = [];
        for (let k = 0; k < planned.chosen.length; k++) {
          runs.push(await worker.job<CandidateRun | null>({ kind: 'candidate', plan, k }));
          check();
          onProgress(2 + k, total);
        }
        return rankAdvice(label, planned, baseline, runs);
      });
    },
    close: () => worker.close(),
  };
}
