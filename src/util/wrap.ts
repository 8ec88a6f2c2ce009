/**
 * Plain-text word wrapping for the terminal output and help of the commands: lines of at most
 * 100 columns (the output is the same in a terminal and in a file, so it does not follow the
 * terminal's width), continuation lines indented under the text they continue.
 */

/** The widest line the text output of a command writes, where its words allow. */
export const TEXT_WIDTH = 100;

// SGR colour sequences take no columns
const SGR = /\x1b\[[0-9;]*m/g;

/** The columns `s` takes in a terminal: its characters without colour sequences. */
export const visibleWidth = (s: string): number => [...s.replace(SGR, '')].length;

/**
 * Words that read as one and stay on one line: a number and what it counts ("9 %", "6 critical",
 * "… 8 more"), an arrow, "at" or a percentile and what follows ("→ 5 %", "at file:12:3", "P50 10").
 */
const gluedToPrevious = (previous: string, word: string): boolean =>
  word.startsWith('%') || /^\(?[\d,.]+$/.test(previous) || /(^|\s)(→|…|at|P\d\d)$/.test(previous);

/**
 * `text` broken at spaces into lines of at most `width` columns; a word longer than the width
 * gets a line of its own rather than being cut.
 */
export function wrapWords(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  const words = text.split(' ').reduce<string[]>((ws, w) => {
    if (ws.length && gluedToPrevious(ws[ws.length - 1]!.replace(SGR, ''), w.replace(SGR, ''))) ws[ws.length - 1] += ` ${w}`;
    else ws.push(w);
    return ws;
  }, []);
  for (const word of words) {
    if (line && visibleWidth(line) + visibleWidth(word) + 1 > width) {
      out.push(line.trimEnd());
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line.trimEnd());
  return out;
}

/**
 * `prefix` then `body`, wrapped to `width` columns, the lines after the first indented by
 * `indent` (by default: under the body's first word). The prefix is never broken: it holds
 * the aligned columns of a table row.
 */
export function hang(prefix: string, body: string, width: number = TEXT_WIDTH, indent: number = visibleWidth(prefix)): string {
  const first = Math.max(20, width - visibleWidth(prefix));
  const rest = Math.max(20, width - indent);
  const [head, ...tail] = wrapWords(body, first);
  // the lines after the first have their own width: wrap what the first line left again at it
  const more = tail.length ? wrapWords(tail.join(' '), rest) : [];
  return [`${prefix}${head ?? ''}`, ...more.map((l) => `${' '.repeat(indent)}${l}`)].join('\n');
}
