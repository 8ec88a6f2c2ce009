/**
 * The advisor (src/advise) for one selected service: the candidate changes about that
 * service, each simulated on the patched catalog over the explorer's current input (the
 * scenario or failure on the timeline, else the service's own failure for 30 minutes), ranked
 * as `blast advise` ranks them (service-hours saved, then P50 of full recovery gained, then
 * id), with parameters at their medians (`blast advise` without --trials). Each candidate also
 * gets its simulated timeline, for the explorer to draw against the current one.
 *
 * The advisor's own functions do the work: candidates (generateCandidates), patches
 * (applyEdits), measures (runJob / sample, measure, difference); only which candidates are
 * about the service (lookup.ts's editServices) and how many are simulated is decided here.
 * Pure apart from the `pause` hook, awaited between simulations so that keys and the
 * progress line are served while it runs.
 */
import type { ScenarioInput, SimulationResult } from '../../engine/index.js';
import { prepareSimulation, simulate } from '../../engine/index.js';
import { generateCandidates } from '../../advise/candidates.js';
import { runJob } from '../../advise/advise.js';
import { applyEdits } from '../../advise/patch-catalog.js';
import { difference, measure, sample } from '../../advise/evaluate.js';
import { editServices } from '../../advise/lookup.js';
import { DEFAULT_EFFORT, type Candidate, type EffortLevel, type Measure } from '../../advise/model.js';
import { formatDuration } from '../../catalog/units.js';
import type { ExplorerData } from './data.js';
import { DEFAULT_FAIL_MINUTES, failLabel, type SimRequest } from './requests.js';

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
  /** The patched catalog's simulation of the input, at the parameter medians. */
  readonly result: SimulationResult;
}

export interface ServiceAdvice {
  /** What was simulated, for titles (safe text). */
  readonly label: string;
  readonly baseline: Measure;
  readonly baselineResult: SimulationResult;
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
  return { request: req, input: { fail: [r.rawId], forMinutes: req.forMinutes }, label: failLabel(r.id, req.forMinutes) };
}

/** The order of `blast advise`: service-hours saved, then P50 of full recovery gained, then id. */
const byBenefit = (a: AdvisedCandidate, b: AdvisedCandidate): number =>
  b.benefit.serviceHours - a.benefit.serviceHours || b.benefit.fullP50 - a.benefit.fullP50 || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The candidates about `service`, those that change the service itself first, then those on
 * an edge, by the other end's place in the ranking (the most damaging dependents first).
 */
export function candidatesAbout(data: ExplorerData, candidates: readonly Candidate[], service: string): Candidate[] {
  const about = candidates.filter((c) => c.edits.some((e) => editServices(e).includes(service)));
  const other = (c: Candidate): number => {
    const ids = c.edits.flatMap(editServices).filter((id) => id !== service);
    if (ids.length === 0) return 0;
    return Math.min(...ids.map((id) => data.rows[data.byId.get(id) ?? -1]?.rank || data.rows.length + 1));
  };
  return about.map((c, k) => ({ c, k, o: other(c) })).sort((x, y) => x.o - y.o || x.k - y.k).map((x) => x.c);
}

export interface AdviceProgress {
  (done: number, total: number): void;
}

/** The advisor's top candidates for the service at `row` over `input` (see the file header). */
export async function adviseService(
  data: ExplorerData,
  row: number,
  input: ScenarioInput,
  label: string,
  hooks: { readonly onProgress?: AdviceProgress; readonly pause?: () => Promise<void> } = {},
): Promise<ServiceAdvice> {
  const { catalog } = data;
  const service = data.rows[row]!.rawId;
  const baselineResult = simulate(prepareSimulation(catalog), input);
  const all = generateCandidates(catalog, [baselineResult], { runbookMinutes: RUNBOOK_MINUTES });
  const usable = candidatesAbout(data, all, service).filter((c) => !('reason' in applyEdits(catalog, c.edits)));
  const chosen = usable.slice(0, MAX_SIMULATED);
  const total = 1 + chosen.length;
  hooks.onProgress?.(0, total);
  await hooks.pause?.();
  const counted = new Set(catalog.services.keys());
  const baseline = measure(sample(catalog, [input], 0, ADVICE_SEED, counted));
  hooks.onProgress?.(1, total);
  const evaluated: AdvisedCandidate[] = [];
  for (const [k, c] of chosen.entries()) {
    await hooks.pause?.();
    const s = runJob(catalog, [input], ADVICE_SEED, { edits: c.edits, trials: 0 });
    const patched = applyEdits(catalog, c.edits);
    if (s && 'catalog' in patched) {
      const m = measure(s);
      evaluated.push({
        id: c.id,
        title: c.title,
        description: c.description,
        assumption: c.assumption ?? null,
        effort: DEFAULT_EFFORT[c.kind],
        measure: m,
        benefit: difference(baseline, m),
        result: simulate(prepareSimulation(patched.catalog), input),
      });
    }
    hooks.onProgress?.(2 + k, total);
  }
  const ranked = evaluated.filter((e) => e.benefit.serviceHours > 0).sort(byBenefit);
  return { label, baseline, baselineResult, ranked, worthless: evaluated.length - ranked.length, skipped: usable.length - chosen.length };
}

/** Minutes as the explorer writes them, "never" for a recovery that does not come. */
export const minutesOrNever = (m: number): string => (Number.isFinite(m) ? formatDuration(m) : 'never');
