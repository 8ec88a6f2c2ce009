/**
 * The service list as lines of styled segments fitted to a width: its columns (shared out as
 * the width allows), the header, one service while browsing (tier, markers, blast radius) or
 * while a simulation is shown (state at the current time, impaired window), and the pane's
 * title. Only the visible rows are built (the list is virtualized). Pure.
 */
import { formatDuration } from '../../catalog/units.js';
import type { SimulationResult } from '../../engine/index.js';
import { safeText } from '../../util/text.js';
import type { ExplorerData, ServiceRow } from './data.js';
import type { ExplorerState, SimView } from './reducer.js';
import { stateAt } from './timeline.js';
import { cellWidth, fit, fitRight, truncate } from './text.js';
import { fitLine, MARKER, SELECT_MARK, STATE_SYMBOL, type Line, type Segment, type Tone } from './line.js';

const seg = (text: string, tone?: Tone): Segment => (tone ? { text, tone } : { text });
const minutes = (m: number): string => formatDuration(m);

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
