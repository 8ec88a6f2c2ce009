/**
 * Generated blocks in a markdown document: `<!-- bench:NAME -->` … `<!-- /bench:NAME -->`.
 * A block is replaced in place; a new one is added at the end of the "Latest run" part, which
 * ends at `<!-- /bench -->`.
 */
const END = '<!-- /bench -->';

export function replaceBlock(text: string, name: string, body: string): string {
  const open = `<!-- bench:${name} -->`;
  const close = `<!-- /bench:${name} -->`;
  const block = `${open}\n${body.trim()}\n${close}`;
  const a = text.indexOf(open);
  if (a >= 0) {
    const b = text.indexOf(close, a);
    if (b < 0) throw new Error(`${open} has no ${close}`);
    return text.slice(0, a) + block + text.slice(b + close.length);
  }
  const end = text.indexOf(END);
  if (end < 0) throw new Error(`the document has no ${END} marker (the end of the generated "Latest run" part)`);
  return `${text.slice(0, end)}${block}\n\n${text.slice(end)}`;
}
