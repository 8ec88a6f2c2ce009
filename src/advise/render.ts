/**
 * The advisor's result as text (terminal), markdown (docs/advise.md, reports) and JSON.
 * Numbers: service-hours to one decimal, minutes as durations.
 */
import { formatDuration } from '../catalog/units.js';
import { mdEscape } from '../analysis/render/markdown.js';
import { safeText } from '../util/text.js';
import { hang, wrapWords } from '../util/wrap.js';
import type { Advice, Evaluated, Measure } from './model.js';

const hours = (x: number): string => (Number.isFinite(x) ? x.toFixed(1) : '∞');
const dur = (m: number): string => (Number.isFinite(m) ? formatDuration(m) : 'never');
/** A saving in minutes: "−45m", "0", or "never → 2h" when the baseline never recovers. */
export const gain = (base: number, after: number): string => {
  if (base === after) return '0';
  if (!Number.isFinite(base) && Number.isFinite(after)) return `never → ${formatDuration(after)}`;
  if (!Number.isFinite(after)) return `${formatDuration(base)} → never`;
  const d = base - after;
  return d > 0 ? `−${formatDuration(d)}` : `+${formatDuration(-d)}`;
};

/** A change in the number of affected services: "−6.5", "+1.0", "0". */
export const delta = (x: number): string => (Math.abs(x) < 0.05 ? '0' : x < 0 ? `−${(-x).toFixed(1)}` : `+${x.toFixed(1)}`);

/** A change's title in lines of at most `width` columns, broken at spaces. */
const wrapTitle = (title: string, width: number): string[] => wrapWords(title, width);

/** Ranks by benefit per effort (1 = best), keyed by candidate id. */
export function effortRanks(ranked: readonly Evaluated[]): Map<string, number> {
  const order = [...ranked].sort((a, b) => b.perEffort - a.perEffort || b.benefit.serviceHours - a.benefit.serviceHours || (a.candidate.id < b.candidate.id ? -1 : 1));
  return new Map(order.map((e, i) => [e.candidate.id, i + 1]));
}

const inputsLine = (a: Advice): string =>
  `${a.inputs.length === 1 ? 'Input' : `Inputs (${a.inputs.length})`}: ${a.inputs.map((i) => i.label).join('; ')}. ${a.trials > 0 ? `${a.trials} Monte Carlo trials per candidate and input, seed ${a.seed}, paired with the baseline.` : 'Point estimate (parameters at their medians); --trials N for Monte Carlo.'}`;

const baselineLine = (b: Measure): string =>
  `Baseline: ${hours(b.serviceHours)} tier-weighted service-hours, full recovery P50 ${dur(b.fullP50)}, P90 ${dur(b.fullP90)}, ${b.affected.toFixed(1)} services affected.`;

export interface RenderOptions {
  readonly top: number;
}

const NOTHING = 'No candidate change: nothing in these inputs is impaired in a way the advisor knows how to change (docs/advise.md lists the kinds).';

export function renderText(a: Advice, opts: RenderOptions): string {
  const lines = [...wrapTitle(inputsLine(a), 100), ...wrapTitle(baselineLine(a.baseline), 100), ''];
  if (!a.ranked.length) return [...lines, NOTHING].join('\n');
  const shown = a.ranked.slice(0, opts.top);
  const byEffort = effortRanks(a.ranked);
  // within 100 columns: the numbers on the change's first line, its kind, effort and rank by
  // benefit per effort on a line of their own, a long change wrapped rather than cut
  const ci = a.trials > 0;
  const numbersW = 2 + 8 + (ci ? 2 + 6 : 0) + 2 + 8 + 2 + 8 + 2 + 8;
  const titleW = Math.min(100 - 5 - numbersW, Math.max(6, ...shown.map((e) => e.candidate.title.length)));
  const indent = ' '.repeat(5);
  lines.push(`${'#'.padStart(3)}  ${'change'.padEnd(titleW)}  ${'saves h'.padStart(8)}${ci ? `  ${'±95%'.padStart(6)}` : ''}  ${'P50'.padStart(8)}  ${'P90'.padStart(8)}  ${'affected'.padStart(8)}`);
  shown.forEach((e, i) => {
    const [first, ...rest] = wrapTitle(safeText(e.candidate.title), titleW);
    lines.push(
      `${String(i + 1).padStart(3)}  ${first!.padEnd(titleW)}  ${hours(e.benefit.serviceHours).padStart(8)}${ci ? `  ${e.ci95.toFixed(1).padStart(6)}` : ''}  ${gain(a.baseline.fullP50, e.measure.fullP50).padStart(8)}  ${gain(a.baseline.fullP90, e.measure.fullP90).padStart(8)}  ${delta(-e.benefit.affected).padStart(8)}`,
      ...rest.map((l) => `${indent}${l}`),
      `${indent}  ${e.candidate.kind} · ${e.effort} effort · #${byEffort.get(e.candidate.id)} by saving per effort`,
    );
  });
  lines.push(...wrapTitle(`saves h: tier-weighted service-hours of impairment saved${ci ? ' (±95%: its 95 % interval over the trials)' : ''}; P50, P90: the time to full recovery, shorter (−) or longer (+); affected: services affected, fewer (−) or more (+).`, 100));
  if (a.ranked.length > shown.length) lines.push(`  … ${a.ranked.length - shown.length} more (--rows ${a.ranked.length}, or --json)`);
  if (a.screenedOut) lines.push(hang('  ', `${a.screenedOut} more candidates with smaller point-estimate savings were not run through Monte Carlo (--screen N to include them).`, undefined, 4));
  const assumptions = shown.map((e, i) => (e.candidate.assumption ? hang(`${`${i + 1}.`.padStart(5)} `, safeText(e.candidate.assumption)) : '')).filter(Boolean);
  if (assumptions.length) lines.push('', 'Assumptions to confirm:', ...assumptions);
  if (a.bundle.length) {
    lines.push('', `Greedy bundle (each step measured on top of the ones before):`);
    a.bundle.forEach((s, i) => {
      lines.push(hang(`${`${i + 1}.`.padStart(5)} `, `${safeText(s.title)}: saves ${hours(s.marginal)} h more → ${hours(s.measure.serviceHours)} h, full recovery P50 ${dur(s.measure.fullP50)}`));
    });
    const worthless = worthlessAfterBundle(a);
    if (worthless.length) lines.push(hang('  Worth nothing after step 1: ', worthless.map((w) => `${safeText(w.title)} (${hours(w.alone)} h alone)`).join('; '), undefined, 4));
  }
  lines.push('', 'Apply one: blast advise <catalog> ... --apply <#> -o <dir>, or --patch to see it as a diff.');
  return lines.join('\n');
}

