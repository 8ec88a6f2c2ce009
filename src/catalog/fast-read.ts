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
 */
import { LineCounter, type Alias, type Node } from 'yaml';
import { MAX_ALIAS_EXPANSION, MAX_NESTING } from './limits.js';

// The YAML library tells its node kinds apart by these registered symbols (`isMap` and the like).
const NODE_TYPE = Symbol.for('yaml.node.type');
const ALIAS = Symbol.for('yaml.alias');
const MAP = Symbol.for('yaml.map');
const PAIR = Symbol.for('yaml.pair');
const SCALAR = Symbol.for('yaml.scalar');
const SEQ = Symbol.for('yaml.seq');

/** Thrown inside the reader to give up; never escapes `fastRead`. */
class OutOfSubset extends Error {}
const out = (): never => {
  throw new OutOfSubset();
};

export interface FastRead {
  readonly contents: Node;
  readonly aliases: Map<Alias, Node>;
  readonly lineCounter: LineCounter;
}

type Range = [number, number, number];
interface RNode {
  anchor?: string;
}
// Node classes carry the kind on their prototype: construction stays on V8's fast path.
class FNode {
  constructor(readonly start: number) {}
  /** The YAML library's [start, value end, node end]; only the start is read from these nodes. */
  get range(): Range {
    return [this.start, this.start, this.start];
  }
}
class FScalar extends FNode {
  constructor(
    readonly value: unknown,
    start: number,
  ) {
    super(start);
  }
}
class FCollection extends FNode {
  readonly items: unknown[] = [];
}
class FMap extends FCollection {}
class FSeq extends FCollection {}
class FPair {
  constructor(
    readonly key: Node,
    readonly value: Node,
  ) {}
}
class FAlias extends FNode {
  constructor(
    readonly source: string,
    start: number,
  ) {
    super(start);
  }
}
for (const [cls, kind] of [[FScalar, SCALAR], [FMap, MAP], [FSeq, SEQ], [FPair, PAIR], [FAlias, ALIAS]] as const) {
  Object.defineProperty(cls.prototype, NODE_TYPE, { value: kind });
}
const scalar = (value: unknown, start: number): Node => new FScalar(value, start) as unknown as Node;
const map = (start: number): Node & { items: unknown[] } => new FMap(start) as unknown as Node & { items: unknown[] };
const seq = (start: number): Node & { items: unknown[] } => new FSeq(start) as unknown as Node & { items: unknown[] };
const pair = (key: Node, value: Node): unknown => new FPair(key, value);

const SP = 32;
const NL = 10;
const HASH = 35;

/** The YAML 1.2 core schema's reading of a plain scalar, or `out()` for its rarer forms. */
export function plainValue(s: string): unknown {
  const c = s.charCodeAt(0);
  // Fast exit: most scalars are ids and words.
  if ((c >= 97 && c <= 122 && c !== 102 && c !== 110 && c !== 116) || (c >= 65 && c <= 90 && c !== 70 && c !== 78 && c !== 84)) return s;
  if (s === '' || s === '~' || s === 'null' || s === 'Null' || s === 'NULL') return null;
  if (s === 'true' || s === 'True' || s === 'TRUE') return true;
  if (s === 'false' || s === 'False' || s === 'FALSE') return false;
  if (/^[-+]?[0-9]+$/.test(s)) return Number(s);
  if (/^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/.test(s)) return Number(s);
  if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/.test(s)) return Number(s);
  if (/^0o|^0x|^[-+]?\.(?:inf|Inf|INF)$|^\.(?:nan|NaN|NAN)$/.test(s)) out();
  return s;
}

const ESCAPES: Readonly<Record<string, string>> = { '\\': '\\', '"': '"', '/': '/', n: '\n', t: '\t', r: '\r', '0': '\0', b: '\b', f: '\f', ' ': ' ' };

class Reader {
  i = 0;
  private depth = 0;
  private expansion = 0;
  readonly anchors = new Map<string, { node: Node; size: number }>();
  readonly aliases = new Map<Alias, Node>();

  constructor(private readonly t: string) {}

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
  block(col: number): Node {
    this.enter();
    const t = this.t;
    const c = t.charCodeAt(this.i);
    const n = c === 45 /* - */ && this.blankAfter(this.i + 1) ? this.blockSeq(col) : this.blockMap(col);
    this.depth--;
    return n;
  }

