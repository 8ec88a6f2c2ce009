/**
 * The explorer's state and every way it changes: a reducer over a discriminated union
 * of actions. Pure: the simulation itself runs outside (the reducer records a request
 * and later receives the result), and time advances only through `tick` actions.
 */
import type { Tier } from '../../catalog/model.js';
import { parseDuration } from '../../catalog/units.js';
import { DEFAULT_FAIL_MINUTES, sameRequest, type SimRequest } from './requests.js';
import type { SimulationResult } from '../../engine/index.js';
import type { ReplayResult } from '../../replay/compare.js';
import type { ExplorerData } from './data.js';
import { cycle, filterRows } from './filter.js';
import { cascadeOrder, eventTimes, niceStep, seekEvent, timelineSpan } from './timeline.js';
import { computeLayout } from './layout.js';
import { printable } from './text.js';
import { maxHelpScroll } from './help.js';
import type { AdviceAction, AdviceView, Compare } from './advice-state.js';

export { DEFAULT_FAIL_MINUTES, failLabel, sameRequest, type SimRequest } from './requests.js';
export const MAX_DEPTH = 9;
const TIERS_CYCLE: readonly Tier[] = [0, 1, 2, 3];

export type Overlay =
  | { readonly kind: 'none' }
  /** The help, scrolled to its `scroll`th line. */
  | { readonly kind: 'help'; readonly scroll: number }
  /** Asking how long the selected service fails. */
  | { readonly kind: 'duration'; readonly row: number; readonly text: string; readonly error: string | null }
  | { readonly kind: 'scenarios'; readonly cursor: number }
  /** The advisor's candidates for a service (state.advice). */
  | { readonly kind: 'advice' };


export interface SimView {
  readonly result: SimulationResult;
  /** What was simulated, for the pane title (safe text). */
  readonly label: string;
  readonly t: number;
  readonly span: number;
  readonly step: number;
  readonly playing: boolean;
  /** Affected rows in cascade order. */
  readonly order: readonly number[];
  readonly events: readonly number[];
  /** The scenario's observed milestones against this run (src/replay), or null when it has none. */
  readonly replay: ReplayResult | null;
  /** What was simulated (null when not known). */
  readonly request: SimRequest | null;
  /** An advisor's candidate whose timeline is drawn against this one, or null. */
  readonly compare: Compare | null;
}

export interface ExplorerState {
  readonly query: string;
  /** Typing goes to the search query. */
  readonly searching: boolean;
  readonly tier: Tier | null;
  readonly system: string | null;
  /** The rows shown, in order (indices into data.rows). */
  readonly list: readonly number[];
  /** Position of the selection in `list`. */
  readonly cursor: number;
  /** First visible position of `list` (the list is virtualized: only listRows rows render). */
  readonly scroll: number;
  readonly listRows: number;
  readonly paneRows: number;
  /** Width of the help's text; it shows paneRows lines at once. */
  readonly helpWidth: number;
  readonly focus: 'list' | 'pane';
  readonly paneScroll: number;
  /** Depth of the dependency and dependent trees. */
  readonly depth: number;
  readonly overlay: Overlay;
  /** A one-line notice in the footer, cleared by the next key. */
  readonly message: string | null;
  readonly sim: SimView | null;
  readonly pending: SimRequest | null;
  /** While a simulation is shown: list only the affected services, in cascade order. */
  readonly affectedOnly: boolean;
  /** The advisor's candidates for a service: asked for, being computed, or computed. */
  readonly advice: AdviceView | null;
  /** A candidate to draw against the pending simulation once it is in (the advisor's Enter). */
  readonly pendingCompare: Compare | null;
}

