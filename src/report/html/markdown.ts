/**
 * The markdown of an impact report as HTML, so that the HTML report says exactly what the
 * markdown says. Only the subset the report renderers write is understood: headings, paragraphs,
 * one-line list items, GFM tables with alignment, `**strong**`, `*emphasis*`, `` `code` ``,
 * `<br>`, backslash escapes, the entities `mdText` writes, `<details>`/`<summary>` folds, fenced
 * mermaid blocks (which become chart placeholders the page draws into) and fenced `diff` blocks
 * (a patch, shown as preformatted text).
 *
 * Safe by construction: every character of text is HTML-escaped on output; the only tags
 * written are the fixed ones this module emits, so catalog text (already escaped by `mdText`)
 * can never open a tag or an attribute. The one link form read is the report's own
 * `[text](https://...)` citation (the markdown renderers percent-encode its target); catalog
 * text cannot write one, since `mdText` escapes its brackets. Pure.
 */

/** The kind of chart a mermaid block drew, detected from its first statement. */
export type ChartKind = 'gantt' | 'cascade' | 'curve';

export interface HtmlSection {
  /** The heading level-2 text ("Summary"), or '' for the title block. */
  readonly heading: string;
  readonly html: string;
}

const ESC: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for an HTML text node or a quoted attribute value. */
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ESC[c]!);

const ASCII_PUNCT = /[!-/:-@[-`{-~]/;
// a citation link as the report writes it: plain text, then an http(s) target of URL-safe characters
const LINK = /^\[([^[\]\\]*)\]\((https?:\/\/[A-Za-z0-9\-._~:/?#@!$&*+,;=%]+)\)/;
// the entities mdText writes (and numeric ones, harmless): kept as they are
const ENTITY = /^&(?:amp|lt|gt|quot|#\d{1,7}|#x[0-9a-fA-F]{1,6});/;

/** One line of inline markdown as HTML. Unbalanced `**`/`*` are closed at the end of the line. */
export function inlineHtml(src: string): string {
  let out = '';
  const open: string[] = [];
  const toggle = (tag: string): void => {
    if (open[open.length - 1] === tag) {
      open.pop();
      out += `</${tag}>`;
    } else {
      open.push(tag);
      out += `<${tag}>`;
    }
  };
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === '\\' && i + 1 < src.length && ASCII_PUNCT.test(src[i + 1]!)) {
      out += escapeHtml(src[i + 1]!);
      i += 2;
    } else if (c === '&') {
      const m = ENTITY.exec(src.slice(i, i + 12));
      out += m ? m[0] : '&amp;';
      i += m ? m[0].length : 1;
    } else if (c === '<' && src.startsWith('<br>', i)) {
      out += '<br>';
      i += 4;
    } else if (c === '[' && LINK.test(src.slice(i))) {
      const m = LINK.exec(src.slice(i))!;
      out += `<a href="${escapeHtml(m[2]!)}" rel="noreferrer noopener">${escapeHtml(m[1]!)}</a>`;
      i += m[0].length;
    } else if (c === '`') {
      const end = src.indexOf('`', i + 1);
      if (end < 0) {
        out += '`';
        i++;
      } else {
        out += `<code>${escapeHtml(src.slice(i + 1, end))}</code>`;
        i = end + 1;
      }
    } else if (c === '*' && src[i + 1] === '*') {
      toggle('strong');
      i += 2;
    } else if (c === '*') {
      toggle('em');
      i++;
    } else {
      out += escapeHtml(c);
      i++;
    }
  }
  while (open.length) out += `</${open.pop()!}>`;
  return out;
}

/** Splits a table row into its cells at the `|` that are not backslash-escaped. */
export function tableCells(row: string): string[] {
  const cells: string[] = [];
  let cur = '';
  let inCode = false;
  const body = row.trim().replace(/^\|/, '');
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === '\\' && i + 1 < body.length && !inCode) {
      cur += c + body[i + 1]!;
      i++;
    } else if (c === '`') {
      inCode = !inCode;
      cur += c;
    } else if (c === '|' && !inCode) {
      cells.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  if (cur.trim() !== '') cells.push(cur.trim());
  return cells;
}

