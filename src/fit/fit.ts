/**
 * Fitting the free parameters of a scenario to its observed milestones: a global stage
 * (the parameters as written plus a seeded Latin hypercube, all evaluated), then local
 * Nelder–Mead searches from the best few distinct points; then, around the best fit, the
 * interval of each parameter (its profile: how far it moves, the others re-fitted, before
 * the loss rises by 1), which parameters no milestone depends on, and which are determined
 * only together with another. Cross-validation refits with milestones left out.
 *
 * Pure apart from the Executor it is given (in-process or worker threads), and
 * deterministic: the same problem and seed give the same numbers for any thread count.
 */
import { compareMilestone, type ReplayRow } from '../replay/compare.js';
import type { Executor } from './executor.js';
import type { FitJob, LocalResult, ProfileResult } from './jobs.js';
import { latinHypercube } from './lhs.js';
import { coordOf, lossAt, valueAt, type FitProblem } from './problem.js';
import { correlations, TOGETHER_CORRELATION } from './correlation.js';

export interface FitOptions {
  readonly seed: number;
  /** Latin-hypercube points of the global stage (default max(24, 12·d)). */
  readonly globalPoints?: number;
  /** Local searches, from the best distinct global points (default min(4, d + 1)). */
  readonly starts?: number;
  /** Called when a stage starts: its name and how many jobs it has. */
  readonly onStage?: (stage: string, jobs: number) => void;
  /** Called as the jobs of the current stage complete. */
  readonly onProgress?: (done: number) => void;
}

export interface Optimum {
  /** Box coordinates of the best fit. */
  readonly x: readonly number[];
  readonly f: number;
  /** Loss of the parameters as written. */
  readonly fWritten: number;
  readonly evals: number;
}

export type ParamStatus = 'determined' | 'undetermined' | 'together';

export interface FittedParam {
  readonly label: string;
  /** The median as written. */
  readonly written: number;
  readonly fitted: number;
  /** The profile interval: values for which the loss stays within 1 of the best (others re-fitted). */
  readonly interval: readonly [number, number];
  /** The search box. */
  readonly box: readonly [number, number];
  readonly status: ParamStatus;
  /** For `together`: the parameter it is most strongly correlated with (|ρ| ≥ 0.9). */
  readonly partner: string | null;
  /** Largest change of any milestone when this parameter sweeps its box, the others at the fit (minutes; Infinity when one appears or disappears). */
  readonly reach: number;
}

export interface HoldoutResult {
  readonly folds: readonly (readonly number[])[];
  /** Every held-out milestone, predicted by the fit on the others. */
  readonly rows: readonly ReplayRow[];
  readonly within: number;
  readonly total: number;
}

export interface FitResult {
  readonly seed: number;
  readonly optimum: Optimum;
  readonly params: readonly FittedParam[];
  /** Milestone times (box coordinates of `optimum.x`). */
  readonly times: readonly number[];
  readonly evaluations: number;
  readonly holdout?: HoldoutResult;
}

/** A milestone moving less than this (minutes) over a parameter's whole box does not depend on it. */
export const REACH_MIN = 0.5;

const chunk = <T>(xs: readonly T[], parts: number): T[][] => {
  const size = Math.max(1, Math.ceil(xs.length / parts));
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
};

async function stage<R>(exec: Executor, name: string, jobs: FitJob[], opts: FitOptions): Promise<R[]> {
  opts.onStage?.(name, jobs.length);
  return (await exec.run(jobs, opts.onProgress)) as R[];
}

/** Global-then-local minimisation of the loss (with `weights` per milestone, default all 1). */
export async function optimize(prob: FitProblem, exec: Executor, opts: FitOptions, weights?: readonly number[]): Promise<Optimum> {
  const d = prob.free.length;
  const written = prob.free.map((p) => coordOf(p, p.written));
  if (d === 0) {
    const f = lossAt(prob, [], weights);
    return { x: [], f, fWritten: f, evals: 1 };
  }
  const n = opts.globalPoints ?? Math.max(24, 12 * d);
  const points = [written, ...latinHypercube(n, d, opts.seed).map((p) => [...p])];
  const w = weights ? { weights } : {};
  const parts = await stage<number[]>(exec, 'global search', chunk(points, 8).map((pts) => ({ kind: 'loss', points: pts, ...w })), opts);
  const losses = parts.flat();
  const ranked = losses.map((f, i) => ({ f, i })).sort((a, b) => a.f - b.f || a.i - b.i);
  const k = opts.starts ?? Math.min(4, d + 1);
  const starts: number[][] = [];
  for (const { i } of ranked) {
    const p = points[i]!;
    if (starts.every((s) => s.some((v, j) => Math.abs(v - p[j]!) > 0.05))) starts.push(p);
    if (starts.length >= k) break;
  }
  const locals = await stage<LocalResult>(exec, 'local search', starts.map((s) => ({ kind: 'local', start: s, ...w })), opts);
  let best = locals[0]!;
  for (const r of locals) if (r.f < best.f) best = r;
  // never worse than the best global point (a local search only improves on its start)
  return { x: best.x, f: best.f, fWritten: losses[0]!, evals: points.length + locals.reduce((s, r) => s + r.evals, 0) };
}

