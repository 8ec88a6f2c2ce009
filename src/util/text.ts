/**
 * Small text helpers shared by the shell and the renderers: edit distance for
 * "did you mean" hints, and neutralising control characters from catalog data.
 */

/**
 * Edit distance counting an insertion, deletion, substitution or swap of two adjacent
 * characters as one edit (optimal string alignment), so `nmae` is one edit from `name`.
 * Bounded: returns `max + 1` as soon as the distance must exceed `max`.
 */
export function editDistance(a: string, b: string, max = 64): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let before = new Array<number>(b.length + 1).fill(0);
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) {
        d = Math.min(d, before[j - 2]! + 1);
      }
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    [before, prev, cur] = [prev, cur, before];
  }
  return prev[b.length]!;
}

/** The closest candidates to `word` (at most `limit`), when close enough to be a likely typo. */
export function suggest(word: string, candidates: Iterable<string>, limit = 1): string[] {
  const max = Math.max(1, Math.min(3, Math.floor(word.length / 3)));
  const scored: Array<[number, string]> = [];
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase(), max);
    const containment = c.length > 3 && word.length > 3 && (c.includes(word) || word.includes(c));
    if (d <= max || containment) scored.push([d <= max ? d : max + 0.5, c]);
  }
  scored.sort((x, y) => x[0] - y[0] || (x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0));
  return scored.slice(0, limit).map(([, c]) => c);
}

// C0 and C1 control characters, DEL, the Unicode bidi marks, overrides and isolates (which
// reorder what a terminal shows), and the line and paragraph separators. ANSI escapes start
// with ESC (C0).
// eslint-disable-next-line no-control-regex
const CONTROL_RE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;

/**
 * Makes catalog text safe for a terminal: control characters (ANSI escapes included)
 * become visible `\u001b`-style escapes; tabs and newlines become spaces.
 */
export function safeText(s: string): string {
  return s
    .replace(/[\t\n]/g, ' ')
    .replace(CONTROL_RE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
