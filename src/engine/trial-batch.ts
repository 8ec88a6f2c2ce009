/**
 * The raw outcomes of a range of Monte Carlo trials, as plain typed arrays: what a worker
 * thread sends back (its buffers transferred, not copied), what a shard writes for `blast
 * merge`, and what the summary reads; and the jobs a Monte Carlo worker is sent.
 */
import type { Catalog } from '../catalog/model.js';
import type { ModelOptions, ScenarioInput } from './model.js';

/** Raw outcomes of trials [from, to). */
export interface TrialBatch {
  readonly from: number;
  readonly to: number;
  /** Time to full recovery per trial (Infinity: never). */
  readonly full: Float64Array;
  readonly affected: Float64Array;
  /** recovered[(trial - from) * n + i]: NaN when service i was not affected in that trial. */
  readonly recovered: Float64Array;
  /** Sampled values of the uncertain parameters, (trial - from) * u + k. */
  readonly samples: Float64Array;
  /** When each action timed from an event fired, (trial - from) * r + j over model.actions with after ≥ 0; NaN: never. */
  readonly actionAt: Float64Array;
}

/** A job for a Monte Carlo worker: trials [from, to) of the run seeded `seed`. */
export interface TrialJob {
  readonly seed: number;
  readonly from: number;
  readonly to: number;
}

/** What a Monte Carlo worker is sent: first its set-up (to build the model from), then trials to run. */
export type WorkerJob = { readonly setup: { readonly catalog: Catalog; readonly input: ScenarioInput; readonly options: ModelOptions } } | TrialJob;

/** The arrays of a batch, in a fixed order. */
export const BATCH_ARRAYS = ['full', 'affected', 'recovered', 'samples', 'actionAt'] as const;

/** The distinct buffers of a batch's arrays, to transfer it to another thread. */
export function batchBuffers(b: TrialBatch): ArrayBuffer[] {
  return [...new Set(BATCH_ARRAYS.map((k) => b[k].buffer as ArrayBuffer))];
}
