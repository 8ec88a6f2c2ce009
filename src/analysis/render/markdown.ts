/**
 * Markdown for a pull-request comment or a CI step summary (GitHub-flavoured: tables and
 * <details>). Pure: returns text. Catalog strings are escaped so they cannot break the
 * table or inject markup.
 */
import type { SourcePos } from '../../catalog/model.js';
import { causeText } from '../cell-loss.js';
import type { ReviewDiff } from '../diff.js';
import { countBySeverity, escalatedNote, FINDING_KINDS, KIND_TITLES, SEVERITIES, SPOF_LISTED, type Finding, type PathStep } from '../findings.js';
import type { RankRow } from '../rank.js';
import type { ReviewResult } from '../review.js';

const NEEDS_ESCAPE = /[\u0000-\u001f\u007f\\`*_[\]<>|#~]/;

/** Escapes text for a markdown table cell. */
export function mdEscape(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return s; // most titles and paths: nothing to replace
  return s
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    .replace(/[\\`*_[\]<>|#~]/g, (c) => `\\${c}`);
}

const where = (p: SourcePos): string => `\`${p.file.replace(/`/g, "'")}:${p.line}:${p.col}\``;

/** A dependency path in one line: a → b ⇒ c, where ⇒ marks a step through a redundancy group. */
export function pathText(steps: readonly PathStep[]): string {
  return steps
    .map((s, i) => {
      if (i === 0) return s.id;
      const v = s.via!;
      const arrow = v.group ? `⇒[${v.group.atLeast} of ${v.group.size}]` : v.failOn === 'degraded' ? '→[failOn degraded]' : v.type === 'soft' ? '→[soft]' : '→';
      return `${arrow} ${s.id}`;
    })
    .join(' ');
}

const MAX_OPEN_ROWS = 25;

/** The evidence of a finding in one line: its first path; a cut set's path to each member, joined by `; `. */
export function evidenceText(f: Finding): string {
  if (f.kind === 'cut-set') return f.evidence.map(pathText).join('; ');
  return f.evidence[0] ? pathText(f.evidence[0]) : '';
}

/** A finding in one line: its title; a SPOF's or a cut set's also names its most critical targets. */
export function findingLine(f: Finding): string {
  if (f.kind === 'cell-loss') return `${f.title} (${f.impacts.map((i) => `${i.service}: ${causeText(i)}`).join('; ')})`;
  if ((f.kind !== 'spof' && f.kind !== 'cut-set') || f.targets.length < 2) return f.title;
  const more = f.targets.length > SPOF_LISTED ? `, … ${f.targets.length - SPOF_LISTED} more` : '';
  return `${f.title}: ${f.targets.slice(0, SPOF_LISTED).join(', ')}${more}`;
}

/** Appends `items` to `out` one by one: a spread call (`push(...items)`) overflows the stack on long lists. */
function append(out: string[], items: readonly string[]): void {
  for (const item of items) out.push(item);
}

function findingTable(findings: readonly Finding[]): string[] {
  const rows = findings.map((f) => `| ${f.severity} | ${mdEscape(findingLine(f))} | ${where(f.location)} | ${mdEscape(evidenceText(f))} |`);
  const table = ['| severity | finding | where | path |', '|---|---|---|---|', ...rows];
  return table;
}

function kindSections(findings: readonly Finding[], headingLevel: string): string[] {
  const out: string[] = [];
  for (const kind of FINDING_KINDS) {
    const fs = findings.filter((f) => f.kind === kind);
    if (fs.length === 0) continue;
    out.push('', `${headingLevel} ${KIND_TITLES[kind]} (${fs.length})`, '');
    const table = findingTable(fs);
    if (fs.length > MAX_OPEN_ROWS) {
      out.push('<details><summary>Show all</summary>', '');
      append(out, table);
      out.push('', '</details>');
    } else append(out, table);
    const remedies = [...new Set(fs.map((f) => f.remedy))];
    if (remedies.length <= 3) out.push('', ...remedies.map((r) => `> ${mdEscape(r)}`));
  }
  return out;
}

