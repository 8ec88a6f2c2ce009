/**
 * What the explorer shows, as lines of styled segments fitted to a width: list rows,
 * the detail pane, the timeline pane and the scenario picker (the help is in help.ts). Pure, so the
 * content is tested without a terminal; components only map tones to colours.
 * States are told apart by symbol as well as by colour, so the screen reads without colour.
 */
import { formatDuration } from '../../catalog/units.js';
import type { SimulationResult } from '../../engine/index.js';
import type { Direction } from '../../analysis/neighbourhood.js';
import { treeLinesOf } from './tree.js';
import { safeText } from '../../util/text.js';
import type { Badge, ExplorerData, ServiceRow } from './data.js';
import type { ExplorerState, SimView } from './reducer.js';
import { causeAt, clockAt, countsAt, curveOn, peakImpaired, zoneOf, cursorColumn, sparkline, stateAt } from './timeline.js';
import { observationsOf, observationText, observedLegend, observedMarkRow } from './observed.js';
import { cellWidth, fit, fitRight, truncate, wrap } from './text.js';
import { fitLine, MARKER, SELECT_MARK, STATE_SYMBOL, type Line, type Segment, type Tone } from './line.js';

export { fitLine, MARKER, SELECT_MARK, STATE_SYMBOL, type Line, type Segment, type Tone } from './line.js';

const seg = (text: string, tone?: Tone): Segment => (tone ? { text, tone } : { text });
const plain = (text: string, width: number, tone?: Tone): Line => [seg(truncate(text, width), tone)];
const minutes = (m: number): string => formatDuration(m);

// ---------------------------------------------------------------- service list

interface Columns {
  readonly id: number;
  readonly system: number;
  readonly name: number;
  /** The SPOF and shared-fate markers (" !≈"; 0: hidden). */
  readonly markers: number;
  /** The time column while a simulation is shown (0: hidden). */
  readonly window: number;
  /** What it shows: the impaired window ("5m–1h46m"), or only when the service is back. */
  readonly windowKind: 'impaired' | 'back at';
}

const MARKERS_WIDTH = 3;
const RADIUS_WIDTH = 5;

/** Cells the simulation list's columns need: the longest impaired window and recovery time (a space included), and ids. */
export interface WindowCells {
  readonly impaired: number;
  readonly backAt: number;
  /** The longest id, at most ID_ROOM: ids get this much before the time column takes room. */
  readonly id: number;
}

/** The time column cells for a simulation, from its longest window and recovery time. */
export function windowWidth(sim: SimView): WindowCells {
  let w = windowWidths.get(sim.result);
  if (w === undefined) {
    let impaired = 0;
    let backAt = 0;
    let id = 0;
    for (const row of sim.order) {
      impaired = Math.max(impaired, cellWidth(impairedWindow(sim, row)));
      backAt = Math.max(backAt, cellWidth(backAtText(sim, row)));
    }
    for (const r of sim.result.services) id = Math.max(id, cellWidth(safeText(r.id)));
    w = { impaired: Math.max(cellWidth('impaired'), impaired) + 1, backAt: Math.max(cellWidth('back at'), backAt) + 1, id: Math.min(ID_ROOM, id + 1) };
    windowWidths.set(sim.result, w);
  }
  return w;
}
const windowWidths = new WeakMap<SimulationResult, WindowCells>();

/** Ids get up to this many cells (fewer when every id is shorter) before the impaired window or the markers take room. */
const ID_ROOM = 24;

/**
 * How the list's width is shared: the id always, then system, then name as room allows.
 * `cells` are the time columns' widths while a simulation is shown (null: browsing).
 */
export function listColumns(width: number, cells: WindowCells | null): Columns {
  if (cells === null) {
    // selection (2) + tier " T0" (3) + markers (3) + radius (5)
    return share(width - (2 + 3 + MARKERS_WIDTH + RADIUS_WIDTH), MARKERS_WIDTH, 0, 'impaired');
  }
  // selection + state symbol (4), then the impaired window while ids keep their room, else
  // only when each service is back (narrow lists), else no time column at all.
  const avail = width - 4;
  const [window, windowKind] =
    avail - cells.impaired >= cells.id ? [cells.impaired, 'impaired' as const] : avail - cells.backAt >= Math.min(16, cells.id) ? [cells.backAt, 'back at' as const] : [0, 'impaired' as const];
  const markers = window && avail - window - MARKERS_WIDTH >= cells.id ? MARKERS_WIDTH : 0;
  return share(avail - window - markers, markers, window, windowKind);
}

