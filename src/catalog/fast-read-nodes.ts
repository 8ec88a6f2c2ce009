/**
 * The node shapes of the fast reader (fast-read.ts): the YAML library's node kinds (scalar,
 * map, seq, pair, alias), told apart by the same registered symbols the library's `isMap` and
 * the like read, carrying a start offset instead of a range. Also the core schema's reading of
 * a plain scalar, and the signal the reader uses to give up. Pure.
 */
import type { Node } from 'yaml';

// The YAML library tells its node kinds apart by these registered symbols (`isMap` and the like).
export const NODE_TYPE = Symbol.for('yaml.node.type');
export const ALIAS = Symbol.for('yaml.alias');
export const MAP = Symbol.for('yaml.map');
const PAIR = Symbol.for('yaml.pair');
const SCALAR = Symbol.for('yaml.scalar');
const SEQ = Symbol.for('yaml.seq');

/** Thrown inside the reader to give up; never escapes `fastRead`. */
export class OutOfSubset extends Error {}
export const out = (): never => {
  throw new OutOfSubset();
};

type Range = [number, number, number];
export interface RNode {
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
export class FAlias extends FNode {
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
export const scalar = (value: unknown, start: number): Node => new FScalar(value, start) as unknown as Node;
export const map = (start: number): Node & { items: unknown[] } => new FMap(start) as unknown as Node & { items: unknown[] };
export const seq = (start: number): Node & { items: unknown[] } => new FSeq(start) as unknown as Node & { items: unknown[] };
export const pair = (key: Node, value: Node): unknown => new FPair(key, value);

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

/** Nodes in a subtree without aliases. */
export function size(n: unknown): number {
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
