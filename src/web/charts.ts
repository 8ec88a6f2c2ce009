/**
 * The page's charts, drawn as SVG from the data it carries (nothing is fetched): the recovery
 * curve under the time slider, and the report's impact windows (gantt), cascade and recovery
 * curve in place of the markdown's mermaid diagrams. Service names go in as text nodes.
 */
import type { ServiceResult, SimulationResult } from '../engine/index.js';
import type { PageScenario } from '../report/html/payload.js';
import { impairedRuns } from '../report/markdown/gantt.js';
import { causesOf, selectNodes } from '../report/markdown/flowchart.js';
import { byImpaired, byString, cmp, faultMilestone, nullsLast, serviceOf } from '../report/markdown/input.js';
import { dur, timeFormat } from '../report/markdown/time.js';
import { clip, s, shown } from './dom.js';
import { timeSpan } from './sim.js';

const COLOR = { up: '#2da44e', degraded: '#d4a72c', down: '#cf222e', trigger: '#82071e', line: '#d1d9e0', axis: '#59636e', crit: '#fb8500', accent: '#0969da' };

/** Hour ticks (or minute ticks for short spans) at a round step. */
function ticks(span: number): number[] {
  const steps = [5, 10, 15, 30, 60, 120, 180, 240, 360, 720, 1440, 2880, 10080];
  const step = steps.find((st) => span / st <= 12) ?? Math.ceil(span / 12 / 1440) * 1440;
  const out: number[] = [];
  for (let t = 0; t <= span + 1e-9; t += step) out.push(t);
  return out;
}

/** The counts at `t` from the result's recovery curve (a step function; all up before its first point). */
export function curveAt(result: SimulationResult, t: number): { up: number; degraded: number; down: number } {
  let at = { up: result.servicesTotal, degraded: 0, down: 0 };
  for (const p of result.recoveryCurve) {
    if (p.minute > t) break;
    at = p;
  }
  return at;
}

/** Step-function path of `value` over the recovery curve's points, in chart coordinates. */
function stepPath(result: SimulationResult, span: number, value: (p: { up: number; degraded: number; down: number }) => number, x: (t: number) => number, y: (v: number) => number): string {
  let d = `M${x(0).toFixed(1)},${y(value(curveAt(result, 0))).toFixed(1)}`;
  for (const p of result.recoveryCurve) if (p.minute > 0 && p.minute <= span) d += `H${x(p.minute).toFixed(1)}V${y(value(p)).toFixed(1)}`;
  return `${d}H${x(span).toFixed(1)}`;
}

/**
 * The small curve under the slider: services down (red) and degraded (amber) stacked over time.
 * Scaled to its box; `moveCursor` places the cursor without redrawing.
 */
export function timebarCurve(result: SimulationResult, span: number): { svg: SVGElement; caption: string; moveCursor: (t: number) => void } {
  const W = 1000;
  const H = 100;
  const impaired = (p: { degraded: number; down: number }): number => p.down + p.degraded;
  let peak = 0;
  let peakAt = 0;
  for (const p of result.recoveryCurve) if (impaired(p) > peak) [peak, peakAt] = [impaired(p), p.minute];
  const top = Math.max(1, peak);
  const x = (u: number): number => (Math.min(u, span) / span) * W;
  const y = (v: number): number => H - (v / top) * (H - 6);
  const area = (f: (p: { up: number; degraded: number; down: number }) => number): string => `${stepPath(result, span, f, x, y)}V${H}H0Z`;
  const cursor = s('line', { x1: 0, x2: 0, y1: 0, y2: H, stroke: COLOR.accent, 'stroke-width': 2, 'vector-effect': 'non-scaling-stroke', class: 'cursor' });
  const svg = s(
    'svg',
    { viewBox: `0 0 ${W} ${H}`, preserveAspectRatio: 'none', role: 'img', 'aria-label': 'Services impaired over time' },
    s('path', { d: area(impaired), fill: COLOR.degraded, 'fill-opacity': 0.55 }),
    s('path', { d: area((p) => p.down), fill: COLOR.down, 'fill-opacity': 0.75 }),
    cursor,
  );
  const caption = `services impaired: down (red), degraded (amber); at most ${peak} of ${result.servicesTotal}, at +${dur(peakAt)}`;
  return {
    svg,
    caption,
    moveCursor: (t) => {
      cursor.setAttribute('x1', x(t).toFixed(1));
      cursor.setAttribute('x2', x(t).toFixed(1));
    },
  };
}