function share(room: number, markers: number, window: number, windowKind: Columns['windowKind']): Columns {
  const rest = Math.max(4, room);
  if (rest >= 80) return { id: 30, system: 16, name: rest - 30 - 16 - 2, markers, window, windowKind };
  if (rest >= 64) return { id: 30, system: 14, name: rest - 30 - 14 - 2, markers, window, windowKind };
  if (rest >= 44) return { id: rest - 14, system: 14, name: 0, markers, window, windowKind };
  return { id: rest, system: 0, name: 0, markers, window, windowKind };
}

/** The row above the list naming its columns (the markers have none: the help explains them). */
export function listHeader(width: number, sim: SimView | null): Line {
  const c = listColumns(width, sim ? windowWidth(sim) : null);
  const system = c.system ? ` ${fit('system', c.system - 1)}` : '';
  const name = c.name ? `  ${fit('name', c.name)}` : '';
  const parts = sim
    ? ['  ', '  ', fit('service', c.id), system, name, ' '.repeat(c.markers), c.window ? fitRight(c.windowKind, c.window) : '']
    : ['  ', fit('service', c.id), ' ti', system, name, fitRight('radius', c.markers + RADIUS_WIDTH)];
  return [seg(truncate(parts.join(''), width), 'dim')];
}

/** The markers of a service: " !≈", " ! ", "  ≈" or blank, always MARKERS_WIDTH cells. */
export function markerSegments(r: ServiceRow): Segment[] {
  const spof = r.badges.some((b) => b.kind === 'spof');
  const shared = r.badges.some((b) => b.kind === 'shared-fate' || b.kind === 'false-redundancy');
  if (!spof && !shared) return [seg(' '.repeat(MARKERS_WIDTH))];
  return [seg(' '), spof ? seg(MARKER.spof, 'warn') : seg(' '), shared ? seg(MARKER.sharedFate, 'warn') : seg(' ')];
}

/**
 * One service in the list (browse mode): id, tier, system and name as room allows, markers,
 * blast radius (`…` while the ranking is still being computed: `pending`).
 */
export function listRow(r: ServiceRow, width: number, selected: boolean, pending = false): Line {
  const c = listColumns(width, null);
  const line: Segment[] = [
    seg(selected ? `${SELECT_MARK} ` : '  ', selected ? 'accent' : undefined),
    seg(fit(r.id, c.id), selected ? 'title' : undefined),
    seg(` T${r.tier}`, r.tier === 0 ? 'warn' : 'dim'),
  ];
  if (c.system) line.push(seg(` ${fit(r.systemLabel, c.system - 1)}`, 'dim'));
  if (c.name) line.push(seg(`  ${fit(r.name, c.name)}`));
  line.push(...markerSegments(r));
  line.push(seg(fitRight(pending ? '…' : String(r.radius), RADIUS_WIDTH), pending ? 'dim' : 'accent'));
  return fitLine(line, width);
}

/** When a service was impaired: "0m–54m", "5m–never", or "" when never. */
export function impairedWindow(sim: SimView, row: number): string {
  const s = sim.result.services[row]!;
  if (s.impactStartMinutes === null) return '';
  const end = s.recovered ? (s.recoveredMinutes === null ? '?' : minutes(s.recoveredMinutes)) : 'never';
  return `${minutes(s.impactStartMinutes)}–${end}`;
}

/** When a service was back: "1h46m", "never", or "" when never affected. */
export function backAtText(sim: SimView, row: number): string {
  const s = sim.result.services[row]!;
  if (s.impactStartMinutes === null) return '';
  return s.recovered ? (s.recoveredMinutes === null ? '?' : minutes(s.recoveredMinutes)) : 'never';
}

