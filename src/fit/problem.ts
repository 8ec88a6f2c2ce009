/**
 * The fitting problem of one scenario: its free parameters (a search box for each), the
 * observed milestones, and the robust loss that compares them. Pure: built from a
 * catalog, evaluated with plain numbers; the optimiser and the worker threads share it.
 *
 * Each free parameter is searched in [0, 1]: linearly between `min` and `max` for a
 * range; in log space over p50·e^(±3σ) for a prior {p50, p90} (σ = ln(p90/p50) / 1.2816),
 * which also adds the prior's penalty z² (z: standard deviations from the median in log
 * space). A parameter written once and used by several services (a YAML anchor) is one
 * free parameter.
 *
 * The loss of a simulated milestone is soft-L1 on its error in units of its tolerance:
 * ρ(r) = 2(√(1 + r²) − 1), r = error / tolerance: quadratic for errors well inside the
 * tolerance, linear beyond, so one milestone the model cannot reach does not dominate. A
 * bound counts only the error on its wrong side. A milestone that never happens (or never
 * recovers) counts as r = 4.
 */
import type { Catalog, Observation, Param, Scenario, SourcePos } from '../catalog/model.js';
import { buildModel, prepare, type Model } from '../engine/model.js';
import { run, type RunOutcome } from '../engine/simulate.js';
import { Workspace } from '../engine/workspace.js';
import { Z90 } from '../engine/rng.js';
import { isSimulated, milestoneSpecs, milestoneTimes, type MilestoneSpec } from '../replay/milestones.js';
import { toleranceOf } from '../replay/compare.js';

/** Search-box half-width of a prior, in standard deviations of its log. */
export const PRIOR_SPAN = 3;
/** The residual of a milestone that never happens. */
export const R_NEVER = 4;

export interface FreeParam {
  /** The engine's label of its (first) slot, e.g. "lambda.backlog.capacity". */
  readonly label: string;
  readonly slots: readonly number[];
  readonly dist: Param;
  /** Search box in parameter units. */
  readonly lo: number;
  readonly hi: number;
  /** Searched in log space (a prior). */
  readonly log: boolean;
  /** For a prior: log-median and log standard deviation. */
  readonly prior: { readonly mu: number; readonly sigma: number } | null;
  /** The value the catalog simulates with (the median as written). */
  readonly written: number;
  readonly pos?: SourcePos;
}

export interface FitProblem {
  readonly model: Model;
  readonly observations: readonly Observation[];
  readonly specs: readonly MilestoneSpec[];
  readonly tolerance: Float64Array;
  /** 1 for the milestones this engine simulates; the others never enter the loss. */
  readonly simulated: Uint8Array;
  readonly free: readonly FreeParam[];
  /** Parameter values as written (medians), the base that free values overwrite. */
  readonly base: Float64Array;
  /**
   * Storage that every evaluation's run of `model` reuses (src/engine/workspace.ts): a fit runs
   * the same model hundreds of times. Each evaluation reads its milestone times from the outcome
   * before the next run overwrites it; the numbers are the same without it.
   */
  readonly workspace?: Workspace;
}

const posKey = (p: SourcePos | undefined, slot: number): string => (p ? `${p.file}:${p.line}:${p.col}` : `#${slot}`);

/** The free parameters of a model, one per written parameter, in slot order. */
export function freeParams(model: Model): FreeParam[] {
  const byPos = new Map<string, { slots: number[]; label: string; dist: Param }>();
  model.params.slots.forEach((s, i) => {
    if (!s.dist.free || s.dist.kind === 'const') return;
    const key = posKey(s.dist.pos, i);
    const g = byPos.get(key);
    if (g) g.slots.push(i);
    else byPos.set(key, { slots: [i], label: s.label, dist: s.dist });
  });
  return [...byPos.values()].map(({ slots, label, dist }): FreeParam => {
    const pos = dist.pos ? { pos: dist.pos } : {};
    if (dist.kind === 'uniform') return { label, slots, dist, lo: dist.min, hi: dist.max, log: false, prior: null, written: (dist.min + dist.max) / 2, ...pos };
    if (dist.kind === 'lognormal') {
      const mu = Math.log(dist.p50);
      const sigma = dist.p90 > dist.p50 ? (Math.log(dist.p90) - mu) / Z90 : 0;
      return { label, slots, dist, lo: Math.exp(mu - PRIOR_SPAN * sigma), hi: Math.exp(mu + PRIOR_SPAN * sigma), log: true, prior: sigma > 0 ? { mu, sigma } : null, written: dist.p50, ...pos };
    }
    throw new Error(`bug: free parameter ${label} of kind ${dist.kind}`);
  });
}

