/** A comparison as plain text for the terminal (optional colour): the summary table, paired Monte Carlo, then per service. */
import type { Comparison } from '../../analysis/compare.js';
import { safeText } from '../../util/text.js';
import { differenceLine, hours, impactCell, KIND_TEXT, recoveryCell, signedCount, signedDuration, signedHours, span } from './cells.js';

/** Optional colouring; identity by default. */
export interface CompareStyle {
  bold(s: string): string;
  red(s: string): string;
  green(s: string): string;
  dim(s: string): string;
}
const PLAIN: CompareStyle = { bold: (s) => s, red: (s) => s, green: (s) => s, dim: (s) => s };

const pad = (s: string, n: number): string => (s.length >= n ? s : s + ' '.repeat(n - s.length));

/** Colour a change: lower (better) green, higher red. */
const tint = (st: CompareStyle, x: number | null, text: string): string => (x === null || x === 0 ? text : x < 0 ? st.green(text) : st.red(text));

export function compareText(c: Comparison, opts: { top?: number; style?: CompareStyle } = {}): string {
  const st = opts.style ?? PLAIN;
  const top = opts.top ?? 20;
  const name = (s: Comparison['a']): string => (s.scenarioName && s.label === s.scenario ? `${safeText(s.label)} (${safeText(s.scenarioName)})` : safeText(s.label));
  const lines = [st.bold('blast compare'), `  A: ${name(c.a)}`, `  B: ${name(c.b)}`, ''];
  const rows: Array<[string, string, string, string]> = [
    ['', 'A', 'B', 'B − A'],
    ['Time to full recovery', span(c.a.fullRecoveryMinutes), span(c.b.fullRecoveryMinutes), tint(st, c.change.fullRecoveryMinutes, signedDuration(c.change.fullRecoveryMinutes))],
    ['Affected services', `${c.a.affected} of ${c.a.servicesTotal}`, `${c.b.affected} of ${c.b.servicesTotal}`, tint(st, c.change.affected, signedCount(c.change.affected))],
    ['Service-hours', hours(c.a.serviceHours), hours(c.b.serviceHours), tint(st, c.change.serviceHours, signedHours(c.change.serviceHours))],
  ];
  const w = [0, 1, 2].map((k) => Math.max(...rows.map((r) => r[k]!.length)) + 2);
  rows.forEach((r, k) => {
    const line = `  ${pad(r[0], w[0]!)}${pad(r[1], w[1]!)}${pad(r[2], w[2]!)}${r[3]}`;
    lines.push(k === 0 ? st.dim(line) : line);
  });
  if (c.change.fullRecoveryMinutes === null && (c.a.fullRecoveryMinutes === null) !== (c.b.fullRecoveryMinutes === null)) {
    lines.push(`  ${c.b.fullRecoveryMinutes === null ? st.red('B never fully recovers') : st.green('B recovers; A never does')}`);
  }
  const mc = c.monteCarlo;
  if (mc) {
    lines.push('', st.bold(`Monte Carlo, ${mc.trials} paired trials (seed ${mc.seed}): B − A`));
    lines.push(`  time to full recovery  ${differenceLine(mc.difference.fullRecoveryMinutes, signedDuration)}`);
    lines.push(`  affected services      ${differenceLine(mc.difference.affected, signedCount)}`);
    lines.push(`  service-hours          ${differenceLine(mc.difference.serviceHours, signedHours)}`);
    const f = (x: number): string => span(x).replace(/ \(.*\)$/, '');
    lines.push(st.dim(`  full recovery A: P50 ${f(mc.a.fullRecoveryMinutes.p50)}, P90 ${f(mc.a.fullRecoveryMinutes.p90)}; B: P50 ${f(mc.b.fullRecoveryMinutes.p50)}, P90 ${f(mc.b.fullRecoveryMinutes.p90)}`));
  }
  const moved = c.services.filter((s) => s.kind !== 'unchanged');
  const unchanged = c.services.length - moved.length;
  if (moved.length) {
    const shown = moved.slice(0, top);
    lines.push('', st.bold(`Per service, largest change first${shown.length < moved.length ? ` (top ${shown.length} of ${moved.length})` : ''}:`));
    const cells = shown.map((s) => [safeText(s.id), impactCell(s), recoveryCell(s), KIND_TEXT[s.kind]] as const);
    const cw = [0, 1, 2].map((k) => Math.max(k === 0 ? 7 : 6, ...cells.map((r) => r[k].length)) + 2);
    lines.push(st.dim(`  ${pad('service', cw[0]!)}${pad('impact A → B', cw[1]!)}recovered A → B`));
    for (const r of cells) lines.push(`  ${pad(r[0], cw[0]!)}${pad(r[1], cw[1]!)}${pad(r[2], cw[2]!)}${r[3]}`.trimEnd());
    if (shown.length < moved.length) lines.push(st.dim(`  … ${moved.length - shown.length} more (--top ${moved.length} lists all, --json has everything)`));
  } else lines.push('', 'No service changed its impact or recovery time.');
  if (unchanged) lines.push(st.dim(`${unchanged} affected service${unchanged === 1 ? '' : 's'} unchanged.`));
  return lines.join('\n');
}
