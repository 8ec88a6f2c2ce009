/**
 * The advisor's best candidate for each review finding (`blast review --advise`): for the
 * service a finding is about, the advice for its failure alone (a point estimate, parameters at
 * their medians) and the best ranked candidate with an edit about it. Cheap on purpose: one
 * advice per distinct service, for the most severe findings first (SPOFs: those that take the
 * most tier 0, then the most targets down), at most `limit` of them.
 */
import type { Catalog } from '../catalog/model.js';
import type { Finding } from '../analysis/findings.js';
import { severityRank } from '../analysis/findings.js';
import { mdEscape } from '../analysis/render/markdown.js';
import { formatDuration } from '../catalog/units.js';
import { adviseForFailure, candidatesFor } from './lookup.js';
import type { CandidateKind, EffortLevel } from './model.js';

/** What a finding's best candidate saves, simulated on the failure of `service` for `forMinutes`. */
export interface FindingAdvice {
  /** The failing service the advice was simulated for. */
  readonly service: string;
  readonly forMinutes: number;
  readonly candidate: string;
  readonly kind: CandidateKind;
  readonly title: string;
  readonly effort: EffortLevel;
  /** Tier-weighted service-hours saved. */
  readonly serviceHours: number;
  /** Minutes of time to full recovery saved (P50). */
  readonly fullP50: number;
  readonly assumption?: string;
}

export interface FindingAdviceOptions {
  /** How long the failure lasts, in minutes. */
  readonly forMinutes: number;
  /** Most distinct services advised on (the most severe findings first). */
  readonly limit: number;
}

/** The service whose failure a finding is about (undefined: a kind the advisor does not address). */
export function findingService(f: Finding): string | undefined {
  switch (f.kind) {
    case 'spof':
    case 'shared-fate':
      return f.cause;
    case 'cycle':
      return f.services[0];
    default:
      return undefined;
  }
}

/**
 * Finding fingerprint → its best candidate, for the findings that have one with positive
 * savings; `advised` counts the services simulated, `skipped` the ones left out by `limit`.
 */
export async function adviseFindings(catalog: Catalog, findings: readonly Finding[], opts: FindingAdviceOptions): Promise<{ advice: Map<string, FindingAdvice>; advised: number; skipped: number }> {
  // as the report lists them: severity, then (SPOFs) tier 0 targets, then targets in all
  const reach = (f: Finding): [number, number] => (f.kind === 'spof' ? [f.tierCounts[0] ?? 0, f.targets.length] : [0, 0]);
  const order = [...findings].sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || reach(b)[0] - reach(a)[0] || reach(b)[1] - reach(a)[1]);
  const services: string[] = [];
  for (const f of order) {
    const s = findingService(f);
    if (s !== undefined && !services.includes(s)) services.push(s);
  }
  const chosen = services.slice(0, opts.limit);
  const best = new Map<string, FindingAdvice>();
  for (const s of chosen) {
    const a = await adviseForFailure(catalog, s, opts.forMinutes);
    const [e] = candidatesFor(a, s);
    if (!e) continue;
    best.set(s, {
      service: s,
      forMinutes: opts.forMinutes,
      candidate: e.candidate.id,
      kind: e.candidate.kind,
      title: e.candidate.title,
      effort: e.effort,
      serviceHours: e.benefit.serviceHours,
      fullP50: e.benefit.fullP50,
      ...(e.candidate.assumption ? { assumption: e.candidate.assumption } : {}),
    });
  }
  const advice = new Map<string, FindingAdvice>();
  for (const f of findings) {
    const s = findingService(f);
    const b = s === undefined ? undefined : best.get(s);
    if (b) advice.set(f.fingerprint, b);
  }
  return { advice, advised: chosen.length, skipped: services.length - chosen.length };
}

const hours = (h: number): string => (h >= 10 ? h.toFixed(0) : h >= 1 ? h.toFixed(1) : h.toFixed(2));

/** One line of plain text for a finding's best candidate. */
export function adviceLine(a: FindingAdvice): string {
  return `${a.title}: saves ${hours(a.serviceHours)} service-hours of a ${formatDuration(a.forMinutes)} failure of ${a.service} (${a.effort} effort; candidate ${a.candidate})`;
}

/** The markdown report's "What would help most" section: one row per failing service advised on. */
export function adviceMarkdown(findings: readonly Finding[], advice: ReadonlyMap<string, FindingAdvice>): string {
  const seen = new Set<string>();
  const rows: string[] = [];
  for (const f of findings) {
    const a = advice.get(f.fingerprint);
    if (!a || seen.has(a.candidate)) continue;
    seen.add(a.candidate);
    rows.push(`| ${mdEscape(a.service)} | ${mdEscape(a.title)} | ${hours(a.serviceHours)} | ${a.fullP50 > 0 ? formatDuration(a.fullP50) : '—'} | ${a.effort} | \`${mdEscape(a.candidate)}\` |`);
  }
  if (!rows.length) return '';
  const forMinutes = advice.values().next().value!.forMinutes;
  return [
    '### What would help most',
    '',
    `The advisor's best change for each failing service a finding is about, simulated on its failure alone for ${formatDuration(forMinutes)} (point estimate; \`blast advise\` ranks them with Monte Carlo).`,
    '',
    '| failing service | change | service-hours saved | full recovery sooner by | effort | candidate |',
    '|---|---|---:|---:|---|---|',
    ...rows,
    '',
  ].join('\n');
}