function chartKind(firstLines: readonly string[]): ChartKind {
  const first = firstLines.map((l) => l.trim()).find((l) => l !== '' && !l.startsWith('%%')) ?? '';
  if (first.startsWith('gantt')) return 'gantt';
  if (first.startsWith('flowchart') || first.startsWith('graph')) return 'cascade';
  return 'curve';
}

function table(lines: readonly string[]): string {
  const head = tableCells(lines[0]!);
  const align = tableCells(lines[1]!).map((a) => (a.endsWith(':') ? (a.startsWith(':') ? 'center' : 'right') : ''));
  const cls = (k: number): string => (align[k] ? ` class="${align[k]}"` : '');
  const rows = lines.slice(2).map((l) => tableCells(l));
  const th = head.map((h, k) => `<th${cls(k)}>${inlineHtml(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${head.map((_, k) => `<td${cls(k)}>${inlineHtml(r[k] ?? '')}</td>`).join('')}</tr>`).join('\n');
  return `<div class="table"><table>\n<thead><tr>${th}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table></div>`;
}

/**
 * The report's markdown as HTML sections: the title block (heading '') then one section per
 * `## ` heading. Mermaid blocks become `<div class="chart" data-chart="…">` placeholders.
 */
export function markdownSections(markdown: string): HtmlSection[] {
  const lines = markdown.split('\n');
  const sections: Array<{ heading: string; parts: string[] }> = [{ heading: '', parts: [] }];
  const cur = (): string[] => sections[sections.length - 1]!.parts;
  let para: string[] = [];
  let list: string[] = [];
  const flush = (): void => {
    if (para.length) cur().push(`<p>${inlineHtml(para.join(' '))}</p>`);
    if (list.length) cur().push(`<ul>\n${list.map((l) => `<li>${inlineHtml(l)}</li>`).join('\n')}\n</ul>`);
    para = [];
    list = [];
  };
  for (let k = 0; k < lines.length; k++) {
    const line = lines[k]!;
    if (line.startsWith('<!--')) continue;
    if (line.startsWith('```')) {
      flush();
      // a fence ends at a line of at least as many backticks (a patch's fence is longer than any run in it)
      const fence = /^`+/.exec(line)![0];
      const body: string[] = [];
      for (k++; k < lines.length && !(lines[k]!.startsWith(fence) && /^`+$/.test(lines[k]!)); k++) body.push(lines[k]!);
      if (line.slice(fence.length) === 'diff') cur().push(`<pre class="patch"><code>${body.map(escapeHtml).join('\n')}</code></pre>`);
      else cur().push(`<div class="chart" data-chart="${chartKind(body)}"></div>`);
      continue;
    }
    const h = /^(#{1,3}) (.*)$/.exec(line);
    if (h) {
      flush();
      const level = h[1]!.length;
      if (level === 2) sections.push({ heading: h[2]!, parts: [] });
      cur().push(`<h${level}>${inlineHtml(h[2]!)}</h${level}>`);
      continue;
    }
    if (line.startsWith('|')) {
      flush();
      const rows: string[] = [];
      for (; k < lines.length && lines[k]!.startsWith('|'); k++) rows.push(lines[k]!);
      k--;
      cur().push(table(rows));
      continue;
    }
    if (line === '<details>' || line === '</details>') {
      flush();
      cur().push(line);
      continue;
    }
    const sum = /^<summary>(.*)<\/summary>$/.exec(line);
    if (sum) {
      flush();
      cur().push(`<summary>${escapeHtml(sum[1]!)}</summary>`);
      continue;
    }
    if (line.startsWith('- ')) {
      if (para.length) flush();
      list.push(line.slice(2));
      continue;
    }
    if (line.trim() === '') {
      flush();
      continue;
    }
    if (list.length) flush();
    para.push(line);
  }
  flush();
  return sections.map((s) => ({ heading: s.heading, html: s.parts.join('\n') }));
}
