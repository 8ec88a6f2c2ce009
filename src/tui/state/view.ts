/**
 * What the explorer shows in its right pane, as lines of styled segments fitted to a width:
 * the service's details and dependency trees, the timeline of a simulation, and the scenario
 * picker (the list is view-list.ts, the advisor's pane view-advice.ts, the help help.ts).
 * Pure, so the content is tested without a terminal; components only map tones to colours.
 * States are told apart by symbol as well as by colour, so the screen reads without colour.
 */
import { formatDuration } from '../../catalog/units.js';
import { cellLocalDependencies, cellsLine } from '../../catalog/cells-text.js';
import type { Direction } from '../../analysis/neighbourhood.js';
import { treeLinesOf } from './tree.js';
import { safeText } from '../../util/text.js';
import type { Badge, ExplorerData, ServiceRow } from './data.js';
import type { SimView } from './reducer.js';
import { causeAt, clockAt, countsAt, curveOn, peakImpaired, zoneOf, cursorColumn, sparkline, stateAt } from './timeline.js';
import { recoverySummary, triggerTexts } from './curve.js';
import { impairedWindow } from './view-list.js';
import { observationsOf, observationText, observedLegend, observedMarkRow } from './observed.js';
import { cellWidth, fitRight, truncate, wrap } from './text.js';
import { fitLine, STATE_SYMBOL, SELECT_MARK, type Line, type Segment, type Tone } from './line.js';

export { fitLine, MARKER, SELECT_MARK, STATE_SYMBOL, type Line, type Segment, type Tone } from './line.js';

const seg = (text: string, tone?: Tone): Segment => (tone ? { text, tone } : { text });
const plain = (text: string, width: number, tone?: Tone): Line => [seg(truncate(text, width), tone)];
const minutes = (m: number): string => formatDuration(m);

// ---------------------------------------------------------------- detail pane

/** Most tree lines listed per direction; a core service can have thousands of dependents. */
export const MAX_TREE_LINES = 200;

/** A dependency or dependent tree as lines with box-drawing guides, cut at MAX_TREE_LINES. */
export function treeLines(data: ExplorerData, id: string, direction: Direction, depth: number, width: number, max = MAX_TREE_LINES): Line[] {
  const t = treeLinesOf(data.graph, id, direction, depth, max);
  const out: Line[] = t.lines.map((l) => fitLine([seg(l.guide, 'dim'), seg(l.id), seg(l.via, 'dim'), seg(l.mark, 'dim')], width));
  if (t.cut) out.push(plain(`… cut here: ${t.shownDirect} of ${t.totalDirect} direct ${direction === 'dependents' ? 'dependents' : 'dependencies'} shown`, width, 'dim'));
  if (t.totalDirect === 0) out.push(plain('(none)', width, 'dim'));
  return out;
}

const detailCache = new WeakMap<readonly ServiceRow[], Map<string, Line[]>>();

/**
 * The detail pane: who the service is, its badges, and its dependency and dependent trees.
 * Remembered per catalog, so moving back and forth over hubs with large trees stays cheap.
 */
export function detailLines(data: ExplorerData, row: number, depth: number, width: number): Line[] {
  // keyed by the rows, which the analysis replaces: its badges and ranking then show
  let cache = detailCache.get(data.rows);
  if (!cache) detailCache.set(data.rows, (cache = new Map()));
  const key = `${row} ${depth} ${width}`;
  let lines = cache.get(key);
  if (!lines) {
    if (cache.size >= 128) cache.delete(cache.keys().next().value!);
    lines = computeDetailLines(data, row, depth, width);
    cache.set(key, lines);
  }
  return lines;
}

/** A badge as wrapped lines: the label in brackets, then its sentence. */
function badgeLines(b: Badge, width: number): Line[] {
  const label = `[${b.label}]`;
  const wrapped = wrap(`${label} ${b.detail}`, width, 3);
  return wrapped.map((l, k) => (k === 0 && l.startsWith(label) ? fitLine([seg(label, 'warn'), seg(l.slice(label.length))], width) : plain(l, width)));
}

