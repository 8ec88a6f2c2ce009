/**
 * The advisor (src/advise) for one selected service: the candidate changes about that
 * service, each simulated on the patched catalog over the explorer's current input (the
 * scenario or failure on the timeline, else the service's own failure for 30 minutes), ranked
 * as `blast advise` ranks them (service-hours saved, then P50 of full recovery gained, then
 * id), with parameters at their medians (`blast advise` without --trials). Each candidate also
 * gets its recovery curve, for the explorer to draw against the current run.
 *
 * The advisor's own functions do the work: candidates (generateCandidates), patches
 * (applyEdits), measures (runJob / sample, measure, difference); only which candidates are
 * about the service (lookup.ts's editServices) and how many are simulated is decided here.
 * The work comes in steps (plan, baseline, one step per candidate, rank) so that it can run in
 * this thread with pauses between simulations (`adviseService`) or on a worker thread, one
 * step per message (src/tui/advisor.ts). Pure apart from the `pause` hook.
 */
import type { ScenarioInput } from '../../engine/index.js';
import { prepareSimulation, simulate } from '../../engine/index.js';
import type { Catalog } from '../../catalog/model.js';
import { generateCandidates } from '../../advise/candidates.js';
import { runJob } from '../../advise/advise.js';
import { applyEdits } from '../../advise/patch-catalog.js';
import { difference, measure, sample } from '../../advise/evaluate.js';
import { editServices } from '../../advise/lookup.js';
import { DEFAULT_EFFORT, type Candidate, type EffortLevel, type Measure } from '../../advise/model.js';
import { formatDuration } from '../../catalog/units.js';
import type { ExplorerData } from './data.js';
import { curveOf, type Curve } from './curve.js';
import { DEFAULT_FAIL_MINUTES, failLabel, failTarget, type SimRequest } from './requests.js';

/** The advisor's defaults, as `blast advise` uses them: seed 1, a 10-minute runbook. */
export const ADVICE_SEED = 1;
export const RUNBOOK_MINUTES = 10;
/** At most this many candidates are simulated per service (a hub can have thousands of dependents to soften). */
export const MAX_SIMULATED = 8;

export interface AdvisedCandidate {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly assumption: string | null;
  readonly effort: EffortLevel;
  /** The measure with the change; `benefit` is baseline minus it (positive is better). */
  readonly measure: Measure;
  readonly benefit: Measure;
  /** The recovery of the patched catalog's simulation of the input, at the parameter medians. */
  readonly curve: Curve;
}

export interface ServiceAdvice {
  /** What was simulated, for titles (safe text). */
  readonly label: string;
  readonly baseline: Measure;
  /** The recovery of the input as it is (the timeline the advisor compares against). */
  readonly baselineCurve: Curve;
  /** Candidates that save service-hours, best first. */
  readonly ranked: readonly AdvisedCandidate[];
  /** Candidates about the service that were simulated and saved nothing. */
  readonly worthless: number;
  /** Candidates about the service left unsimulated (beyond MAX_SIMULATED). */
  readonly skipped: number;
}

/** What the advisor runs over: the request on the timeline, or the service failing for 30 minutes. */
export function adviceInput(data: ExplorerData, row: number, current: SimRequest | null): { request: SimRequest; input: ScenarioInput; label: string } {
  if (current?.kind === 'scenario') {
    const sc = data.scenarios[current.index]!;
    return { request: current, input: { scenario: data.catalog.scenarios.get(sc.rawId)! }, label: sc.name };
  }
  const req: SimRequest = current ?? { kind: 'fail', row, forMinutes: DEFAULT_FAIL_MINUTES };
  const r = data.rows[req.row]!;
  return { request: req, input: { fail: [failTarget(r.rawId, req.cell)], forMinutes: req.forMinutes }, label: failLabel(r.id, req.forMinutes, req.cell) };
}

/** The order of `blast advise`: service-hours saved, then P50 of full recovery gained, then id. */
const byBenefit = (a: AdvisedCandidate, b: AdvisedCandidate): number =>
  b.benefit.serviceHours - a.benefit.serviceHours || b.benefit.fullP50 - a.benefit.fullP50 || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Each service's place in the explorer's ranking, by row (catalog order); 0 while unranked. */
export const ranksOf = (data: ExplorerData): Uint32Array => Uint32Array.from(data.rows, (r) => r.rank);

/**
 * The candidates about `service`, those that change the service itself first, then those on
 * an edge, by the other end's place in the ranking (`rank`, by catalog order; the most
 * damaging dependents first).
 */
