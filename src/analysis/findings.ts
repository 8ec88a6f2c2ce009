/**
 * What the architecture-review analyses report: findings with a kind, a severity, a stable
 * fingerprint (kind + service ids, never positions, so it survives edits elsewhere in the
 * catalog), the catalog location that creates the finding, evidence paths and a remedy.
 */
import type { DependencyType, SourcePos } from '../catalog/model.js';

/** Most severe first. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** 0 for critical … 4 for info. */
export const severityRank = (s: Severity): number => SEVERITIES.indexOf(s);
/** True when `s` is at least as severe as `threshold`. */
export const atLeastAsSevere = (s: Severity, threshold: Severity): boolean => severityRank(s) <= severityRank(threshold);
export const isSeverity = (s: string): s is Severity => (SEVERITIES as readonly string[]).includes(s);

export const FINDING_KINDS = ['spof', 'shared-fate', 'cycle', 'tier-inversion', 'cut-set', 'cell-loss'] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

/** Display titles of the finding kinds (also the SARIF rule names). */
export const KIND_TITLES: Readonly<Record<FindingKind, string>> = {
  spof: 'Single point of failure',
  'shared-fate': 'Shared fate (false redundancy)',
  cycle: 'Hard-dependency cycle (cold-start deadlock)',
  'tier-inversion': 'Tier inversion',
  'cut-set': 'Minimal cut set',
  'cell-loss': 'Cell loss (zone or region lost)',
};

/** How one step of a dependency path is taken: the requirement of the previous service. */
export interface Via {
  readonly type: DependencyType;
  readonly failOn: 'down' | 'degraded';
  /** For a redundancy group: its quorum, size, and the members lost in this failure. */
  readonly group?: { readonly atLeast: number; readonly size: number; readonly lost: readonly string[] };
  /** Where the dependency names this service. */
  readonly pos: SourcePos;
}

export interface PathStep {
  readonly id: string;
  readonly name: string;
  readonly tier: number;
  /** How the previous step depends on this one (absent on the first step). */
  readonly via?: Via;
}

export interface RelatedLocation {
  readonly pos: SourcePos;
  readonly message: string;
}

interface FindingBase {
  readonly severity: Severity;
  /** Stable id: kind and service ids; the key for baselines and diffs. */
  readonly fingerprint: string;
  /** One line, plain text. */
  readonly title: string;
  /** Where in the catalog the finding is created. */
  readonly location: SourcePos;
  readonly related: readonly RelatedLocation[];
  /** Dependency paths that show the finding, each from a dependent to what it depends on. */
  readonly evidence: ReadonlyArray<readonly PathStep[]>;
  readonly remedy: string;
  /**
   * Set when a baseline, or the base catalog of a diff, had this finding (same fingerprint) at
   * a lower severity: it is reported again because it became more severe.
   */
  readonly escalatedFrom?: Severity;
}

/**
 * One per failing service: the critical services (targets) its failure alone takes down.
 * Evidence: one path each for the most critical few; `explainSpof` gives every target's.
 */
export interface SpofFinding extends FindingBase {
  readonly kind: 'spof';
  readonly cause: string;
  /** Every target it takes down, most critical first (tier, then id). */
  readonly targets: readonly string[];
  /** How many of them are of tier 0, 1, 2 and 3. */
  readonly tierCounts: readonly number[];
  /** A failing service with cells: how many; the finding is about losing all of them at once. */
  readonly cells?: number;
}
export interface SharedFateFinding extends FindingBase {
  readonly kind: 'shared-fate';
  /** The service the redundancy group belongs to. */
  readonly owner: string;
  readonly group: { readonly atLeast: number; readonly members: readonly string[] };
  /** The single failure that defeats the group losing the most members (the evidence is for it). */
  readonly cause: string;
  /** Every single failure that defeats the group: `cause` first, then in catalog order. */
  readonly causes: readonly string[];
  /** The members each of `causes` takes from the group, in the same order. */
  readonly lostBy: ReadonlyArray<readonly string[]>;
  /** Members lost (down, or not up for failOn: degraded / soft groups) when `cause` fails. */
  readonly lost: readonly string[];
}
/**
 * One per minimal cut set: the critical services (targets) it is a minimal cut set of.
 * Evidence: one path per member from the most critical target; `explainCutSet` gives every
 * target's. Fingerprint `cut-set:<members>` (ids sorted, joined by `+`).
 */
export interface CutSetFinding extends FindingBase {
  readonly kind: 'cut-set';
  /** The failures, sorted; together they take each target down, and no fewer of them do. */
  readonly set: readonly string[];
  /** Every target it takes down so, most critical first (tier, then id). */
  readonly targets: readonly string[];
  /** How many of them are of tier 0, 1, 2 and 3. */
  readonly tierCounts: readonly number[];
}
export interface CycleFinding extends FindingBase {
  readonly kind: 'cycle';
  /** Services of the cycle that cannot cold-start, sorted. */
  readonly services: readonly string[];
  /** One cycle through them, first service repeated at the end. */
  readonly path: readonly string[];
  /** Other services that cannot be up while the cycle is down, sorted. */
  readonly blocked: readonly string[];
}
export interface TierInversionFinding extends FindingBase {
  readonly kind: 'tier-inversion';
  readonly from: string;
  readonly fromTier: number;
  readonly to: string;
  readonly toTier: number;
}

