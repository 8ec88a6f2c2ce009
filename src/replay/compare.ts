/**
 * Observed vs simulated: one row per milestone (error in minutes and percent, within
 * tolerance, bound respected), the order check, the affected services, and the
 * headline score. Pure: the simulated times come in as numbers.
 */
import type { Observation, Scenario } from '../catalog/model.js';
import { isSimulated } from './milestones.js';

/** Default tolerance: max(20 min, 25 % of the observed time). */
export const TOLERANCE_MINUTES = 20;
export const TOLERANCE_FRACTION = 0.25;

export const toleranceOf = (o: Observation): number => o.tolerance ?? Math.max(TOLERANCE_MINUTES, TOLERANCE_FRACTION * o.at);

/** The label shown for a milestone: its own, or "<service> <event>". */
export function labelOf(o: Observation): string {
  if (o.label) return o.label;
  const what = o.event === 'capacity' ? `at ${Math.round((o.fraction ?? 1) * 100)} % capacity` : o.event;
  if (o.service === 'all') return o.event === 'recovered' ? 'all recovered (time to full recovery)' : o.event === 'impact' ? 'first impact' : o.event === 'down' ? 'first service down' : `all ${what}`;
  return `${o.service} ${what}`;
}

export type RowStatus = 'within' | 'outside' | 'never-happened' | 'never-recovered' | 'not-simulated';

export interface ReplayRow {
  readonly index: number;
  readonly label: string;
  readonly service: string;
  readonly event: Observation['event'];
  readonly fraction: number | null;
  readonly bound: 'upper' | 'lower' | null;
  readonly source: string;
  /** Observed minute. */
  readonly observed: number;
  /** Simulated minute; null when it never happened, never recovered, or is not simulated (see status). */
  readonly simulated: number | null;
  /** Simulated minus observed; null without a simulated time. */
  readonly error: number | null;
  /** Error as a percentage of the observed time; null at minute 0 or without a simulated time. */
  readonly errorPercent: number | null;
  readonly tolerance: number;
  readonly within: boolean;
  /** For a bound: whether the simulated time is on its side; null without a bound. */
  readonly boundRespected: boolean | null;
  readonly status: RowStatus;
  /** Monte Carlo percentiles of the simulated time, when trials were run (null entries: never, in at least that share of trials). */
  readonly distribution?: { readonly p10: number | null; readonly p50: number | null; readonly p90: number | null };
}

export interface OrderPair {
  /** Labels: `first` was observed before `second`. */
  readonly first: string;
  readonly second: string;
  readonly observed: readonly [number, number];
  readonly simulated: readonly [number | null, number | null];
}

export interface AffectedComparison {
  /** True when the scenario lists `affected:`; otherwise only the observations name services. */
  readonly listed: boolean;
  readonly named: readonly string[];
  readonly both: readonly string[];
  /** Named by the sources, not affected in the simulation. */
  readonly missed: readonly string[];
  /** Affected in the simulation, not named by the sources. */
  readonly extra: readonly string[];
  readonly simulatedCount: number;
}

export interface ReplayScore {
  readonly within: number;
  /** Milestones this engine simulates (the denominator of the score). */
  readonly scored: number;
  readonly total: number;
  readonly notSimulated: number;
  readonly boundsBroken: number;
  /** The `all recovered` milestone, when observed. */
  readonly fullRecovery: { readonly observed: number; readonly simulated: number | null; readonly error: number | null; readonly errorPercent: number | null } | null;
  readonly reversedPairs: number;
  readonly tiedPairs: number;
}

export interface ReplayResult {
  readonly scenario: string;
  readonly scenarioName: string | null;
  readonly start: string | null;
  readonly rows: readonly ReplayRow[];
  readonly order: { readonly reversed: readonly OrderPair[]; readonly tied: readonly OrderPair[] };
  readonly affected: AffectedComparison;
  readonly score: ReplayScore;
  /** With Monte Carlo trials: how many, the seed, and the score of each milestone's P50 (judged as the point estimate is). */
  readonly trials?: { readonly count: number; readonly seed: number; readonly p50?: ReplayScore };
}