/** Candidates that save something alone but nothing once the bundle's first step is in. */
export function worthlessAfterBundle(a: Advice): Array<{ id: string; title: string; alone: number }> {
  const first = a.bundle[0];
  if (!first) return [];
  return a.ranked.filter((e) => e.benefit.serviceHours > 0.05 && e.candidate.id !== first.candidate && (first.othersAfter[e.candidate.id] ?? 0) <= 0.05).map((e) => ({ id: e.candidate.id, title: e.candidate.title, alone: e.benefit.serviceHours })).slice(0, 5);
}

export function renderMarkdown(a: Advice, opts: RenderOptions): string {
  const lines = [inputsLine(a), '', baselineLine(a.baseline), ''];
  if (!a.ranked.length) return [...lines, NOTHING].join('\n');
  const byEffort = effortRanks(a.ranked);
  lines.push('| # | change | kind | effort | service-hours saved | full recovery P50 | P90 | Δ affected | by benefit per effort |');
  lines.push('|---:|---|---|---|---:|---:|---:|---:|---:|');
  a.ranked.slice(0, opts.top).forEach((e, i) => {
    const ci = a.trials > 0 ? ` ± ${e.ci95.toFixed(1)}` : '';
    lines.push(`| ${i + 1} | ${mdEscape(e.candidate.title)} | ${e.candidate.kind} | ${e.effort} | ${hours(e.benefit.serviceHours)}${ci} | ${gain(a.baseline.fullP50, e.measure.fullP50)} | ${gain(a.baseline.fullP90, e.measure.fullP90)} | ${delta(-e.benefit.affected)} | ${byEffort.get(e.candidate.id)} |`);
  });
  if (a.bundle.length) {
    lines.push('', '| step | change | saves (h) | service-hours after | full recovery P50 after |', '|---:|---|---:|---:|---:|');
    a.bundle.forEach((s, i) => lines.push(`| ${i + 1} | ${mdEscape(s.title)} | ${hours(s.marginal)} | ${hours(s.measure.serviceHours)} | ${dur(s.measure.fullP50)} |`));
    const worthless = worthlessAfterBundle(a);
    if (worthless.length) lines.push('', `Worth nothing after step 1: ${worthless.map((w) => `${mdEscape(w.title)} (${hours(w.alone)} h alone)`).join('; ')}.`);
  }
  return lines.join('\n');
}

/** A number as the JSON form writes it: rounded to 1/1000, null when not finite. */
const jsonNumber = (v: number): number | null => (Number.isFinite(v) ? Math.round(v * 1000) / 1000 : null);

/** Plain data, numbers as the JSON form writes them. */
function rounded(v: unknown): unknown {
  if (typeof v === 'number') return jsonNumber(v);
  if (Array.isArray(v)) return v.map(rounded);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, rounded(x)]));
  return v;
}

/** The JSON form as a value: ranked entries numbered, numbers rounded to 1/1000, non-finite as null. */
export function adviceData(a: Advice): Record<string, unknown> {
  return rounded({ ...a, ranked: a.ranked.map((e, i) => ({ rank: i + 1, ...e })) }) as Record<string, unknown>;
}

/** The JSON form: the result with non-finite numbers as null. */
export function adviceJson(a: Advice): string {
  return JSON.stringify(adviceData(a), null, 2);
}
