/**
 * The help overlay: every key, the list markers, the state symbols and the tree marks, as
 * lines fitted to a width (descriptions wrap under their own column), and the window of
 * those lines that a terminal of a given size shows. Pure, so the content and its
 * scrolling are tested without a terminal.
 */
import { cellWidth, fit, wrap } from './text.js';
import { fitLine, MARKER, positionNote, STATE_SYMBOL, type Line, type Segment, type Tone } from './line.js';

interface Entry {
  /** What to press (or the symbol explained), as styled segments. */
  readonly keys: readonly Segment[];
  readonly what: string;
}

const key = (text: string): Segment[] => [{ text, tone: 'key' }];
const sym = (text: string, tone: Tone): Segment => ({ text, tone });

const KEYS: readonly Entry[] = [
  { keys: key('↑ ↓  j k'), what: 'move in the list (after Tab: scroll the right pane)' },
  { keys: key('PgUp PgDn  g G'), what: 'page, first, last' },
  { keys: key('/'), what: 'search ids and names; also tier:N, system:NAME' },
  { keys: key('t  y'), what: 'cycle the tier filter, the system filter' },
  { keys: key('+  -'), what: 'deeper or shallower dependency trees' },
  { keys: key('f'), what: 'fail the selected service: 90s, 15m, 2h, never, @cell' },
  { keys: key('s'), what: "run one of the catalog's scenarios" },
  { keys: key('m'), what: 'advisor: best fixes for this service' },
  { keys: key('← →  h l'), what: 'scrub time by one step' },
  { keys: key(', .'), what: 'previous or next change' },
  { keys: key('space'), what: 'play or pause' },
  { keys: key('a'), what: 'list only affected services, or all' },
  { keys: key('x  Esc'), what: 'close the simulation (Esc also clears filters)' },
  { keys: key('?  q  Ctrl-C'), what: 'this help; quit' },
];

const SYMBOLS: readonly Entry[] = [
  { keys: [sym(MARKER.spof, 'down')], what: 'list: SPOF, its failure alone takes down a critical service' },
  { keys: [sym(MARKER.sharedFate, 'degraded')], what: 'list: shared fate, one failure breaks a redundancy group' },
  {
    keys: [sym(STATE_SYMBOL.up, 'up'), { text: ' ' }, sym(STATE_SYMBOL.degraded, 'degraded'), { text: ' ' }, sym(STATE_SYMBOL.down, 'down')],
    what: 'up, degraded, down',
  },
  { keys: [sym('↑ …', 'dim')], what: 'trees: listed above; more below the depth shown' },
];

const KEY_WIDTH = Math.max(...[...KEYS, ...SYMBOLS].map((e) => cellWidth(e.keys.map((s) => s.text).join('')))) + 2;

function entryLines(e: Entry, width: number): Line[] {
  const keysWidth = cellWidth(e.keys.map((s) => s.text).join(''));
  const pad: Segment = { text: ' '.repeat(Math.max(0, KEY_WIDTH - keysWidth)) };
  // Narrow terminals: the description wraps under its own column instead of being cut.
  const room = Math.max(8, width - KEY_WIDTH);
  return wrap(e.what, room).map((text, k) => fitLine(k === 0 ? [...e.keys, pad, { text }] : [{ text: fit('', KEY_WIDTH) + text }], width));
}

const cache = new Map<number, Line[]>();

/** Every line of the help at `width` cells: the keys, a blank line, then the symbols. */
export function helpLines(width: number): readonly Line[] {
  let lines = cache.get(width);
  if (!lines) {
    lines = [...KEYS.flatMap((e) => entryLines(e, width)), [], ...SYMBOLS.flatMap((e) => entryLines(e, width))];
    if (cache.size > 16) cache.clear();
    cache.set(width, lines);
  }
  return lines;
}

/** The largest scroll offset of the help when `rows` of it show at once. */
export function maxHelpScroll(width: number, rows: number): number {
  return Math.max(0, helpLines(width).length - Math.max(1, rows));
}

/** Where the help window is, for its bottom border, or null when everything fits. */
export function helpPosition(width: number, rows: number, scroll: number): string | null {
  return positionNote(helpLines(width).length, rows, scroll);
}
