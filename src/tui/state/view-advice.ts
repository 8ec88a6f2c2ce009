/**
 * The advisor's pane: for the selected service, over what it was simulated, the measure now,
 * each candidate with its effect (tier-weighted service-hours and time to full recovery, now →
 * with the change, as `blast advise` measures them), and for the highlighted one its
 * description, the assumption to confirm, and its recovery curve under the current one.
 * Pure: lines of styled segments fitted to a width.
 */
import { safeText } from '../../util/text.js';
import type { Measure } from '../../advise/model.js';
import type { ExplorerData } from './data.js';
import type { AdviceView } from './advice-state.js';
import { minutesOrNever } from './advice.js';
import { curveOn, peakImpaired } from './timeline.js';
import { wrap, truncate } from './text.js';
import { fitLine, SELECT_MARK, type Line, type Segment, type Tone } from './line.js';

const seg = (text: string, tone?: Tone): Segment => (tone ? { text, tone } : { text });
const plain = (text: string, width: number, tone?: Tone): Line => [seg(truncate(text, width), tone)];
const para = (text: string, width: number, tone?: Tone, max = 4): Line[] => wrap(text, width, max).map((l) => plain(l, width, tone));

/** Service-hours as the advisor's tables write them: one decimal. */
export const hours = (h: number): string => h.toFixed(1);

/** "12.3 → 4.1 service-hours · full recovery 1h34m → 30m": a measure now and with a change. */
export function effectText(before: Measure, after: Measure): string {
  return `${hours(before.serviceHours)} → ${hours(after.serviceHours)} service-hours · full recovery ${minutesOrNever(before.fullP50)} → ${minutesOrNever(after.fullP50)}`;
}

/** The lines of the advisor's pane, and the line of the highlighted candidate (to keep it in view). */
export function adviceLines(data: ExplorerData, adv: AdviceView, width: number): { lines: Line[]; selected: number } {
  const r = data.rows[adv.row]!;
  const lines: Line[] = [fitLine([seg('What would help ', 'title'), seg(r.id, 'title')], width)];
  const res = adv.result;
  if (adv.status === 'computing') {
    lines.push(plain(adv.total ? `computing… ${adv.done} of ${adv.total} simulations` : 'computing…', width, 'accent'));
    return { lines, selected: 0 };
  }
  if (adv.status === 'failed' || !res) {
    lines.push(...para(adv.error ?? 'the advisor failed', width, 'error'));
    return { lines, selected: 0 };
  }
  lines.push(...para(`over: ${res.label}`, width, 'dim', 2));
  const b = res.baseline;
  lines.push(...para(`now: ${hours(b.serviceHours)} service-hours (tier-weighted) · full recovery ${minutesOrNever(b.fullP50)} · ${Math.round(b.affected)} affected`, width, 'dim', 3));
  lines.push([]);
  if (res.ranked.length === 0) {
    lines.push(...para(`No change about ${r.id} saves anything here${res.worthless ? ` (${res.worthless} simulated)` : ''}.`, width));
    if (res.skipped) lines.push(...para(`${res.skipped} more not simulated: run \`blast advise\` for all.`, width, 'dim'));
    return { lines, selected: 0 };
  }
  lines.push(plain('Ranked by service-hours saved', width, 'dim'));
  let selected = 0;
  res.ranked.forEach((c, k) => {
    const sel = k === adv.cursor;
    if (sel) selected = lines.length;
    wrap(`${k + 1}. ${safeText(c.title)}`, Math.max(1, width - 2), 3).forEach((l, j) => {
      lines.push(fitLine([seg(j > 0 ? '  ' : sel ? `${SELECT_MARK} ` : '  ', 'accent'), seg(l, sel ? 'title' : undefined)], width));
    });
    lines.push(...wrap(`${effectText(b, c.measure)} · effort ${c.effort}`, Math.max(1, width - 4), 3).map((l) => plain(`    ${l}`, width, sel ? 'up' : 'dim')));
  });
  const more = [res.worthless ? `${res.worthless} more simulated that save nothing` : '', res.skipped ? `${res.skipped} not simulated (\`blast advise\` runs them all)` : ''].filter(Boolean);
  if (more.length) lines.push(...para(`${more.join('; ')}.`, width, 'dim', 3));

  const pick = res.ranked[adv.cursor]!;
  lines.push([]);
  lines.push(...para(safeText(pick.description), width, undefined, 6));
  if (pick.assumption) lines.push(...para(`Assumes ${safeText(pick.assumption)}`, width, 'warn', 4));
  // its recovery against the current one, on one scale: impaired services over time
  const span = Math.max(res.baselineCurve.span, pick.curve.span);
  const peak = Math.max(peakImpaired(res.baselineCurve), peakImpaired(pick.curve));
  const w = Math.max(1, width - 6);
  lines.push(plain(`recovery over ${minutesOrNever(span)}: now, and with it`, width, 'dim'));
  lines.push([seg('now   ', 'dim'), seg(curveOn(res.baselineCurve, w, span, peak), 'up')]);
  lines.push([seg('with  ', 'dim'), seg(curveOn(pick.curve, w, span, peak), 'accent')]);
  lines.push(plain('Enter draws it on the timeline', width, 'dim'));
  return { lines, selected };
}
