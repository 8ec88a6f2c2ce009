/**
 * Escaping of catalog text (service names, descriptions, scenario names) for the two
 * places a report puts it: GitHub-flavoured markdown (prose and table cells) and mermaid
 * diagrams. Catalog text is data: it must never end a table cell, open a link, inject
 * HTML, close a code fence or add a diagram statement.
 */
import { safeText } from '../../util/text.js';

// Line breaks that markdown or mermaid would honour; they become spaces (a name is one line).
const LINE_BREAKS = /\r\n|[\r\n\v\f\u0085\u2028\u2029]/g;

/** One line of plain text: line breaks to spaces, control characters made visible. */
export function oneLine(s: string): string {
  return safeText(s.replace(LINE_BREAKS, ' '));
}

// Markdown punctuation that can start emphasis, code, links, images, tables, strikethrough,
// footnotes or HTML; escaped with a backslash (CommonMark allows it before any ASCII punctuation).
const MD_PUNCT = /[\\`*_[\]|~!#@{}]/g;
const HTML_CHARS: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * Catalog text for markdown prose and table cells: one line, HTML characters as entities,
 * markdown punctuation backslash-escaped, and the openings of GFM autolinks (`scheme://`,
 * `www.`, `user@host`) broken so the text stays text.
 */
export function mdText(s: string): string {
  return oneLine(s)
    .replace(/[&<>]/g, (c) => HTML_CHARS[c]!)
    .replace(MD_PUNCT, (c) => `\\${c}`)
    .replace(/:\/\//g, '\\:\\/\\/')
    .replace(/\b(www)\./gi, '$1\\.');
}

/** Text shortened to `max` characters with an ellipsis (by code points, so no half surrogate pair). */
export function truncate(s: string, max: number): string {
  const cps = [...s];
  return cps.length <= max ? s : `${cps.slice(0, Math.max(1, max - 1)).join('')}…`;
}

// What may appear literally inside mermaid text: letters, digits, space, a little punctuation.
// Everything else becomes a numeric entity code (`#34;`), which mermaid decodes for display.
const MERMAID_SAFE = /^[A-Za-z0-9 .,_/()'+=?!-]$/;

/**
 * Catalog text for a mermaid label, title or gantt task: one line, and every character
 * outside a small safe set (quotes, brackets, `:`, `;`, `#`, `%`, `|`, `<`, `>`, backticks,
 * …) written as mermaid's numeric entity code `#NN;`. The result cannot close a quoted label,
 * start a comment, an arrow, a statement or a markdown string, nor end the code fence.
 */
export function mermaidText(s: string, max = 60): string {
  let out = '';
  for (const ch of truncate(oneLine(s).trim(), max)) {
    const cp = ch.codePointAt(0)!;
    out += MERMAID_SAFE.test(ch) || cp > 0x7f ? ch : `#${cp};`;
  }
  return out;
}

// Words the gantt lexer reads as a statement when a line starts with them (mermaid 11/12's
// gantt grammar), and a date, which it reads as a date token.
const GANTT_KEYWORD = /^(acc|href|call|click|gantt|dateformat|inclusiveenddates|topaxis|axisformat|tickinterval|includes|excludes|todaymarker|weekday|weekend|title|section|displaymode|\d)/i;

/**
 * A gantt task name: mermaid text that additionally cannot start with a gantt keyword
 * (`click`, `section`, …) or a digit: its first character is then written as an entity code.
 */
export function ganttTaskName(s: string, max = 60): string {
  const t = mermaidText(s, max);
  if (t === '') return '#8203;';
  if (GANTT_KEYWORD.test(t)) return `#${t.codePointAt(0)!};${t.slice(1)}`;
  return t;
}

const PLAIN_ID = /^[A-Za-z0-9._-]+$/;

/** An identifier as inline code when it is a plain id; otherwise escaped text (never a broken code span). */
export function code(s: string): string {
  return PLAIN_ID.test(s) ? `\`${s}\`` : mdText(s);
}