/** One service a cell loss hurts (src/analysis/cell-loss.ts). */
export interface CellLossImpact {
  readonly service: string;
  readonly tier: number;
  readonly state: 'down' | 'degraded';
  /** Lowest fraction of its traffic served; null when degraded without a served fraction. */
  readonly served: number | null;
  /** Minutes of its traffic not served, over the run. */
  readonly unservedMinutes: number | null;
  /**
   * Why: `no-failover` (its lost cells' share fails), `headroom` (failover overloads the
   * surviving cells), `failover-delay` (the share fails until failover moves it),
   * `cell-local` / `dependency` (through `via`), `other`.
   */
  readonly cause: 'no-failover' | 'headroom' | 'failover-delay' | 'cell-local' | 'dependency' | 'other';
  /** The service whose cells are the root cause (itself, or at the end of the dependency chain). */
  readonly root: string;
  /** With `headroom`: load on the surviving cells over their capacity (1.2 = 120 %). */
  readonly load?: number;
  /** With `headroom`: the surviving cells' queues collapsed under the moved traffic. */
  readonly collapse?: true;
  /** With `dependency` / `cell-local`: the dependency it is impaired through. */
  readonly via?: string;
  /** The engine's words for its worst interval. */
  readonly detail: string;
}
/**
 * One per lost cell (or group of cells) that takes a service down or degrades it. Fingerprint
 * `cell-loss:<cell>:<down ids>:<degraded ids>` (ids sorted, joined by `+`).
 */
export interface CellLossFinding extends FindingBase {
  readonly kind: 'cell-loss';
  /** The cell's name, or the group's. */
  readonly lost: string;
  readonly cells: readonly string[];
  readonly forMinutes: number;
  /** Most severe first. */
  readonly impacts: readonly CellLossImpact[];
}

export type Finding = SpofFinding | SharedFateFinding | CutSetFinding | CycleFinding | TierInversionFinding | CellLossFinding;

const KIND_ORDER = new Map(FINDING_KINDS.map((k, i) => [k, i]));

/** Severity, then kind, then fingerprint: the one order every output uses. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    severityRank(a.severity) - severityRank(b.severity) ||
    KIND_ORDER.get(a.kind)! - KIND_ORDER.get(b.kind)! ||
    (a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0)
  );
}

/** Counts per severity, every severity present (zeros included). */
export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const out = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings) out[f.severity]++;
  return out;
}

/** Targets named in a SPOF or cut-set finding's JSON, text and markdown; the rest are counted. */
export const SPOF_LISTED = 10;

/**
 * A finding as written to JSON: a SPOF or cut-set finding's targets cut to the
 * {@link SPOF_LISTED} most critical, with `targetCount` for all of them, so the output grows
 * with the number of services, not with targets × their dependencies.
 */
export function findingJson(f: Finding): Finding | ((SpofFinding | CutSetFinding) & { targetCount: number }) | (SharedFateFinding & { causeCount: number }) {
  if (f.kind === 'shared-fate' && f.causes.length > SPOF_LISTED) return { ...f, causes: f.causes.slice(0, SPOF_LISTED), lostBy: f.lostBy.slice(0, SPOF_LISTED), causeCount: f.causes.length };
  if (f.kind !== 'spof' && f.kind !== 'cut-set') return f;
  return { ...f, targets: f.targets.slice(0, SPOF_LISTED), targetCount: f.targets.length };
}

/** The tier of a SPOF or cut-set finding's i-th target (targets are sorted by tier, counted in `tierCounts`). */
export function spofTargetTier(f: Pick<SpofFinding | CutSetFinding, 'tierCounts'>, i: number): number {
  let seen = 0;
  for (let t = 0; t < f.tierCounts.length; t++) {
    seen += f.tierCounts[t]!;
    if (i < seen) return t;
  }
  return f.tierCounts.length - 1;
}

/** Severity of a finding about a service of the given tier being taken down. */
export function severityForTier(tier: number): Severity {
  return tier <= 0 ? 'critical' : tier === 1 ? 'high' : tier === 2 ? 'medium' : 'low';
}

/**
 * Severity of a minimal cut set of `order` failures whose most critical target has tier
 * `tier`: low for a pair that takes a tier-0 service down, info otherwise (two independent
 * failures at once are rare; three or more rarer still).
 */
export function cutSetSeverity(order: number, tier: number): Severity {
  return tier <= 0 && order === 2 ? 'low' : 'info';
}

/**
 * `f` reported again because it was known at the lower severity `from`: the title says so
 * (in every format), and `escalatedFrom` keeps the old severity for JSON readers.
 */
export function escalated<F extends Finding>(f: F, from: Severity, when: string): F {
  return { ...f, title: `${f.title} (was ${from} ${when})`, escalatedFrom: from };
}

/** True when `now` is more severe than `before`. */
export const moreSevere = (now: Severity, before: Severity): boolean => severityRank(now) < severityRank(before);

/** ", 2 of them known before at a lower severity" when some findings are escalations, else "". */
export function escalatedNote(findings: readonly Finding[]): string {
  let n = 0;
  for (const f of findings) if (f.escalatedFrom !== undefined) n++;
  return n === 0 ? '' : `, ${n} of them known before at a lower severity`;
}