const sameTime = (a: number, b: number): number => {
  if (Number.isNaN(a) && Number.isNaN(b)) return 0;
  if (a === b) return 0;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return Infinity;
  return Math.abs(a - b);
};

/**
 * Correlations of the free parameters at `x` from the central-difference points that start
 * at `sweep[from]` (x − h·e_j, x + h·e_j for each j). Undetermined parameters and milestones
 * that appear or vanish within the step take no part.
 */
function correlationsAt(prob: FitProblem, sweep: readonly (readonly number[])[], from: number, x: readonly number[], h: number, reaches: readonly number[]): number[][] {
  const d = prob.free.length;
  const m = prob.specs.length;
  const jac = Array.from({ length: m }, () => new Array<number>(d).fill(0));
  for (let j = 0; j < d; j++) {
    if (reaches[j]! < REACH_MIN) continue;
    const lo = sweep[from + 2 * j]!;
    const hi = sweep[from + 2 * j + 1]!;
    const span = Math.min(1, x[j]! + h) - Math.max(0, x[j]! - h);
    for (let i = 0; i < m; i++) {
      const dt = hi[i]! - lo[i]!;
      jac[i]![j] = Number.isFinite(dt) && span > 0 ? dt / span : 0;
    }
  }
  const w = prob.observations.map((_, i) => (prob.simulated[i] ? 1 / prob.tolerance[i]! ** 2 : 0));
  // z = (ln v − μ)/σ changes by (ln hi − ln lo)/σ per box unit; an undetermined parameter gets a unit prior so the matrix inverts.
  const prior = prob.free.map((p, j) => (p.prior ? ((Math.log(p.hi) - Math.log(p.lo)) / p.prior.sigma) ** 2 : reaches[j]! < REACH_MIN ? 1 : 0));
  return correlations(jac, w, prior);
}

/** Points per parameter of the sweep that decides whether any milestone depends on it. */
const SWEEP = 9;

/** Intervals and statuses of the free parameters around `opt`. */
export async function analyze(prob: FitProblem, exec: Executor, opt: Optimum, opts: FitOptions): Promise<{ params: FittedParam[]; times: number[]; evals: number }> {
  const d = prob.free.length;
  const x = opt.x;
  const sweepPoints: number[][] = [[...x]];
  for (let j = 0; j < d; j++) {
    for (let s = 0; s < SWEEP; s++) {
      const p = [...x];
      p[j] = s / (SWEEP - 1);
      sweepPoints.push(p);
    }
  }
  // central differences for the sensitivities (correlations)
  const H = 0.01;
  for (let j = 0; j < d; j++) {
    for (const sign of [-1, 1]) {
      const p = [...x];
      p[j] = Math.min(1, Math.max(0, p[j]! + sign * H));
      sweepPoints.push(p);
    }
  }
  const profileJobs: FitJob[] = [];
  for (let j = 0; j < d; j++) for (const dir of [-1, 1] as const) profileJobs.push({ kind: 'profile', index: j, dir, best: x, fBest: opt.f });
  const results = await stage<number[][] | ProfileResult>(exec, 'uncertainty', [...chunk(sweepPoints, 4).map((pts): FitJob => ({ kind: 'milestones', points: pts })), ...profileJobs], opts);
  const sweepParts = results.slice(0, results.length - profileJobs.length) as number[][][];
  const profiles = results.slice(results.length - profileJobs.length) as ProfileResult[];
  const sweep = sweepParts.flat();
  const times = sweep[0]!;
  const reaches = prob.free.map((_, j) => {
    let reach = 0;
    for (let s = 0; s < SWEEP; s++) {
      const t = sweep[1 + j * SWEEP + s]!;
      for (let k = 0; k < t.length; k++) if (prob.simulated[k]) reach = Math.max(reach, sameTime(t[k]!, times[k]!));
    }
    return reach;
  });
  const corr = correlationsAt(prob, sweep, 1 + d * SWEEP, x, H, reaches);
  const params = prob.free.map((p, j): FittedParam => {
    const reach = reaches[j]!;
    const lo = profiles[2 * j]!;
    const hi = profiles[2 * j + 1]!;
    let partner: string | null = null;
    let strongest = TOGETHER_CORRELATION;
    for (let k = 0; k < d; k++) {
      const c = Math.abs(corr[j]![k]!);
      if (k !== j && reach >= REACH_MIN && reaches[k]! >= REACH_MIN && c >= strongest) {
        strongest = c;
        partner = prob.free[k]!.label;
      }
    }
    const status: ParamStatus = reach < REACH_MIN ? 'undetermined' : partner ? 'together' : 'determined';
    return {
      label: p.label,
      written: p.written,
      fitted: valueAt(p, x[j]!),
      interval: [valueAt(p, lo.edge), valueAt(p, hi.edge)],
      box: [p.lo, p.hi],
      status,
      partner,
      reach,
    };
  });
  return { params, times, evals: sweepPoints.length + profiles.reduce((s, r) => s + r.evals, 0) };
}