/** The report's recovery curve: services up over time, with hour ticks. */
export function curveChart(result: SimulationResult, span: number): SVGElement {
  const W = 900;
  const H = 240;
  const L = 48;
  const B = 30;
  const total = result.servicesTotal;
  const time = timeFormat(result.start);
  const x = (u: number): number => L + (u / span) * (W - L - 10);
  const y = (v: number): number => 10 + (1 - v / Math.max(1, total)) * (H - B - 10);
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': `Services up over time, of ${total}` });
  for (const v of [0, Math.round(total / 2), total]) {
    svg.append(s('line', { x1: L, x2: W - 10, y1: y(v), y2: y(v), stroke: COLOR.line }), s('text', { x: L - 6, y: y(v) + 4, 'text-anchor': 'end' }, String(v)));
  }
  for (const u of ticks(span)) {
    svg.append(s('line', { x1: x(u), x2: x(u), y1: H - B, y2: H - B + 4, stroke: COLOR.axis }), s('text', { x: x(u), y: H - B + 16, 'text-anchor': 'middle' }, `+${dur(u)}`));
  }
  svg.append(
    s('path', { d: stepPath(result, span, (p) => p.up, x, y), fill: 'none', stroke: COLOR.accent, 'stroke-width': 2 }),
    s('text', { x: L, y: H - 2 }, time.zone ? `time from minute 0 (${time.origin ?? ''})` : 'time from minute 0'),
  );
  return svg;
}

/** The services the gantt chart draws: trigger and critical path first, then the longest impaired. */
export function ganttServices(sc: PageScenario): ServiceResult[] {
  const affected = sc.result.services.filter((x) => x.impactStartMinutes !== null);
  const byId = new Map(affected.map((x) => [x.id, x]));
  const first = [...sc.faults.map((f) => serviceOf(f.service)), ...[...sc.result.criticalPath].reverse().map((c) => serviceOf(c.id))].filter((id) => byId.has(id));
  const picked = new Set(first.slice(0, sc.ganttTop));
  for (const x of [...affected].sort(byImpaired)) if (picked.size < sc.ganttTop) picked.add(x.id);
  return affected.filter((x) => picked.has(x.id));
}

/** The impact-windows chart: milestones, then one row per stretch of impairment, by system. */
export function ganttChart(sc: PageScenario, span: number): SVGElement {
  const shownServices = ganttServices(sc);
  const order = (a: ServiceResult, b: ServiceResult): number =>
    nullsLast(a.impactStartMinutes, b.impactStartMinutes) || nullsLast(a.recoveredMinutes, b.recoveredMinutes) || byString(a.id, b.id);
  const groups = new Map<string, ServiceResult[]>();
  for (const x of shownServices) {
    const k = sc.systems[x.id] ?? 'other';
    groups.set(k, [...(groups.get(k) ?? []), x]);
  }
  const sections = [...groups.entries()].map(([name, list]) => ({ name, list: list.sort(order) })).sort((a, b) => order(a.list[0]!, b.list[0]!) || byString(a.name, b.name));
  const milestones = [
    ...sc.faults.map((f) => ({ at: f.atMinutes, label: faultMilestone(f) })),
    ...sc.actions.map((a) => ({ at: a.atMinutes, label: `${a.kind} ${a.name}` })),
    ...(sc.result.fullRecoveryMinutes !== null ? [{ at: sc.result.fullRecoveryMinutes, label: 'full recovery' }] : []),
  ].sort((a, b) => cmp(a.at, b.at));
  const rows: Array<{ kind: 'head'; text: string } | { kind: 'milestone'; at: number; text: string } | { kind: 'bar'; text: string; start: number; end: number; down: boolean }> = [];
  if (milestones.length) rows.push({ kind: 'head', text: 'Milestones' }, ...milestones.map((m) => ({ kind: 'milestone' as const, at: m.at, text: m.label })));
  for (const sec of sections) {
    rows.push({ kind: 'head', text: sec.name });
    for (const x of sec.list) {
      const runs = impairedRuns(x, span);
      runs.forEach((r, k) => {
        const never = !x.recovered && k === runs.length - 1;
        rows.push({ kind: 'bar', text: `${x.name}${runs.length > 1 ? ` (${k + 1})` : ''}${x.partial ? ' (partial)' : ''}${never ? ' (never recovers)' : ''}`, start: r.start, end: r.end, down: r.down });
      });
    }
  }
  const W = 900;
  const L = 300;
  const R = 14;
  const RH = 18;
  const top = 8;
  const H = top + rows.length * RH + 30;
  const x = (u: number): number => L + (Math.min(u, span) / span) * (W - L - R);
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, height: H, role: 'img', 'aria-label': 'Impact windows' });
  for (const u of ticks(span)) {
    svg.append(s('line', { x1: x(u), x2: x(u), y1: top, y2: H - 26, stroke: COLOR.line }), s('text', { x: x(u), y: H - 12, 'text-anchor': 'middle' }, `+${dur(u)}`));
  }
  rows.forEach((r, k) => {
    const yy = top + k * RH;
    if (r.kind === 'head') {
      svg.append(s('text', { x: 4, y: yy + 13, class: 'label', 'font-weight': 'bold' }, clip(shown(r.text), 40)));
    } else if (r.kind === 'milestone') {
      const cx = x(r.at);
      svg.append(
        s('path', { d: `M${cx},${yy + 3}l6,6l-6,6l-6,-6z`, fill: COLOR.axis }),
        s('text', { x: 14, y: yy + 13, class: 'label' }, clip(shown(r.text), 46)),
      );
    } else {
      svg.append(
        s('text', { x: 14, y: yy + 13, class: 'label' }, clip(shown(r.text), 46)),
        s('rect', { x: x(r.start), y: yy + 3, width: Math.max(2, x(r.end) - x(r.start)), height: RH - 6, rx: 2, fill: r.down ? COLOR.down : '#4e79d6' }),
      );
    }
  });
  return svg;
}

