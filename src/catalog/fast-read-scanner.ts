/**
 * The fast reader's (fast-read.ts) cursor over the text and what every context shares: lines,
 * columns and comments, the nesting guard, anchors and aliases with the expansion limit, and
 * the scalars that read the same in block and flow context (quoted ones) or only in block
 * context (`|` and `>`). Gives up with `out()` on anything outside the subset. Pure.
 */
import type { Alias, Node } from 'yaml';
import { MAX_ALIAS_EXPANSION, MAX_NESTING } from './limits.js';
import { FAlias, out, scalar, size, type RNode } from './fast-read-nodes.js';

export const SP = 32;
export const NL = 10;
export const HASH = 35;

const ESCAPES: Readonly<Record<string, string>> = { '\\': '\\', '"': '"', '/': '/', n: '\n', t: '\t', r: '\r', '0': '\0', b: '\b', f: '\f', ' ': ' ' };

export class Scanner {
  i = 0;
  protected depth = 0;
  protected expansion = 0;
  readonly anchors = new Map<string, { node: Node; size: number }>();
  readonly aliases = new Map<Alias, Node>();

  constructor(protected readonly t: string) {}

  /** Column of the current position on its line. */
  col(at = this.i): number {
    const nl = this.t.lastIndexOf('\n', at - 1);
    return at - nl - 1;
  }

  /**
   * Moves past blank and comment lines to the first content character of the next line
   * that has one; returns its column, or -1 at the end. Call at the start of a line.
   */
  nextLine(): number {
    const t = this.t;
    for (;;) {
      if (this.i >= t.length) return -1;
      let j = this.i;
      while (t.charCodeAt(j) === SP) j++;
      const c = t.charCodeAt(j);
      if (j >= t.length) {
        this.i = j;
        return -1;
      }
      if (c === NL || c === HASH) {
        const nl = t.indexOf('\n', j);
        this.i = nl < 0 ? t.length : nl + 1;
        continue;
      }
      const col = j - this.i;
      this.i = j;
      return col;
    }
  }

  /** After a value on a line: only spaces and a comment may follow; moves to the next line. */
  endLine(): void {
    const t = this.t;
    let j = this.i;
    while (t.charCodeAt(j) === SP) j++;
    if (j < t.length && t.charCodeAt(j) !== NL) {
      if (t.charCodeAt(j) !== HASH || j === this.i) out();
    }
    const nl = t.indexOf('\n', j);
    this.i = nl < 0 ? t.length : nl + 1;
  }

  enter(): void {
    if (++this.depth > MAX_NESTING) out();
  }

  /** A block node whose first content character is at `this.i`, in column `col`. */

  protected blankAfter(j: number): boolean {
    const c = this.t.charCodeAt(j);
    return j >= this.t.length || c === SP || c === NL;
  }

  protected anchorName(): string {
    const t = this.t;
    const start = ++this.i;
    while (this.i < t.length) {
      const d = t.charCodeAt(this.i);
      if (d === SP || d === NL || d === 44 || d === 91 || d === 93 || d === 123 || d === 125) break;
      this.i++;
    }
    if (this.i === start) out();
    return t.slice(start, this.i);
  }

  /** Registers an anchor on a finished node (its size counts toward the expansion limit). */
  protected define(name: string, node: Node): void {
    (node as RNode).anchor = name;
    this.anchors.set(name, { node, size: size(node) });
  }

  protected alias(): Node {
    const start = this.i;
    const name = this.anchorName();
    const target = this.anchors.get(name);
    if (!target) out();
    this.expansion += target!.size;
    if (this.expansion > MAX_ALIAS_EXPANSION) out();
    const a = new FAlias(name, start) as unknown as Alias;
    this.aliases.set(a, target!.node);
    return a as unknown as Node;
  }