export function candidatesAbout(catalog: Catalog, rank: ArrayLike<number>, candidates: readonly Candidate[], service: string): Candidate[] {
  const about = candidates.filter((c) => c.edits.some((e) => editServices(e).includes(service)));
  const n = catalog.services.size;
  let index: Map<string, number> | null = null;
  const rankOf = (id: string): number => {
    index ??= new Map([...catalog.services.keys()].map((k, i) => [k, i]));
    const i = index.get(id);
    return (i === undefined ? 0 : rank[i]) || n + 1;
  };
  const other = (c: Candidate): number => {
    const ids = c.edits.flatMap(editServices).filter((id) => id !== service);
    return ids.length === 0 ? 0 : Math.min(...ids.map(rankOf));
  };
  return about.map((c, k) => ({ c, k, o: other(c) })).sort((x, y) => x.o - y.o || x.k - y.k).map((x) => x.c);
}

export interface AdviceProgress {
  (done: number, total: number): void;
}

/** What the advisor will simulate for a service: the candidates chosen, and the run without them. */
export interface AdvicePlan {
  readonly baselineCurve: Curve;
  /** The candidates to simulate, in order (at most MAX_SIMULATED). */
  readonly chosen: readonly Candidate[];
  /** Candidates about the service left unsimulated. */
  readonly skipped: number;
}

/** Step 1: simulates the input as it is, and chooses the candidates about `service` to simulate. */
export function planAdvice(catalog: Catalog, rank: ArrayLike<number>, service: string, input: ScenarioInput): AdvicePlan {
  const baselineResult = simulate(prepareSimulation(catalog), input);
  const all = generateCandidates(catalog, [baselineResult], { runbookMinutes: RUNBOOK_MINUTES });
  const usable = candidatesAbout(catalog, rank, all, service).filter((c) => !('reason' in applyEdits(catalog, c.edits)));
  const chosen = usable.slice(0, MAX_SIMULATED);
  return { baselineCurve: curveOf(baselineResult), chosen, skipped: usable.length - chosen.length };
}

/** Step 2: the measure of the input as it is, as `blast advise` takes it (seed 1, medians). */
export const baselineMeasure = (catalog: Catalog, input: ScenarioInput): Measure => measure(sample(catalog, [input], 0, ADVICE_SEED, new Set(catalog.services.keys())));

/** What simulating one candidate gives: its measure and its recovery; null when its edits do not apply. */
export interface CandidateRun {
  readonly measure: Measure;
  readonly curve: Curve;
}

/** Step 3, once per chosen candidate: the patched catalog measured and simulated over the input. */
export function runCandidate(catalog: Catalog, input: ScenarioInput, c: Candidate): CandidateRun | null {
  const s = runJob(catalog, [input], ADVICE_SEED, { edits: c.edits, trials: 0 });
  const patched = applyEdits(catalog, c.edits);
  if (!s || !('catalog' in patched)) return null;
  return { measure: measure(s), curve: curveOf(simulate(prepareSimulation(patched.catalog), input)) };
}

/** Step 4: the candidates that save service-hours, best first. */
export function rankAdvice(label: string, plan: AdvicePlan, baseline: Measure, runs: ReadonlyArray<CandidateRun | null>): ServiceAdvice {
  const evaluated: AdvisedCandidate[] = [];
  plan.chosen.forEach((c, k) => {
    const run = runs[k];
    if (!run) return;
    evaluated.push({ id: c.id, title: c.title, description: c.description, assumption: c.assumption ?? null, effort: DEFAULT_EFFORT[c.kind], measure: run.measure, benefit: difference(baseline, run.measure), curve: run.curve });
  });
  const ranked = evaluated.filter((e) => e.benefit.serviceHours > 0).sort(byBenefit);
  return { label, baseline, baselineCurve: plan.baselineCurve, ranked, worthless: evaluated.length - ranked.length, skipped: plan.skipped };
}

/** Simulations the advice for a plan takes after planning: the baseline and each chosen candidate. */
export const simulationsOf = (plan: AdvicePlan): number => 1 + plan.chosen.length;

/** The advisor's top candidates for the service at `row` over `input`, in this thread (see the file header). */
export async function adviseService(
  data: ExplorerData,
  row: number,
  input: ScenarioInput,
  label: string,
  hooks: { readonly onProgress?: AdviceProgress; readonly pause?: () => Promise<void> } = {},
): Promise<ServiceAdvice> {
  const { catalog } = data;
  const plan = planAdvice(catalog, ranksOf(data), data.rows[row]!.rawId, input);
  const total = simulationsOf(plan);
  hooks.onProgress?.(0, total);
  await hooks.pause?.();
  const baseline = baselineMeasure(catalog, input);
  hooks.onProgress?.(1, total);
  const runs: Array<CandidateRun | null> = [];
  for (const [k, c] of plan.chosen.entries()) {
    await hooks.pause?.();
    runs.push(runCandidate(catalog, input, c));
    hooks.onProgress?.(2 + k, total);
  }
  return rankAdvice(label, plan, baseline, runs);
}

/** Minutes as the explorer writes them, "never" for a recovery that does not come. */
export const minutesOrNever = (m: number): string => (Number.isFinite(m) ? formatDuration(m) : 'never');
