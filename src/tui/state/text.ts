/**
 * Fixed-width text for the explorer's columns: terminal cell widths (wide CJK and emoji
 * take two cells, combining marks none), truncation with an ellipsis, and padding.
 * Callers pass text that already went through `safeText`, so no control characters remain.
 */

// Ranges of East Asian Wide / Fullwidth characters and emoji presentation blocks.
const WIDE: ReadonlyArray<readonly [number, number]> = [
  [0x1100, 0x115f], [0x2e80, 0x303e], [0x3041, 0x33ff], [0x3400, 0x4dbf], [0x4e00, 0x9fff],
  [0xa000, 0xa4cf], [0xac00, 0xd7a3], [0xf900, 0xfaff], [0xfe30, 0xfe4f], [0xff00, 0xff60],
  [0xffe0, 0xffe6], [0x1f300, 0x1f64f], [0x1f900, 0x1f9ff], [0x20000, 0x3fffd],
];

/** Cells one code point takes in a terminal. */
export function codePointWidth(cp: number): number {
  if (cp === 0x200d || (cp >= 0x300 && cp <= 0x36f) || (cp >= 0xfe00 && cp <= 0xfe0f)) return 0;
  if (cp < 0x1100) return 1;
  for (const [lo, hi] of WIDE) if (cp >= lo && cp <= hi) return 2;
  return 1;
}

/** Cells a string takes in a terminal. */
export function cellWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += codePointWidth(ch.codePointAt(0)!);
  return w;
}

/** At most `width` cells of `s`, ending in `…` when cut. */
export function truncate(s: string, width: number): string {
  if (width <= 0) return '';
  if (cellWidth(s) <= width) return s;
  let out = '';
  let w = 0;
  for (const ch of s) {
    const cw = codePointWidth(ch.codePointAt(0)!);
    if (w + cw > width - 1) break;
    out += ch;
    w += cw;
  }
  return `${out}…`;
}

/** Exactly `width` cells: truncated, then padded with spaces on the right. */
export function fit(s: string, width: number): string {
  const t = truncate(s, width);
  return t + ' '.repeat(Math.max(0, width - cellWidth(t)));
}

/** Exactly `width` cells, right-aligned. */
export function fitRight(s: string, width: number): string {
  const t = truncate(s, width);
  return ' '.repeat(Math.max(0, width - cellWidth(t))) + t;
}

/** Keeps what a user typed printable: drops control characters (pasted escapes included). */
export function printable(input: string): string {
  // eslint-disable-next-line no-control-regex
  return input.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '');
}

/** Word-wraps `s` into lines of at most `width` cells (long words are cut), at most `maxLines` lines. */
export function wrap(s: string, width: number, maxLines = Infinity): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of s.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (cellWidth(candidate) <= width) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    line = cellWidth(word) <= width ? word : truncate(word, width);
  }
  if (line) lines.push(line);
  if (lines.length > maxLines) {
    const kept = lines.slice(0, maxLines);
    kept[maxLines - 1] = truncate(`${kept[maxLines - 1]!} …`, width);
    return kept;
  }
  return lines;
}
