/**
 * Fitting parameters shared across incidents, and leave-one-incident-out: the honest
 * figure of how well the tool predicts an outage it has not seen.
 *
 * A shared parameter is a key that slots of several scenarios' models carry; by default
 * the engine's prior names (a slot resolved from `{prior: detect}` is "prior:detect (…)").
 * Its search box and penalty come from the distribution the slots carry (the prior's
 * default), as for a free parameter. The loss is the sum of the incidents' losses (each
 * incident's own parameters as written) plus the shared priors' penalties once. For each
 * incident, the shared parameters are fitted on all the others and the incident is
 * replayed with them.
 *
 * Pure and deterministic (seeded); runs in-process: each evaluation simulates every
 * incident of the fold.
 */
import type { Distribution } from '../catalog/model.js';
import { scaleDist, type ParamSlot } from '../engine/params.js';
import { Z90 } from '../engine/rng.js';
import { milestoneTimes } from '../replay/milestones.js';
import { latinHypercube } from './lhs.js';
import { nelderMead } from './nelder-mead.js';
import { lossOf, PRIOR_SPAN, runProblem, valueAt, type FitProblem, type FreeParam } from './problem.js';

/** Which shared parameter a slot belongs to, or null. */
export type SharedKey = (slot: ParamSlot) => string | null;

/** The engine's priors: a slot taken from the priors table is labelled "prior:<name> (…)". */
export const priorKey: SharedKey = (slot) => (slot as { prior?: string }).prior ?? /^prior:(\S+)/.exec(slot.label)?.[1] ?? null;

export interface SharedParam extends FreeParam {
  readonly key: string;
}

export interface SharedProblem {
  readonly problems: readonly FitProblem[];
  readonly shared: readonly SharedParam[];
  /** slots[p][j]: the slots of problem p that shared parameter j sets. */
  readonly slots: readonly (readonly (readonly number[])[])[];
}

function sharedParam(key: string, dist: Distribution, label: string): SharedParam {
  if (dist.kind === 'lognormal') {
    const mu = Math.log(dist.p50);
    const sigma = dist.p90 > dist.p50 ? (Math.log(dist.p90) - mu) / Z90 : 0;
    return { key, label, slots: [], dist, lo: Math.exp(mu - PRIOR_SPAN * sigma), hi: Math.exp(mu + PRIOR_SPAN * sigma), log: true, prior: sigma > 0 ? { mu, sigma } : null, written: dist.p50 };
  }
  if (dist.kind === 'uniform') return { key, label, slots: [], dist, lo: dist.min, hi: dist.max, log: false, prior: null, written: (dist.min + dist.max) / 2 };
  return { key, label, slots: [], dist, lo: dist.value, hi: dist.value, log: false, prior: null, written: dist.value };
}

/** The shared parameters of a set of problems, in order of first appearance. */
export function sharedProblem(problems: readonly FitProblem[], key: SharedKey = priorKey): SharedProblem {
  const index = new Map<string, number>();
  const shared: SharedParam[] = [];
  const slots: number[][][] = problems.map(() => []);
  problems.forEach((prob, p) => {
    prob.model.params.slots.forEach((slot, s) => {
      const k = key(slot);
      if (k === null) return;
      let j = index.get(k);
      if (j === undefined) {
        j = shared.length;
        index.set(k, j);
        // a slot written `{prior: name, times: n}` carries the prior × n: the shared parameter is the prior itself
        shared.push(sharedParam(k, slot.times === undefined ? slot.dist : scaleDist(slot.dist, 1 / slot.times), k));
      }
      const row = slots[p]!;
      while (row.length <= j) row.push([]);
      row[j]!.push(s);
    });
  });
  for (const row of slots) while (row.length < shared.length) row.push([]);
  return { problems, shared, slots };
}

/** Milestone times of problem `p` with the shared parameters at box coordinates `x`. */
export function sharedTimes(sp: SharedProblem, p: number, x: ArrayLike<number>): Float64Array {
  const prob = sp.problems[p]!;
  const values = Float64Array.from(prob.base);
  sp.shared.forEach((q, j) => {
    const v = valueAt(q, x[j]!);
    for (const s of sp.slots[p]![j]!) values[s] = v * (prob.model.params.slots[s]!.times ?? 1);
  });
  return milestoneTimes(prob.model, runProblem(prob, values), prob.specs);
}

/** Σ over the included problems of their milestone losses, plus the shared priors' penalties. */
export function sharedLoss(sp: SharedProblem, include: readonly boolean[], x: ArrayLike<number>): number {
  let s = 0;
  sp.shared.forEach((q, j) => {
    if (!q.prior) return;
    const z = (Math.log(valueAt(q, x[j]!)) - q.prior.mu) / q.prior.sigma;
    s += z * z;
  });
  sp.problems.forEach((prob, p) => {
    if (!include[p]) return;
    // each incident's own parameters as written: its loss without its free parameters' penalties
    s += lossOf({ ...prob, free: [] }, sharedTimes(sp, p, x), []);
  });
  return s;
}

/** The shared parameters fitted on the included problems: a small Latin hypercube, then Nelder–Mead from the two best points. */
export function fitShared(sp: SharedProblem, include: readonly boolean[], seed: number): { x: number[]; f: number } {
  const d = sp.shared.length;
  const written = sp.shared.map(() => 0.5); // a prior's median is the middle of its box
  if (d === 0) return { x: [], f: sharedLoss(sp, include, []) };
  const points = [written, ...latinHypercube(Math.max(12, 6 * d), d, seed).map((p) => [...p])];
  const ranked = points.map((p, i) => ({ p, i, f: sharedLoss(sp, include, p) })).sort((a, b) => a.f - b.f || a.i - b.i);
  let best = { x: ranked[0]!.p, f: ranked[0]!.f };
  for (const start of ranked.slice(0, 2)) {
    const r = nelderMead((x) => sharedLoss(sp, include, x), start.p, { maxEvals: 60 * d + 40, restarts: 1, xTol: 1e-3 });
    if (r.f < best.f) best = { x: [...r.x], f: r.f };
  }
  return best;
}

/** For each problem: the shared parameters fitted on all the others, and its milestone times with them. */
export function leaveOneOut(sp: SharedProblem, seed: number): Array<{ x: number[]; times: Float64Array }> {
  return sp.problems.map((_, p) => {
    const include = sp.problems.map((__, q) => q !== p);
    const { x } = fitShared(sp, include, seed);
    return { x, times: sharedTimes(sp, p, x) };
  });
}
