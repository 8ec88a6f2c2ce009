/**
 * Styled text for the explorer: a line is a list of segments, each with an optional tone
 * that the components map to colours, and the symbols that carry meaning without colour.
 */
import type { StateName } from '../../engine/index.js';
import { cellWidth, truncate } from './text.js';

export type Tone = 'title' | 'dim' | 'accent' | 'up' | 'degraded' | 'down' | 'warn' | 'error' | 'key';

export interface Segment {
  readonly text: string;
  readonly tone?: Tone;
}
export type Line = readonly Segment[];

export const STATE_SYMBOL: Readonly<Record<StateName, string>> = { up: '✓', degraded: '~', down: '✗' };
export const SELECT_MARK = '▸';

/** The list's markers: a single point of failure, and a redundancy group one failure breaks. */
export const MARKER = { spof: '!', sharedFate: '≈' } as const;

/** The mark of a scenario's observed milestone under the timeline's sparkline. */
export const OBSERVED_MARK = '◆';

/** Cuts a line of segments to `width` cells. */
export function fitLine(line: Line, width: number): Line {
  const out: Segment[] = [];
  let used = 0;
  for (const s of line) {
    const w = cellWidth(s.text);
    if (used + w <= width) {
      out.push(s);
      used += w;
      continue;
    }
    const rest = width - used;
    if (rest > 0) out.push({ ...s, text: truncate(s.text, rest) });
    break;
  }
  return out;
}

/**
 * Where a scrolled text is, for a pane's bottom border: the lines shown and whether there
 * is more above or below ("1–9 of 24 · more ↓"), or null when everything fits.
 */
export function positionNote(total: number, rows: number, scroll: number): string | null {
  if (total <= rows) return null;
  const first = Math.max(0, Math.min(scroll, total - rows));
  const last = first + rows;
  const more = [first > 0 ? '↑ more' : '', last < total ? 'more ↓' : ''].filter(Boolean).join(' · ');
  return `${first + 1}–${last} of ${total} · ${more}`;
}
