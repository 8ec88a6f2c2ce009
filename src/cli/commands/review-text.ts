/**
 * `blast review` as text for a terminal: the findings grouped by kind, SPOFs by failing
 * service and cut sets by set (each with its targets, most critical first), a header line
 * per group; shared with `blast diff`.
 */
import { countBySeverity, escalatedNote, FINDING_KINDS, KIND_TITLES, SEVERITIES, severityRank, SPOF_LISTED, type CutSetFinding, type Finding, type Severity, type SpofFinding } from '../../analysis/findings.js';
import { allCellsText, tierSummary } from '../../analysis/spof.js';
import { pathText } from '../../analysis/render/markdown.js';
import { impactText } from '../../analysis/cell-loss.js';
import type { ReviewResult } from '../../analysis/review.js';
import { adviceLine, type FindingAdvice } from '../../advise/review-advice.js';
import type { Style } from '../style.js';
import { safeText } from '../../util/text.js';
import { hang, TEXT_WIDTH } from '../../util/wrap.js';

/** Where the lines under a finding's first line start: under its text, after the severity. */
const UNDER = ' '.repeat(11);

/** The style of a severity: critical and high bold red, medium yellow, low cyan, info dim. */
export function severityStyle(st: Style, s: Severity): (text: string) => string {
  return s === 'critical' || s === 'high' ? (t) => st.bold(st.red(t)) : s === 'medium' ? st.yellow : s === 'low' ? st.cyan : st.dim;
}

/** `s` padded with spaces to `n` characters (never cut). */
export const padEnd = (s: string, n: number): string => (s.length >= n ? s : s + ' '.repeat(n - s.length));

/** Findings for a terminal, grouped by kind (SPOFs by failing service, cut sets by set), most severe first. */
export function findingsText(findings: readonly Finding[], st: Style, advice?: ReadonlyMap<string, FindingAdvice>, width: number = TEXT_WIDTH): string[] {
  const lines: string[] = [];
  for (const kind of FINDING_KINDS) {
    const fs = findings.filter((f) => f.kind === kind);
    if (fs.length === 0) continue;
    const unit = kind === 'spof' ? ` failing service${fs.length === 1 ? '' : 's'}` : kind === 'cut-set' ? ` set${fs.length === 1 ? '' : 's'}` : '';
    lines.push('', st.bold(`${KIND_TITLES[kind]} (${fs.length}${unit})`));
    if (kind === 'spof') {
      for (const line of spofText(fs.filter((f): f is SpofFinding => f.kind === 'spof'), st, advice, width)) lines.push(line);
      continue;
    }
    if (kind === 'cut-set') {
      for (const line of cutSetText(fs.filter((f): f is CutSetFinding => f.kind === 'cut-set'), st, advice, width)) lines.push(line);
      continue;
    }
    for (const f of fs) {
      lines.push(hang(`  ${severityStyle(st, f.severity)(padEnd(f.severity, 8))} `, safeText(f.title), width));
      if (f.kind === 'cell-loss') for (const i of f.impacts) lines.push(hang(UNDER, safeText(impactText(i)), width, 13));
      for (const p of f.evidence.slice(0, 4)) lines.push(hang(UNDER, safeText(pathText(p)), width, 13));
      if (f.evidence.length > 4) lines.push(`${UNDER}${st.dim(`… ${f.evidence.length - 4} more paths`)}`);
      lines.push(`${UNDER}${st.dim(`at ${where(f)}`)}`, hang(`${UNDER}${st.cyan('fix')}: `, safeText(f.remedy), width, 13));
      const a = advice?.get(f.fingerprint);
      if (a) lines.push(hang(`${UNDER}${st.green('advise')}: `, safeText(adviceLine(a)), width, 13));
    }
  }
  return lines;
}

/**
 * SPOF findings grouped by the failing service, most critical first (severity, then how many
 * tier 0 targets, then how many in all): a header line per failing service naming its most
 * critical targets, the path from the first of them, and where that path starts.
 */
export function spofText(findings: readonly SpofFinding[], st: Style, advice?: ReadonlyMap<string, FindingAdvice>, width: number = TEXT_WIDTH): string[] {
  const sorted = [...findings].sort(byReach((f) => f.cause));
  const lines = [st.dim(`  ${padEnd('severity', 8)} failing service: critical services its failure alone takes down (most critical first)`)];
  for (const f of sorted) {
    const n = f.targets.length;
    const listed = f.targets.slice(0, SPOF_LISTED).map(safeText).join(', ');
    const more = n > SPOF_LISTED ? `, … ${n - SPOF_LISTED} more` : '';
    lines.push(hang(`  ${severityStyle(st, f.severity)(padEnd(f.severity, 8))} `, `${st.bold(safeText(f.cause))}: single point of failure for ${n === 1 ? '1 target' : `${n} targets (${tierSummary(f.tierCounts)})`}${allCellsText(f.cells ?? 0)}: ${listed}${more}`, width, 13));
    if (f.evidence[0]) lines.push(hang(UNDER, `${safeText(pathText(f.evidence[0]))}  ${st.dim(`at ${where(f)}`)}`, width, 13));
    if (f.escalatedFrom) lines.push(`${UNDER}${st.yellow(`was ${f.escalatedFrom} before: it takes more critical services down now`)}`);
    const a = advice?.get(f.fingerprint);
    if (a) lines.push(hang(`${UNDER}${st.green('advise')}: `, safeText(adviceLine(a)), width, 13));
  }
  return lines;
}

