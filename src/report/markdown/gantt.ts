/**
 * The gantt chart of impact windows: one bar per stretch of impairment of the trigger, the
 * critical path and the services impaired longest (top N in all; the rest are counted under
 * the chart), grouped in sections by the services' system, plus the trigger, the operator
 * actions and full recovery as milestones. Red bars were down at some point, blue ones
 * degraded only.
 */
import type { ServiceResult } from '../../engine/index.js';
import { ganttTaskName, mermaidText } from './escape.js';
import { byImpaired, byString, cmp, faultMilestone, nullsLast, serviceOf, type SectionInput } from './input.js';
import { localStamp } from './time.js';

/** Consecutive impaired intervals merged into runs: [start, end, everDown]. */
export function impairedRuns(s: ServiceResult, horizon: number): Array<{ start: number; end: number; down: boolean }> {
  const runs: Array<{ start: number; end: number; down: boolean }> = [];
  for (const i of s.intervals) {
    const end = i.end ?? horizon;
    const last = runs[runs.length - 1];
    if (last && i.start <= last.end) {
      last.end = Math.max(last.end, end);
      last.down ||= i.state === 'down';
    } else runs.push({ start: i.start, end, down: i.state === 'down' });
  }
  return runs;
}

/** Longest section name drawn (longer ones are shortened with an ellipsis). */
const SECTION_MAX = 24;

export function renderGantt(input: SectionInput): string {
  const { result, context, time, options } = input;
  const affected = input.affected;
  if (affected.length === 0) return '';
  // the story first (trigger and critical path), then the services impaired longest
  const byId = new Map(affected.map((s) => [s.id, s]));
  const first = [...context.faults.map((f) => serviceOf(f.service)), ...[...result.criticalPath].reverse().map((c) => serviceOf(c.id))].filter((id) => byId.has(id));
  const picked = new Set(first.slice(0, options.ganttTop));
  for (const s of [...affected].sort(byImpaired)) if (picked.size < options.ganttTop) picked.add(s.id);
  const shown = affected.filter((s) => picked.has(s.id));
  const more = affected.length - shown.length;
  const horizon = input.drawEnd;
  const lastEnd = Math.max(...shown.map((s) => (s.recovered ? (s.recoveredMinutes ?? 0) : horizon)), result.fullRecoveryMinutes ?? 0);
  const stamp = (m: number): string => localStamp(time.start, m);
  const axis = time.start ? (lastEnd >= 24 * 60 ? '%d %b %H:%M' : '%H:%M') : lastEnd >= 24 * 60 ? 'day %e %H:%M' : '+%H:%M';

  // sections by system, in order of their first impact; services without a system under "other"
  const sectionOf = (s: ServiceResult): string => context.services.get(s.id)?.system ?? 'other';
  const groups = new Map<string, ServiceResult[]>();
  for (const s of shown) {
    const k = sectionOf(s);
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k)!.push(s);
  }
  const order = (a: ServiceResult, b: ServiceResult): number =>
    nullsLast(a.impactStartMinutes, b.impactStartMinutes) || nullsLast(a.recoveredMinutes, b.recoveredMinutes) || byString(a.id, b.id);
  const sections = [...groups.entries()]
    .map(([name, list]) => ({ name, list: list.sort(order) }))
    .sort((a, b) => order(a.list[0]!, b.list[0]!) || byString(a.name, b.name));
  // room on the left for the section names (mermaid's default fits about 10 characters)
  const longest = Math.max('Milestones'.length, ...sections.map((sec) => [...sec.name].length));
  const leftPadding = Math.min(200, Math.max(75, 20 + 7 * Math.min(longest, SECTION_MAX)));

  const title = more > 0 ? `Impact windows of ${shown.length} of the ${affected.length} affected services` : `Impact windows of the ${affected.length} affected services`;
  const lines = ['```mermaid', `%%{init: {"gantt": {"leftPadding": ${leftPadding}}}}%%`, 'gantt', `  title ${mermaidText(title, 120)}`, '  dateFormat YYYY-MM-DD HH:mm', `  axisFormat ${axis}`, '  todayMarker off'];
  let t = 0;
  // Milestones: trigger, operator actions, full recovery.
  const milestones: Array<{ at: number; label: string }> = [];
  for (const f of context.faults) milestones.push({ at: f.atMinutes, label: faultMilestone(f) });
  for (const a of context.actions) milestones.push({ at: a.atMinutes, label: `${a.kind} ${a.name}` });
  if (result.fullRecoveryMinutes !== null) milestones.push({ at: result.fullRecoveryMinutes, label: 'full recovery' });
  if (milestones.length) {
    lines.push('  section Milestones');
    for (const m of milestones.sort((a, b) => cmp(a.at, b.at))) {
      lines.push(`  ${ganttTaskName(m.label)} :milestone, m${t++}, ${stamp(m.at)}, 0m`);
    }
  }
  for (const sec of sections) {
    lines.push(`  section ${mermaidText(sec.name, SECTION_MAX)}`);
    for (const s of sec.list) {
      const runs = impairedRuns(s, horizon);
      runs.forEach((r, k) => {
        const never = !s.recovered && k === runs.length - 1;
        const name = `${s.name}${runs.length > 1 ? ` (${k + 1})` : ''}${s.partial ? ' (partial)' : ''}${never ? ' (never recovers)' : ''}`;
        const start = Math.round(r.start);
        const end = Math.max(start + 1, Math.round(r.end));
        lines.push(`  ${ganttTaskName(name)} :${r.down ? 'crit, ' : ''}t${t++}, ${stamp(start)}, ${stamp(end)}`);
      });
    }
  }
  lines.push('```');
  const legend = `Red bars: down at some point in that stretch; blue: degraded only. Times are rounded to the minute${time.zone ? ` and shown at ${time.zone}` : ' and counted from minute 0'}.`;
  const tail = more > 0 ? ` Drawn: the trigger, the critical path and the services impaired longest; ${more} more affected ${more === 1 ? 'service is' : 'services are'} in the timeline table.` : '';
  return ['## Impact windows', '', lines.join('\n'), '', `${legend}${tail}`].join('\n');
}