/** One service in the list while a simulation is shown: its state at the current time. */
export function simRow(r: ServiceRow, sim: SimView, width: number, selected: boolean): Line {
  const c = listColumns(width, windowWidth(sim));
  const state = stateAt(sim.result.services[r.index]!, sim.t).state;
  const line: Segment[] = [
    seg(selected ? `${SELECT_MARK} ` : '  ', selected ? 'accent' : undefined),
    seg(`${STATE_SYMBOL[state]} `, state),
    seg(fit(r.id, c.id), selected ? 'title' : state === 'up' ? undefined : state),
  ];
  if (c.system) line.push(seg(` ${fit(r.systemLabel, c.system - 1)}`, 'dim'));
  if (c.name) line.push(seg(`  ${fit(r.name, c.name)}`));
  if (c.markers) line.push(...markerSegments(r));
  if (c.window) line.push(seg(fitRight(c.windowKind === 'impaired' ? impairedWindow(sim, r.index) : backAtText(sim, r.index), c.window), 'dim'));
  return fitLine(line, width);
}

/**
 * The title of the list pane: what is listed, how many, the active filters and the order,
 * such as "Services 19 · by blast radius", "Services 7/19 · tier 0 · by blast radius" or
 * "Affected 14 · cascade order". In `width` cells: the order is said shorter, or not at all,
 * before the filters are cut.
 */
export function listTitle(data: ExplorerData, s: ExplorerState, width = Infinity): string {
  const affected = s.sim !== null && s.affectedOnly;
  const total = affected ? s.sim!.order.length : data.rows.length;
  const filtered = s.list.length !== total;
  const parts = [`${affected ? 'Affected' : 'Services'} ${filtered ? `${s.list.length}/${total}` : total}`];
  if (s.query && !s.searching) parts.push(`/${s.query}`);
  if (s.tier !== null) parts.push(`tier ${s.tier}`);
  if (s.system !== null) parts.push(`system ${safeText(s.system)}`);
  const orders = affected ? ['cascade order', ''] : data.analysed ? ['by blast radius', 'by radius', ''] : ['ranking by blast radius…', 'ranking…', ''];
  for (const order of orders) {
    const title = [...parts, order].filter(Boolean).join(' · ');
    if (cellWidth(title) <= width || order === '') return title;
  }
  return parts.join(' · ');
}

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

/**
 * How many services the simulation affected and when they were back. Services marked
 * `partial` do not hold up full recovery (docs/model.md), so when they recover later, or
 * never, that is said too rather than claiming everything is back.
 */
export function recoverySummary(res: SimulationResult): string {
  let text = summaries.get(res);
  if (text === undefined) summaries.set(res, (text = computeRecoverySummary(res)));
  return text;
}
// Drawn on every frame while the timeline plays; the scan of every service is done once.
const summaries = new WeakMap<SimulationResult, string>();

function computeRecoverySummary(res: SimulationResult): string {
  const full = res.fullRecoveryMinutes;
  if (full === null) return `${res.affected} affected; not everything recovers`;
  const lingering = res.services.filter((s) => s.impactStartMinutes !== null && (!s.recovered || (s.recoveredMinutes ?? 0) > full));
  if (lingering.length === 0) return `${res.affected} affected; all back at ${minutes(full)}`;
  const n = lingering.length;
  const verb = (one: string, many: string) => (n === 1 ? one : many);
  const until = lingering.some((s) => !s.recovered)
    ? verb('never ends', 'never end')
    : `${verb('lasts', 'last')} until ${minutes(Math.max(...lingering.map((s) => s.recoveredMinutes ?? 0)))}`;
  return `${res.affected} affected; full recovery at ${minutes(full)}; ${n} partial impact${verb('', 's')} ${until}`;
}

/** The timeline pane: time, counts by state, the recovery sparkline, the selected service, the critical path. */
export function simLines(data: ExplorerData, sim: SimView, row: number | null, width: number): Line[] {
  const res = sim.result;
  const lines: Line[] = wrap(sim.label, width, 2).map((l) => plain(l, width, 'title'));
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
    lines.push(...wrap(`with ${safeText(cmp.id)}: ${recoverySummary(cmp.result)}`, width, 3).map((l) => plain(l, width, 'accent')));
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
