/**
 * The timeline table: every affected service with its impact start, recovery, worst
 * state and cause, sorted by recovery (never-recovered last).
 */
import type { ServiceResult } from '../../engine/index.js';
import { mdText } from './escape.js';
import { byRecovery, type SectionInput } from './input.js';
import { dur } from './time.js';

/** A no-break space: keeps a time or a badge on one line in a narrow table column. */
export const NBSP = '\u00a0';

/** The worst state as a coloured marker and a word (the word keeps it readable without colour). */
export function stateBadge(state: ServiceResult['worstState']): string {
  return `${state === 'down' ? '🔴' : state === 'degraded' ? '🟠' : '🟢'}${NBSP}${state}`;
}

/** A service's cause in one line: what impaired it first, and what held it last when different. */
export function causeText(s: ServiceResult): string {
  const first = s.intervals[0]?.cause;
  const last = s.intervals[s.intervals.length - 1]?.cause;
  if (!first) return '';
  const head = mdText(first.detail);
  if (!last || (last.kind === first.kind && last.service === first.service && last.detail === first.detail)) return head;
  return `${head}; last: ${mdText(last.detail)}`;
}

/** Tables wider than this many rows are folded in a `<details>` block (still one table). */
export const FOLD_ROWS = 40;

/** A time for a table cell: minutes, and the clock time on a second line when there is one. */
export function cellTime(time: SectionInput['time'], minutes: number | null): string {
  if (minutes === null || !Number.isFinite(minutes)) return '**never**';
  const c = time.clock(minutes);
  return c ? `+${dur(minutes)}<br>${c.replaceAll(' ', NBSP)}` : `+${dur(minutes)}`;
}

export function renderTimeline(input: SectionInput): string {
  const { time, monteCarlo: mc } = input;
  const rows = [...input.affected].sort(byRecovery);
  if (rows.length === 0) return '## Timeline\n\nNo service was affected.';
  const mcById = new Map((mc?.services ?? []).map((s) => [s.id, s]));
  const head = ['Service', 'Tier', 'Worst', 'Impact start', 'Recovered', 'Impaired', ...(mc ? ['Recovered P50 / P90'] : []), 'Cause'];
  const numeric = new Set(['Tier', 'Impaired']);
  const table = [`| ${head.join(' | ')} |`, `|${head.map((h) => (numeric.has(h) ? ' ---: ' : ' --- ')).join('|')}|`];
  for (const s of rows) {
    const m = mcById.get(s.id);
    const cells = [
      `${mdText(s.name)}${s.partial ? ' *(partial)*' : ''}`,
      String(s.tier),
      stateBadge(s.worstState),
      cellTime(time, s.impactStartMinutes),
      cellTime(time, s.recovered ? s.recoveredMinutes : null),
      dur(s.impairedMinutes),
      ...(mc ? [m ? `${dur(m.recoveredMinutes.p50)}${NBSP}/${NBSP}${dur(m.recoveredMinutes.p90)}` : ''] : []),
      causeText(s),
    ];
    table.push(`| ${cells.join(' | ')} |`);
  }
  const intro = `The ${rows.length} affected services, in order of recovery${time.zone ? `; clock times at ${time.zone}` : ''}.`;
  const lines = ['## Timeline', '', intro, ''];
  if (rows.length > FOLD_ROWS) {
    lines.push('<details>', `<summary>All ${rows.length} affected services</summary>`, '', ...table, '', '</details>');
  } else lines.push(...table);
  return lines.join('\n');
}