/** One row from an observation and its simulated time (NaN: never happened or not simulated; Infinity: never recovered). */
export function compareMilestone(o: Observation, index: number, sim: number): ReplayRow {
  const tolerance = toleranceOf(o);
  const base = {
    index, label: labelOf(o), service: o.service, event: o.event, fraction: o.fraction ?? null, bound: o.bound ?? null,
    source: o.source, observed: o.at, tolerance,
  };
  if (!isSimulated(o)) return { ...base, simulated: null, error: null, errorPercent: null, within: false, boundRespected: null, status: 'not-simulated' };
  if (Number.isNaN(sim)) return { ...base, simulated: null, error: null, errorPercent: null, within: false, boundRespected: o.bound === 'upper' ? false : o.bound === 'lower' ? true : null, status: 'never-happened' };
  if (!Number.isFinite(sim)) return { ...base, simulated: null, error: null, errorPercent: null, within: o.bound === 'lower', boundRespected: o.bound === 'lower' ? true : o.bound === 'upper' ? false : null, status: o.bound === 'lower' ? 'within' : 'never-recovered' };
  const error = sim - o.at;
  // A bound is broken only on its own side; the tolerance is the slack allowed there.
  const violation = o.bound === 'upper' ? Math.max(0, error) : o.bound === 'lower' ? Math.max(0, -error) : Math.abs(error);
  const within = violation <= tolerance;
  return {
    ...base,
    simulated: sim,
    error,
    errorPercent: o.at > 0 ? (error / o.at) * 100 : null,
    within,
    boundRespected: o.bound ? violation === 0 : null,
    status: within ? 'within' : 'outside',
  };
}

/** The time of a row for ordering: never recovered sorts last; never happened has none. */
const orderTime = (r: ReplayRow): number | null => (r.simulated !== null ? r.simulated : r.status === 'never-recovered' ? Infinity : null);

/**
 * Pairs of exact (unbounded) milestones whose observed order the simulation reverses
 * or ties. Milestones observed at the same minute impose no order.
 */
export function orderCheck(rows: readonly ReplayRow[]): { reversed: OrderPair[]; tied: OrderPair[] } {
  const exact = rows.filter((r) => r.bound === null && orderTime(r) !== null).sort((a, b) => a.observed - b.observed || a.index - b.index);
  const reversed: OrderPair[] = [];
  const tied: OrderPair[] = [];
  for (let i = 0; i < exact.length; i++) {
    for (let j = i + 1; j < exact.length; j++) {
      const a = exact[i]!;
      const b = exact[j]!;
      if (a.observed === b.observed) continue;
      const ta = orderTime(a)!;
      const tb = orderTime(b)!;
      const pair: OrderPair = { first: a.label, second: b.label, observed: [a.observed, b.observed], simulated: [a.simulated, b.simulated] };
      if (ta > tb) reversed.push(pair);
      else if (ta === tb || Math.abs(ta - tb) < 1e-6) tied.push(pair);
    }
  }
  return { reversed, tied };
}

/** Services the sources name (the `affected:` list, then the services of observations) against those the simulation affects. */
export function compareAffected(scenario: Scenario, simulatedAffected: readonly string[]): AffectedComparison {
  const named: string[] = [];
  const seen = new Set<string>();
  for (const id of [...(scenario.affected ?? []).map((a) => a.service), ...(scenario.observed ?? []).map((o) => o.service)]) {
    if (id !== 'all' && !seen.has(id)) {
      seen.add(id);
      named.push(id);
    }
  }
  const sim = new Set(simulatedAffected);
  return {
    listed: scenario.affected !== undefined,
    named,
    both: named.filter((id) => sim.has(id)),
    missed: named.filter((id) => !sim.has(id)),
    extra: simulatedAffected.filter((id) => !seen.has(id)),
    simulatedCount: simulatedAffected.length,
  };
}

/**
 * The replay of a scenario: `times[k]` is the simulated minute of observation k (see
 * milestoneTimes), `simulatedAffected` the ids of services the simulation affects.
 */
export function replay(scenario: Scenario, times: ArrayLike<number>, simulatedAffected: readonly string[]): ReplayResult {
  const observed = scenario.observed ?? [];
  const rows = observed.map((o, k) => compareMilestone(o, k, times[k]!));
  const order = orderCheck(rows);
  const scoredRows = rows.filter((r) => r.status !== 'not-simulated');
  const full = rows.find((r) => r.service === 'all' && r.event === 'recovered' && r.bound === null);
  return {
    scenario: scenario.id,
    scenarioName: scenario.name ?? null,
    start: scenario.start ?? null,
    rows,
    order,
    affected: compareAffected(scenario, simulatedAffected),
    score: {
      within: scoredRows.filter((r) => r.within).length,
      scored: scoredRows.length,
      total: rows.length,
      notSimulated: rows.length - scoredRows.length,
      boundsBroken: rows.filter((r) => r.boundRespected === false).length,
      fullRecovery: full ? { observed: full.observed, simulated: full.simulated, error: full.error, errorPercent: full.errorPercent } : null,
      reversedPairs: order.reversed.length,
      tiedPairs: order.tied.length,
    },
  };
}
