/**
 * What the explorer shows, as lines of styled segments fitted to a width: list rows,
 * the detail pane, the timeline pane and the scenario picker (the help is in help.ts). Pure, so the
 * content is tested without a terminal; components only map tones to colours.
 * States are told apart by symbol as well as by colour, so the screen reads without colour.
 */
import { formatDuration } from '../../catalog/units.js';
import type { Direction } from '../../analysis/neighbourhood.js';
import { treeLinesOf } from './tree.js';
import { safeText } from '../../util/text.js';
import type { Badge, ExplorerData, ServiceRow } from './data.js';
import type { ExplorerState, SimView } from './reducer.js';
import { causeAt, clockAt, countsAt, zoneOf, cursorColumn, sparkline, stateAt } from './timeline.js';
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
  /** The impaired window column while a simulation is shown (0: hidden). */
  readonly window: number;
}

const MARKERS_WIDTH = 3;
const RADIUS_WIDTH = 5;

/** How the list's width is shared: the id always, then system, then name as room allows. */
export function listColumns(width: number, sim: boolean): Columns {
  // Browse: selection (2) + tier " T0" (3) + markers (3) + radius (5). Simulation: selection +
  // state symbol (2) + impaired window (14), the window left out when it would squeeze ids
  // below 16 cells and the markers when they would squeeze them below 24.
  const window = sim && width - 4 - 14 >= 16 ? 14 : 0;
  const markers = !sim || (window && width - 4 - 14 - MARKERS_WIDTH >= 24) ? MARKERS_WIDTH : 0;
  const fixed = sim ? 2 + 2 + window + markers : 2 + 3 + markers + RADIUS_WIDTH;
  const rest = Math.max(4, width - fixed);
  if (rest >= 64) return { id: 30, system: 14, name: rest - 30 - 14 - 2, markers, window };
  if (rest >= 44) return { id: rest - 14, system: 14, name: 0, markers, window };
  return { id: rest, system: 0, name: 0, markers, window };
}

