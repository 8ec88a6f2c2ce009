/** Worker thread: runs a slice of Monte Carlo trials and posts the raw batch back. */
import { parentPort, workerData } from 'node:worker_threads';
import type { Catalog } from '../catalog/model.js';
import { buildModel, prepare, type ModelOptions, type ScenarioInput } from './model.js';
import { relativeActions, runTrials, type TrialBatch } from './monte-carlo.js';

const { catalog, input, seed, from, to, options } = workerData as { catalog: Catalog; input: ScenarioInput; seed: number; from: number; to: number; options: ModelOptions };
const model = buildModel(prepare(catalog), input, options);
const parts: TrialBatch[] = [];
const step = 250;
for (let f = from; f < to; f += step) {
  parts.push(runTrials(model, seed, f, Math.min(to, f + step)));
  parentPort!.postMessage({ progress: Math.min(to, f + step) - from });
}
// concatenate the slices into one batch
const n = model.graph.n;
const count = to - from;
const u = model.params.uncertain().length;
const batch: TrialBatch = {
  from,
  to,
  full: new Float64Array(count),
  affected: new Float64Array(count),
  recovered: new Float64Array(count * n),
  samples: new Float64Array(count * u),
  actionAt: new Float64Array(count * relativeActions(model).length),
};
for (const p of parts) {
  const off = p.from - from;
  batch.full.set(p.full, off);
  batch.affected.set(p.affected, off);
  batch.recovered.set(p.recovered, off * n);
  batch.samples.set(p.samples, off * u);
  batch.actionAt.set(p.actionAt, off * relativeActions(model).length);
}
parentPort!.postMessage({ batch }, [batch.full.buffer, batch.affected.buffer, batch.recovered.buffer, batch.samples.buffer, batch.actionAt.buffer] as ArrayBuffer[]);
