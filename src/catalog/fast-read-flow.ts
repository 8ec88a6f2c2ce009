/**
 * Flow collections (`[...]` and `{...}`) for the fast reader (fast-read.ts): items, keys and
 * values, comments and line breaks inside them, anchors and aliases as items. Declines a
 * trailing comma, a duplicate key, a single-pair mapping in a sequence and plain scalars
 * folded over lines. Pure.
 */
import type { Node } from 'yaml';
import { map, out, pair, plainValue, scalar, seq } from './fast-read-nodes.js';
import { HASH, NL, Scanner, SP } from './fast-read-scanner.js';

export class FlowScanner extends Scanner {
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

  protected blankAfterFlow(): boolean {
    const c = this.t.charCodeAt(this.i);
    return c === SP || c === NL;
  }

  /** Spaces, line breaks and comments inside a flow collection. */
  protected ws(): void {
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

  protected flowItem(isKey: boolean): Node {
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