export type Action =
  | { readonly type: 'move'; readonly delta: number }
  | { readonly type: 'page'; readonly direction: 1 | -1 }
  | { readonly type: 'jump'; readonly to: 'first' | 'last' }
  | { readonly type: 'searchStart' }
  | { readonly type: 'searchInput'; readonly text: string }
  | { readonly type: 'searchBackspace' }
  | { readonly type: 'searchEnd'; readonly keep: boolean }
  | { readonly type: 'cycleTier' }
  | { readonly type: 'cycleSystem' }
  | { readonly type: 'clearFilters' }
  | { readonly type: 'depth'; readonly delta: number }
  | { readonly type: 'toggleFocus' }
  | { readonly type: 'scrollPane'; readonly delta: number }
  | { readonly type: 'openHelp' }
  | { readonly type: 'helpScroll'; readonly delta: number }
  | { readonly type: 'helpJump'; readonly to: 'first' | 'last' }
  | { readonly type: 'closeOverlay' }
  | { readonly type: 'promptFail' }
  | { readonly type: 'promptInput'; readonly text: string }
  | { readonly type: 'promptBackspace' }
  | { readonly type: 'promptSubmit' }
  | { readonly type: 'openScenarios' }
  | { readonly type: 'scenarioMove'; readonly delta: number }
  | { readonly type: 'scenarioSubmit' }
  | { readonly type: 'simulated'; readonly result: SimulationResult; readonly label: string; readonly replay?: ReplayResult | null; readonly request?: SimRequest }
  | { readonly type: 'simulationFailed'; readonly message: string }
  | { readonly type: 'closeSimulation' }
  | { readonly type: 'scrub'; readonly steps: number }
  | { readonly type: 'seekEvent'; readonly direction: 1 | -1 }
  | { readonly type: 'togglePlay' }
  | { readonly type: 'tick' }
  | { readonly type: 'toggleAffected' }
  /** The ranking arrived (the reducer is now bound to the analysed data): re-sort the list. */
  | { readonly type: 'analysed' }
  | { readonly type: 'resize'; readonly cols: number; readonly rows: number }
  | AdviceAction;

/** The state the explorer opens in; with `scenario` (an index of data.scenarios) that scenario runs at once and plays. */
export function initialState(data: ExplorerData, cols: number, rows: number, scenario?: number): ExplorerState {
  const layout = computeLayout(cols, rows);
  return {
    query: '',
    searching: false,
    tier: null,
    system: null,
    list: data.ranked,
    cursor: 0,
    scroll: 0,
    listRows: layout.listRows,
    paneRows: layout.paneRows,
    helpWidth: layout.helpInner,
    focus: 'list',
    paneScroll: 0,
    depth: 2,
    overlay: { kind: 'none' },
    message: null,
    sim: null,
    pending: scenario !== undefined && scenario >= 0 && scenario < data.scenarios.length ? { kind: 'scenario', index: scenario } : null,
    affectedOnly: false,
    advice: null,
    pendingCompare: null,
  };
}

/** The selected row (index into data.rows), or null when the list is empty. */
export const selectedRow = (s: ExplorerState): number | null => s.list[s.cursor] ?? null;

const clamp = (x: number, lo: number, hi: number): number => Math.max(lo, Math.min(hi, x));

/** The scroll offset that keeps `cursor` visible, moving as little as possible. */
export function scrollFor(cursor: number, scroll: number, rows: number, length: number): number {
  const maxScroll = Math.max(0, length - rows);
  let s = clamp(scroll, 0, maxScroll);
  if (cursor < s) s = cursor;
  else if (cursor >= s + rows) s = cursor - rows + 1;
  return clamp(s, 0, maxScroll);
}

function withCursor(s: ExplorerState, cursor: number): ExplorerState {
  const c = clamp(cursor, 0, Math.max(0, s.list.length - 1));
  if (c === s.cursor && s.scroll === scrollFor(c, s.scroll, s.listRows, s.list.length)) return s;
  return { ...s, cursor: c, scroll: scrollFor(c, s.scroll, s.listRows, s.list.length), paneScroll: c === s.cursor ? s.paneScroll : 0 };
}

/** Recomputes the list after a filter or mode change, keeping the selected service when it is still listed. */
function relist(data: ExplorerData, s: ExplorerState, prefer: number | null = selectedRow(s)): ExplorerState {
  const base = s.sim && s.affectedOnly ? s.sim.order : data.ranked;
  const list = filterRows(data, base, { query: s.query, tier: s.tier, system: s.system });
  const kept = prefer === null ? -1 : list.indexOf(prefer);
  const cursor = kept >= 0 ? kept : 0;
  const changedRow = list[cursor] !== selectedRow(s);
  return { ...s, list, cursor, scroll: scrollFor(cursor, kept >= 0 ? s.scroll : 0, s.listRows, list.length), paneScroll: changedRow ? 0 : s.paneScroll };
}