  /** A single-line quoted scalar at `this.i`; leaves `this.i` after the closing quote. */
  quoted(): Node {
    const t = this.t;
    const start = this.i;
    const q = t.charCodeAt(start);
    let value = '';
    let j = start + 1;
    if (q === 39) {
      for (;;) {
        const close = t.indexOf("'", j);
        if (close < 0) out();
        const piece = t.slice(j, close);
        if (piece.includes('\n')) out();
        value += piece;
        if (t.charCodeAt(close + 1) === 39) {
          value += "'";
          j = close + 2;
          continue;
        }
        j = close + 1;
        break;
      }
    } else {
      for (;;) {
        const d = t.charCodeAt(j);
        if (j >= t.length || d === NL) out();
        if (d === 34) {
          j++;
          break;
        }
        if (d === 92) {
          const e = t[j + 1] ?? '';
          if (e === 'u' || e === 'x') {
            const len = e === 'u' ? 4 : 2;
            const hex = t.slice(j + 2, j + 2 + len);
            if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(hex)) out();
            value += String.fromCharCode(parseInt(hex, 16));
            j += 2 + len;
            continue;
          }
          const r = ESCAPES[e];
          if (r === undefined) out();
          value += r;
          j += 2;
          continue;
        }
        value += t[j];
        j++;
      }
    }
    this.i = j;
    return scalar(value, start);
  }

  /** A `|` or `>` block scalar (no explicit indentation indicator), the parent at column `col`. */
  protected blockScalar(col: number): Node {
    const t = this.t;
    const start = this.i;
    const folded = t.charCodeAt(start) === 62;
    this.i++;
    let chomp: 'clip' | 'strip' | 'keep' = 'clip';
    const ind = t.charCodeAt(this.i);
    if (ind === 45) (chomp = 'strip'), this.i++;
    else if (ind === 43) (chomp = 'keep'), this.i++;
    this.endLine();
    const lines: string[] = [];
    let indent = -1;
    let end = this.i;
    while (this.i < t.length) {
      const nl = t.indexOf('\n', this.i);
      const eol = nl < 0 ? t.length : nl;
      let j = this.i;
      while (t.charCodeAt(j) === SP) j++;
      if (j === eol) {
        if (indent < 0 || j - this.i > indent) out(); // leading blank lines, or spaces beyond the indent: rare forms
        lines.push('');
        this.i = eol < t.length ? eol + 1 : eol;
        continue;
      }
      const spaces = j - this.i;
      if (indent < 0) {
        if (spaces <= col) break;
        indent = spaces;
      }
      if (spaces < indent) break;
      if (spaces > indent && folded) out(); // more-indented lines of a folded scalar keep their breaks: rare
      lines.push(t.slice(this.i + indent, eol));
      this.i = eol < t.length ? eol + 1 : eol;
      end = this.i;
    }
    if (indent < 0) out();
    // Trailing blank lines belong to the chomping, not the content.
    let trailing = 0;
    while (lines.length > 0 && lines[lines.length - 1] === '') {
      lines.pop();
      trailing++;
    }
    // Back to the start of the line after the content (blank lines after it are skipped by the caller).
    this.i = end;
    let body: string;
    if (!folded) body = lines.join('\n');
    else {
      body = '';
      for (let k = 0; k < lines.length; k++) {
        const l = lines[k]!;
        if (k === 0) body = l;
        else if (l === '') body += '\n';
        else body += lines[k - 1] === '' ? l : ` ${l}`;
      }
    }
    let value = body;
    if (chomp === 'clip') value = `${body}\n`;
    else if (chomp === 'keep') value = body + '\n'.repeat(trailing + 1);
    if (body === '') out();
    return scalar(value, start);
  }

  /** A flow collection at `this.i` (`[` or `{`); leaves `this.i` after its closing bracket. */
}

export function countNewlines(s: string): number {
  let n = 0;
  for (let k = 0; k < s.length; k++) if (s.charCodeAt(k) === NL) n++;
  return n;
}
