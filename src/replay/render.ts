/** The replay as plain text for the terminal: the milestone table, the order check, the affected services, the score. */
import { formatDuration } from '../catalog/units.js';
import { safeText } from '../util/text.js';
import { hang, TEXT_WIDTH, wrapWords } from '../util/wrap.js';
import type { ReplayResult, ReplayRow, ReplayScore } from './compare.js';

/** Optional colouring; identity by default. */
export interface ReplayStyle {
  bold(s: string): string;
  red(s: string): string;
  green(s: string): string;
  dim(s: string): string;
}
const PLAIN: ReplayStyle = { bold: (s) => s, red: (s) => s, green: (s) => s, dim: (s) => s };

/** Signed whole minutes: "+3", "-19", "0". */
export const signedMinutes = (x: number): string => {
  const r = Math.round(x);
  return r > 0 ? `+${r}` : r === 0 ? '0' : String(r);
};
/** A signed error as a duration, in whole minutes: "+3m", "-3h15m", "0". */
export const signedDuration = (x: number): string => {
  const r = Math.round(x);
  return r > 0 ? `+${formatDuration(r)}` : r === 0 ? '0' : `-${formatDuration(-r)}`;
};
const pct = (x: number | null): string => (x === null ? '' : `${signedMinutes(x)} %`);
const dur = (x: number | null): string => (x === null ? 'never' : formatDuration(x));

/** What the simulated column says for a row without a simulated time. */
export function simulatedText(r: ReplayRow): string {
  switch (r.status) {
    case 'not-simulated':
      return 'not simulated';
    case 'never-happened':
      return r.event === 'impact' ? 'never impaired' : r.event === 'down' ? 'never down' : 'never affected';
    case 'never-recovered':
      return 'never recovers';
    default:
      return r.simulated === null ? (r.bound === 'lower' ? 'never recovers' : '') : formatDuration(r.simulated);
  }
}

/** "yes", "no", or why it cannot be said. */
export function withinText(r: ReplayRow): string {
  if (r.status === 'not-simulated') return 'n/a';
  return r.within ? 'yes' : 'no';
}

export const boundText = (r: ReplayRow): string => (r.bound === null ? '' : `${r.bound}: ${r.boundRespected ? 'met' : 'broken'}`);

/** "1 order pair", "2 order pairs": a count with its noun in the number it takes. */
export const counted = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** How far the simulated time to full recovery is from the observed one, and which way. */
function fullRecoveryText(f: NonNullable<ReplayScore['fullRecovery']>): string {
  if (f.error === null) return `full recovery observed at ${formatDuration(f.observed)}, never in the simulation`;
  const r = Math.round(f.error);
  return `full recovery simulated ${r === 0 ? 'on time' : `${formatDuration(Math.abs(r))} ${r < 0 ? 'early' : 'late'}`} (${pct(f.errorPercent)})`;
}

/** The headline: "9 of 12 milestones within tolerance; 1 order pair reversed; full recovery simulated 41m early (-4 %)". */
export function scoreLine(s: ReplayScore): string {
  const parts = [`${s.within} of ${counted(s.scored, 'milestone')} within tolerance`];
  if (s.notSimulated) parts.push(`${s.notSimulated} not simulated by this engine`);
  if (s.boundsBroken) parts.push(`${counted(s.boundsBroken, 'bound')} broken`);
  parts.push(s.reversedPairs === 0 ? 'no order pair reversed' : `${counted(s.reversedPairs, 'order pair')} reversed`);
  if (s.fullRecovery) parts.push(fullRecoveryText(s.fullRecovery));
  return parts.join('; ');
}

/**
 * Columns padded to their widest cell (right-aligned where `right` says), two spaces apart.
 * With `fit`, the text of column `fit.column` wraps so that the table stays within `fit.width`
 * columns where it can (to no fewer than 20 for that column): its continuation lines leave the
 * other columns empty.
 */
export function table(head: string[], rows: string[][], right: ReadonlySet<number>, fit?: { readonly column: number; readonly width: number }): string[] {
  const t = tableGroups(head, rows, right, fit);
  return [t.head, ...t.groups.flat()];
}