const severityLine = (findings: readonly Finding[]): string => {
  const c = countBySeverity(findings);
  return SEVERITIES.map((s) => `${c[s]} ${s}`).join(', ');
};

export interface MarkdownReviewOptions {
  /** Findings a baseline accepts: counted, not listed. */
  readonly accepted?: number;
}

export function reviewMarkdown(review: ReviewResult, findings: readonly Finding[] = review.findings, opts: MarkdownReviewOptions = {}): string {
  const title = review.catalog ? mdEscape(review.catalog) : 'catalog';
  const out = [
    `## blast review: ${title}`,
    '',
    `**${findings.length} finding${findings.length === 1 ? '' : 's'}** (${severityLine(findings)})${escalatedNote(findings)}${opts.accepted ? `, ${opts.accepted} more accepted by the baseline` : ''}. ` +
      `${review.services} services; SPOFs and cut sets (up to ${review.maxOrder}) for ${review.targets.length} target${review.targets.length === 1 ? '' : 's'}.`,
  ];
  if (review.truncatedCutSets.length) out.push('', `Cut-set search stopped at its budget for: ${review.truncatedCutSets.map(mdEscape).join(', ')}.`);
  if (findings.length === 0) out.push('', 'No findings.');
  append(out, kindSections(findings, '###'));
  return `${out.join('\n')}\n`;
}

export function diffMarkdown(diff: ReviewDiff): string {
  const out = [
    `## blast diff${diff.head.catalog ? `: ${mdEscape(diff.head.catalog)}` : ''}`,
    '',
    `**${diff.added.length} new finding${diff.added.length === 1 ? '' : 's'}** (${severityLine(diff.added)})${escalatedNote(diff.added)}, ${diff.removed.length} removed. ` +
      `${diff.base.services} → ${diff.head.services} services${diff.addedServices.length ? `; added: ${diff.addedServices.map(mdEscape).join(', ')}` : ''}${diff.removedServices.length ? `; removed: ${diff.removedServices.map(mdEscape).join(', ')}` : ''}.`,
  ];
  if (diff.added.length) {
    out.push('', '### New findings');
    append(out, kindSections(diff.added, '####'));
  }
  if (diff.removed.length) {
    out.push('', '### Removed findings', '');
    append(out, findingTable(diff.removed));
  }
  const grown = diff.radius.filter((r) => r.delta > 0);
  const shrunk = diff.radius.filter((r) => r.delta < 0);
  if (grown.length || shrunk.length) {
    out.push('', '### Blast radius', '', '| service | tier | before | after | change |', '|---|---|---:|---:|---:|');
    for (const r of [...grown, ...shrunk].slice(0, 50)) {
      out.push(`| ${mdEscape(r.id)} | ${r.tier} | ${r.before ?? 'new'} | ${r.after ?? 'removed'} | ${r.delta > 0 ? '+' : ''}${r.delta} |`);
    }
    if (grown.length + shrunk.length > 50) out.push('', `… and ${grown.length + shrunk.length - 50} more.`);
  }
  return `${out.join('\n')}\n`;
}

export function rankMarkdown(rows: readonly RankRow[], opts: { forMinutes?: number } = {}): string {
  const hours = opts.forMinutes !== undefined;
  const out = [
    `| # | service | tier | blast radius | down | weighted |${hours ? ' service-hours |' : ''}`,
    `|---:|---|---:|---:|---:|---:|${hours ? '---:|' : ''}`,
    ...rows.map((r, i) => `| ${i + 1} | ${mdEscape(r.id)} | ${r.tier} | ${r.blastRadius} | ${r.down} | ${r.weighted} |${hours ? ` ${r.serviceHours?.toFixed(1) ?? ''} |` : ''}`),
  ];
  return `${out.join('\n')}\n`;
}
