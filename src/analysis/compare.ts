/**
 * Two simulations side by side: A (the baseline: the first scenario, or the other catalog)
 * and B. Time to full recovery, affected services, service-hours of impairment, and per
 * service the change in when its impact started and when it recovered, largest change
 * first. Changes are B − A: negative is better (earlier recovery, fewer hours).
 *
 * Service-hours are the impaired minutes of every service (the failed ones included) over
 * 60; a service that never recovers makes them infinite (null in JSON), as it makes the
 * time to full recovery.
 */
import type { ServiceResult, SimulationResult, StateName } from '../engine/result.js';
import type { PairedMonteCarlo } from './compare-trials.js';

/** One side of the comparison as the reader names it. */
export interface CompareSide {
  /** How the side is named in output: a scenario id, a catalog path, a git revision. */
  readonly label: string;
  readonly result: SimulationResult;
}

export interface SideSummary {
  readonly label: string;
  readonly scenario: string;
  readonly scenarioName: string | null;
  /** null: something never recovers. */
  readonly fullRecoveryMinutes: number | null;
  readonly affected: number;
  readonly servicesTotal: number;
  /** Infinity (null in JSON) when a service never recovers. */
  readonly serviceHours: number;
}

/** A service's outcome on one side; null when the service is not in that side's catalog. */
export interface ServiceSide {
  readonly worstState: StateName;
  readonly impactMinutes: number | null;
  /** null: not affected, or never recovered (see `recovered`). */
  readonly recoveredMinutes: number | null;
  readonly recovered: boolean;
  readonly impairedMinutes: number;
}

export type ServiceChangeKind = 'changed' | 'unchanged' | 'newly-affected' | 'no-longer-affected' | 'only-in-a' | 'only-in-b';

export interface ServiceChange {
  readonly id: string;
  readonly name: string;
  readonly kind: ServiceChangeKind;
  readonly a: ServiceSide | null;
  readonly b: ServiceSide | null;
  /** B's impact start − A's, when both were affected. */
  readonly impactChangeMinutes: number | null;
  /**
   * B's recovery − A's, when both were affected: ±Infinity when exactly one side never
   * recovers (null in JSON), null when neither does or one side was not affected.
   */
  readonly recoveryChangeMinutes: number | null;
  /** How far the service moved, for sorting: the larger of the two changes; Infinity when affected on one side only. */
  readonly magnitude: number;
}

export interface Comparison {
  readonly a: SideSummary;
  readonly b: SideSummary;
  readonly change: {
    /** null when either side never fully recovers. */
    readonly fullRecoveryMinutes: number | null;
    readonly affected: number;
    /** null when either side is infinite. */
    readonly serviceHours: number | null;
  };
  /** Services affected on either side, largest change first. */
  readonly services: readonly ServiceChange[];
  readonly monteCarlo?: PairedMonteCarlo;
}

/** Output precision of minutes and hours (the engine's results are rounded to 1/1000 min). */
const round = (x: number): number => Math.round(x * 1000) / 1000;

/** Impaired minutes of all services of a run, in hours. */
export function serviceHoursOf(r: SimulationResult): number {
  let minutes = 0;
  for (const s of r.services) minutes += s.impairedMinutes;
  return Number.isFinite(minutes) ? round(minutes / 60) : Infinity;
}

function summary(side: CompareSide): SideSummary {
  const r = side.result;
  return {
    label: side.label,
    scenario: r.scenario,
    scenarioName: r.scenarioName,
    fullRecoveryMinutes: r.fullRecoveryMinutes,
    affected: r.affected,
    servicesTotal: r.servicesTotal,
    serviceHours: serviceHoursOf(r),
  };
}

function sideOf(s: ServiceResult | undefined): ServiceSide | null {
  if (!s) return null;
  return { worstState: s.worstState, impactMinutes: s.impactStartMinutes, recoveredMinutes: s.recoveredMinutes, recovered: s.recovered, impairedMinutes: s.impairedMinutes };
}

/** A side's recovery time as a number: Infinity when it never recovers. */
const recoveryOf = (s: ServiceSide): number => (s.recovered && s.recoveredMinutes !== null ? s.recoveredMinutes : Infinity);
const affected = (s: ServiceSide | null): s is ServiceSide => s !== null && s.impactMinutes !== null;

function change(id: string, name: string, a: ServiceSide | null, b: ServiceSide | null): ServiceChange {
  if (affected(a) && affected(b)) {
    const impact = round(b.impactMinutes! - a.impactMinutes!);
    const ra = recoveryOf(a);
    const rb = recoveryOf(b);
    const recovery = ra === Infinity && rb === Infinity ? null : ra === Infinity || rb === Infinity ? rb - ra : round(rb - ra);
    const magnitude = Math.max(Math.abs(impact), recovery === null ? 0 : Math.abs(recovery));
    return { id, name, kind: magnitude === 0 ? 'unchanged' : 'changed', a, b, impactChangeMinutes: impact, recoveryChangeMinutes: recovery, magnitude };
  }
  const kind: ServiceChangeKind = a === null ? 'only-in-b' : b === null ? 'only-in-a' : affected(b) ? 'newly-affected' : 'no-longer-affected';
  return { id, name, kind, a, b, impactChangeMinutes: null, recoveryChangeMinutes: null, magnitude: Infinity };
}

/** How long a service was impaired on the side where it was: the tie-break among one-sided changes. */
const impairedEither = (c: ServiceChange): number => Math.max(c.a?.impairedMinutes ?? 0, c.b?.impairedMinutes ?? 0);

/**
 * Compares two runs. Services are matched by id; those affected on neither side are left
 * out. Order: largest change first (one-sided impacts first, longer impairment before
 * shorter), then by id.
 */
export function compareRuns(a: CompareSide, b: CompareSide, monteCarlo?: PairedMonteCarlo): Comparison {
  const inA = new Map(a.result.services.map((s) => [s.id, s]));
  const inB = new Map(b.result.services.map((s) => [s.id, s]));
  const ids = [...new Set([...inA.keys(), ...inB.keys()])];
  const services = ids
    .map((id) => change(id, (inB.get(id) ?? inA.get(id))!.name, sideOf(inA.get(id)), sideOf(inB.get(id))))
    .filter((c) => affected(c.a) || affected(c.b))
    .sort((x, y) => y.magnitude - x.magnitude || impairedEither(y) - impairedEither(x) || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  const sa = summary(a);
  const sb = summary(b);
  const fa = sa.fullRecoveryMinutes;
  const fb = sb.fullRecoveryMinutes;
  return {
    a: sa,
    b: sb,
    change: {
      fullRecoveryMinutes: fa === null || fb === null ? null : round(fb - fa),
      affected: sb.affected - sa.affected,
      serviceHours: Number.isFinite(sa.serviceHours) && Number.isFinite(sb.serviceHours) ? round(sb.serviceHours - sa.serviceHours) : null,
    },
    services,
    ...(monteCarlo ? { monteCarlo } : {}),
  };
}