  private blankAfter(j: number): boolean {
    const c = this.t.charCodeAt(j);
    return j >= this.t.length || c === SP || c === NL;
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

  private anchorName(): string {
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
  private define(name: string, node: Node): void {
    (node as RNode).anchor = name;
    this.anchors.set(name, { node, size: size(node) });
  }

  private alias(): Node {
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
  private blockScalar(col: number): Node {
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
  flow(): Node {
    this.enter();
    const t = this.t;
    const isMap = t.charCodeAt(this.i) === 123;
    const close = isMap ? 125 : 93;
    const node = isMap ? map(this.i) : seq(this.i);
    this.i++;
    const seen = isMap ? new Set<string>() : undefined;
    this.ws();
    if (t.charCodeAt(this.i) === close) {
      this.i++;
      this.depth--;
      return node;
    }
    for (;;) {
      if (isMap) {
        const key = this.flowItem(true);
        const name = String((key as { value: unknown }).value);
        if (seen!.has(name)) out();
        seen!.add(name);
        this.ws();
        if (t.charCodeAt(this.i) !== 58) out();
        this.i++;
        if (!this.blankAfterFlow()) out();
        this.ws();
        const value = this.flowItem(false);
        node.items.push(pair(key, value));
      } else {
        node.items.push(this.flowItem(false));
        this.ws();
        if (t.charCodeAt(this.i) === 58) out(); // a single-pair mapping inside a sequence
      }
      this.ws();
      const d = t.charCodeAt(this.i);
      if (d === close) {
        this.i++;
        break;
      }
      if (d !== 44) out();
      this.i++;
      this.ws();
      if (t.charCodeAt(this.i) === close) out(); // a trailing comma
    }
    this.depth--;
    return node;
  }

  private blankAfterFlow(): boolean {
    const c = this.t.charCodeAt(this.i);
    return c === SP || c === NL;
  }

  /** Spaces, line breaks and comments inside a flow collection. */
  private ws(): void {
    const t = this.t;
    for (;;) {
      const c = t.charCodeAt(this.i);
      if (c === SP || c === NL) this.i++;
      else if (c === HASH && (t.charCodeAt(this.i - 1) === SP || t.charCodeAt(this.i - 1) === NL)) {
        const nl = t.indexOf('\n', this.i);
        this.i = nl < 0 ? t.length : nl;
      } else return;
    }
  }

  private flowItem(isKey: boolean): Node {
    const t = this.t;
    const c = t.charCodeAt(this.i);
    if (c === 91 || c === 123) {
      if (isKey) out();
      return this.flow();
    }
    if (c === 42) {
      if (isKey) out();
      return this.alias();
    }
    if (c === 34 || c === 39) {
      const q = this.quoted();
      if (isKey && (q as { value: unknown }).value === '<<') out();
      return q;
    }
    if (c === 38) {
      if (isKey) out();
      const name = this.anchorName();
      this.ws();
      const n = this.flowItem(false);
      this.define(name, n);
      return n;
    }
    if (c === 33 || c === 37 || c === 64 || c === 96 || c === 44 || c === 93 || c === 125 || c === HASH || c === 124 || c === 62) out();
    if ((c === 45 || c === 63 || c === 58) && this.blankAfter(this.i + 1)) out();
    const start = this.i;
    let j = start;
    for (; j < t.length; j++) {
      const d = t.charCodeAt(j);
      if (d === 44 || d === 91 || d === 93 || d === 123 || d === 125 || d === NL) break;
      if (d === 58) {
        const e = t.charCodeAt(j + 1);
        if (e === SP || e === NL || e === 44 || e === 93 || e === 125 || j + 1 >= t.length) break;
      }
      if (d === HASH && t.charCodeAt(j - 1) === SP) break;
    }
    let e = j;
    while (t.charCodeAt(e - 1) === SP) e--;
    if (e === start) out();
    this.i = j;
    if (t.charCodeAt(j) === NL) {
      // A plain scalar continued on the next line: folded by YAML, rare in a catalog.
      let k = j;
      while (t.charCodeAt(k) === SP || t.charCodeAt(k) === NL) k++;
      const d = t.charCodeAt(k);
      if (d !== 44 && d !== 93 && d !== 125 && d !== 58 && d !== HASH) out();
    }
    const text = t.slice(start, e);
    return scalar(isKey && text === '<<' ? '<<' : plainValue(text), start);
  }
}

function countNewlines(s: string): number {
  let n = 0;
  for (let k = 0; k < s.length; k++) if (s.charCodeAt(k) === NL) n++;
  return n;
}

/** Nodes in a subtree without aliases. */
function size(n: unknown): number {
  if ((n as { [NODE_TYPE]: symbol })[NODE_TYPE] === ALIAS) out(); // aliases inside an anchored node: the full check sizes those
  const items = (n as { items?: unknown[] }).items;
  if (!items) return 1;
  let s = 1;
  for (const it of items) {
    const p = it as { key?: unknown; value?: unknown };
    s += (n as { [NODE_TYPE]: symbol })[NODE_TYPE] === MAP ? size(p.key) + size(p.value) : size(it);
  }
  return s;
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