/** The fit of every free parameter, with intervals and statuses. */
export async function fit(prob: FitProblem, exec: Executor, opts: FitOptions): Promise<FitResult> {
  const optimum = await optimize(prob, exec, opts);
  const { params, times, evals } = await analyze(prob, exec, optimum, opts);
  // No milestone depends on an undetermined parameter: where the search left it means nothing, so it stays as written.
  const x = optimum.x.map((u, j) => (params[j]!.status === 'undetermined' ? coordOf(prob.free[j]!, prob.free[j]!.written) : u));
  const kept = params.map((p) => (p.status === 'undetermined' ? { ...p, fitted: p.written } : p));
  return { seed: opts.seed, optimum: { ...optimum, x }, params: kept, times, evaluations: optimum.evals + evals };
}

/**
 * Folds for `--holdout k`: the simulated milestones in observed-time order, dealt round
 * robin into k folds (so each fold spans the incident).
 */
export function kFolds(prob: FitProblem, k: number): number[][] {
  const order = prob.observations.map((o, i) => ({ at: o.at, i })).filter(({ i }) => prob.simulated[i]).sort((a, b) => a.at - b.at || a.i - b.i);
  const folds: number[][] = Array.from({ length: Math.min(k, order.length) }, () => []);
  order.forEach(({ i }, r) => folds[r % folds.length]!.push(i));
  return folds;
}

/** Cross-validation: for each fold, fit on the other milestones and predict the fold's. */
export async function holdout(prob: FitProblem, exec: Executor, folds: readonly (readonly number[])[], opts: FitOptions): Promise<HoldoutResult> {
  const rows: ReplayRow[] = [];
  for (const fold of folds) {
    const weights = prob.observations.map((_, i) => (fold.includes(i) ? 0 : 1));
    const opt = await optimize(prob, exec, opts, weights);
    // Parameters the remaining milestones do not depend on stay as written for the prediction.
    const d = prob.free.length;
    const points: number[][] = [[...opt.x]];
    for (let j = 0; j < d; j++) for (let s = 0; s < SWEEP; s++) points.push(opt.x.map((u, i) => (i === j ? s / (SWEEP - 1) : u)));
    const sweep = (await stage<number[][]>(exec, 'holdout sweep', chunk(points, 4).map((pts): FitJob => ({ kind: 'milestones', points: pts })), opts)).flat();
    const x = opt.x.map((u, j) => {
      let reach = 0;
      for (let s = 0; s < SWEEP; s++) {
        const t = sweep[1 + j * SWEEP + s]!;
        for (let k = 0; k < t.length; k++) if (prob.simulated[k] && weights[k]) reach = Math.max(reach, sameTime(t[k]!, sweep[0]![k]!));
      }
      return reach < REACH_MIN ? coordOf(prob.free[j]!, prob.free[j]!.written) : u;
    });
    const [t] = await stage<number[][]>(exec, 'holdout prediction', [{ kind: 'milestones', points: [x] }], opts);
    for (const k of fold) rows.push(compareMilestone(prob.observations[k]!, k, t![0]![k]!));
  }
  rows.sort((a, b) => a.index - b.index);
  const scored = rows.filter((r) => r.status !== 'not-simulated');
  return { folds, rows, within: scored.filter((r) => r.within).length, total: scored.length };
}