/**
 * Parses the answer to "fail for how long?": a duration (default 30m) or never, then, for a
 * service with cells, optionally `@<cell>` to fail that cell alone ("15m @use1-az1",
 * "@use1-az1"). Minutes (null for never) and the cell, or an error message.
 */
export function parseFailDuration(text: string, cells: readonly string[] = []): { minutes: number | null; cell?: string } | { error: string } {
  const at = text.indexOf('@');
  const cellText = at < 0 ? null : text.slice(at + 1).trim();
  if (cellText !== null) {
    if (cells.length === 0) return { error: 'this service has no cells: answer a duration only' };
    if (!cells.includes(cellText)) return { error: `no cell "${printable(cellText)}": its cells are ${cells.map(printable).join(', ')}` };
  }
  const t = (at < 0 ? text : text.slice(0, at)).trim().toLowerCase();
  const cell = cellText === null ? {} : { cell: cellText };
  if (t === '') return { minutes: DEFAULT_FAIL_MINUTES, ...cell };
  if (t === 'never' || t === 'forever' || t === 'inf' || t === '∞') return { minutes: null, ...cell };
  const m = parseDuration(t);
  if (m === undefined || m <= 0) return { error: `"${printable(text)}" is not a duration: try 90s, 15m, 2h or never` };
  return { minutes: m, ...cell };
}


export function startSim(data: ExplorerData, s: ExplorerState, result: SimulationResult, label: string, replay: ReplayResult | null, request: SimRequest | null = null, compare: Compare | null = null): ExplorerState {
  const span = timelineSpan(result);
  const order = cascadeOrder(result, data.ranked);
  const sim: SimView = { result, label, t: 0, span, step: niceStep(span), playing: true, order, events: eventTimes(result), replay, request, compare };
  // List every affected service, whatever the search or filters were (a search that found
  // the service to fail would otherwise hide its cascade), and select where the cascade starts.
  const fresh = { ...s, sim, pending: null, pendingCompare: null, affectedOnly: true, focus: 'list' as const, paneScroll: 0, query: '', searching: false, tier: null, system: null };
  return relist(data, fresh, order[0] ?? selectedRow(s));
}

function setTime(s: ExplorerState, t: number, playing: boolean): ExplorerState {
  if (!s.sim) return s;
  return { ...s, sim: { ...s.sim, t: clamp(t, 0, s.sim.span), playing } };
}