function computeDetailLines(data: ExplorerData, row: number, depth: number, width: number): Line[] {
  const r = data.rows[row]!;
  const lines: Line[] = wrap(r.name, width, 2).map((l) => plain(l, width, 'title'));
  const facts = [r.id, `tier ${r.tier}`, r.systemLabel ? `system ${r.systemLabel}` : '', r.owner ? `owner ${r.owner}` : ''].filter(Boolean);
  lines.push(...wrap(facts.join(' · '), width, 3).map((l) => plain(l, width, 'dim')));
  if (!data.analysed) lines.push(plain('blast radius: computing…', width, 'dim'));
  else {
    const radius = [seg('blast radius '), seg(String(r.radius), 'accent'), seg(` (${r.down} down)`, 'dim')];
    const ranking = `weighted ${r.weighted} · #${r.rank} of ${data.rows.length}`;
    // One line when it fits, else the ranking on a line of its own rather than cut.
    if (cellWidth(`blast radius ${r.radius} (${r.down} down) · ${ranking}`) <= width) lines.push([...radius, seg(` · ${ranking}`, 'dim')]);
    else lines.push(fitLine(radius, width), plain(ranking, width, 'dim'));
  }
  for (const b of r.badges) lines.push(...badgeLines(b, width));
  // cells, zones and regions: f then `30m @<cell>` fails one of them
  const svc = data.catalog.services.get(r.rawId);
  const cells = svc ? cellsLine(svc) : null;
  if (svc && cells) {
    const local = cellLocalDependencies(svc);
    const text = `cells: ${safeText(cells)}${local.length ? ` · per cell: ${local.map(safeText).join(', ')}` : ''}`;
    lines.push(...wrap(text, width, 4).map((l) => plain(l, width, 'dim')));
  }
  if (r.description) lines.push(...wrap(r.description, width, 3).map((l) => plain(l, width)));
  lines.push([]);
  lines.push(fitLine([seg(`Depends on`, 'title'), seg(` (depth ${depth}, +/- to change)`, 'dim')], width));
  lines.push(...treeLines(data, r.rawId, 'dependencies', depth, width));
  lines.push([]);
  lines.push(fitLine([seg(`Depended on by`, 'title'), seg(` (depth ${depth})`, 'dim')], width));
  lines.push(...treeLines(data, r.rawId, 'dependents', depth, width));
  return lines;
}

// ---------------------------------------------------------------- timeline pane


/**
 * Chunks of segments on as few lines as the width allows, `gap` between chunks on a line:
 * a narrow pane breaks between "t 4h30m of 1d4h4m" and "‖ paused" instead of cutting one.
 */
export function flow(chunks: readonly Line[], width: number, gap = '  '): Line[] {
  const out: Line[] = [];
  let line: Segment[] = [];
  let used = 0;
  for (const chunk of chunks) {
    const w = chunk.reduce((n, x) => n + cellWidth(x.text), 0);
    if (line.length > 0 && used + cellWidth(gap) + w <= width) {
      line.push(seg(gap), ...chunk);
      used += cellWidth(gap) + w;
      continue;
    }
    if (line.length > 0) out.push(line);
    line = [...fitLine(chunk, width)];
    used = w;
  }
  if (line.length > 0) out.push(line);
  return out;
}

