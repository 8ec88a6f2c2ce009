/** The header and footer rows: where you are, and what you can type or press now. */
import type { ExplorerData } from './data.js';
import type { ExplorerState } from './reducer.js';
import { DEFAULT_FAIL_MINUTES } from './reducer.js';
import { fitLine, type Line, type Segment } from './view.js';
import { cellWidth, fitRight } from './text.js';

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

const hints = (pairs: ReadonlyArray<readonly [string, string]>): Segment[] =>
  pairs.flatMap(([k, what]) => [
    { text: ` ${k}`, tone: 'key' as const },
    { text: ` ${what} `, tone: 'dim' as const },
  ]);

export function footerLine(data: ExplorerData, s: ExplorerState, width: number): Line {
  if (s.overlay.kind === 'duration') {
    const row = data.rows[s.overlay.row]!;
    const line: Segment[] = [
      { text: ` Fail ${row.id} for how long? `, tone: 'title' },
      { text: s.overlay.text },
      { text: CARET, tone: 'accent' },
    ];
    if (s.overlay.error) line.push({ text: `  ${s.overlay.error}`, tone: 'error' });
    else line.push({ text: `  Enter: ${s.overlay.text ? 'run' : `${DEFAULT_FAIL_MINUTES}m`} · 90s 15m 2h never · Esc cancel`, tone: 'dim' });
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
  if (s.pending) return fitLine([{ text: ' simulating…', tone: 'accent' }], width);
  if (s.message) return fitLine([{ text: ` ${s.message}`, tone: 'warn' }], width);
  const keys: ReadonlyArray<readonly [string, string]> = s.sim
    ? [['←→', 'scrub'], ['space', s.sim.playing ? 'pause' : 'play'], [',.', 'changes'], ['a', s.affectedOnly ? 'all' : 'affected'], ['x', 'close'], ['f', 'fail'], ['s', 'scenario'], ['?', 'help']]
    : [['/', 'search'], ['t', 'tier'], ['y', 'system'], ['f', 'fail'], ['s', 'scenario'], ['+-', 'depth'], ['Tab', 'pane'], ['?', 'help']];
  return fitLine(hints(keys), width);
}
