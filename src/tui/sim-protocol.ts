/**
 * Shell: what the explorer's simulator (simulator.ts) asks of the explorer's worker thread
 * (explorer-worker.ts), and how the result comes back without stopping the main thread.
 *
 * A simulation's result holds every service: at 20,000 services about 15 MB once serialized,
 * which the main thread would take about 0.1 s to receive as one message (a message is read
 * whole before anything else runs). So the worker serializes the services in parts of bounded
 * size (`node:v8`, the format messages use) and transfers the buffers with the rest of the
 * result; the main thread reads one part per turn of its event loop, keys answered between two.
 * The result put back together equals the one the worker made, key for key (the services'
 * place among the keys included).
 */
import { deserialize, serialize } from 'node:v8';
import type { Catalog } from '../catalog/model.js';
import type { CellResult, ServiceResult, SimulationResult } from '../engine/index.js';
import type { ReplayResult } from '../replay/compare.js';
import { runWork, type SimWork } from './state/simulate.js';
import { nextTurn } from './cancellable.js';

export interface SimJob {
  readonly kind: 'simulate';
  readonly work: SimWork;
}

/** What the worker answers: the result without its services, the services in parts, and the replay; or the engine's failure. */
export type SimAnswer =
  | { readonly ok: true; readonly head: SimulationResult; readonly parts: readonly Uint8Array[]; readonly replay: ReplayResult | null }
  | { readonly ok: false; readonly message: string };

/**
 * The weight of a part: about how many objects reading it makes (a service, its intervals and
 * their causes, its capacity points). 2,048 is about 1.5 ms of reading on the machine of
 * docs/performance.md: 190 services of a 20,000-service failure that takes every one down.
 */
export const PART_WEIGHT = 2048;

function weight(s: ServiceResult | CellResult): number {
  let w = 1 + (s.capacity?.length ?? 0);
  for (const i of s.intervals) w += 2 + (i.causes?.length ?? 0);
  if ('cells' in s && s.cells) for (const c of s.cells) w += weight(c);
  return w;
}

/** `services` serialized in consecutive parts of about `maxWeight` each (at least one service a part). */
export function serviceParts(services: readonly ServiceResult[], maxWeight = PART_WEIGHT): Uint8Array[] {
  const parts: Uint8Array[] = [];
  let from = 0;
  let w = 0;
  for (let k = 0; k < services.length; k++) {
    w += weight(services[k]!);
    if (w >= maxWeight || k === services.length - 1) {
      // a buffer of its own, so that it can be transferred
      parts.push(new Uint8Array(serialize(services.slice(from, k + 1))));
      from = k + 1;
      w = 0;
    }
  }
  return parts;
}

/** The worker's side: runs the work on `catalog`; the answer and the buffers to transfer with it. */
export function simSteps(catalog: Catalog): (job: SimJob) => { answer: SimAnswer; transfer: ArrayBuffer[] } {
  return (job) => {
    let run: ReturnType<typeof runWork>;
    try {
      run = runWork(catalog, job.work);
    } catch (e) {
      // the engine's failure is the simulation's, not the worker's: the worker stays up for the next
      return { answer: { ok: false, message: (e as Error)?.message ?? String(e) }, transfer: [] };
    }
    const parts = serviceParts(run.result.services);
    return { answer: { ok: true, head: { ...run.result, services: [] }, parts, replay: run.replay }, transfer: parts.map((p) => p.buffer as ArrayBuffer) };
  };
}

/** The main thread's side: the result read back one part per turn of the event loop; `check` after each (it throws once cancelled). */
export async function receiveSimulation(answer: SimAnswer, check: () => void): Promise<{ result: SimulationResult; replay: ReplayResult | null }> {
  if (!answer.ok) throw new Error(answer.message);
  const services: ServiceResult[] = [];
  for (const part of answer.parts) {
    await nextTurn();
    check();
    for (const s of deserialize(part) as ServiceResult[]) services.push(s);
  }
  // `services` keeps its place among the keys: the head has it, empty
  return { result: { ...answer.head, services }, replay: answer.replay };
}
