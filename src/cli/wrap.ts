/** Plain-text word wrapping for the terminal output and help of the commands. */

/**
 * `text` broken at spaces into lines of at most `width` characters; a word longer than the
 * width gets a line of its own rather than being cut.
 */
export function wrapWords(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && [...line].length + [...word].length + 1 > width) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out;
}
