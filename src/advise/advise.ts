/**
 * The advisor: generate candidate changes from the baseline, simulate each patched catalog
 * on the same seeds as the baseline, rank by service-hours saved (and per effort), and build
 * a greedy bundle. Pure apart from the progress callback, the `pause` hook the shell passes
 * in so that a progress bar can paint between candidates, and the sampler it may pass to
 * run the simulations on worker threads.
 */
import type { Catalog } from '../catalog/model.js';
import { prepare, type ScenarioInput } from '../engine/model.js';
import { simulate } from '../engine/index.js';
import { generateCandidates, type CandidateOptions } from './candidates.js';
import { applyEdits } from './patch-catalog.js';
import { difference, measure, pairedCi95, sample, type Samples } from './evaluate.js';
import type { Edit } from './model.js';
import { DEFAULT_EFFORT, EFFORT_WEIGHT, type Advice, type BundleStep, type Candidate, type CandidateKind, type EffortLevel, type Evaluated } from './model.js';

/** One simulation job: the base catalog with these edits, over every input, with this many trials. */
export interface SampleJob {
  readonly edits: readonly Edit[];
  readonly trials: number;
}

/**
 * Runs jobs and returns their samples in job order (null where the edits do not apply),
 * calling `onEach` as each finishes. The default runs them here, one by one; the shell may
 * pass one that spreads them over worker threads (src/advise/pool.ts): same numbers.
 */
export type Sampler = (jobs: readonly SampleJob[], onEach: () => Promise<void>) => Promise<Array<Samples | null>>;

/** The samples of one job: the pure function every sampler computes. */
export function runJob(catalog: Catalog, inputs: readonly ScenarioInput[], seed: number, job: SampleJob): Samples | null {
  const r = applyEdits(catalog, job.edits);
  if ('reason' in r) return null;
  return sample(r.catalog, inputs, job.trials, seed, new Set(catalog.services.keys()));
}

/** The sampler that runs every job in this thread. */
export const inProcessSampler = (catalog: Catalog, inputs: readonly ScenarioInput[], seed: number): Sampler => async (jobs, onEach) => {
  const out: Array<Samples | null> = [];
  for (const j of jobs) {
    out.push(runJob(catalog, inputs, seed, j));
    await onEach();
  }
  return out;
};

export interface AdviseOptions extends CandidateOptions {
  readonly inputs: ReadonlyArray<{ readonly label: string; readonly input: ScenarioInput }>;
  /** Monte Carlo trials per candidate and input; 0: parameters at their medians. */
  readonly trials: number;
  readonly seed: number;
  /** With trials: how many candidates (best point estimates first) get Monte Carlo. */
  readonly screen: number;
  /** Greedy bundle of up to this many changes (0: none). */
  readonly bundle: number;
  readonly effort?: Readonly<Partial<Record<CandidateKind, EffortLevel>>>;
  /** Called with (done, total) simulations of a catalog over every input. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Awaited between simulations (the shell lets a progress bar paint). */
  readonly pause?: () => Promise<void>;
  /** Where the simulations run; default: this thread. */
  readonly sampler?: Sampler;
}

/** Savings below this many service-hours count as none (floating point, not a benefit). */
export const NEGLIGIBLE_HOURS = 1e-6;

const compareEvaluated = (a: Evaluated, b: Evaluated): number =>
  b.benefit.serviceHours - a.benefit.serviceHours || b.benefit.fullP50 - a.benefit.fullP50 || (a.candidate.id < b.candidate.id ? -1 : a.candidate.id > b.candidate.id ? 1 : 0);

