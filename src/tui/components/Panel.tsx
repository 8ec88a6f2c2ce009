/**
 * A framed pane drawn with box-drawing text: a title in the top border, exactly `height`
 * rows and `width` cells, a scroll thumb on the right border when content scrolls, and an
 * optional note in the bottom border.
 * The body is one text node and each side border another: ink measures every text node
 * line by line, and lines without box-drawing characters take its fast ASCII path.
 */
import { Fragment } from 'react';
import { Box, Text } from 'ink';
import type { Line } from '../state/view.js';
import { fitLine } from '../state/view.js';
import { cellWidth, truncate } from '../state/text.js';
import { toneStyle } from '../theme.js';

export interface PanelProps {
  readonly title: string;
  readonly width: number;
  readonly height: number;
  /** Lines already windowed to the visible part (at most height - 2). */
  readonly lines: readonly Line[];
  readonly color: boolean;
  readonly focused?: boolean;
  /** First visible line and total lines, for the scroll thumb. */
  readonly scroll?: { readonly offset: number; readonly total: number };
  /** A note in the bottom border, on the right (such as where a scrolled text is). */
  readonly note?: string | null;
}

/** Rows of the right border that show the thumb, or null when everything fits. */
export function thumbRows(rows: number, offset: number, total: number): readonly [number, number] | null {
  if (total <= rows || rows <= 0) return null;
  const size = Math.max(1, Math.round((rows * rows) / total));
  const start = Math.min(rows - size, Math.round((offset / Math.max(1, total - rows)) * (rows - size)));
  return [start, start + size];
}

/** The bottom border, with `note` on its right when there is room for it. */
export function bottomBorder(width: number, note?: string | null): string {
  const fill = Math.max(0, width - 2);
  if (!note || cellWidth(note) + 4 > fill) return `╰${'─'.repeat(fill)}╯`;
  return `╰${'─'.repeat(fill - cellWidth(note) - 3)} ${note} ─╯`;
}

export function Panel({ title, width, height, lines, color, focused = false, scroll, note }: PanelProps) {
  const inner = Math.max(1, width - 4);
  const rows = Math.max(0, height - 2);
  const border = toneStyle(focused ? 'accent' : 'dim', color);
  // Focus shows without colour too: a marker before the title.
  const t = truncate(focused ? `▸ ${title}` : title, Math.max(0, width - 6));
  const top = `╭─ ${t} ${'─'.repeat(Math.max(0, width - 5 - cellWidth(t)))}╮`;
  const bottom = bottomBorder(width, note);
  const thumb = scroll ? thumbRows(rows, scroll.offset, scroll.total) : null;
  const right: string[] = [];
  for (let k = 0; k < rows; k++) right.push(thumb && k >= thumb[0] && k < thumb[1] ? ' ┃' : ' │');
  const body = [];
  for (let k = 0; k < rows; k++) {
    // No padding: ink's output starts blank, and every written cell costs time per frame.
    const line = fitLine(lines[k] ?? [], inner);
    body.push(
      <Fragment key={k}>
        {k > 0 ? '\n' : ''}
        {line.map((s, i) => (s.tone && color ? <Text key={i} {...toneStyle(s.tone, color)}>{s.text}</Text> : s.text))}
      </Fragment>,
    );
  }
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text {...border}>{top}</Text>
      <Box flexDirection="row" height={rows}>
        <Text {...border}>{Array.from({ length: rows }, () => '│ ').join('\n')}</Text>
        <Box width={inner} height={rows}>
          <Text>{body}</Text>
        </Box>
        <Text {...border}>{right.join('\n')}</Text>
      </Box>
      <Text {...border}>{bottom}</Text>
    </Box>
  );
}
