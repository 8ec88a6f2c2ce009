/**
 * The advisor: generate candidate changes from the baseline, simulate each patched catalog
 * on the same seeds as the baseline, rank by service-hours saved (and per effort), and build
 * a greedy bundle. Pure apart from the progress callback and the `pause` hook the shell
 * passes in so that a progress bar can paint between candidates.
 */
import type { Catalog } from '../catalog/model.js';
import { prepare, type ScenarioInput } from '../engine/model.js';
import { simulate } from '../engine/index.js';
import { generateCandidates, type CandidateOptions } from './candidates.js';
import { applyEdits } from './patch-catalog.js';
import { difference, measure, pairedCi95, sample, type Samples } from './evaluate.js';
import { DEFAULT_EFFORT, EFFORT_WEIGHT, type Advice, type BundleStep, type Candidate, type CandidateKind, type EffortLevel, type Evaluated, type Measure } from './model.js';

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
}

/** Savings below this many service-hours count as none (floating point, not a benefit). */
export const NEGLIGIBLE_HOURS = 1e-6;

const compareEvaluated = (a: Evaluated, b: Evaluated): number =>
  b.benefit.serviceHours - a.benefit.serviceHours || b.benefit.fullP50 - a.benefit.fullP50 || (a.candidate.id < b.candidate.id ? -1 : a.candidate.id > b.candidate.id ? 1 : 0);

export async function advise(catalog: Catalog, opts: AdviseOptions): Promise<Advice> {
  const inputs = opts.inputs.map((x) => x.input);
  const prep = prepare(catalog);
  const counted = new Set(catalog.services.keys());
  const candidates = generateCandidates(catalog, inputs.map((i) => simulate(prep, i)), opts);
  const effortOf = (c: Candidate): EffortLevel => opts.effort?.[c.kind] ?? DEFAULT_EFFORT[c.kind];
  const patched = new Map<string, Catalog>();
  for (const c of candidates) {
    const r = applyEdits(catalog, c.edits);
    if (!('reason' in r)) patched.set(c.id, r.catalog);
  }
  const usable = candidates.filter((c) => patched.has(c.id));

  // screening by point estimate when Monte Carlo is asked for (and there are more candidates than the screen)
  let pool = usable;
  const screening = opts.trials > 0 && usable.length > opts.screen;
  const total = 1 + (screening ? 1 + usable.length : 0) + Math.min(usable.length, screening ? opts.screen : usable.length) + opts.bundle * Math.min(usable.length, opts.screen);
  let done = 0;
  const tick = async (): Promise<void> => {
    opts.onProgress?.(++done, total);
    await opts.pause?.();
  };
  if (screening) {
    const base0 = measure(sample(catalog, inputs, 0, opts.seed, counted));
    await tick();
    const scored: Array<{ c: Candidate; b: number }> = [];
    for (const c of usable) {
      scored.push({ c, b: base0.serviceHours - measure(sample(patched.get(c.id)!, inputs, 0, opts.seed, counted)).serviceHours });
      await tick();
    }
    scored.sort((x, y) => y.b - x.b || (x.c.id < y.c.id ? -1 : 1));
    pool = scored.slice(0, opts.screen).map((x) => x.c);
  }

  const baseSamples = sample(catalog, inputs, opts.trials, opts.seed, counted);
  const baseline = measure(baseSamples);
  await tick();
  const evaluate = (c: Candidate, from: Catalog, fromSamples: Samples, fromMeasure: Measure): Evaluated | undefined => {
    const r = applyEdits(from, c.edits);
    if ('reason' in r) return undefined;
    const s = sample(r.catalog, inputs, opts.trials, opts.seed, counted);
    const m = measure(s);
    const benefit = difference(fromMeasure, m);
    const effort = effortOf(c);
    return { candidate: c, effort, measure: m, benefit, ci95: pairedCi95(fromSamples, s), perEffort: benefit.serviceHours / EFFORT_WEIGHT[effort] };
  };
  const ranked: Evaluated[] = [];
  for (const c of pool) {
    const e = evaluate(c, catalog, baseSamples, baseline);
    if (e) ranked.push(e);
    await tick();
  }
  ranked.sort(compareEvaluated);

  // greedy bundle: take the best, re-measure the others on top of it, repeat
  const bundle: BundleStep[] = [];
  let current = catalog;
  let currentSamples = baseSamples;
  let currentMeasure = baseline;
  let round = ranked.filter((e) => e.benefit.serviceHours > NEGLIGIBLE_HOURS);
  for (let step = 0; step < opts.bundle && round.length; step++) {
    const best = round[0]!;
    const r = applyEdits(current, best.candidate.edits);
    if ('reason' in r) break;
    current = r.catalog;
    currentSamples = sample(current, inputs, opts.trials, opts.seed, counted);
    currentMeasure = measure(currentSamples);
    // what every other candidate still saves after this step: the next round
    const othersAfter: Record<string, number> = {};
    const next: Evaluated[] = [];
    for (const e of round.slice(1)) {
      const after = evaluate(e.candidate, current, currentSamples, currentMeasure);
      othersAfter[e.candidate.id] = after ? after.benefit.serviceHours : 0;
      if (after) next.push(after);
      await tick();
    }
    bundle.push({ candidate: best.candidate.id, title: best.candidate.title, marginal: best.benefit.serviceHours, measure: currentMeasure, othersAfter });
    round = next.filter((e) => e.benefit.serviceHours > NEGLIGIBLE_HOURS).sort(compareEvaluated);
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
