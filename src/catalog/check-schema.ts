/**
 * Walks a YAML document's nodes against the catalog JSON Schema, collecting every
 * problem with its position, and returns the plain value of what is valid.
 * Objects come back with null prototypes (no prototype pollution through ids such as
 * `__proto__`); positions are kept in side tables.
 */
import { isSeq, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import { makeExcerpt, type Diagnostic, type DiagnosticCode } from './diagnostics.js';
import type { SourcePos } from './model.js';
import type { ParsedSource } from './parse.js';
import { LineFinder } from './line-finder.js';
import type { JsonSchema } from './schema.js';
import { parseDuration, parseRate } from './units.js';
import { nearMiss } from './near-miss.js';
import { suggest } from '../util/text.js';

/** A plain value as produced by the walker. */
export type Plain = string | number | boolean | null | PlainObject | Plain[];
export interface PlainObject {
  [key: string]: Plain;
}

/**
 * Where things were written, as offsets into the source text (`at` turns one into a line and
 * column): objects and arrays by identity, an object's keys and values by key name, an array's
 * items by index. A value written as an alias is placed where the alias is written, not where
 * its anchor is.
 */
export interface Positions {
  readonly of: PositionTable<number>;
  readonly keys: PositionTable<Map<string, number>>;
  readonly values: PositionTable<Map<string, number>>;
  readonly items: PositionTable<number[]>;
  /** The position of an offset of the file. */
  readonly at: (offset: number) => SourcePos;
}

/** Keyed by object identity. Plain maps, not weak ones: the tables live no longer than one file's walk, and a weak map of a million entries costs the garbage collector far more. */
export interface PositionTable<T> {
  get(o: object): T | undefined;
  set(o: object, v: T): unknown;
}

const emptyPositions = (finder: LineFinder): Positions => ({ of: new Map(), keys: new Map(), values: new Map(), items: new Map(), at: (o) => finder.pos(o) });

export interface SchemaResult {
  readonly value: PlainObject | undefined;
  readonly positions: Positions;
  readonly diagnostics: Diagnostic[];
}

// The YAML library's node kinds (what its `isMap` and the like compare), read once per node:
// the walk visits millions of nodes, and each kind test is a lookup on the node's prototype.
const NODE_TYPE = Symbol.for('yaml.node.type');
const ALIAS = Symbol.for('yaml.alias');
const MAP = Symbol.for('yaml.map');
const SCALAR = Symbol.for('yaml.scalar');
const SEQ = Symbol.for('yaml.seq');
const kindOf = (n: unknown): symbol | undefined => (n !== null && typeof n === 'object' ? (n as Record<symbol, symbol | undefined>)[NODE_TYPE] : undefined);
const isAlias = (n: unknown): n is Node => kindOf(n) === ALIAS;
const isMap = (n: unknown): n is YAMLMap => kindOf(n) === MAP;
const isScalar = (n: unknown): n is Scalar => kindOf(n) === SCALAR;
const isSeqNode = (n: unknown): n is YAMLSeq => kindOf(n) === SEQ;

const MAX_DEPTH = 64;
const MAX_NODES = 5_000_000;

class Walk {
  readonly diagnostics: Diagnostic[] = [];
  readonly finder: LineFinder;
  readonly positions: Positions;
  private readonly patterns = new Map<string, RegExp>();
  private nodes = 0;
  aborted = false;

  constructor(
    private readonly src: ParsedSource,
    private readonly root: JsonSchema,
  ) {
    this.finder = new LineFinder(src.file, src.lineCounter.lineStarts);
    this.positions = emptyPositions(this.finder);
  }

  /** The offset at which a node starts (0, the file's first line, when unknown). */
  pos(node: Node | Pair | null | undefined): number {
    const n = node as { start?: number; range?: [number, number, number] | null; key?: Node } | null | undefined;
    // Nodes of the fast reader carry `start` (their range's first offset) without a range array.
    return typeof n?.start === 'number' ? n.start : ((n?.range ?? (n?.key as { range?: [number, number, number] } | undefined)?.range)?.[0] ?? 0);
  }

  report(code: DiagnosticCode, message: string, offset: number, severity: 'error' | 'warning' = 'error', hint?: string): void {
    const pos = this.finder.pos(offset);
    const excerpt = makeExcerpt(this.src.text, pos.line, pos.col);
    this.diagnostics.push({ code, severity, message, pos, ...(hint ? { hint } : {}), ...(excerpt ? { excerpt } : {}) });
  }

  /** The node an alias stands for (aliases were resolved, and checked for bombs and cycles, by the parser). */
  resolve(node: unknown): Node | null {
    if (kindOf(node) !== ALIAS) return (node as Node | null | undefined) ?? null;
    const n = this.src.aliases.get(node as never) ?? null;
    return n && isAlias(n) ? null : n; // an anchor cannot sit on an alias
  }

  /** `deref` and the per-schema lookups below are memoised: the walk visits millions of nodes against a few dozen schemas. */
  private readonly derefs = new Map<JsonSchema, JsonSchema>();
  private readonly oneOfs = new Map<JsonSchema, { branches: JsonSchema[]; object: JsonSchema[]; array: JsonSchema[]; scalar: JsonSchema[] }>();
  private readonly patternLists = new Map<JsonSchema, Array<[RegExp, JsonSchema]>>();

  deref(s: JsonSchema): JsonSchema {
    if (!s.$ref) return s;
    let d = this.derefs.get(s);
    if (!d) this.derefs.set(s, (d = this.derefUncached(s)));
    return d;
  }

  private derefUncached(s: JsonSchema): JsonSchema {
    let cur = s;
    while (cur.$ref) {
      const name = cur.$ref.replace('#/definitions/', '');
      const target = this.root.definitions?.[name];
      if (!target) throw new Error(`bug: schema reference ${cur.$ref} is undefined`);
      cur = { ...target, ...(s.description ? { description: s.description } : {}) };
    }
    return cur;
  }

  /**
   * Pairs of a map with `<<` merge keys applied: explicit keys win over merged ones, and
   * earlier merge sources over later ones, as in YAML 1.1. `quiet` when only peeking at
   * the keys, so that problems are reported once, by the full check.
   */
  pairs(map: YAMLMap, depth: number, quiet = false): Array<{ key: string; keyNode: Node; value: Node | null }> {
    const out: Array<{ key: string; keyNode: Node; value: Node | null }> = [];
    const seen = new Set<string>();
    const merged: Array<{ key: string; keyNode: Node; value: Node | null }> = [];
    for (const pair of map.items) {
      const keyNode = pair.key as Node;
      const scalarKey = isScalar(keyNode);
      const kv: unknown = scalarKey ? keyNode.value : undefined;
      const isMerge = scalarKey && (typeof kv === 'symbol' || kv === '<<');
      const key = typeof kv === 'string' ? kv : scalarKey && typeof kv !== 'symbol' && kv !== null && typeof kv !== 'object' ? String(kv) : undefined;
      if (isMerge) {
        const sources = this.resolve(pair.value);
        const list = sources && isSeq(sources) ? sources.items.map((i) => this.resolve(i)) : [sources];
        for (const srcMap of list) {
          if (srcMap && isMap(srcMap) && depth < MAX_DEPTH) merged.push(...this.pairs(srcMap, depth + 1, quiet));
          else if (!this.aborted && !quiet) this.report('wrong-type', 'a merge key (<<) needs an alias to a mapping', this.pos(keyNode));
        }
        continue;
      }
      if (key === undefined) {
        if (!quiet) this.report('wrong-type', 'keys must be plain strings', this.pos(keyNode));
        continue;
      }
      seen.add(key);
      out.push({ key, keyNode, value: pair.value as Node | null });
    }
    for (const m of merged) if (!seen.has(m.key)) { seen.add(m.key); out.push(m); }
    return out;
  }

  regex(source: string): RegExp {
    let re = this.patterns.get(source);
    if (!re) this.patterns.set(source, (re = new RegExp(source)));
    return re;
  }

  describeNode(node: Node | null): string {
    if (node === null) return 'nothing';
    if (isMap(node)) return 'a mapping';
    if (isSeq(node)) return 'a list';
    const v = (node as Scalar).value;
    if (v === null) return 'an empty value';
    return typeof v === 'string' ? `the string "${v.length > 40 ? `${v.slice(0, 37)}...` : v}"` : `${typeof v} ${String(v)}`;
  }

  check(nodeIn: unknown, schemaIn: JsonSchema, depth: number, keyPos = 0): Plain | undefined {
    if (this.aborted) return undefined;
    if (++this.nodes > MAX_NODES) {
      this.aborted = true;
      this.report('file-too-large', 'too many YAML nodes to check', keyPos);
      return undefined;
    }
    const node = this.resolve(nodeIn);
    if (this.aborted) return undefined;
    const schema = this.deref(schemaIn);
    const at = node ? this.pos(node) : keyPos;
    if (depth > MAX_DEPTH) {
      this.report('yaml-too-deep', 'nesting is too deep', at);
      return undefined;
    }
    if (schema.oneOf) return this.checkOneOf(node, schema, depth, at);
    if (schema.type === undefined) return undefined; // free-form (extension keys)

    switch (schema.type) {
      case 'object': {
        if (!node || !isMap(node)) {
          const hint = node && isSeq(node) ? 'write "key: value" lines (a mapping) here, not "- item" lines (a list)' : undefined;
          this.report('wrong-type', `expected a mapping${schema.description ? ` (${lc(schema.description)})` : ''}, found ${this.describeNode(node)}`, at, 'error', hint);
          return undefined;
        }
        return this.checkObject(node, schema, depth, at);
      }
      case 'array': {
        if (!isSeqNode(node)) {
          this.report('wrong-type', `expected a list, found ${this.describeNode(node)}`, at);
          return undefined;
        }
        const out: Plain[] = [];
        const itemPos: number[] = [];
        if (schema.minItems !== undefined && node.items.length < schema.minItems) {
          this.report('invalid-value', `expected at least ${schema.minItems} item(s)`, at);
        }
        for (const item of node.items) {
          const v = schema.items ? this.check(item, schema.items, depth + 1, at) : undefined;
          if (v !== undefined) {
            out.push(v);
            itemPos.push(this.pos(item as Node));
          }
        }
        this.positions.of.set(out, at);
        this.positions.items.set(out, itemPos);
        return out;
      }
      default:
        return this.checkScalar(node, schema, at);
    }
  }

  checkObject(node: YAMLMap, schema: JsonSchema, depth: number, at: number): PlainObject {
    const out: PlainObject = Object.create(null) as PlainObject;
    const keyPositions = new Map<string, number>();
    const valuePositions = new Map<string, number>();
    const pairs = this.pairs(node, depth);
    let allKeys: Set<string> | undefined;
    const present = new Set<string>();
    for (const { key, keyNode, value } of pairs) {
      const kp = this.pos(keyNode);
      present.add(key);
      keyPositions.set(key, kp);
      let sub = schema.properties && Object.prototype.hasOwnProperty.call(schema.properties, key) ? schema.properties[key] : undefined;
      if (!sub && schema.patternProperties) {
        let list = this.patternLists.get(schema);
        if (!list) this.patternLists.set(schema, (list = Object.entries(schema.patternProperties).map(([re, s]) => [this.regex(re), s])));
        for (const [re, s] of list) {
          if (re.test(key)) { sub = s; break; }
        }
      }
      if (!sub && typeof schema.additionalProperties === 'object') sub = schema.additionalProperties;
      if (!sub) {
        const known = Object.keys(schema.properties ?? {});
        if (schema.patternProperties && Object.keys(schema.patternProperties).some((re) => re.includes('a-z0-9'))) {
          this.report('invalid-id', `"${key}" is not a valid id: use lowercase letters, digits, ".", "_" and "-", starting with a letter or digit`, kp, 'error', `try "${toId(key)}"`);
          continue;
        }
        // one slip from a field that is not there: the field is misspelt and its content would be lost
        const miss = nearMiss(key, known);
        if (miss !== undefined && !(allKeys ??= new Set(pairs.map((p) => p.key))).has(miss)) {
          this.report('unknown-field', `unknown field "${key}" is one slip from "${miss}", which is missing: as written it would be ignored, and what it says lost`, kp, 'error', `did you mean "${miss}"?`);
          continue;
        }
        const [best] = suggest(key, known);
        this.report('unknown-field', `unknown field "${key}"`, kp, 'warning', best ? `did you mean "${best}"?` : known.length ? `known fields: ${known.join(', ')}` : undefined);
        continue;
      }
      const v = this.check(value, sub, depth + 1, kp);
      if (v !== undefined) {
        out[key] = v;
        valuePositions.set(key, value ? this.pos(value) : kp);
      }
    }
    for (const req of schema.required ?? []) {
      if (!present.has(req)) this.report('missing-field', `missing required field "${req}"`, at);
    }
    this.positions.of.set(out, at);
    this.positions.keys.set(out, keyPositions);
    this.positions.values.set(out, valuePositions);
    return out;
  }

  checkOneOf(node: Node | null, schema: JsonSchema, depth: number, at: number): Plain | undefined {
    let forms = this.oneOfs.get(schema);
    if (!forms) {
      const all = (schema.oneOf ?? []).map((b) => this.deref(b));
      const of = (kind: string): JsonSchema[] => all.filter((b) => (b.type === 'object' || b.type === 'array' ? b.type === kind : kind === 'scalar'));
      this.oneOfs.set(schema, (forms = { branches: all, object: of('object'), array: of('array'), scalar: of('scalar') }));
    }
    const branches = forms.branches;
    const k = kindOf(node);
    const kind = k === MAP ? 'object' : k === SEQ ? 'array' : 'scalar';
    const candidates = forms[kind];
    let chosen: JsonSchema | undefined;
    if (candidates.length === 1) chosen = candidates[0];
    else if (candidates.length > 1 && kind === 'object') {
      const keys = new Set(this.pairs(node as YAMLMap, depth, true).map((p) => p.key));
      chosen = candidates.find((b) => (b.required ?? []).every((r) => keys.has(r))) ?? candidates.find((b) => (b.required ?? []).some((r) => keys.has(r)));
    } else if (candidates.length > 1) {
      // several scalar forms (e.g. `true` or a number): the one of the value's own type, else the first
      const v = node && isScalar(node) ? node.value : undefined;
      chosen = candidates.find((b) => b.type === typeof v) ?? candidates[0];
    }
    if (!chosen) {
      const forms = branches.map((b) => lc(b.description ?? b.type ?? 'value')).join('; or ');
      this.report('wrong-type', `expected ${forms}; found ${this.describeNode(node)}`, at);
      return undefined;
    }
    return this.check(node, chosen, depth, at);
  }

  checkScalar(node: Node | null, schema: JsonSchema, at: number): Plain | undefined {
    const v = node && isScalar(node) ? node.value : undefined;
    const bad = (code: DiagnosticCode, msg: string, hint?: string): undefined => {
      this.report(code, msg, at, 'error', hint);
      return undefined;
    };
    switch (schema.type) {
      case 'string': {
        if (typeof v !== 'string') {
          if (schema['x-unit'] === 'duration' && v === 0) return 0; // zero needs no unit
          if (schema['x-unit'] === 'duration') return bad('invalid-duration', `expected a duration such as 90s, 15m or 2h37m, found ${this.describeNode(node)}`, typeof v === 'number' ? `write "${v}m" for ${v} minutes` : undefined);
          if (schema['x-unit'] === 'rate') return bad('invalid-rate', `expected a rate such as 1200/min, found ${this.describeNode(node)}`, typeof v === 'number' ? `write "${v}/min"` : undefined);
          if (typeof v === 'number' || typeof v === 'boolean') return String(v); // plain scalars such as `name: 2048` are strings
          return bad('wrong-type', `expected a string, found ${this.describeNode(node)}`);
        }
        if (schema['x-unit'] === 'duration') {
          const m = parseDuration(v);
          return m === undefined ? bad('invalid-duration', `"${v}" is not a duration`, 'use a number with d, h, m or s, e.g. 90s, 15m, 2h37m, 1d') : m;
        }
        if (schema['x-unit'] === 'rate') {
          const r = parseRate(v);
          return r === undefined ? bad('invalid-rate', `"${v}" is not a rate`, 'use a number per unit of time, e.g. 1200/min, 20/s, 3k/h') : r;
        }
        if (schema.enum && !schema.enum.includes(v)) {
          const elsewhere = schema['x-elsewhere'];
          if (elsewhere && Object.prototype.hasOwnProperty.call(elsewhere, v)) return bad('invalid-value', `"${v}" is not one of ${schema.enum.join(', ')}`, elsewhere[v]);
          const [best] = suggest(v, schema.enum.map(String));
          return bad('invalid-value', `"${v}" is not one of ${schema.enum.join(', ')}`, best ? `did you mean "${best}"?` : undefined);
        }
        if (schema.pattern && !this.regex(schema.pattern).test(v)) {
          return bad('invalid-id', `"${v}" is not a valid id`, 'ids use lowercase letters, digits, ".", "_" and "-"');
        }
        return v;
      }
      case 'integer':
      case 'number': {
        const isTier = schema.maximum === 3 && schema.minimum === 0;
        if (typeof v !== 'number' || !Number.isFinite(v) || (schema.type === 'integer' && !Number.isInteger(v))) {
          return bad(isTier ? 'invalid-tier' : 'wrong-type', isTier ? `tier must be 0, 1, 2 or 3, found ${this.describeNode(node)}` : `expected ${schema.type === 'integer' ? 'a whole number' : 'a number'}, found ${this.describeNode(node)}`);
        }
        if ((schema.minimum !== undefined && v < schema.minimum) || (schema.maximum !== undefined && v > schema.maximum)) {
          return bad(isTier ? 'invalid-tier' : 'invalid-value', isTier ? `tier must be 0, 1, 2 or 3, found ${v}` : `${v} is out of range: ${schema.maximum === undefined ? `at least ${schema.minimum}` : schema.minimum === undefined ? `at most ${schema.maximum}` : `${schema.minimum} to ${schema.maximum}`}`);
        }
        if (schema.enum && !schema.enum.includes(v)) return bad('invalid-value', `${v} is not one of ${schema.enum.join(', ')}`);
        return v;
      }
      case 'boolean':
        return typeof v === 'boolean' ? v : bad('wrong-type', `expected true or false, found ${this.describeNode(node)}`);
      default:
        return undefined;
    }
  }
}

const lc = (s: string): string => (s.length ? s[0]!.toLowerCase() + s.slice(1).replace(/\.$/, '') : s);
const toId = (s: string): string => s.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[^a-z0-9]+/, '') || 'service';

/** Checks a parsed source against `schema`. The document's root must be a mapping. */
export function checkSchema(src: ParsedSource, schema: JsonSchema): SchemaResult {
  if (!src.doc || src.doc.contents === null) {
    return { value: undefined, positions: emptyPositions(new LineFinder(src.file, src.lineCounter.lineStarts)), diagnostics: [] };
  }
  const w = new Walk(src, schema);
  let value: Plain | undefined;
  try {
    value = w.check(src.doc.contents, schema, 0);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    w.report('yaml-too-deep', 'the document is nested too deeply to check', 0);
  }
  const obj = value && typeof value === 'object' && !Array.isArray(value) ? (value as PlainObject) : undefined;
  return { value: obj, positions: w.positions, diagnostics: w.diagnostics };
}