/** Targets most critical first: severity, then how many tier 0 targets, then how many in all. */
const byReach = <F extends SpofFinding | CutSetFinding>(key: (f: F) => string) => (a: F, b: F): number => {
  const tier0 = (f: F): number => f.tierCounts[0] ?? 0;
  const ka = key(a);
  const kb = key(b);
  return severityRank(a.severity) - severityRank(b.severity) || tier0(b) - tier0(a) || b.targets.length - a.targets.length || (ka < kb ? -1 : ka > kb ? 1 : 0);
};

/** "12 targets (5 tier 0, 7 tier 1): auth, catalog-db, …, … 2 more" */
function targetsText(f: SpofFinding | CutSetFinding): string {
  const n = f.targets.length;
  const listed = f.targets.slice(0, SPOF_LISTED).map(safeText).join(', ');
  const more = n > SPOF_LISTED ? `, … ${n - SPOF_LISTED} more` : '';
  return `${n === 1 ? '1 target' : `${n} targets (${tierSummary(f.tierCounts)})`}: ${listed}${more}`;
}

/**
 * Cut-set findings, one per set, most critical first (as SPOFs): a header line naming the
 * failures and the targets they take down together (most critical first), the path from the
 * most critical target to each member, where the first path starts; the fix once for all.
 */
export function cutSetText(findings: readonly CutSetFinding[], st: Style, advice?: ReadonlyMap<string, FindingAdvice>, width: number = TEXT_WIDTH): string[] {
  const sorted = [...findings].sort(byReach((f) => f.fingerprint));
  const lines = [st.dim(`  ${padEnd('severity', 8)} failures that take critical services down only together: targets (most critical first)`)];
  for (const f of sorted) {
    lines.push(hang(`  ${severityStyle(st, f.severity)(padEnd(f.severity, 8))} `, `${st.bold(safeText(f.set.join(' + ')))}: together take down ${targetsText(f)}`, width, 13));
    f.evidence.forEach((p, i) => lines.push(hang(UNDER, `${safeText(pathText(p))}${i === 0 ? `  ${st.dim(`at ${where(f)}`)}` : ''}`, width, 13)));
    if (f.escalatedFrom) lines.push(`${UNDER}${st.yellow(`was ${f.escalatedFrom} before: it takes more critical services down now`)}`);
    const a = advice?.get(f.fingerprint);
    if (a) lines.push(hang(`${UNDER}${st.green('advise')}: `, safeText(adviceLine(a)), width, 13));
  }
  if (sorted.length === 1) lines.push(hang(`${UNDER}${st.cyan('fix')}: `, safeText(sorted[0]!.remedy), width, 13));
  else if (sorted.length > 1) {
    const [a, b] = sorted[0]!.set;
    lines.push(hang(`  ${st.cyan('fix')}: `, `make sure the members of each set cannot fail together (different zones, hosts, deploys), or add redundancy so that as many failures no longer suffice; \`blast review --explain ${safeText(`${a!}+${b!}`)}\` lists the paths from each of a set's targets`, width, 4));
  }
  return lines;
}

const where = (f: Finding): string => `${safeText(f.location.file)}:${f.location.line}:${f.location.col}`;

export function severityCounts(findings: readonly Finding[]): string {
  const c = countBySeverity(findings);
  return SEVERITIES.map((s) => `${c[s]} ${s}`).join(', ');
}

export function reviewText(review: ReviewResult, fresh: readonly Finding[], accepted: number, st: Style, advice?: ReadonlyMap<string, FindingAdvice>): string {
  const lines = [
    hang('', `${st.bold('blast review')}${review.catalog ? `: ${safeText(review.catalog)}` : ''}: ${fresh.length} finding${fresh.length === 1 ? '' : 's'} (${severityCounts(fresh)})${escalatedNote(fresh)}${accepted ? `, ${accepted} accepted by the baseline` : ''}`, undefined, 2),
    st.dim(`${review.services} services; SPOFs and cut sets up to order ${review.maxOrder} for ${review.targets.length} target${review.targets.length === 1 ? '' : 's'}`),
  ];
  if (review.truncatedCutSets.length) lines.push(st.yellow(hang('cut-set search stopped at its budget for: ', review.truncatedCutSets.map(safeText).join(', '), undefined, 2)));
  for (const line of findingsText(fresh, st, advice)) lines.push(line); // no spread: findings can number hundreds of thousands
  if (fresh.length === 0) lines.push('', st.green('no findings'));
  return lines.join('\n');
}
