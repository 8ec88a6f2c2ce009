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
