/**
 * Monte Carlo over the uncertain parameters: N trials, each a full run with one draw
 * of every distribution. Trials are seeded from (seed, trial index), so a batch split
 * across workers gives the same numbers as one loop; within a trial each parameter draws
 * from a stream keyed by its label, so the order of catalog files and services does not
 * matter either. The summary of the raw trials is src/engine/monte-carlo-summary.ts.
 */
import type { Model } from './model.js';
import { run } from './simulate.js';
import { trialSeed } from './rng.js';
import type { MonteCarloResult } from './result.js';
import { relativeActions, summarize } from './monte-carlo-summary.js';
import type { TrialBatch } from './trial-batch.js';
import { Workspace } from './workspace.js';

export { percentile, relativeActions, summarize, summarizeShape, summaryShape, type SummaryShape } from './monte-carlo-summary.js';
export { spearman } from './spearman.js';
export { batchBuffers, type TrialBatch, type TrialJob } from './trial-batch.js';

/**
 * Runs trials [from, to) of the run seeded `seed`. With `reuse` (the default) the trials share
 * one workspace (workspace.ts): each outcome is copied into the batch before the next trial
 * runs. The numbers are the same either way.
 */
export function runTrials(model: Model, seed: number, from: number, to: number, reuse = true): TrialBatch {
  const n = model.graph.n;
  const count = Math.max(0, to - from);
  const uncertain = Int32Array.from(model.params.uncertain());
  const u = uncertain.length;
  const full = new Float64Array(count);
  const affected = new Float64Array(count);
  const recovered = new Float64Array(count * n);
  const samples = new Float64Array(count * u);
  const rel = Int32Array.from(relativeActions(model));
  const r = rel.length;
  const actionAt = new Float64Array(count * r);
  const values = new Float64Array(model.params.slots.length);
  const opts = reuse ? { curves: false, workspace: new Workspace(model) } : { curves: false };
  for (let k = 0; k < count; k++) {
    model.params.sample(trialSeed(seed, from + k), values);
    const out = run(model, values, opts);
    full[k] = out.fullRecovery;
    affected[k] = out.affected;
    recovered.set(out.recovered, k * n);
    for (let j = 0; j < u; j++) samples[k * u + j] = values[uncertain[j]!]!;
    for (let j = 0; j < r; j++) actionAt[k * r + j] = out.actionAt[rel[j]!]!;
  }
  return { from, to: from + count, full, affected, recovered, samples, actionAt };
}

/** Single-threaded Monte Carlo (the parallel driver splits the same trials across workers). */
export function monteCarlo(model: Model, trials: number, seed: number): MonteCarloResult {
  return summarize(model, seed, [runTrials(model, seed, 0, trials)]);
}