/** The reducer, bound to the catalog's data. */
export function reduce(data: ExplorerData, s: ExplorerState, a: Action): ExplorerState {
  // A notice lasts until the next thing the user does.
  const st = s.message !== null && a.type !== 'tick' && a.type !== 'resize' ? { ...s, message: null } : s;
  switch (a.type) {
    case 'move':
      return withCursor(st, st.cursor + a.delta);
    case 'page':
      return withCursor(st, st.cursor + a.direction * Math.max(1, st.listRows - 1));
    case 'jump':
      return withCursor(st, a.to === 'first' ? 0 : st.list.length - 1);
    case 'searchStart':
      return { ...st, searching: true, focus: 'list' };
    case 'searchInput': {
      const text = printable(a.text);
      // the best match (an exact id first) is selected as the query changes
      return text ? relist(data, { ...st, query: st.query + text }, null) : st;
    }
    case 'searchBackspace':
      return st.query ? relist(data, { ...st, query: [...st.query].slice(0, -1).join('') }, null) : st;
    case 'searchEnd':
      return a.keep ? { ...st, searching: false } : relist(data, { ...st, searching: false, query: '' });
    case 'cycleTier':
      return relist(data, { ...st, tier: cycle(st.tier, TIERS_CYCLE) });
    case 'cycleSystem':
      if (data.systems.length === 0) return { ...st, message: 'this catalog names no systems' };
      return relist(data, { ...st, system: cycle(st.system, data.systems) });
    case 'clearFilters':
      return relist(data, { ...st, query: '', tier: null, system: null });
    case 'depth': {
      const depth = clamp(st.depth + a.delta, 1, MAX_DEPTH);
      return depth === st.depth ? st : { ...st, depth, paneScroll: 0 };
    }
    case 'toggleFocus':
      return { ...st, focus: st.focus === 'list' ? 'pane' : 'list' };
    case 'scrollPane':
      return { ...st, paneScroll: Math.max(0, st.paneScroll + a.delta) };
    case 'openHelp':
      return { ...st, overlay: { kind: 'help', scroll: 0 }, searching: false };
    case 'helpScroll':
    case 'helpJump': {
      if (st.overlay.kind !== 'help') return st;
      const max = maxHelpScroll(st.helpWidth, st.paneRows);
      const want = a.type === 'helpJump' ? (a.to === 'first' ? 0 : max) : st.overlay.scroll + a.delta;
      const scroll = clamp(want, 0, max);
      return scroll === st.overlay.scroll ? st : { ...st, overlay: { kind: 'help', scroll } };
    }
    case 'closeOverlay':
      return st.overlay.kind === 'none' ? st : { ...st, overlay: { kind: 'none' } };
    case 'promptFail': {
      const row = selectedRow(st);
      if (row === null) return { ...st, message: 'no service selected' };
      return { ...st, searching: false, overlay: { kind: 'duration', row, text: '', error: null } };
    }
    case 'promptInput':
      if (st.overlay.kind !== 'duration') return st;
      return { ...st, overlay: { ...st.overlay, text: st.overlay.text + printable(a.text), error: null } };
    case 'promptBackspace':
      if (st.overlay.kind !== 'duration') return st;
      return { ...st, overlay: { ...st.overlay, text: [...st.overlay.text].slice(0, -1).join(''), error: null } };
    case 'promptSubmit': {
      if (st.overlay.kind !== 'duration') return st;
      const parsed = parseFailDuration(st.overlay.text, data.catalog.services.get(data.rows[st.overlay.row]!.rawId)?.cells?.names ?? []);
      if ('error' in parsed) return { ...st, overlay: { ...st.overlay, error: parsed.error } };
      const cell = parsed.cell === undefined ? {} : { cell: parsed.cell };
      return { ...st, overlay: { kind: 'none' }, pending: { kind: 'fail', row: st.overlay.row, forMinutes: parsed.minutes, ...cell }, pendingCompare: null };
    }
    case 'openScenarios':
      if (data.scenarios.length === 0) return { ...st, message: 'this catalog has no scenarios: press f to fail the selected service' };
      return { ...st, searching: false, overlay: { kind: 'scenarios', cursor: 0 } };
    case 'scenarioMove':
      if (st.overlay.kind !== 'scenarios') return st;
      return { ...st, overlay: { kind: 'scenarios', cursor: clamp(st.overlay.cursor + a.delta, 0, data.scenarios.length - 1) } };
    case 'scenarioSubmit':
      if (st.overlay.kind !== 'scenarios') return st;
      return { ...st, overlay: { kind: 'none' }, pending: { kind: 'scenario', index: st.overlay.cursor }, pendingCompare: null };
    case 'simulated':
      // the result of a request since replaced by another (`f` again before it came): not shown
      if (a.request && st.pending && !sameRequest(a.request, st.pending)) return st;
      return startSim(data, st, a.result, a.label, a.replay ?? null, a.request ?? null, st.pendingCompare);
    case 'simulationFailed':
      return { ...st, pending: null, pendingCompare: null, message: a.message };
    case 'closeSimulation':
      return st.sim ? relist(data, { ...st, sim: null, affectedOnly: false, paneScroll: 0 }) : st;
    case 'scrub':
      return st.sim ? setTime(st, st.sim.t + a.steps * st.sim.step, false) : st;
    case 'seekEvent':
      return st.sim ? setTime(st, seekEvent(st.sim.events, st.sim.t, a.direction), false) : st;
    case 'togglePlay':
      if (!st.sim) return st;
      if (st.sim.playing) return setTime(st, st.sim.t, false);
      return setTime(st, st.sim.t >= st.sim.span ? 0 : st.sim.t, true);
    case 'tick': {
      if (!st.sim?.playing) return st;
      const t = st.sim.t + st.sim.step;
      return setTime(st, t, t < st.sim.span);
    }
    case 'toggleAffected':
      return st.sim ? relist(data, { ...st, affectedOnly: !st.affectedOnly }) : st;
    case 'analysed': {
      // Nobody has moved yet: the top of the ranking is selected, as when a catalog opens ranked.
      const untouched = st.cursor === 0 && !st.query && st.tier === null && st.system === null && !st.sim;
      return relist(data, untouched ? { ...st, scroll: 0 } : st, untouched ? null : selectedRow(st));
    }
    case 'openAdvice':
    case 'adviceProgress':
    case 'advised':
    case 'adviceFailed':
    case 'adviceMove':
    case 'adviceChoose':
      return reduceAdvice(st, a);
    case 'resize': {
      const layout = computeLayout(a.cols, a.rows);
      if (layout.listRows === st.listRows && layout.paneRows === st.paneRows && layout.helpInner === st.helpWidth) return st;
      const overlay = st.overlay.kind === 'help' ? { kind: 'help' as const, scroll: Math.min(st.overlay.scroll, maxHelpScroll(layout.helpInner, layout.paneRows)) } : st.overlay;
      return {
        ...st,
        listRows: layout.listRows,
        paneRows: layout.paneRows,
        helpWidth: layout.helpInner,
        overlay,
        scroll: scrollFor(st.cursor, st.scroll, layout.listRows, st.list.length),
      };
    }
  }
}

