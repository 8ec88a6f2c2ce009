/**
 * A framed pane drawn with box-drawing text: a title in the top border, exactly `height`
 * rows and `width` cells, and a scroll thumb on the right border when content scrolls.
 */
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
}

/** Rows of the right border that show the thumb, or null when everything fits. */
export function thumbRows(rows: number, offset: number, total: number): readonly [number, number] | null {
  if (total <= rows || rows <= 0) return null;
  const size = Math.max(1, Math.round((rows * rows) / total));
  const start = Math.min(rows - size, Math.round((offset / Math.max(1, total - rows)) * (rows - size)));
  return [start, start + size];
}

export function Panel({ title, width, height, lines, color, focused = false, scroll }: PanelProps) {
  const inner = Math.max(1, width - 4);
  const rows = Math.max(0, height - 2);
  const border = toneStyle(focused ? 'accent' : 'dim', color);
  const t = truncate(title, Math.max(0, width - 6));
  const top = `╭─ ${t} ${'─'.repeat(Math.max(0, width - 5 - cellWidth(t)))}╮`;
  const bottom = `╰${'─'.repeat(Math.max(0, width - 2))}╯`;
  const thumb = scroll ? thumbRows(rows, scroll.offset, scroll.total) : null;
  const body = [];
  for (let k = 0; k < rows; k++) {
    const line = fitLine(lines[k] ?? [], inner);
    const pad = inner - line.reduce((w, s) => w + cellWidth(s.text), 0);
    const right = thumb && k >= thumb[0] && k < thumb[1] ? '┃' : '│';
    body.push(
      <Text key={k} wrap="truncate">
        <Text {...border}>{'│ '}</Text>
        {line.map((s, i) => (
          <Text key={i} {...toneStyle(s.tone, color)}>
            {s.text}
          </Text>
        ))}
        {pad > 0 ? ' '.repeat(pad) : ''}
        <Text {...border}>{` ${right}`}</Text>
      </Text>,
    );
  }
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text {...border} wrap="truncate">
        {top}
      </Text>
      {body}
      <Text {...border} wrap="truncate">
        {bottom}
      </Text>
    </Box>
  );
}