/** The row above the list naming its columns (the markers have none: the help explains them). */
export function listHeader(width: number, sim: boolean): Line {
  const c = listColumns(width, sim);
  const system = c.system ? ` ${fit('system', c.system - 1)}` : '';
  const name = c.name ? `  ${fit('name', c.name)}` : '';
  const parts = sim
    ? ['  ', '  ', fit('service', c.id), system, name, ' '.repeat(c.markers), c.window ? fitRight('impaired', c.window) : '']
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

/** One service in the list (browse mode): id, tier, system and name as room allows, markers, blast radius. */
export function listRow(r: ServiceRow, width: number, selected: boolean): Line {
  const c = listColumns(width, false);
  const line: Segment[] = [
    seg(selected ? `${SELECT_MARK} ` : '  ', selected ? 'accent' : undefined),
    seg(fit(r.id, c.id), selected ? 'title' : undefined),
    seg(` T${r.tier}`, r.tier === 0 ? 'warn' : 'dim'),
  ];
  if (c.system) line.push(seg(` ${fit(r.systemLabel, c.system - 1)}`, 'dim'));
  if (c.name) line.push(seg(`  ${fit(r.name, c.name)}`));
  line.push(...markerSegments(r));
  line.push(seg(fitRight(String(r.radius), RADIUS_WIDTH), 'accent'));
  return fitLine(line, width);
}

/** When a service was impaired: "0m–54m", "5m–never", or "" when never. */
export function impairedWindow(sim: SimView, row: number): string {
  const s = sim.result.services[row]!;
  if (s.impactStartMinutes === null) return '';
  const end = s.recovered ? (s.recoveredMinutes === null ? '?' : minutes(s.recoveredMinutes)) : 'never';
  return `${minutes(s.impactStartMinutes)}–${end}`;
}

/** One service in the list while a simulation is shown: its state at the current time. */
export function simRow(r: ServiceRow, sim: SimView, width: number, selected: boolean): Line {
  const c = listColumns(width, true);
  const state = stateAt(sim.result.services[r.index]!, sim.t).state;
  const line: Segment[] = [
    seg(selected ? `${SELECT_MARK} ` : '  ', selected ? 'accent' : undefined),
    seg(`${STATE_SYMBOL[state]} `, state),
    seg(fit(r.id, c.id), selected ? 'title' : state === 'up' ? undefined : state),
  ];
  if (c.system) line.push(seg(` ${fit(r.systemLabel, c.system - 1)}`, 'dim'));
  if (c.name) line.push(seg(`  ${fit(r.name, c.name)}`));
  if (c.markers) line.push(...markerSegments(r));
  if (c.window) line.push(seg(fitRight(impairedWindow(sim, r.index), c.window), 'dim'));
  return fitLine(line, width);
}

/**
 * The title of the list pane: what is listed, how many, the active filters and the order,
 * such as "Services 19 · by blast radius" or "Affected 14/19 · cascade order".
 */
export function listTitle(data: ExplorerData, s: ExplorerState): string {
  const affected = s.sim !== null && s.affectedOnly;
  const total = data.rows.length;
  const filtered = s.list.length !== total || affected;
  // Filters come before the order so that a narrow title cuts the least useful part.
  const parts = [`${affected ? 'Affected' : 'Services'} ${filtered ? `${s.list.length}/${total}` : total}`];
  if (s.query && !s.searching) parts.push(`/${s.query}`);
  if (s.tier !== null) parts.push(`tier ${s.tier}`);
  if (s.system !== null) parts.push(`system ${safeText(s.system)}`);
  parts.push(affected ? 'cascade order' : 'by blast radius');
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

const detailCache = new WeakMap<ExplorerData, Map<string, Line[]>>();

/**
 * The detail pane: who the service is, its badges, and its dependency and dependent trees.
 * Remembered per catalog, so moving back and forth over hubs with large trees stays cheap.
 */
export function detailLines(data: ExplorerData, row: number, depth: number, width: number): Line[] {
  let cache = detailCache.get(data);
  if (!cache) detailCache.set(data, (cache = new Map()));
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
  const lines: Line[] = [plain(r.name, width, 'title')];
  const facts = [r.id, `tier ${r.tier}`, r.systemLabel ? `system ${r.systemLabel}` : '', r.owner ? `owner ${r.owner}` : ''].filter(Boolean);
  lines.push(...wrap(facts.join(' · '), width, 2).map((l) => plain(l, width, 'dim')));
  const radius = [seg('blast radius '), seg(String(r.radius), 'accent'), seg(` (${r.down} down)`, 'dim')];
  const ranking = `weighted ${r.weighted} · #${r.rank} of ${data.rows.length}`;
  // One line when it fits, else the ranking on a line of its own rather than cut.
  if (cellWidth(`blast radius ${r.radius} (${r.down} down) · ${ranking}`) <= width) lines.push([...radius, seg(` · ${ranking}`, 'dim')]);
  else lines.push(fitLine(radius, width), plain(ranking, width, 'dim'));
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

/** The timeline pane: time, counts by state, the recovery sparkline, the selected service, the critical path. */
export function simLines(data: ExplorerData, sim: SimView, row: number | null, width: number): Line[] {
  const res = sim.result;
  const lines: Line[] = [plain(sim.label, width, 'title')];
  const clock = res.start ? clockAt(res.start, sim.t) : null;
  lines.push(
    fitLine(
      [
        seg('t '),
        seg(minutes(sim.t), 'accent'),
        seg(` of ${minutes(sim.span)}  `),
        seg(sim.playing ? '▶ playing' : '‖ paused', sim.playing ? 'accent' : 'dim'),
      ],
      width,
    ),
  );
  if (clock) lines.push(plain(`clock ${clock} ${zoneOf(res.start!)}`, width, 'dim'));
  const c = countsAt(res, sim.t);
  lines.push(
    fitLine(
      [
        seg(`${STATE_SYMBOL.down} ${c.down} down`, 'down'),
        seg('  '),
        seg(`${STATE_SYMBOL.degraded} ${c.degraded} degraded`, 'degraded'),
        seg('  '),
        seg(`${STATE_SYMBOL.up} ${c.up} up`, 'up'),
      ],
      width,
    ),
  );
  const sparkWidth = Math.max(1, width);
  const col = cursorColumn(sim.t, sim.span, sparkWidth);
  lines.push(plain('recovery: services up over time', width, 'dim'));
  lines.push([seg(sparkline(res, sparkWidth), 'up')]);
  lines.push([seg(`${' '.repeat(col)}^`, 'accent')]);
  const full = res.fullRecoveryMinutes;
  lines.push(plain(`${res.affected} affected; ${full === null ? 'not everything recovers' : `all back at ${minutes(full)}`}`, width, 'dim'));
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
    else lines.push(plain(`impaired ${impairedWindow(sim, row)}, ${minutes(sr.impairedMinutes)} in all`, width, 'dim'));
    lines.push([]);
  }

  lines.push(fitLine([seg('Critical path', 'title'), seg(' (trigger first)', 'dim')], width));
  if (res.criticalPath.length === 0) lines.push(plain('(none)', width, 'dim'));
  const timeWidth = Math.max(...res.criticalPath.map((p) => minutes(p.atMinutes).length), 1);
  for (const step of [...res.criticalPath].reverse()) {
    const reached = step.atMinutes <= sim.t;
    lines.push(
      fitLine(
        [
          seg(reached ? `${STATE_SYMBOL.up} ` : '· ', reached ? 'up' : 'dim'),
          seg(`${fitRight(minutes(step.atMinutes), timeWidth)} `, 'dim'),
          seg(safeText(step.id), reached ? undefined : 'dim'),
          seg(` ${safeText(step.what)}`, 'dim'),
        ],
        width,
      ),
    );
  }
  return lines;
}

// ---------------------------------------------------------------- scenario picker

export function scenarioLines(data: ExplorerData, cursor: number, width: number): Line[] {
  const lines: Line[] = [plain('Run a scenario', width, 'title'), plain('↑↓ choose · Enter run · Esc cancel', width, 'dim'), []];
  data.scenarios.forEach((sc, i) => {
    const sel = i === cursor;
    lines.push(fitLine([seg(sel ? `${SELECT_MARK} ` : '  ', 'accent'), seg(sc.name, sel ? 'title' : undefined), seg(` (${sc.id})`, 'dim')], width));
  });
  const cur = data.scenarios[cursor];
  if (cur?.description) {
    lines.push([]);
    lines.push(...wrap(cur.description, width, 8).map((l) => plain(l, width)));
  }
  return lines;
}
