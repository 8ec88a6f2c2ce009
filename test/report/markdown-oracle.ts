/**
 * An independent reading of the reports' markdown: `marked` (GFM) turns it into HTML and
 * tokens, so tests can ask what a renderer would show (tags, links, table cells, text)
 * without trusting the code that wrote it.
 */
import { Marked, type Tokens } from 'marked';

const marked = new Marked({ gfm: true });

export const toHtml = (md: string): string => marked.parse(md, { async: false });

/** Lowercase names of every HTML element in `html`. */
export function tagNames(html: string): Set<string> {
  const out = new Set<string>();
  for (const m of html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9-]*)/g)) out.add(m[1]!.toLowerCase());
  return out;
}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", nbsp: '\u00a0' };

/** The text a reader sees: tags removed, entities decoded. */
export function visibleText(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, e: string) => {
      if (ENTITIES[e] !== undefined) return ENTITIES[e]!;
      if (e.startsWith('#x') || e.startsWith('#X')) return String.fromCodePoint(parseInt(e.slice(2), 16));
      if (e.startsWith('#')) return String.fromCodePoint(Number(e.slice(1)));
      return all;
    });
}

/** Every table of the document: header cell count and the cell count of each row. */
export function tables(md: string): Array<{ header: number; rows: number[]; cells: string[][] }> {
  const out: Array<{ header: number; rows: number[]; cells: string[][] }> = [];
  const walk = (tokens: readonly { type: string; tokens?: unknown }[]): void => {
    for (const t of tokens) {
      if (t.type === 'table') {
        const tt = t as unknown as Tokens.Table;
        out.push({ header: tt.header.length, rows: tt.rows.map((r) => r.length), cells: tt.rows.map((r) => r.map((c) => visibleText(marked.parseInline(c.text, { async: false }) as string))) });
      }
      if (Array.isArray(t.tokens)) walk(t.tokens as { type: string }[]);
    }
  };
  walk(marked.lexer(md));
  return out;
}

/** Raw text of every line-based table row ("| … |") in the source, for counting rows. */
export function tableLines(md: string): string[] {
  return md.split('\n').filter((l) => l.startsWith('|'));
}