/** The request the advisor runs over for `row`: the one on the timeline, else the row's own failure. */
export const adviceRequest = (s: ExplorerState, row: number): SimRequest => s.sim?.request ?? { kind: 'fail', row, forMinutes: DEFAULT_FAIL_MINUTES };

export function reduceAdvice(st: ExplorerState, a: AdviceAction): ExplorerState {
  const adv = st.advice;
  switch (a.type) {
    case 'openAdvice': {
      const row = selectedRow(st);
      if (row === null) return { ...st, message: 'no service selected' };
      const request = adviceRequest(st, row);
      // the same service over the same input: shown again as it was (computed once per selection)
      if (adv && adv.row === row && sameRequest(adv.request, request) && adv.status !== 'failed') return { ...st, searching: false, overlay: { kind: 'advice' } };
      return { ...st, searching: false, overlay: { kind: 'advice' }, advice: { row, request, status: 'computing', done: 0, total: 0, result: null, cursor: 0, error: null } };
    }
    case 'adviceProgress':
      if (adv?.status !== 'computing') return st;
      return { ...st, advice: { ...adv, done: a.done, total: a.total } };
    case 'advised':
      if (!adv || adv.row !== a.row || adv.status !== 'computing') return st;
      return { ...st, advice: { ...adv, status: 'done', result: a.result, cursor: 0 } };
    case 'adviceFailed':
      if (!adv || adv.row !== a.row || adv.status !== 'computing') return st;
      return { ...st, advice: { ...adv, status: 'failed', error: a.message } };
    case 'adviceMove': {
      if (st.overlay.kind !== 'advice' || !adv?.result || adv.result.ranked.length === 0) return st;
      const cursor = Math.max(0, Math.min(adv.result.ranked.length - 1, adv.cursor + a.delta));
      return cursor === adv.cursor ? st : { ...st, advice: { ...adv, cursor } };
    }
    case 'adviceChoose': {
      if (st.overlay.kind !== 'advice') return st;
      const pick = adv?.result?.ranked[adv.cursor];
      if (!adv?.result || !pick) return { ...st, overlay: { kind: 'none' } };
      const compare: Compare = { id: pick.id, title: pick.title, result: pick.curve };
      const closed = { ...st, overlay: { kind: 'none' as const } };
      // the timeline already shows what the advisor simulated: add the candidate's curve to it
      if (st.sim?.request && sameRequest(st.sim.request, adv.request)) return { ...closed, sim: { ...st.sim, compare } };
      // else run that simulation as any other (the advisor keeps only its curve), with the candidate drawn against it
      return { ...closed, pending: adv.request, pendingCompare: compare };
    }
  }
}
