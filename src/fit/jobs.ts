/**
 * The units of work of a fit, as pure functions of the problem: what worker threads run
 * (src/fit/pool.ts) and what runs in-process with one thread. Jobs and results are plain
 * data (numbers and arrays), so they cross threads by structured clone, and a job gives
 * the same result wherever it runs.
 */
import { nelderMead } from './nelder-mead.js';
import { lossAt, milestonesAt, type FitProblem } from './problem.js';

/** The rise of the loss that bounds a parameter's interval (see docs/replay.md). */
export const PROFILE_DELTA = 1;

export type FitJob =
  /** The loss at each point. */
  | { readonly kind: 'loss'; readonly points: readonly (readonly number[])[]; readonly weights?: readonly number[] }
  /** Simulated milestone times at each point. */
  | { readonly kind: 'milestones'; readonly points: readonly (readonly number[])[] }
  /** A local search from `start` (restarted Nelder–Mead). */
  | { readonly kind: 'local'; readonly start: readonly number[]; readonly weights?: readonly number[]; readonly maxEvals?: number }
  /** One side of the profile of parameter `index`: how far it can move before the loss rises by PROFILE_DELTA. */
  | { readonly kind: 'profile'; readonly index: number; readonly dir: 1 | -1; readonly best: readonly number[]; readonly fBest: number; readonly weights?: readonly number[] };

export interface LocalResult {
  readonly x: number[];
  readonly f: number;
  readonly evals: number;
}

export interface ProfileResult {
  /** Box coordinate where the profile loss reaches fBest + PROFILE_DELTA (the box edge if it never does). */
  readonly edge: number;
  readonly evals: number;
}

export type JobResult = number[] | number[][] | LocalResult | ProfileResult;

/** A local search with coordinate `fixed.index` held at `fixed.u`. */
function localFixed(prob: FitProblem, start: readonly number[], fixed: { index: number; u: number } | null, weights: readonly number[] | undefined, maxEvals?: number): LocalResult {
  const d = start.length;
  if (!fixed) {
    const r = nelderMead((x) => lossAt(prob, x, weights), start, maxEvals !== undefined ? { maxEvals } : {});
    return { x: [...r.x], f: r.f, evals: r.evals };
  }
  const full = new Float64Array(d);
  const sub = start.filter((_, k) => k !== fixed.index);
  const expand = (y: ArrayLike<number>): Float64Array => {
    for (let k = 0, m = 0; k < d; k++) full[k] = k === fixed.index ? fixed.u : y[m++]!;
    return full;
  };
  const r = nelderMead((y) => lossAt(prob, expand(y), weights), sub, { maxEvals: maxEvals ?? 60 * d + 40, restarts: 0, xTol: 1e-3 });
  return { x: [...expand(r.x)], f: r.f, evals: r.evals };
}

/** How many times the step doubles, and how many bisections refine the edge. */
const PROFILE_STEPS = 8;
const BISECTIONS = 10;

function profileSide(prob: FitProblem, job: Extract<FitJob, { kind: 'profile' }>): ProfileResult {
  const { index, dir, best, fBest, weights } = job;
  const limit = fBest + PROFILE_DELTA;
  const u0 = best[index]!;
  let evals = 0;
  // with a single parameter the profile is a slice: nothing else to re-fit
  const sliceAt = (u: number): number => {
    evals++;
    const x = [...best];
    x[index] = u;
    return lossAt(prob, x, weights);
  };
  const profileAt = (u: number, from: readonly number[]): LocalResult => {
    const r = localFixed(prob, from, { index, u }, weights);
    evals += r.evals;
    return r;
  };
  const search = (at: (u: number, from: readonly number[]) => { f: number; x: readonly number[] }): { edge: number; x: readonly number[] } => {
    let inside = u0;
    let xInside: readonly number[] = best;
    let outside: number | null = null;
    let step = 0.01;
    for (let k = 0; k < PROFILE_STEPS && outside === null; k++, step *= 2) {
      const u = Math.min(1, Math.max(0, u0 + dir * step * 2));
      const r = at(u, xInside);
      if (r.f > limit) outside = u;
      else { inside = u; xInside = r.x; }
      if (u === 0 || u === 1) break;
    }
    if (outside === null) {
      // never rose enough before the box edge (or the steps ran out): check the edge itself
      const edgeU = dir > 0 ? 1 : 0;
      if (inside === edgeU) return { edge: edgeU, x: xInside };
      const r = at(edgeU, xInside);
      if (r.f <= limit) return { edge: edgeU, x: r.x };
      outside = edgeU;
    }
    let out: number = outside;
    for (let b = 0; b < BISECTIONS; b++) {
      const mid: number = (inside + out) / 2;
      const r = at(mid, xInside);
      if (r.f > limit) out = mid;
      else { inside = mid; xInside = r.x; }
    }
    return { edge: inside, x: xInside };
  };
  const prof = best.length > 1 ? search((u, from) => profileAt(u, from)) : search((u) => ({ f: sliceAt(u), x: best }));
  return { edge: prof.edge, evals };
}

/** Runs one job. */
export function runJob(prob: FitProblem, job: FitJob): JobResult {
  switch (job.kind) {
    case 'loss':
      return job.points.map((p) => lossAt(prob, p, job.weights));
    case 'milestones':
      return job.points.map((p) => [...milestonesAt(prob, p)]);
    case 'local':
      return localFixed(prob, job.start, null, job.weights, job.maxEvals);
    case 'profile':
      return profileSide(prob, job);
  }
}
