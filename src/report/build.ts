/**
 * The whole `blast report` pipeline as one pure function: simulate the scenario (point
 * estimate), optionally run Monte Carlo, review the catalog for SPOFs and shared fate of
 * the affected services, and render the markdown.
 */
import type { Catalog, Scenario } from '../catalog/model.js';
import { buildModel, monteCarlo, prepareSimulation, simulate, type Prepared, type ScenarioInput } from '../engine/index.js';
import { reviewCatalog } from '../analysis/index.js';
import { reportContext } from './context.js';
import { reportFindings } from './findings.js';
import { renderReport } from './markdown/report.js';
import type { ReportAdvice, ReportInput, ReportOptions } from './markdown/input.js';
import { milestoneTrials, replayScenario, withDistributions } from '../replay/run.js';
import { milestoneSpecs } from '../replay/milestones.js';
import type { ReplayResult } from '../replay/compare.js';

export interface ImpactReportOptions {
  /** Monte Carlo trials; 0 or absent for the point estimate only. */
  readonly trials?: number;
  readonly seed?: number;
  readonly render?: Partial<ReportOptions>;
  /** A prepared catalog to reuse (for several scenarios of one catalog). */
  readonly prepared?: Prepared;
  /** The advisor's candidates for this scenario: adds the "What would help most" section. */
  readonly advice?: ReportAdvice;
}

/** The markdown impact report of `input` on `catalog`. Same arguments, same bytes. */
export function impactReport(catalog: Catalog, input: ScenarioInput, opts: ImpactReportOptions = {}): string {
  return renderReport(impactReportInput(catalog, input, opts), opts.render);
}

/** What the impact report of `input` on `catalog` shows, before rendering (`report --json` writes it). */
export function impactReportInput(catalog: Catalog, input: ScenarioInput, opts: ImpactReportOptions = {}): ReportInput {
  const prep = opts.prepared ?? prepareSimulation(catalog);
  const result = simulate(prep, input);
  const model = buildModel(prep, input);
  const mc = opts.trials ? monteCarlo(model, opts.trials, opts.seed ?? 1) : undefined;
  // single points of failure and shared fate, for the affected services only (no cut sets)
  const affected = result.services.filter((s) => s.impactStartMinutes !== null).map((s) => s.id);
  const review = reviewCatalog(catalog, { targets: affected, maxOrder: 1, cellLoss: false }, prep.graph);
  const findings = reportFindings(review.findings, new Set(affected));
  const observed = 'scenario' in input && input.scenario.observed?.length ? observedReplay(catalog, input.scenario, opts.trials ?? 0, opts.seed ?? 1) : undefined;
  return { result, context: reportContext(catalog, model, result), monteCarlo: mc, findings, replay: observed, ...(opts.advice ? { advice: opts.advice } : {}) };
}

/**
 * The replay of a scenario with observed milestones; with trials, also each milestone's P10/P50/P90
 * and the score of the P50s, the same trials as `blast replay --trials N --seed S` draws.
 */
function observedReplay(catalog: Catalog, scenario: Scenario, trials: number, seed: number): ReplayResult {
  const { result, model } = replayScenario(catalog, scenario);
  if (trials <= 0) return result;
  return withDistributions(result, milestoneTrials(model, milestoneSpecs(model, scenario.observed!), seed, 0, trials), trials, seed, scenario);
}
