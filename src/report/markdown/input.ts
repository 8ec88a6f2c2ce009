/** The inputs and options every section renderer of a markdown report shares. */
import type { MonteCarloResult, ServiceResult, SimulationResult } from '../../engine/index.js';
import type { ReportContext } from '../context.js';
import type { TimeFormat } from './time.js';
import type { ReplayResult } from '../../replay/compare.js';
import type { Advice } from '../../advise/model.js';

type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';

/**
 * An architecture finding that touches the affected services: a single point of failure
 * (one service whose failure alone takes the targets down), or shared fate (a redundancy
 * group that one failure defeats). Ids only; the renderer names them.
 */
export type ReportFinding =
  | {
      readonly kind: 'spof';
      readonly severity: Severity;
      readonly cause: string;
      /** Affected services the cause takes down alone. */
      readonly targets: readonly string[];
    }
  | {
      readonly kind: 'shared-fate';
      readonly severity: Severity;
      /** The service the redundancy group belongs to. */
      readonly owner: string;
      readonly atLeast: number;
      readonly members: readonly string[];
      /** The single failure that defeats the group. */
      readonly cause: string;
      readonly lost: readonly string[];
      readonly remedy: string;
    };

export interface ReportInput {
  readonly result: SimulationResult;
  readonly context: ReportContext;
  readonly monteCarlo?: MonteCarloResult | undefined;
  /** Analysis findings; absent when the analyses were not run. */
  readonly findings?: readonly ReportFinding[] | undefined;
  /** The scenario's simulation against its observed milestones, when it has some. */
  readonly replay?: ReplayResult | undefined;
  /** The advisor's candidates for this scenario (`blast report --advise`); absent without it. */
  readonly advice?: ReportAdvice | undefined;
}

/** A candidate's YAML patch, or why it cannot be written in place. */
export type ReportPatch = { readonly rank: number; readonly diff: string } | { readonly rank: number; readonly error: string };

/** What the "What would help most" section shows: the advice on this scenario alone. */
export interface ReportAdvice {
  readonly advice: Advice;
  /** Candidates listed (those that save something, best first). */
  readonly rows: number;
  /** The YAML patches of the top candidates (ranks from 1). */
  readonly patches: readonly ReportPatch[];
}

export interface ReportOptions {
  /** Services shown as bars in the gantt chart (the rest are counted). */
  readonly ganttTop: number;
  /** Most nodes in the cascade flowchart. */
  readonly flowchartMax: number;
  /** Most samples on the recovery curve. */
  readonly curvePoints: number;
  /** Services listed as the longest impaired in the summary. */
  readonly summaryTop: number;
  /** Sensitivities listed from a Monte Carlo run. */
  readonly sensitivityTop: number;
}

export const DEFAULT_REPORT_OPTIONS: ReportOptions = {
  ganttTop: 25,
  flowchartMax: 40,
  curvePoints: 60,
  summaryTop: 5,
  sensitivityTop: 5,
};

/** What section renderers get: the input, the options and shared derived values. */
export interface SectionInput extends ReportInput {
  readonly options: ReportOptions;
  readonly time: TimeFormat;
  /** Affected services (impact start not null), in catalog order. */
  readonly affected: readonly ServiceResult[];
  /** The last minute at which anything changed (a state, an action, a fault). */
  readonly lastChange: number;
  /**
   * Where time axes end: the last change, or a little after it when something never
   * recovers (so its bar visibly runs on).
   */
  readonly drawEnd: number;
  readonly byId: ReadonlyMap<string, ServiceResult>;
}

/** Sort helper: ascending, nulls (never) last. */
export const nullsLast = (a: number | null, b: number | null): number =>
  a === b ? 0 : a === null ? 1 : b === null ? -1 : cmp(a, b);

/** Numeric order that also orders infinities (no NaN from Infinity - Infinity). */
export const cmp = (a: number, b: number): number => (a < b ? -1 : a > b ? 1 : 0);

/** Deterministic string order (code units, not locale). */
export const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Affected services by recovery (never last), then impact start, then id. */
export function byRecovery(a: ServiceResult, b: ServiceResult): number {
  return nullsLast(a.recovered ? a.recoveredMinutes : null, b.recovered ? b.recoveredMinutes : null) || nullsLast(a.impactStartMinutes, b.impactStartMinutes) || byString(a.id, b.id);
}

/** Affected services by impaired minutes, longest first, then latest recovery, then id. */
export function byImpaired(a: ServiceResult, b: ServiceResult): number {
  return cmp(b.impairedMinutes, a.impairedMinutes) || -nullsLast(a.recovered ? a.recoveredMinutes : null, b.recovered ? b.recoveredMinutes : null) || byString(a.id, b.id);
}

/** The service a cause names: `storage` for a cell `storage@use1-az1` (charts draw a cell as its service). */
export const serviceOf = (id: string): string => {
  const k = id.indexOf('@');
  return k < 0 ? id : id.slice(0, k);
};

/** A fault as a milestone on a time axis: "X fails", or "load fault on X" for one that is not an outage. */
export const faultMilestone = (f: { readonly name: string; readonly capacity: number | null; readonly demand: number | null }): string =>
  f.capacity === null && f.demand === null ? `${f.name} fails` : `load fault on ${f.name}`;
