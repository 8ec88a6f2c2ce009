/**
 * The advisor's best candidate for each review finding (`blast review --advise`): for the
 * service a finding is about, the advice for its failure alone (a point estimate, parameters at
 * their medians) and the best ranked candidate with an edit about it; for a cell-loss finding,
 * the advice for that loss (its cells in every service that has them, for the finding's
 * duration) and its best ranked candidate (src/advise/review-advice-cells.ts). Cheap on
 * purpose: one advice per distinct service or cell loss, for the most severe findings first
 * (SPOFs: those that take the most tier 0, then the most targets down), at most `limit` of them.
 */
import type { Catalog } from '../catalog/model.js';
import type { CellLossFinding, Finding } from '../analysis/findings.js';
import { severityRank } from '../analysis/findings.js';
import { mdEscape } from '../analysis/render/markdown.js';
import { formatDuration } from '../catalog/units.js';
import { adviseForFailure, candidatesFor } from './lookup.js';
import type { CandidateKind, EffortLevel, Evaluated } from './model.js';
import { bestForCellLoss, lossText } from './review-advice-cells.js';

/** What a finding's best candidate saves, simulated on the failure of `service` for `forMinutes`. */
export interface FindingAdvice {
  /** The failing service the advice was simulated for (a cell loss: the root cause of its most severe impact). */
  readonly service: string;
  readonly forMinutes: number;
  /** A cell loss: the cell's name, or the group's (the advice was simulated for losing `cells`). */
  readonly lost?: string;
  readonly cells?: readonly string[];
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
  /** Most distinct services and cell losses advised on (the most severe findings first). */
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

/** What a finding's advice is simulated on: a service's failure, or a cell loss; `key` tells them apart. */
type Failure = { readonly key: string; readonly service: string } | { readonly key: string; readonly loss: CellLossFinding };

function failureOf(f: Finding): Failure | undefined {
  // a space cannot be in a service id: the keys of cell losses never meet a service's
  if (f.kind === 'cell-loss') return { key: `cell-loss ${f.lost} ${f.cells.join(',')} ${f.forMinutes}`, loss: f };
  const s = findingService(f);
  return s === undefined ? undefined : { key: s, service: s };
}

const adviceOf = (e: Evaluated, service: string, forMinutes: number, loss?: CellLossFinding): FindingAdvice => ({
  service,
  forMinutes,
  ...(loss ? { lost: loss.lost, cells: [...loss.cells] } : {}),
  candidate: e.candidate.id,
  kind: e.candidate.kind,
  title: e.candidate.title,
  effort: e.effort,
  serviceHours: e.benefit.serviceHours,
  fullP50: e.benefit.fullP50,
  ...(e.candidate.assumption ? { assumption: e.candidate.assumption } : {}),
});

/**
 * Finding fingerprint → its best candidate, for the findings that have one with positive
 * savings; `advised` counts the services and cell losses simulated, `skipped` the ones left
 * out by `limit`.
 */
export async function adviseFindings(catalog: Catalog, findings: readonly Finding[], opts: FindingAdviceOptions): Promise<{ advice: Map<string, FindingAdvice>; advised: number; skipped: number }> {
  // as the report lists them: severity, then (SPOFs) tier 0 targets, then targets in all
  const reach = (f: Finding): [number, number] => (f.kind === 'spof' ? [f.tierCounts[0] ?? 0, f.targets.length] : [0, 0]);
  const order = [...findings].sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || reach(b)[0] - reach(a)[0] || reach(b)[1] - reach(a)[1]);
  const failures = new Map<string, Failure>();
  for (const f of order) {
    const x = failureOf(f);
    if (x !== undefined && !failures.has(x.key)) failures.set(x.key, x);
  }
  const chosen = [...failures.values()].slice(0, opts.limit);
  const best = new Map<string, FindingAdvice>();
  for (const x of chosen) {
    if ('loss' in x) {
      const e = await bestForCellLoss(catalog, x.loss);
      if (e) best.set(x.key, adviceOf(e, x.loss.impacts[0]!.root, x.loss.forMinutes, x.loss));
      continue;
    }
    const a = await adviseForFailure(catalog, x.service, opts.forMinutes);
    const [e] = candidatesFor(a, x.service);
    if (e) best.set(x.key, adviceOf(e, x.service, opts.forMinutes));
  }
  const advice = new Map<string, FindingAdvice>();
  for (const f of findings) {
    const x = failureOf(f);
    const b = x === undefined ? undefined : best.get(x.key);
    if (b) advice.set(f.fingerprint, b);
  }
  return { advice, advised: chosen.length, skipped: failures.size - chosen.length };
}

const hours = (h: number): string => (h >= 10 ? h.toFixed(0) : h >= 1 ? h.toFixed(1) : h.toFixed(2));

/** One line of plain text for a finding's best candidate. */
export function adviceLine(a: FindingAdvice): string {
  if (a.lost !== undefined) return `${a.title}: saves ${hours(a.serviceHours)} service-hours of a ${formatDuration(a.forMinutes)} loss of ${lossText(a.lost, a.cells ?? [])} (${a.effort} effort; candidate ${a.candidate})`;
  return `${a.title}: saves ${hours(a.serviceHours)} service-hours of a ${formatDuration(a.forMinutes)} failure of ${a.service} (${a.effort} effort; candidate ${a.candidate})`;
}

/**
 * The markdown report's "What would help most" section: one row per failing service advised on
 * (per candidate), and one per cell loss; with cell losses the first column is the failure.
 */
export function adviceMarkdown(findings: readonly Finding[], advice: ReadonlyMap<string, FindingAdvice>): string {
  const seen = new Set<string>();
  const rows: string[] = [];
  let serviceMinutes: number | undefined;
  let losses = 0;
  for (const f of findings) {
    const a = advice.get(f.fingerprint);
    // a service's failures: one row per candidate (as before cell losses were advised on); a cell loss: one row per loss
    const key = a?.lost !== undefined ? `loss ${f.fingerprint}` : a?.candidate;
    if (!a || key === undefined || seen.has(key)) continue;
    seen.add(key);
    if (a.lost === undefined) serviceMinutes ??= a.forMinutes;
    else losses++;
    const what = a.lost === undefined ? a.service : `loss of ${lossText(a.lost, a.cells ?? [])} for ${formatDuration(a.forMinutes)}`;
    rows.push(`| ${mdEscape(what)} | ${mdEscape(a.title)} | ${hours(a.serviceHours)} | ${a.fullP50 > 0 ? formatDuration(a.fullP50) : '—'} | ${a.effort} | \`${mdEscape(a.candidate)}\` |`);
  }
  if (!rows.length) return '';
  const intro =
    losses === 0
      ? `The advisor's best change for each failing service a finding is about, simulated on its failure alone for ${formatDuration(serviceMinutes!)} (point estimate; \`blast advise\` ranks them with Monte Carlo).`
      : `The advisor's best change for each failure a finding is about, simulated on that failure alone: ${serviceMinutes === undefined ? '' : `a failing service for ${formatDuration(serviceMinutes)}, `}a cell lost in every service that has it for the cell-loss check's duration (point estimate; \`blast advise\` ranks them with Monte Carlo).`;
  return [
    '### What would help most',
    '',
    intro,
    '',
    `| ${losses === 0 ? 'failing service' : 'failure'} | change | service-hours saved | full recovery sooner by | effort | candidate |`,
    '|---|---|---:|---:|---|---|',
    ...rows,
    '',
  ].join('\n');
}
