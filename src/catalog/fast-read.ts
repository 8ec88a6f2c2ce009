/**
 * A fast reader for the plain subset of YAML that catalogs are written in: block mappings
 * and sequences, flow `[...]` and `{...}` collections, plain, quoted and `|` / `>` block
 * scalars, comments, anchors, aliases and `<<` merge keys. It builds the same node tree the
 * YAML library composes (same node kinds, values and start offsets, which is all the schema
 * walker reads: a node's `start` stands for `range[0]`), several times faster and without a
 * concrete syntax tree.
 *
 * It never reports: on anything outside its subset, and on anything that would be a
 * problem (a duplicate key, a tab, a directive, a tag, a second document, an alias without
 * its anchor, an expansion over the limit), it returns `undefined` and the caller reads the
 * file with the YAML library, the parser of record for every diagnostic. Pure.
 *
 * This file reads block structure; fast-read-flow.ts flow collections, fast-read-scanner.ts
 * what both share (lines, anchors, quoted and block scalars), fast-read-nodes.ts the nodes.
 */
import { LineCounter, type Alias, type Node } from 'yaml';
import { map, OutOfSubset, out, pair, plainValue, scalar, seq } from './fast-read-nodes.js';
import { FlowScanner } from './fast-read-flow.js';
import { countNewlines, HASH, NL, SP } from './fast-read-scanner.js';

export { plainValue } from './fast-read-nodes.js';

export interface FastRead {
  readonly contents: Node;
  readonly aliases: Map<Alias, Node>;
  readonly lineCounter: LineCounter;
}

/** Block collections and plain scalars: the structure of a catalog file. */
class Reader extends FlowScanner {
  block(col: number): Node {
    this.enter();
    const t = this.t;
    const c = t.charCodeAt(this.i);
    const n = c === 45 /* - */ && this.blankAfter(this.i + 1) ? this.blockSeq(col) : this.blockMap(col);
    this.depth--;
    return n;
  }

  blockSeq(col: number): Node {
    const s = seq(this.i);
    for (;;) {
      this.i++;
      s.items.push(this.seqItem(col));
      const next = this.nextLine();
      if (next < 0 || next < col) break;
      if (next > col || this.t.charCodeAt(this.i) !== 45 || !this.blankAfter(this.i + 1)) {
        if (next === col) break; // a mapping key at the same column: the sequence was a value of it
        out();
      }
    }
    return s;
  }

  /** The item after a `-` at column `col`. */
  private seqItem(col: number): Node {
    const t = this.t;
    while (t.charCodeAt(this.i) === SP) this.i++;
    const c = t.charCodeAt(this.i);
    if (this.i >= t.length || c === NL || c === HASH) {
      if (c === HASH && t.charCodeAt(this.i - 1) !== SP) out();
      const emptyAt = this.i;
      this.endLine();
      const next = this.nextLine();
      if (next > col) {
        const n = this.block(next);
        this.rewindToLineStart();
        return n;
      }
      if (next >= 0) this.i -= next; // back to the start of that line
      return scalar(null, emptyAt);
    }
    const here = this.col();
    if (c === 45 && this.blankAfter(this.i + 1)) {
      this.enter();
      const n = this.blockSeq(here);
      this.depth--;
      this.rewindToLineStart();
      return n;
    }
    if (this.isKeyAhead()) {
      this.enter();
      const n = this.blockMap(here);
      this.depth--;
      this.rewindToLineStart();
      return n;
    }
    return this.inline(col);
  }

  /** After a nested block that stopped at a line's first content character: back to the line's start. */
  private rewindToLineStart(): void {
    if (this.i >= this.t.length) return;
    this.i -= this.col();
  }

  /** Whether the text at `this.i` is `key:` followed by a space or the end of the line. */
  private isKeyAhead(): boolean {
    const t = this.t;
    const c = t.charCodeAt(this.i);
    if (c === 34 || c === 39) {
      const close = t.indexOf(String.fromCharCode(c), this.i + 1);
      return close > 0 && t.charCodeAt(close + 1) === 58 && this.blankAfter(close + 2);
    }
    if (c === 91 || c === 123 || c === 42 || c === 38 || c === 124 || c === 62 || c === 33) return false;
    const nl = t.indexOf('\n', this.i);
    const end = nl < 0 ? t.length : nl;
    for (let j = this.i; j < end; j++) {
      const d = t.charCodeAt(j);
      if (d === 58 && this.blankAfter(j + 1)) return true;
      if (d === HASH && t.charCodeAt(j - 1) === SP) return false;
    }
    return false;
  }

  blockMap(col: number): Node {
    const m = map(this.i);
    const seen = new Set<string>();
    const t = this.t;
    for (;;) {
      const key = this.key();
      const name = typeof (key as { value: unknown }).value === 'string' ? ((key as { value: string }).value) : String((key as { value: unknown }).value);
      if (seen.has(name)) out(); // the YAML library reports duplicates
      seen.add(name);
      this.i++; // the colon
      const value = this.mapValue(col);
      m.items.push(pair(key, value));
      const next = this.nextLine();
      if (next < 0 || next < col) break;
      if (next > col) out();
      if (t.charCodeAt(this.i) === 45 && this.blankAfter(this.i + 1)) out();
    }
    return m;
  }

