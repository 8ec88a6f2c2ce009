/**
 * Shell: where the explorer's simulations run (`f`, `s`, and the advisor's Enter). At 20,000
 * services one takes about half a second, so in the terminal it runs on the explorer's worker
 * thread (`workerSimulator`, explorer-thread.ts), which holds the same catalog and runs the same
 * work (state/simulate.ts); its result comes back in parts, read one per turn of the event loop
 * (sim-protocol.ts). Meanwhile the footer says "simulating…" and keys are answered; a newer
 * request cancels an older one, whose result is then dropped. `inThreadSimulator` runs it in
 * this thread (what the tests of the UI use by default).
 */
import { runSimulation, simulationWork, type SimOutcome } from './state/simulate.js';
import type { ExplorerData } from './state/data.js';
import type { SimRequest } from './state/requests.js';
import { cancellable, type Run } from './cancellable.js';
import { receiveSimulation, type SimAnswer } from './sim-protocol.js';
import type { ExplorerWorker } from './explorer-thread.js';

export interface Simulator {
  /** Simulates `request` on the explorer's catalog; cancelled, its result never settles. */
  simulate(data: ExplorerData, request: SimRequest): Run<SimOutcome>;
  /** Gets ready for a first simulation (starts the worker), when there is anything to get ready. */
  warm(): void;
  close(): void;
}

/** Simulations in this thread: each stops the event loop for as long as the engine runs. */
export function inThreadSimulator(): Simulator {
  return {
    simulate: (data, request) => cancellable(async () => runSimulation(data, request)),
    warm() {},
    close() {},
  };
}

/** Simulations on the explorer's worker thread (which `close` stops). */
export function workerSimulator(worker: ExplorerWorker): Simulator {
  return {
    simulate(data, request) {
      const { work, label } = simulationWork(data, request);
      return cancellable(async (check) => {
        const answer = await worker.job<SimAnswer>({ kind: 'simulate', work });
        check();
        const { result, replay } = await receiveSimulation(answer, check);
        return { result, label, replay };
      });
    },
    warm: () => worker.warm(),
    close: () => worker.close(),
  };
}