/** As `table`: the header line, and each row's lines (one, or more where its text wrapped). */
export function tableGroups(head: string[], rows: string[][], right: ReadonlySet<number>, fit?: { readonly column: number; readonly width: number }): { head: string; groups: string[][] } {
  const cellW = (c: number): number => Math.max([...head[c]!].length, ...rows.map((r) => [...r[c]!].length));
  const widths = head.map((_h, c) => cellW(c));
  let groups = rows.map((r) => [r]);
  if (fit) {
    const others = widths.reduce((sum, w, c) => (c === fit.column ? sum : sum + w), 0) + 2 * (head.length - 1);
    const w = Math.min(widths[fit.column]!, Math.max(20, fit.width - others));
    widths[fit.column] = Math.max(w, [...head[fit.column]!].length);
    groups = rows.map((r) => {
      const [first, ...rest] = wrapWords(r[fit.column]!, w);
      return [r.map((cell, c) => (c === fit.column ? (first ?? '') : cell)), ...rest.map((t) => r.map((_cell, c) => (c === fit.column ? t : '')))];
    });
  }
  const fmt = (cells: string[]): string =>
    cells.map((cell, c) => (right.has(c) ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]! + cell.length - [...cell].length))).join('  ').trimEnd();
  return { head: fmt(head), groups: groups.map((g) => g.map(fmt)) };
}

/** The replay for the terminal. */
export function renderReplay(res: ReplayResult, st: ReplayStyle = PLAIN): string {
  const lines: string[] = [];
  lines.push(st.bold(hang('', res.scenarioName ? `${safeText(res.scenarioName)}  [${safeText(res.scenario)}]` : safeText(res.scenario), TEXT_WIDTH, 2)));
  lines.push(hang('Model vs observed: ', st.bold(scoreLine(res.score)), TEXT_WIDTH, 2));
  lines.push(st.dim(hang('', 'Tolerance: as stated per milestone, otherwise max(20 min, 25 % of the observed time). Times from minute 0.', TEXT_WIDTH, 2)));
  lines.push('');
  const withDist = res.rows.some((r) => r.distribution);
  const head = ['#', 'milestone', 'observed', 'simulated', 'error', 'error %', 'tolerance', 'within', 'bound', ...(withDist ? ['P10', 'P50', 'P90'] : [])];
  const rows = res.rows.map((r) => [
    String(r.index + 1),
    safeText(r.label),
    formatDuration(r.observed),
    simulatedText(r),
    r.error === null ? '' : signedDuration(r.error),
    pct(r.errorPercent),
    formatDuration(r.tolerance),
    withinText(r),
    boundText(r),
    ...(withDist ? [dur(r.distribution?.p10 ?? null), dur(r.distribution?.p50 ?? null), dur(r.distribution?.p90 ?? null)] : []),
  ]);
  // the milestone's label wraps so that the table fits 100 columns
  const body = tableGroups(head, rows, new Set([0, 2, 3, 4, 5, 6, 9, 10, 11]), { column: 1, width: 100 });
  lines.push(st.dim(body.head));
  body.groups.forEach((g, k) => lines.push(...(res.rows[k]!.within || res.rows[k]!.status === 'not-simulated' ? g : g.map((l) => st.red(l)))));
  if (res.trials) lines.push(st.dim(hang('', `P10/P50/P90 over ${res.trials.count} Monte Carlo trials (seed ${res.trials.seed}); "never" when it did not happen in that share of trials.`, TEXT_WIDTH, 2)));
  // the median run is not the run at the medians: the P50s judged as the point estimate is
  if (res.trials?.p50) lines.push(hang('At the P50s: ', scoreLine(res.trials.p50), TEXT_WIDTH, 2));
  lines.push('');
  const { reversed, tied } = res.order;
  if (reversed.length === 0 && tied.length === 0) lines.push('Order: every pair of milestones comes out in the observed order.');
  for (const p of reversed) lines.push(st.red(hang('Order reversed: ', `"${safeText(p.first)}" (observed ${formatDuration(p.observed[0])}) comes after "${safeText(p.second)}" (observed ${formatDuration(p.observed[1])}) in the simulation`, TEXT_WIDTH, 2)));
  for (const p of tied) lines.push(hang('Order tied: ', `"${safeText(p.first)}" and "${safeText(p.second)}" both at ${dur(p.simulated[0])} (observed ${formatDuration(p.observed[0])} and ${formatDuration(p.observed[1])})`, TEXT_WIDTH, 2));
  lines.push('');
  const a = res.affected;
  const list = (ids: readonly string[], max = 12): string => (ids.length <= max ? ids.map(safeText).join(', ') : `${ids.slice(0, max).map(safeText).join(', ')} … ${ids.length - max} more`);
  lines.push(hang('Affected: ', `the sources name ${counted(a.named.length, 'service')}${a.listed ? '' : ' (observations only; no affected: list)'}, the simulation affects ${a.simulatedCount}.`, TEXT_WIDTH, 2));
  if (a.missed.length) lines.push(st.red(hang('  named but not affected in the simulation: ', list(a.missed), TEXT_WIDTH, 4)));
  if (a.both.length) lines.push(hang('  named and affected: ', list(a.both), TEXT_WIDTH, 4));
  if (a.listed && a.extra.length) lines.push(st.dim(hang('  affected but not named: ', list(a.extra), TEXT_WIDTH, 4)));
  return lines.join('\n');
}
