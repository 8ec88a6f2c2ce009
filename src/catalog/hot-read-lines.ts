/**
 * The line cursor of the direct reader (hot-read.ts): lines, indentation and comments, keys
 * and one-line plain values, positions of offsets on the current line, and the signal to
 * decline. Pure.
 */
import type { SourcePos } from './model.js';
import { plainValue } from './fast-read.js';

/** Thrown inside the reader to decline; never escapes `hotRead`. */
export class Decline extends Error {}
export const decline = (): never => {
  throw new Decline();
};

export const SP = 32;
export const HASH = 35;
export const COLON = 58;
export const COMMA = 44;

/** The number written in decimal digits at t[s, e) (1 to 9 of them), else decline. */
export function digits(t: string, s: number, e: number): number {
  if (e <= s || e - s > 9) decline();
  let v = 0;
  for (let j = s; j < e; j++) {
    const c = t.charCodeAt(j);
    if (c < 48 || c > 57) decline();
    v = v * 10 + c - 48;
  }
  return v;
}

/**
 * Which of `words` is written at t[s, e), compared in place: slicing each key and value would
 * make a string to hash for every line and every dependency option.
 */
export function wordAt<W extends string>(t: string, s: number, e: number, words: readonly W[]): W | undefined {
  for (const w of words) if (w.length === e - s && t.startsWith(w, s)) return w;
  return undefined;
}

/** The reading of plain text `s` as YAML would give it, when that is the string itself. */
export function plainString(s: string): boolean {
  try {
    return plainValue(s) === s;
  } catch {
    return false;
  }
}

export class LineReader {
  /** Start of the current line, its 1-based number, and its end (a newline or the text's end). */
  protected lineStart = 0;
  protected line = 1;
  protected eol = 0;
  /** Offset of the current line's first content character, and its column (0-based). */
  protected at = 0;
  protected indent = -1;

  constructor(
    protected readonly t: string,
    private readonly file: string,
  ) {
    this.eol = this.endOf(0);
  }

  protected endOf(i: number): number {
    const nl = this.t.indexOf('\n', i);
    return nl < 0 ? this.t.length : nl;
  }

  /** Position of an offset on the current line. */
  pos(offset: number): SourcePos {
    return { file: this.file, line: this.line, col: offset - this.lineStart + 1 };
  }

  /**
   * Moves to the next line with content, starting with the current one when `here`;
   * sets `indent` to its column, or -1 at the end of the text. Blank and comment lines are skipped.
   */
  next(here: boolean): void {
    const t = this.t;
    if (!here) this.advance();
    for (;;) {
      if (this.lineStart >= t.length) {
        this.indent = -1;
        return;
      }
      let j = this.lineStart;
      while (t.charCodeAt(j) === SP) j++;
      if (j < this.eol && t.charCodeAt(j) !== HASH) {
        this.at = j;
        this.indent = j - this.lineStart;
        return;
      }
      this.advance();
    }
  }

  protected advance(): void {
    this.lineStart = this.eol + 1;
    this.line++;
    this.eol = this.endOf(this.lineStart);
  }

  /** A `key:` at `at`, of plain word characters: its end; leaves `at` after the colon. */
  keyEnd(): number {
    const t = this.t;
    const s = this.at;
    let j = s;
    for (;;) {
      const c = t.charCodeAt(j);
      if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45 || c === 46) j++;
      else break;
    }
    if (j === s || t.charCodeAt(j) !== COLON) decline();
    this.at = j + 1;
    return j;
  }

  /** A `key:` at `at`, of plain word characters; leaves `at` after the colon. */
  key(): string {
    const s = this.at;
    return this.t.slice(s, this.keyEnd());
  }

  /** After a key's colon: true when nothing but spaces (and a comment after a space) remain on the line. */
  restEmpty(): boolean {
    const t = this.t;
    let j = this.at;
    while (t.charCodeAt(j) === SP) j++;
    if (j >= this.eol) return true;
    if (t.charCodeAt(j) === HASH && j > this.at) return true;
    return false;
  }

  /** Past a key's colon: one or more spaces, then the value's first character. */
  valueStart(): number {
    const t = this.t;
    let j = this.at;
    if (t.charCodeAt(j) !== SP) decline();
    while (t.charCodeAt(j) === SP) j++;
    if (j >= this.eol || t.charCodeAt(j) === HASH) decline();
    return j;
  }

  /** A one-line plain string from `s` to the end of the line (or a comment); YAML must read it as that string. */
  plainText(s: number): string {
    const t = this.t;
    const c = t.charCodeAt(s);
    // indicators and quotes start other kinds of values
    if (c === 45 || c === 63 || c === COLON || c === COMMA || c === 91 || c === 93 || c === 123 || c === 125 || c === HASH || c === 38 || c === 42 || c === 33 || c === 124 || c === 62 || c === 39 || c === 34 || c === 37 || c === 64 || c === 96) decline();
    let end = this.eol;
    for (let j = s; j < this.eol; j++) {
      const d = t.charCodeAt(j);
      if (d === COLON && (j + 1 >= this.eol || t.charCodeAt(j + 1) === SP)) decline();
      if (d === HASH && t.charCodeAt(j - 1) === SP) {
        end = j;
        break;
      }
    }
    while (t.charCodeAt(end - 1) === SP) end--;
    const text = t.slice(s, end);
    if (!plainString(text)) decline();
    return text;
  }

  /** The end of a value at `j` on this line: spaces, then the line's end or a comment. */
  endLine(j: number): void {
    const t = this.t;
    const k = j;
    while (t.charCodeAt(j) === SP) j++;
    if (j < this.eol && !(t.charCodeAt(j) === HASH && j > k)) decline();
  }
}