  /** A mapping key at `this.i`, up to (not including) its colon. */
  private key(): Node {
    const t = this.t;
    const start = this.i;
    const c = t.charCodeAt(start);
    if (c === 34 || c === 39) {
      const k = this.quoted();
      if (t.charCodeAt(this.i) !== 58) out();
      if ((k as { value: unknown }).value === '<<') out(); // a quoted "<<" is a plain key for YAML
      return k;
    }
    if (c === 63 || c === 38 || c === 42 || c === 33 || c === 124 || c === 62 || c === 91 || c === 123 || c === 37 || c === 64 || c === 96 || c === 44) out();
    const nl = t.indexOf('\n', start);
    const end = nl < 0 ? t.length : nl;
    let j = start;
    for (; j < end; j++) {
      const d = t.charCodeAt(j);
      if (d === 58 && this.blankAfter(j + 1)) break;
      if (d === HASH && t.charCodeAt(j - 1) === SP) out();
    }
    if (j >= end) out();
    let e = j;
    while (t.charCodeAt(e - 1) === SP) e--;
    if (e === start || e - start > 1024) out();
    const text = t.slice(start, e);
    if (text === '---' && start === 0) out();
    this.i = j;
    return scalar(text === '<<' ? '<<' : plainValue(text), start);
  }

  /** The value after a mapping key's colon, the key being at column `col`. */
  private mapValue(col: number): Node {
    const t = this.t;
    const afterColon = this.i;
    while (t.charCodeAt(this.i) === SP) this.i++;
    let anchor: string | undefined;
    if (t.charCodeAt(this.i) === 38 /* & */) {
      if (this.i === afterColon) out();
      anchor = this.anchorName();
      while (t.charCodeAt(this.i) === SP) this.i++;
    }
    const c = t.charCodeAt(this.i);
    let node: Node;
    if (this.i >= t.length || c === NL || c === HASH) {
      if (c === HASH) out(); // where the YAML library places an empty value before a comment is not worth copying
      const emptyAt = this.i;
      this.endLine();
      const next = this.nextLine();
      if (next > col || (next === col && t.charCodeAt(this.i) === 45 && this.blankAfter(this.i + 1))) {
        node = this.block(next);
        this.rewindToLineStart();
      } else {
        if (anchor !== undefined) out();
        if (next >= 0) this.i -= next;
        return scalar(null, emptyAt);
      }
    } else {
      if (this.i === afterColon) out();
      node = this.inline(col);
    }
    if (anchor !== undefined) this.define(anchor, node);
    return node;
  }

  /** A value that starts on the current line (not a nested block); consumes the rest of the line. */
  inline(col: number): Node {
    const t = this.t;
    const c = t.charCodeAt(this.i);
    let n: Node;
    if (c === 42 /* * */) n = this.alias();
    else if (c === 91 || c === 123) n = this.flow();
    else if (c === 34 || c === 39) n = this.quoted();
    else if (c === 124 || c === 62) return this.blockScalar(col);
    else return this.plainBlock(col);
    this.endLine();
    return n;
  }

  /** A plain scalar in block context, possibly continued on more-indented lines; consumes them. */
  private plainBlock(col: number): Node {
    const t = this.t;
    const start = this.i;
    const c = t.charCodeAt(start);
    if (c === 38 || c === 33 || c === 37 || c === 64 || c === 96 || c === 44 || c === 93 || c === 125 || c === 35) out();
    if ((c === 45 || c === 63 || c === 58) && this.blankAfter(start + 1)) out();
    let end = this.lineOfPlain();
    let text = t.slice(start, end);
    let lines = 1;
    // Continuation lines: more indented than the parent, not comments.
    for (;;) {
      const lineStart = this.i;
      const next = this.nextLine();
      if (next <= col) {
        this.i = lineStart;
        break;
      }
      const skipped = t.slice(lineStart, this.i);
      if (skipped.includes('#')) out(); // a comment line ends a plain scalar; more text after it is an error
      const blank = countNewlines(skipped);
      const s = this.i;
      end = this.lineOfPlain();
      text += (blank > 0 ? '\n'.repeat(blank) : ' ') + t.slice(s, end);
      lines++;
    }
    return scalar(lines === 1 ? plainValue(text) : text, start);
  }

  /** One line of a block plain scalar from `this.i`: returns its end (trailing spaces excluded) and moves past the line. */
  private lineOfPlain(): number {
    const t = this.t;
    const nl = t.indexOf('\n', this.i);
    const eol = nl < 0 ? t.length : nl;
    let end = eol;
    for (let j = this.i; j < eol; j++) {
      const d = t.charCodeAt(j);
      if (d === 58 && this.blankAfter(j + 1)) out(); // "a: b" inside a value: a mapping the YAML library would refuse
      if (d === HASH && t.charCodeAt(j - 1) === SP) {
        end = j;
        break;
      }
    }
    while (t.charCodeAt(end - 1) === SP) end--;
    this.i = eol < t.length ? eol + 1 : eol;
    return end;
  }
}

/** Offsets at which lines start, as the YAML parser would record them. */
export function lineIndex(text: string): LineCounter {
  const lc = new LineCounter();
  lc.addNewLine(0);
  for (let j = text.indexOf('\n'); j >= 0; j = text.indexOf('\n', j + 1)) lc.addNewLine(j + 1);
  return lc;
}

/**
 * Reads `text` (decoded, non-empty, BOM removed) into the YAML library's node shapes, or
 * `undefined` when it uses anything outside the subset or has anything to report.
 */
export function fastRead(text: string): FastRead | undefined {
  if (text.includes('\t') || text.includes('\r') || /^(?:---|\.\.\.|%)/m.test(text)) return undefined;
  const r = new Reader(text);
  try {
    const col = r.nextLine();
    if (col !== 0) return undefined;
    const contents = r.block(0);
    if (r.nextLine() !== -1) return undefined;
    return { contents, aliases: r.aliases, lineCounter: lineIndex(text) };
  } catch (e) {
    if (e instanceof OutOfSubset || e instanceof RangeError) return undefined;
    throw e;
  }
}
