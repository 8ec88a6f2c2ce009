/**
 * A JSON reader (RFC 8259) that keeps offsets and can be driven one array element or object
 * member at a time, so a large document is read without building its whole tree: the
 * Jaeger importer materialises one dependency link at a time. Values below the level the
 * caller walks are built as plain data, nested at most `MAX_JSON_DEPTH` levels (the builder
 * recurses). Errors are thrown as `JsonError` with the offset where the text stops being
 * JSON; the caller turns them into diagnostics.
 */

/** Deepest nesting of arrays and objects inside one value the reader builds. */
export const MAX_JSON_DEPTH = 64;

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export class JsonError extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const PLAIN_RUN = /[^"\\\u0000-\u001f]*/y;
const ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

export class JsonScanner {
  private i = 0;

  constructor(private readonly text: string) {}

  /** Offset of the next significant character (after whitespace). */
  get offset(): number {
    this.ws();
    return this.i;
  }

  /** The next significant character, or '' at the end. */
  peek(): string {
    this.ws();
    return this.text[this.i] ?? '';
  }

  /** After the top-level value: only whitespace may follow. */
  end(): void {
    this.ws();
    if (this.i < this.text.length) throw new JsonError(this.i, `unexpected ${this.describe()} after the end of the JSON value`);
  }

  /** Walks an array: `each(offset)` is called at every element and must consume it. */
  elements(each: (offset: number) => void): void {
    this.expect('[');
    if (this.peek() === ']') {
      this.i++;
      return;
    }
    for (;;) {
      each(this.offset);
      const c = this.peek();
      this.i++;
      if (c === ']') return;
      if (c !== ',') this.fail(this.i - 1, 'expected "," or "]" after an array element');
    }
  }

  /** Walks an object: `each(key, keyOffset, valueOffset)` is called at every member and must consume its value. */
  members(each: (key: string, keyOffset: number, valueOffset: number) => void): void {
    this.expect('{');
    if (this.peek() === '}') {
      this.i++;
      return;
    }
    for (;;) {
      const keyOffset = this.offset;
      if (this.text[this.i] !== '"') this.fail(this.i, 'expected a member name in double quotes');
      const key = this.string();
      this.expect(':');
      each(key, keyOffset, this.offset);
      const c = this.peek();
      this.i++;
      if (c === '}') return;
      if (c !== ',') this.fail(this.i - 1, 'expected "," or "}" after an object member');
    }
  }

  /** Reads the next value as plain data. */
  value(depth = 0): JsonValue {
    const c = this.peek();
    if (c === '"') return this.string();
    if (c === '{' || c === '[') {
      if (depth >= MAX_JSON_DEPTH) throw new JsonError(this.i, `arrays and objects nest deeper than ${MAX_JSON_DEPTH} levels`);
      if (c === '[') {
        const out: JsonValue[] = [];
        this.elements(() => out.push(this.value(depth + 1)));
        return out;
      }
      // No prototype: a member named __proto__ is data, not a setter.
      const out = Object.create(null) as { [key: string]: JsonValue };
      this.members((key) => {
        out[key] = this.value(depth + 1);
      });
      return out;
    }
    if (c === '-' || (c >= '0' && c <= '9')) {
      NUMBER.lastIndex = this.i;
      const m = NUMBER.exec(this.text);
      if (!m) this.fail(this.i, 'malformed number');
      this.i += m[0].length;
      return Number(m[0]);
    }
    for (const [word, v] of [['true', true], ['false', false], ['null', null]] as const) {
      if (this.text.startsWith(word, this.i)) {
        this.i += word.length;
        return v;
      }
    }
    return this.fail(this.i, 'expected a value');
  }

  private string(): string {
    const start = this.i;
    this.i++;
    let out = '';
    for (;;) {
      PLAIN_RUN.lastIndex = this.i;
      const run = PLAIN_RUN.exec(this.text)![0];
      out += run;
      this.i += run.length;
      const c = this.text[this.i];
      if (c === '"') {
        this.i++;
        return out;
      }
      if (c === undefined) throw new JsonError(start, 'a string is not closed: the JSON is cut off');
      if (c !== '\\') this.fail(this.i, 'a control character inside a string (write it as an escape such as \\n)');
      const d = this.text[this.i + 1] ?? '';
      if (d === 'u') {
        const hex = this.text.slice(this.i + 2, this.i + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail(this.i, 'malformed \\u escape');
        out += String.fromCharCode(parseInt(hex, 16));
        this.i += 6;
        continue;
      }
      const e = ESCAPES[d];
      if (e === undefined) this.fail(this.i, `unknown escape \\${d}`);
      out += e;
      this.i += 2;
    }
  }

  private ws(): void {
    const t = this.text;
    let i = this.i;
    for (;;) {
      const c = t.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else break;
    }
    this.i = i;
  }

  private expect(ch: string): void {
    if (this.peek() !== ch) this.fail(this.i, `expected "${ch}"`);
    this.i++;
  }

  private describe(): string {
    const c = this.text[this.i];
    return c === undefined ? 'end of the text' : `"${c}"`;
  }

  /**
   * Throws at `offset`; at the end of the text, the error is placed just after the last
   * character that is not whitespace: where a cut-off download stops.
   */
  private fail(offset: number, message: string): never {
    if (offset >= this.text.length) {
      let end = this.text.length;
      while (end > 0 && /\s/.test(this.text[end - 1]!)) end--;
      throw new JsonError(end, `${message}, but the text ends here: the JSON is cut off`);
    }
    throw new JsonError(offset, `${message}, found "${this.text[offset]}"`);
  }
}
