/** The header and footer rows: where you are, and what you can type or press now. */
import type { ExplorerData } from './data.js';
import type { ExplorerState } from './reducer.js';
import { DEFAULT_FAIL_MINUTES } from './reducer.js';
import { fitLine, type Line, type Segment } from './view.js';
import { cellWidth, fitRight } from './text.js';
import { maxHelpScroll } from './help.js';

const CARET = '▏';

export function headerLine(data: ExplorerData, width: number): Line {
  const left: Segment[] = [
    { text: ' blast explore', tone: 'title' },
    { text: ` · ${data.title} · ${data.rows.length} services`, tone: 'dim' },
  ];
  const right = '? help  q quit ';
  const used = left.reduce((w, s) => w + cellWidth(s.text), 0);
  const room = width - used;
  return fitLine(room > cellWidth(right) ? [...left, { text: fitRight(right, room), tone: 'dim' }] : left, width);
}

/** A key hint: the key, what it does, and how much it matters when room is short (0 first). */
type Hint = readonly [key: string, what: string, priority: number];

const hintWidth = ([k, what]: Hint): number => cellWidth(` ${k} ${what} `);

/**
 * The hints that fit in `width`, most important first, shown in their given order, so a
 * narrow terminal drops "Tab pane" before it drops "? help".
 */
export function fitHints(all: readonly Hint[], width: number): Segment[] {
  const kept = new Set<Hint>();
  let used = 0;
  for (const h of [...all].sort((a, b) => a[2] - b[2])) {
    if (used + hintWidth(h) > width) continue;
    kept.add(h);
    used += hintWidth(h);
  }
  return all
    .filter((h) => kept.has(h))
    .flatMap(([k, what]) => [
      { text: ` ${k}`, tone: 'key' as const },
      { text: ` ${what} `, tone: 'dim' as const },
    ]);
}

export function footerLine(data: ExplorerData, s: ExplorerState, width: number): Line {
  if (s.overlay.kind === 'duration') {
    const row = data.rows[s.overlay.row]!;
    const line: Segment[] = [
      { text: ` Fail ${row.id} for how long? `, tone: 'title' },
      { text: s.overlay.text },
      { text: CARET, tone: 'accent' },
    ];
    // The longest hint that fits: a narrow terminal gets a shorter one rather than a cut one.
    const used = line.reduce((w, x) => w + cellWidth(x.text), 0);
    const enter = s.overlay.text ? 'run' : `${DEFAULT_FAIL_MINUTES}m`;
    // a service with cells: `@<cell>` fails one of them
    const cell = data.catalog.services.get(row.rawId)?.cells?.names[0];
    const one = cell === undefined ? '' : ` · @${cell} one cell`;
    const options = s.overlay.error
      ? /cell/.test(s.overlay.error)
        ? [`  ${s.overlay.error}`, '  no such cell', '  no cell']
        : [`  ${s.overlay.error}`, '  not a duration: try 90s, 2h or never', '  try 90s, 2h, never']
      : [
          ...(one ? [`  Enter: ${enter} · 90s 15m 2h never${one} · Esc cancel`, `  Enter: ${enter} · 90s 2h never${one} · Esc`] : []),
          `  Enter: ${enter} · 90s 15m 2h never · Esc cancel`,
          `  Enter: ${enter} · 90s 2h never · Esc`,
          `  90s 2h never`,
        ];
    const hint = options.find((o) => used + cellWidth(o) <= width) ?? options[options.length - 1]!;
    line.push({ text: hint, tone: s.overlay.error ? 'error' : 'dim' });
    return fitLine(line, width);
  }
  if (s.searching) {
    return fitLine(
      [
        { text: ' /', tone: 'key' },
        { text: s.query },
        { text: CARET, tone: 'accent' },
        { text: `  ${s.list.length} match${s.list.length === 1 ? '' : 'es'} · Enter keep · Esc clear`, tone: 'dim' },
      ],
      width,
    );
  }
  if (s.overlay.kind === 'help') {
    const scrolls = maxHelpScroll(s.helpWidth, s.paneRows) > 0;
    const keys: Hint[] = scrolls
      ? [['↑↓', 'scroll', 1], ['PgUp PgDn', 'page', 2], ['g G', 'top, end', 3], ['q', 'quit', 4], ['other keys', 'close', 0]]
      : [['q', 'quit', 1], ['any key', 'closes', 0]];
    return fitLine(fitHints(keys, width), width);
  }
  if (s.pending) return fitLine([{ text: ' simulating…', tone: 'accent' }], width);
  if (s.overlay.kind === 'advice') return fitLine(fitHints([['↑↓', 'choose', 1], ['Enter', 'draw on the timeline', 2], ['Esc', 'close', 0], ['q', 'quit', 3]], width), width);
  if (s.message) return fitLine([{ text: ` ${s.message}`, tone: 'warn' }], width);
  const keys: readonly Hint[] = s.sim
    ? [['←→', 'scrub', 1], ['space', s.sim.playing ? 'pause' : 'play', 2], [',.', 'changes', 4], ['a', s.affectedOnly ? 'all' : 'affected', 5], ['x', 'close', 3], ['m', 'mitigate', 8], ['f', 'fail', 6], ['s', 'scenario', 7], ['?', 'help', 0]]
    : [['/', 'search', 1], ['t', 'tier', 4], ['y', 'system', 5], ['f', 'fail', 2], ['s', 'scenario', 3], ['m', 'mitigate', 8], ['+-', 'depth', 6], ['Tab', 'pane', 7], ['?', 'help', 0]];
  return fitLine(fitHints(keys, width), width);
}
