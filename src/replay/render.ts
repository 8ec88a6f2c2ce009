/** The replay as plain text for the terminal: the milestone table, the order check, the affected services, the score. */
import { formatDuration } from '../catalog/units.js';
import { safeText } from '../util/text.js';
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

/** Columns padded to their widest cell (right-aligned where `right` says), two spaces apart. */
export function table(head: string[], rows: string[][], right: ReadonlySet<number>): string[] {
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => [...r[c]!].length)));
  const fmt = (cells: string[]): string =>
    cells.map((cell, c) => (right.has(c) ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ').trimEnd();
  return [fmt(head), ...rows.map(fmt)];
}

/** The replay for the terminal. */
export function renderReplay(res: ReplayResult, st: ReplayStyle = PLAIN): string {
  const lines: string[] = [];
  lines.push(st.bold(res.scenarioName ? `${safeText(res.scenarioName)}  [${safeText(res.scenario)}]` : safeText(res.scenario)));
  lines.push(`Model vs observed: ${st.bold(scoreLine(res.score))}`);
  lines.push(st.dim('Tolerance: as stated per milestone, otherwise max(20 min, 25 % of the observed time). Times from minute 0.'));
  lines.push('');
  const withDist = res.rows.some((r) => r.distribution);
  const head = ['#', 'milestone', 'observed', 'simulated', 'error min', 'error %', 'tolerance', 'within', 'bound', ...(withDist ? ['P10', 'P50', 'P90'] : [])];
  const rows = res.rows.map((r) => [
    String(r.index + 1),
    safeText(r.label),
    formatDuration(r.observed),
    simulatedText(r),
    r.error === null ? '' : signedMinutes(r.error),
    pct(r.errorPercent),
    formatDuration(r.tolerance),
    withinText(r),
    boundText(r),
    ...(withDist ? [dur(r.distribution?.p10 ?? null), dur(r.distribution?.p50 ?? null), dur(r.distribution?.p90 ?? null)] : []),
  ]);
  const body = table(head, rows, new Set([0, 2, 3, 4, 5, 6, 9, 10, 11]));
  lines.push(st.dim(body[0]!));
  body.slice(1).forEach((l, k) => lines.push(res.rows[k]!.within || res.rows[k]!.status === 'not-simulated' ? l : st.red(l)));
  if (res.trials) lines.push(st.dim(`P10/P50/P90 over ${res.trials.count} Monte Carlo trials (seed ${res.trials.seed}); "never" when it did not happen in that share of trials.`));
  lines.push('');
  const { reversed, tied } = res.order;
  if (reversed.length === 0 && tied.length === 0) lines.push('Order: every pair of milestones comes out in the observed order.');
  for (const p of reversed) lines.push(st.red(`Order reversed: "${safeText(p.first)}" (observed ${formatDuration(p.observed[0])}) comes after "${safeText(p.second)}" (observed ${formatDuration(p.observed[1])}) in the simulation`));
  for (const p of tied) lines.push(`Order tied: "${safeText(p.first)}" and "${safeText(p.second)}" both at ${dur(p.simulated[0])} (observed ${formatDuration(p.observed[0])} and ${formatDuration(p.observed[1])})`);
  lines.push('');
  const a = res.affected;
  const list = (ids: readonly string[], max = 12): string => (ids.length <= max ? ids.map(safeText).join(', ') : `${ids.slice(0, max).map(safeText).join(', ')} … ${ids.length - max} more`);
  lines.push(`Affected: the sources name ${counted(a.named.length, 'service')}${a.listed ? '' : ' (observations only; no affected: list)'}, the simulation affects ${a.simulatedCount}.`);
  if (a.missed.length) lines.push(st.red(`  named but not affected in the simulation: ${list(a.missed)}`));
  if (a.both.length) lines.push(`  named and affected: ${list(a.both)}`);
  if (a.listed && a.extra.length) lines.push(st.dim(`  affected but not named: ${list(a.extra)}`));
  return lines.join('\n');
}