/** The timeline pane: time, counts by state, the recovery sparkline, the selected service, the critical path. */
export function simLines(data: ExplorerData, sim: SimView, row: number | null, width: number): Line[] {
  const res = sim.result;
  const lines: Line[] = wrap(sim.label, width, 2).map((l) => plain(l, width, 'title'));
  // a scenario's triggers (a failure asked for here is its own label)
  if (sim.request?.kind !== 'fail') for (const t of triggerTexts(res)) lines.push(...wrap(safeText(t), width, 2).map((l) => plain(l, width, 'dim')));
  const clock = res.start ? clockAt(res.start, sim.t) : null;
  lines.push(
    ...flow(
      [
        [seg('t '), seg(minutes(sim.t), 'accent'), seg(` of ${minutes(sim.span)}`)],
        [seg(sim.playing ? '▶ playing' : '‖ paused', sim.playing ? 'accent' : 'dim')],
      ],
      width,
    ),
  );
  if (clock) lines.push(...flow([[seg(`clock ${clock}`, 'dim')], [seg(zoneOf(res.start!), 'dim')]], width, ' '));
  const c = countsAt(res, sim.t);
  lines.push(
    ...flow(
      [
        [seg(`${STATE_SYMBOL.down} ${c.down} down`, 'down')],
        [seg(`${STATE_SYMBOL.degraded} ${c.degraded} degraded`, 'degraded')],
        [seg(`${STATE_SYMBOL.up} ${c.up} up`, 'up')],
      ],
      width,
    ),
  );
  const sparkWidth = Math.max(1, width);
  const col = cursorColumn(sim.t, sim.span, sparkWidth);
  lines.push(...wrap('recovery: services up over time', width, 2).map((l) => plain(l, width, 'dim')));
  const cmp = sim.compare;
  // With an advisor's candidate drawn against it, both curves share one scale.
  const peak = cmp ? Math.max(peakImpaired(res), peakImpaired(cmp.result)) : 0;
  lines.push([seg(cmp ? curveOn(res, sparkWidth, sim.span, peak) : sparkline(res, sparkWidth), 'up')]);
  lines.push([seg(`${' '.repeat(col)}^`, 'accent')]);
  if (cmp) {
    lines.push(...wrap(`with ${safeText(cmp.id)}: ${cmp.result.summary}`, width, 3).map((l) => plain(l, width, 'accent')));
    lines.push([seg(curveOn(cmp.result, sparkWidth, sim.span, peak), 'accent')]);
  }
  if (sim.replay && sim.replay.rows.length > 0) {
    lines.push([seg(observedMarkRow(sim.replay.rows, sim.span, sparkWidth), 'warn')]);
    lines.push(...wrap(observedLegend(sim.replay), width, 3).map((l) => plain(l, width, 'dim')));
  }
  lines.push(...wrap(recoverySummary(res), width, 3).map((l) => plain(l, width, 'dim')));
  lines.push([]);

  if (row !== null) {
    const r = data.rows[row]!;
    const sr = res.services[row]!;
    const at = stateAt(sr, sim.t);
    lines.push(fitLine([seg(`${STATE_SYMBOL[at.state]} `, at.state), seg(r.id, 'title'), seg(` ${at.state}`, at.state)], width));
    const cause = causeAt(sr, sim.t);
    if (at.interval && cause) {
      lines.push(...wrap(`since ${minutes(at.interval.start)}: ${safeText(cause.detail)}`, width, 3).map((l) => plain(l, width)));
    }
    if (sr.impactStartMinutes === null) lines.push(plain('not affected', width, 'dim'));
    else if (!sr.recovered) lines.push(plain(`impaired from ${minutes(sr.impactStartMinutes)}; never recovers`, width, 'dim'));
    else lines.push(plain(`impaired ${impairedWindow(sim, row)}, ${minutes(sr.impairedMinutes)} in all`, width, 'dim'));
    const early = sr.collapse?.judgedBefore;
    if (early) lines.push(...wrap(`! collapse at ${minutes(early.atMinutes)} judged before ${safeText(early.name)} settled that minute: it may not happen (engine limitation: docs/model.md, "Within an instant")`, width, 2).map((l) => plain(l, width, 'warn')));
    for (const o of observationsOf(sim.replay, r.rawId)) {
      const tone = o.status === 'within' ? 'up' : o.status === 'not-simulated' ? 'dim' : 'warn';
      lines.push(...wrap(observationText(o), width, 2).map((l) => plain(l, width, tone)));
    }
    lines.push([]);
  }

  lines.push(fitLine([seg('Critical path', 'title'), seg(' (trigger first)', 'dim')], width));
  if (res.criticalPath.length === 0) lines.push(plain('(none)', width, 'dim'));
  // A failure that never clears has a path of links at infinity: say "never", not "∞ recovered".
  const at = (m: number): string => (Number.isFinite(m) ? minutes(m) : 'never');
  const timeWidth = Math.max(...res.criticalPath.map((p) => at(p.atMinutes).length), 1);
  for (const step of [...res.criticalPath].reverse()) {
    const reached = step.atMinutes <= sim.t;
    const head = [
      seg(reached ? `${STATE_SYMBOL.up} ` : '· ', reached ? 'up' : 'dim'),
      seg(`${fitRight(at(step.atMinutes), timeWidth)} `, 'dim'),
      seg(safeText(step.id), reached ? undefined : 'dim'),
    ];
    const what = safeText(step.what); // the engine says "never recovers" / "fault never clears" itself
    const used = head.reduce((w, x) => w + cellWidth(x.text), 0);
    // What happened goes under the id when the line would be cut.
    if (used + 1 + cellWidth(what) <= width) lines.push([...head, seg(` ${what}`, 'dim')]);
    else lines.push(fitLine(head, width), plain(`${' '.repeat(timeWidth + 3)}${what}`, width, 'dim'));
  }
  return lines;
}

// ---------------------------------------------------------------- scenario picker

/** The scenario picker: each scenario's name (wrapped), then the chosen one's description and id. */
export function scenarioLines(data: ExplorerData, cursor: number, width: number): { lines: Line[]; selected: number } {
  const lines: Line[] = [plain('Run a scenario', width, 'title'), plain('↑↓ choose · Enter run · Esc cancel', width, 'dim'), []];
  let selected = 0;
  data.scenarios.forEach((sc, i) => {
    const sel = i === cursor;
    if (sel) selected = lines.length;
    wrap(sc.name, Math.max(1, width - 2), 3).forEach((l, k) => {
      lines.push(fitLine([seg(k > 0 ? '  ' : sel ? `${SELECT_MARK} ` : '  ', 'accent'), seg(l, sel ? 'title' : undefined)], width));
    });
  });
  const cur = data.scenarios[cursor];
  if (cur) {
    lines.push([]);
    if (cur.description) lines.push(...wrap(cur.description, width, 8).map((l) => plain(l, width)));
    lines.push(...wrap(`id ${cur.id}`, width, 2).map((l) => plain(l, width, 'dim')));
  }
  return { lines, selected };
}