/**
 * Builds the problem of a scenario that has observations; with `reuse` (the default) its
 * evaluations share one workspace. The numbers are the same either way.
 */
export function fitProblem(catalog: Catalog, scenario: Scenario, reuse = true): FitProblem {
  const model = buildModel(prepare(catalog), { scenario });
  const observations = scenario.observed ?? [];
  return {
    ...(reuse ? { workspace: new Workspace(model) } : {}),
    model,
    observations,
    specs: milestoneSpecs(model, observations),
    tolerance: Float64Array.from(observations, toleranceOf),
    simulated: Uint8Array.from(observations, (o) => (isSimulated(o) ? 1 : 0)),
    free: freeParams(model),
    base: model.params.medians(),
  };
}

/** The value of free parameter `p` at box coordinate `u` ∈ [0, 1]. */
export function valueAt(p: FreeParam, u: number): number {
  if (p.hi <= p.lo) return p.lo;
  return p.log ? Math.exp(Math.log(p.lo) + u * (Math.log(p.hi) - Math.log(p.lo))) : p.lo + u * (p.hi - p.lo);
}

/** The box coordinate of value `v` of `p` (clamped to [0, 1]). */
export function coordOf(p: FreeParam, v: number): number {
  if (p.hi <= p.lo) return 0.5;
  const u = p.log ? (Math.log(v) - Math.log(p.lo)) / (Math.log(p.hi) - Math.log(p.lo)) : (v - p.lo) / (p.hi - p.lo);
  return Math.min(1, Math.max(0, u));
}

/** Every slot's value with the free parameters at `x`. */
export function slotValues(prob: FitProblem, x: ArrayLike<number>, into = Float64Array.from(prob.base)): Float64Array {
  prob.free.forEach((p, j) => {
    const v = valueAt(p, x[j]!);
    for (const s of p.slots) into[s] = v;
  });
  return into;
}

/**
 * One run of the problem's model with slot values `v`, in its workspace when it has one: read
 * what you need of the outcome before the problem's next run.
 */
export function runProblem(prob: FitProblem, v: Float64Array): RunOutcome {
  return run(prob.model, v, prob.workspace ? { workspace: prob.workspace } : {});
}

/** Simulated milestone times with the free parameters at `x` (NaN: never happened or not simulated; Infinity: never recovered). */
export function milestonesAt(prob: FitProblem, x: ArrayLike<number>): Float64Array {
  return milestoneTimes(prob.model, runProblem(prob, slotValues(prob, x)), prob.specs);
}

/** Residual of milestone k in units of its tolerance (0 on the right side of a bound). */
export function residual(prob: FitProblem, k: number, t: number): number {
  const o = prob.observations[k]!;
  if (Number.isNaN(t)) return R_NEVER;
  if (!Number.isFinite(t)) return o.bound === 'lower' ? 0 : R_NEVER;
  const e = t - o.at;
  const err = o.bound === 'upper' ? Math.max(0, e) : o.bound === 'lower' ? Math.min(0, e) : e;
  return err / prob.tolerance[k]!;
}

export const softL1 = (r: number): number => 2 * (Math.sqrt(1 + r * r) - 1);

/** The prior penalty Σ z² of the free parameters at `x`. */
export function priorPenalty(prob: FitProblem, x: ArrayLike<number>): number {
  let s = 0;
  prob.free.forEach((p, j) => {
    if (!p.prior) return;
    const z = (Math.log(valueAt(p, x[j]!)) - p.prior.mu) / p.prior.sigma;
    s += z * z;
  });
  return s;
}

/** The loss of milestone times `t` at `x`; `weights[k]` (default 1) scales milestone k (0 leaves it out). */
export function lossOf(prob: FitProblem, t: ArrayLike<number>, x: ArrayLike<number>, weights?: ArrayLike<number>): number {
  let s = priorPenalty(prob, x);
  for (let k = 0; k < prob.specs.length; k++) {
    if (!prob.simulated[k]) continue;
    const w = weights ? weights[k]! : 1;
    if (w !== 0) s += w * softL1(residual(prob, k, t[k]!));
  }
  return s;
}

/** The loss at `x`: one simulation. */
export function lossAt(prob: FitProblem, x: ArrayLike<number>, weights?: ArrayLike<number>): number {
  return lossOf(prob, milestonesAt(prob, x), x, weights);
}