export async function advise(catalog: Catalog, opts: AdviseOptions): Promise<Advice> {
  const inputs = opts.inputs.map((x) => x.input);
  const prep = prepare(catalog);
  const candidates = generateCandidates(catalog, inputs.map((i) => simulate(prep, i)), opts);
  const effortOf = (c: Candidate): EffortLevel => opts.effort?.[c.kind] ?? DEFAULT_EFFORT[c.kind];
  const usable = candidates.filter((c) => !('reason' in applyEdits(catalog, c.edits)));
  const sampler = opts.sampler ?? inProcessSampler(catalog, inputs, opts.seed);

  // screening by point estimate when Monte Carlo is asked for (and there are more candidates than the screen)
  let pool = usable;
  const screening = opts.trials > 0 && usable.length > opts.screen;
  const total = 1 + (screening ? 1 + usable.length : 0) + Math.min(usable.length, screening ? opts.screen : usable.length) + opts.bundle * (1 + Math.min(usable.length, opts.screen));
  let done = 0;
  const tick = async (): Promise<void> => {
    opts.onProgress?.(Math.min(++done, total), total);
    await opts.pause?.();
  };
  if (screening) {
    const point = await sampler([{ edits: [], trials: 0 }, ...usable.map((c) => ({ edits: c.edits, trials: 0 }))], tick);
    const base0 = measure(point[0]!).serviceHours;
    const scored = usable.map((c, k) => ({ c, b: base0 - measure(point[k + 1]!).serviceHours }));
    scored.sort((x, y) => y.b - x.b || (x.c.id < y.c.id ? -1 : 1));
    pool = scored.slice(0, opts.screen).map((x) => x.c);
  }

  /** Every candidate of `cands` measured on top of `chosen` (already measured as `from`). */
  const evaluateAll = async (cands: readonly Candidate[], chosen: readonly Edit[], from: Samples): Promise<Array<Evaluated | undefined>> => {
    const fromMeasure = measure(from);
    const got = await sampler(cands.map((c) => ({ edits: [...chosen, ...c.edits], trials: opts.trials })), tick);
    return cands.map((c, k) => {
      const s = got[k];
      if (!s) return undefined;
      const m = measure(s);
      const benefit = difference(fromMeasure, m);
      const effort = effortOf(c);
      return { candidate: c, effort, measure: m, benefit, ci95: pairedCi95(from, s), perEffort: benefit.serviceHours / EFFORT_WEIGHT[effort] };
    });
  };
  const [baseSamples] = await sampler([{ edits: [], trials: opts.trials }], tick);
  if (!baseSamples) throw new Error('bug: the baseline has no samples');
  const baseline = measure(baseSamples);
  const ranked = (await evaluateAll(pool, [], baseSamples)).filter((e): e is Evaluated => e !== undefined).sort(compareEvaluated);

  // greedy bundle: take the best, re-measure the others on top of it, repeat
  const bundle: BundleStep[] = [];
  let chosen: Edit[] = [];
  let round = ranked.filter((e) => e.benefit.serviceHours > NEGLIGIBLE_HOURS);
  for (let step = 0; step < opts.bundle && round.length; step++) {
    const best = round[0]!;
    const edits = [...chosen, ...best.candidate.edits];
    const [now] = await sampler([{ edits, trials: opts.trials }], tick);
    if (!now) break;
    chosen = edits;
    // what every other candidate still saves after this step: the next round
    const others = round.slice(1).map((e) => e.candidate);
    const after = await evaluateAll(others, chosen, now);
    const othersAfter: Record<string, number> = {};
    others.forEach((c, k) => {
      othersAfter[c.id] = after[k]?.benefit.serviceHours ?? 0;
    });
    bundle.push({ candidate: best.candidate.id, title: best.candidate.title, marginal: best.benefit.serviceHours, measure: measure(now), othersAfter });
    round = after.filter((e): e is Evaluated => e !== undefined && e.benefit.serviceHours > NEGLIGIBLE_HOURS).sort(compareEvaluated);
  }
  opts.onProgress?.(total, total);
  return {
    inputs: opts.inputs.map((x) => ({ label: x.label })),
    trials: opts.trials,
    seed: opts.seed,
    baseline,
    ranked,
    screenedOut: usable.length - pool.length,
    generated: candidates.length,
    bundle,
  };
}