/**
 * The cascade: an arrow from each cause to the service it impaired, for the services the
 * markdown's flowchart draws; columns by how far down the chain a service is. Thick orange
 * arrows are the critical path.
 */
export function cascadeChart(sc: PageScenario): SVGElement {
  const affected = sc.result.services.filter((x) => x.impactStartMinutes !== null);
  const ids = selectNodes({ result: sc.result, affected, context: { faults: sc.faults } as never }, sc.flowchartMax);
  const byId = new Map(affected.map((x) => [x.id, x]));
  const drawn = new Set(ids);
  const edges: Array<[string, string]> = [];
  for (const id of ids) for (const c of causesOf(byId.get(id)!).keys()) if (drawn.has(c)) edges.push([c, id]);
  const depth = new Map(ids.map((id) => [id, 0]));
  for (let k = 0; k < ids.length; k++) {
    let changed = false;
    for (const [a, b] of edges) {
      if (depth.get(a)! + 1 > depth.get(b)! && depth.get(a)! + 1 < ids.length) {
        depth.set(b, depth.get(a)! + 1);
        changed = true;
      }
    }
    if (!changed) break;
  }
  const cols: string[][] = [];
  for (const id of ids) (cols[depth.get(id)!] ??= []).push(id);
  const dense = cols.filter((c) => c !== undefined);
  const BW = 200;
  const BH = 36;
  const GX = 50;
  const GY = 10;
  const rowsMax = Math.max(...dense.map((c) => c.length));
  const W = dense.length * (BW + GX);
  const H = rowsMax * (BH + GY) + 10;
  const pos = new Map<string, { x: number; y: number }>();
  dense.forEach((c, i) => c.forEach((id, k) => pos.set(id, { x: i * (BW + GX) + 5, y: 5 + k * (BH + GY) + ((rowsMax - c.length) * (BH + GY)) / 2 })));
  const critical = new Set<string>();
  const path = sc.result.criticalPath;
  for (let k = 0; k + 1 < path.length; k++) critical.add(`${serviceOf(path[k + 1]!.id)}\u0000${serviceOf(path[k]!.id)}`);
  const triggers = new Set(sc.faults.map((f) => serviceOf(f.service)));
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: 'img', 'aria-label': 'Cascade' });
  svg.append(s('defs', {}, s('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 6, markerHeight: 6, orient: 'auto-start-reverse' }, s('path', { d: 'M0,0L10,5L0,10z', fill: COLOR.axis }))));
  for (const [a, b] of edges) {
    const p = pos.get(a)!;
    const q = pos.get(b)!;
    const crit = critical.has(`${a}\u0000${b}`);
    const x1 = p.x + BW;
    const y1 = p.y + BH / 2;
    const x2 = q.x;
    const y2 = q.y + BH / 2;
    const back = x2 <= x1;
    const d = back ? `M${p.x + BW / 2},${p.y + BH}C${p.x + BW / 2},${p.y + BH + 40} ${q.x + BW / 2},${q.y + BH + 40} ${q.x + BW / 2},${q.y + BH}` : `M${x1},${y1}C${x1 + GX / 2},${y1} ${x2 - GX / 2},${y2} ${x2},${y2}`;
    svg.append(s('path', { d, fill: 'none', stroke: crit ? COLOR.crit : COLOR.axis, 'stroke-width': crit ? 3 : 1, 'marker-end': 'url(#arrow)', 'stroke-opacity': crit ? 1 : 0.6 }));
  }
  for (const id of ids) {
    const x = byId.get(id)!;
    const p = pos.get(id)!;
    const fill = triggers.has(id) ? COLOR.trigger : x.worstState === 'down' ? COLOR.down : COLOR.degraded;
    svg.append(
      s('rect', { x: p.x, y: p.y, width: BW, height: BH, rx: 5, fill, 'fill-opacity': triggers.has(id) ? 1 : 0.85 }),
      s('text', { x: p.x + 6, y: p.y + 15, class: 'on-box', 'font-size': 11, 'font-weight': 'bold' }, clip(shown(x.name), 27)),
      s('text', { x: p.x + 6, y: p.y + 29, class: 'on-box', 'font-size': 10 }, `${x.worstState} ${dur(x.impairedMinutes)}${x.recovered ? '' : ', never recovers'}`),
    );
  }
  return svg;
}

/** A Monte Carlo percentile read back from JSON: null was "never" (infinite). */
const pct = (v: number | null): number => v ?? Infinity;

/**
 * The uncertainty chart: for the time to full recovery and the slowest services (as the
 * markdown's table picks them), a bar from P50 to P90, a whisker to P99 and a diamond at the
 * point estimate. "Never" runs off the right edge.
 */
export function uncertaintyChart(sc: PageScenario): SVGElement | null {
  const mc = sc.monteCarlo;
  if (!mc) return null;
  const byIdR = new Map(sc.result.services.map((x) => [x.id, x]));
  const slow = [...mc.services]
    .filter((x) => byIdR.has(x.id))
    .sort((a, b) => cmp(pct(b.recoveredMinutes.p90), pct(a.recoveredMinutes.p90)) || byString(a.id, b.id))
    .slice(0, 10);
  const rows = [
    { label: 'Time to full recovery', p50: pct(mc.fullRecoveryMinutes.p50), p90: pct(mc.fullRecoveryMinutes.p90), p99: pct(mc.fullRecoveryMinutes.p99), point: sc.result.fullRecoveryMinutes ?? Infinity },
    ...slow.map((x) => {
      const r = byIdR.get(x.id)!;
      return { label: `${r.name}${r.partial ? ' (partial)' : ''}`, p50: pct(x.recoveredMinutes.p50), p90: pct(x.recoveredMinutes.p90), p99: pct(x.recoveredMinutes.p99), point: r.recovered ? (r.recoveredMinutes ?? 0) : Infinity };
    }),
  ];
  const finite = rows.flatMap((r) => [r.p50, r.p90, r.p99, r.point]).filter(Number.isFinite);
  const span = Math.max(60, ...finite) * 1.05;
  const W = 900;
  const L = 300;
  const RH = 22;
  const H = rows.length * RH + 36;
  const x = (u: number): number => L + (Math.min(u, span) / span) * (W - L - 14);
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, height: H, role: 'img', 'aria-label': 'Recovery percentiles over the Monte Carlo trials' });
  for (const u of ticks(span)) {
    svg.append(s('line', { x1: x(u), x2: x(u), y1: 4, y2: H - 30, stroke: COLOR.line }), s('text', { x: x(u), y: H - 16, 'text-anchor': 'middle' }, `+${dur(u)}`));
  }
  rows.forEach((r, k) => {
    const y = 6 + k * RH;
    svg.append(
      s('text', { x: 4, y: y + 14, class: 'label', 'font-weight': k === 0 ? 'bold' : undefined }, clip(shown(r.label), 44)),
      s('line', { x1: x(r.p90), x2: x(r.p99), y1: y + 10, y2: y + 10, stroke: COLOR.axis, 'stroke-width': 1.5 }),
      s('line', { x1: x(r.p99), x2: x(r.p99), y1: y + 5, y2: y + 15, stroke: COLOR.axis, 'stroke-width': 1.5 }),
      s('rect', { x: x(r.p50), y: y + 4, width: Math.max(2, x(r.p90) - x(r.p50)), height: 12, rx: 2, fill: COLOR.accent, 'fill-opacity': 0.35, stroke: COLOR.accent }),
      s('path', { d: `M${x(r.point)},${y + 3}l7,7l-7,7l-7,-7z`, fill: COLOR.trigger }),
    );
  });
  svg.append(s('text', { x: L, y: H - 2 }, 'bar: P50 to P90 · whisker: to P99 · diamond: point estimate (median parameters)'));
  return svg;
}

export { timeSpan };
