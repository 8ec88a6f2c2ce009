/**
 * Are the priors' ranges honest? For each incident of the library, the scenario as written is
 * run as Monte Carlo trials (every distribution sampled, free parameters over their ranges,
 * seeded as `blast simulate --trials`), and each observed milestone is placed against the
 * P10–P90 of its simulated times: inside, later than the P90 (the model is too quick), or
 * earlier than the P10 (too slow). An 80 % interval that is calibrated holds about 80 % of what
 * happened. Milestones whose simulated time does not vary (set by a published action time, or
 * by nothing uncertain) have no interval: they are counted apart, and judged by the tolerance
 * of the main table only. Bounds (`bound: upper|lower`) and milestones this engine does not
 * simulate are left out. Pure and deterministic.
 */
import { buildModel, prepare } from '../engine/model.js';
import { percentile } from '../engine/monte-carlo.js';
import { mdText } from '../report/markdown/escape.js';
import type { LibraryEntry } from './library.js';
import { milestoneSpecs } from './milestones.js';
import { medianTime, milestoneTrials } from './run.js';
import { replay, type ReplayScore } from './compare.js';
import { medianRecovery, recoveryText, withinText } from './library.js';

/** Trials per incident and their seed: the table of docs/incidents.md. */
export const COVERAGE_TRIALS = 500;
export const COVERAGE_SEED = 1;

export interface CoverageRow {
  readonly path: string;
  readonly scenario: string;
  readonly name: string;
  /** True when the scenario lists `fitted:` parameters (its intervals are no prediction). */
  readonly calibrated: boolean;
  /** Exact (not bound) milestones whose kind the engine simulates. */
  readonly milestones: number;
  /** Of those, milestones whose P10 and P90 differ. */
  readonly withSpread: number;
  /** Of those, observed within [P10, P90]. */
  readonly inside: number;
  /** Observed after the P90: the model is quicker than what happened. */
  readonly later: number;
  /** Observed before the P10: the model is slower than what happened. */
  readonly earlier: number;
  /** (P90 − P10) / observed minute of each milestone with a range and an observed minute above 0: how wide the ranges are. */
  readonly widths: readonly number[];
  /**
   * The replay score of the trials' medians (P50 of each milestone's simulated times, bounds
   * included), judged as the point estimate is: the prediction a user reading `--trials` gets.
   * A run at every parameter's median is not the median run (durations add, waits take the
   * latest of several, and the priors are skewed), so the two can differ.
   */
  readonly p50: ReplayScore;
  readonly trials: number;
}

/** Counts what [P10, P90] of `trials` runs say about each exact milestone of `e`. */
export function coverageRow(e: LibraryEntry, trials = COVERAGE_TRIALS, seed = COVERAGE_SEED): CoverageRow {
  const model = buildModel(prepare(e.catalog), { scenario: e.scenario });
  const observed = e.scenario.observed ?? [];
  const specs = milestoneSpecs(model, observed);
  const m = specs.length;
  const times = milestoneTrials(model, specs, seed, 0, trials);
  let milestones = 0;
  let withSpread = 0;
  let inside = 0;
  let later = 0;
  let earlier = 0;
  const widths: number[] = [];
  const xs = new Float64Array(trials);
  const p50 = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    const o = observed[k]!;
    for (let t = 0; t < trials; t++) {
      const x = times[t * m + k]!;
      xs[t] = Number.isNaN(x) ? Infinity : x; // never happened: later than any time
    }
    xs.sort();
    p50[k] = medianTime(xs, times, m, k, trials);
    if (o.bound || specs[k]!.event === 'unsupported') continue;
    milestones++;
    const p10 = percentile(xs, 0.1);
    const p90 = percentile(xs, 0.9);
    if (!(p90 > p10)) continue;
    withSpread++;
    if (o.at > 0) widths.push(p90 === Infinity ? Infinity : (p90 - p10) / o.at);
    if (o.at > p90) later++;
    else if (o.at < p10) earlier++;
    else inside++;
  }
  return { path: e.path, scenario: e.scenario.id, name: e.scenario.name ?? e.scenario.id, calibrated: (e.scenario.fitted?.length ?? 0) > 0, milestones, withSpread, inside, later, earlier, widths, p50: replay(e.scenario, p50, []).score, trials };
}

const pct = (n: number, d: number): string => (d === 0 ? '–' : `${Math.round((100 * n) / d)} %`);

/** Median of the relative widths, as a percentage ("–" without any; "∞" when P90 is never). */
function medianWidth(widths: readonly number[]): string {
  if (widths.length === 0) return '–';
  const xs = [...widths].sort((a, b) => a - b);
  const m = xs.length % 2 ? xs[(xs.length - 1) / 2]! : (xs[xs.length / 2 - 1]! + xs[xs.length / 2]!) / 2;
  return Number.isFinite(m) ? `${Math.round(100 * m)} %` : '∞';
}

/** The coverage table as docs/incidents.md embeds it (a test compares it with a fresh run). */
export function coverageTable(rows: readonly CoverageRow[]): string {
  const open = rows.filter((r) => !r.calibrated);
  const sum = (f: (r: CoverageRow) => number): number => open.reduce((a, r) => a + f(r), 0);
  const line = (name: string, r: Pick<CoverageRow, 'milestones' | 'withSpread' | 'inside' | 'later' | 'earlier' | 'widths'>, p50: string, p50Recovery: string): string =>
    `| ${name} | ${r.milestones} | ${r.withSpread} | ${r.inside} (${pct(r.inside, r.withSpread)}) | ${r.later} | ${r.earlier} | ${medianWidth(r.widths)} | ${p50} | ${p50Recovery} |`;
  return [
    `| incident | exact milestones simulated | with a P10–P90 range | observed inside it | observed later than P90 | observed earlier than P10 | median width (P90 − P10) / observed | P50 of the trials: within | full recovery error at P50 |`,
    '|---|:-:|:-:|:-:|:-:|:-:|:-:|:-:|---:|',
    ...rows.map((r) => line(`${mdText(r.name)} (\`${r.scenario}\`)${r.calibrated ? ' (calibrated, not counted)' : ''}`, r, withinText(r.p50), recoveryText(r.p50))),
    line(`**all ${open.length} incidents not calibrated** (${rows[0]?.trials ?? COVERAGE_TRIALS} trials each, seed ${COVERAGE_SEED})`, {
      milestones: sum((r) => r.milestones),
      withSpread: sum((r) => r.withSpread),
      inside: sum((r) => r.inside),
      later: sum((r) => r.later),
      earlier: sum((r) => r.earlier),
      widths: open.flatMap((r) => r.widths),
    }, `**${sum((r) => r.p50.within)}/${sum((r) => r.p50.scored)}**`, medianRecovery(open.map((r) => r.p50))),
  ].join('\n');
}
