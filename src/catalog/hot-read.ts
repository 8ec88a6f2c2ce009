/**
 * A direct reader for the shape large catalogs are mostly written in: a file of
 * `version: 1`, an optional `catalog:` block and a `services:` block whose services carry
 * only plain one-line strings (name, description, owner, system, region, zone), a tier
 * (0 to 3) and `dependsOn` as a one-line flow list of ids, `{service: id, ...}` and
 * `{atLeast: n, of: [ids]}` entries. It reads such a file in one pass over the text
 * straight into the catalog's Service and Dependency values, with their positions, without
 * a node tree, a schema walk or intermediate plain objects.
 *
 * It gives the same services, with the same field order and positions, as the general path
 * (the YAML reader, the schema walk and composing) would, and it never reports: anything
 * outside that shape, or anything the general path would report (a duplicate key, an id
 * that is not an id, a missing name, a value of the wrong type), makes it decline, and the
 * file takes the general path. Rules run on its services as on any others. Pure.
 */
import type { Dependency, DependencyType, Service, SourcePos, Tier } from './model.js';
import { DEFAULT_TIER } from './model.js';
import { plainValue } from './fast-read.js';
import type { DependencyIndex } from './dependency-index.js';
import { IdTable } from './id-table.js';

export interface HotRead {
  readonly meta: { name?: string; description?: string };
  readonly services: Service[];
  /** The file's services resolved to numbers in reading order, valid when it is the catalog's only file. */
  readonly index: DependencyIndex;
}

/** A growable list of int32. */
class Ints {
  a = new Int32Array(1024);
  n = 0;
  push(v: number): void {
    if (this.n === this.a.length) {
      const b = new Int32Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = v;
  }
}

/** Thrown inside the reader to decline; never escapes `hotRead`. */
class Decline extends Error {}
const decline = (): never => {
  throw new Decline();
};

const SP = 32;
const HASH = 35;
const COLON = 58;
const COMMA = 44;

/** A lowercase id character: a-z 0-9 . _ - (ID_PATTERN's alphabet). */
const isIdChar = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 46 || c === 95 || c === 45;
const isIdStart = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 48 && c <= 57);

const STRING_FIELDS = new Set(['name', 'description', 'owner', 'system', 'region', 'zone']);
const DEP_TYPES: Readonly<Record<string, DependencyType>> = { hard: 'hard', soft: 'soft', async: 'async' };

/** The reading of plain text `s` as YAML would give it, when that is the string itself. */
function plainString(s: string): boolean {
  try {
    return plainValue(s) === s;
  } catch {
    return false;
  }
}

class Reader {
  /** Start of the current line, its 1-based number, and its end (a newline or the text's end). */
  private lineStart = 0;
  private line = 1;
  private eol = 0;
  /** Offset of the current line's first content character, and its column (0-based). */
  private at = 0;
  private indent = -1;
  /** Every id read, interned; per slot its service number (-1 until its service is read), whether YAML reads it as that string, and `[id]`. */
  private readonly ids: IdTable;
  private readonly serviceOf = new Ints();
  private readonly plain = new Ints();
  private readonly single: Array<readonly string[] | undefined> = [];
  /** Per dependency (in reading order) where its members start, and per member its id's slot. */
  private readonly reqs: Dependency[] = [];
  private readonly memberStart = new Ints();
  private readonly member = new Ints();
  private readonly reqStart = new Ints();

  constructor(
    private readonly t: string,
    private readonly file: string,
  ) {
    this.eol = this.endOf(0);
    this.ids = new IdTable(t);
  }

  /** The slot of the id at t[j, e), declining one YAML would not read as that string (a number, a boolean, null). */
  private idSlot(j: number, e: number): number {
    const n = this.ids.size;
    const s = this.ids.slot(j, e);
    if (s === n) {
      const name = this.ids.names[s]!;
      const c = name.charCodeAt(0);
      this.plain.push((c >= 97 && c !== 102 && c !== 110 && c !== 116) || plainString(name) ? 1 : 0);
      this.serviceOf.push(-1);
    }
    if (this.plain.a[s] === 0) decline();
    return s;
  }

  /** `[id]` for slot `s`, one array per id (shared by the plain dependencies on it). */
  private singleOf(s: number): readonly string[] {
    return (this.single[s] ??= [this.ids.names[s]!]);
  }

  private endOf(i: number): number {
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

  private advance(): void {
    this.lineStart = this.eol + 1;
    this.line++;
    this.eol = this.endOf(this.lineStart);
  }

  /** A `key:` at `at`, of plain word characters; leaves `at` after the colon. */
  key(): string {
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
    return t.slice(s, j);
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

  /** The whole document. */
  document(): HotRead {
    const seen = new Set<string>();
    let services: Service[] | undefined;
    const meta: { name?: string; description?: string } = {};
    this.next(true);
    while (this.indent >= 0) {
      if (this.indent !== 0) decline();
      const k = this.key();
      if (seen.has(k)) decline();
      seen.add(k);
      if (k === 'version') {
        const s = this.valueStart();
        if (this.t.charCodeAt(s) !== 49 /* 1 */) decline();
        this.endLine(s + 1);
        this.next(false);
      } else if (k === 'catalog') {
        this.block((key, s) => {
          if (key !== 'name' && key !== 'description') decline();
          meta[key as 'name' | 'description'] = this.plainText(s);
        });
      } else if (k === 'services') {
        services = this.services();
      } else decline();
    }
    if (!services) decline();
    // the order compose gives: name, then description
    const ordered = { ...(meta.name !== undefined ? { name: meta.name } : {}), ...(meta.description !== undefined ? { description: meta.description } : {}) };
    return { meta: ordered, services: services!, index: this.finishIndex(services!) };
  }

  private finishIndex(services: Service[]): DependencyIndex {
    // Members as service numbers, now that every service is read (-1: an id of no service).
    const member = this.member.a.slice(0, this.member.n);
    const serviceOf = this.serviceOf.a;
    for (let k = 0; k < member.length; k++) member[k] = serviceOf[member[k]!]!;
    this.reqStart.push(this.reqs.length);
    this.memberStart.push(this.member.n);
    return {
      ids: services.map((s) => s.id),
      services,
      reqStart: new Uint32Array(this.reqStart.a.subarray(0, this.reqStart.n)),
      reqs: this.reqs,
      memberStart: new Uint32Array(this.memberStart.a.subarray(0, this.memberStart.n)),
      member,
    };
  }

  /** A block mapping of one-line `key: value` entries under the current key; `entry` reads each value from its first character. */
  private block(entry: (key: string, valueAt: number) => void): void {
    if (!this.restEmpty()) decline();
    this.next(false);
    const col = this.indent;
    if (col <= 0) decline();
    const seen = new Set<string>();
    while (this.indent === col) {
      const k = this.key();
      if (seen.has(k)) decline();
      seen.add(k);
      entry(k, this.valueStart());
      this.next(false);
    }
    if (this.indent > 0) decline();
  }

  private services(): Service[] {
    if (!this.restEmpty()) decline();
    this.next(false);
    const col = this.indent;
    if (col <= 0) decline();
    const out: Service[] = [];
    const t = this.t;
    while (this.indent === col) {
      const s = this.at;
      if (!isIdStart(t.charCodeAt(s))) decline();
      let j = s + 1;
      while (isIdChar(t.charCodeAt(j))) j++;
      if (t.charCodeAt(j) !== COLON) decline();
      const slot = this.idSlot(s, j);
      if (this.serviceOf.a[slot] !== -1) decline();
      this.serviceOf.a[slot] = out.length;
      const id = this.ids.names[slot]!;
      this.reqStart.push(this.reqs.length);
      const pos = this.pos(s);
      this.at = j + 1;
      if (!this.restEmpty()) decline();
      this.next(false);
      if (this.indent <= col) decline(); // an empty service
      out.push(this.service(id, pos, this.indent));
    }
    if (this.indent > 0) decline();
    return out;
  }

  /** One service's fields, at column `col`. */
  private service(id: string, pos: SourcePos, col: number): Service {
    const f: Record<string, string> = Object.create(null) as Record<string, string>;
    let tier: number | undefined;
    let deps: Dependency[] | undefined;
    let n = 0;
    while (this.indent === col) {
      const k = this.key();
      const s = this.valueStart();
      if (STRING_FIELDS.has(k)) {
        if (f[k] !== undefined) decline();
        f[k] = this.plainText(s);
      } else if (k === 'tier') {
        const c = this.t.charCodeAt(s);
        if (tier !== undefined || c < 48 || c > 51) decline();
        tier = c - 48;
        this.endLine(s + 1);
      } else if (k === 'dependsOn') {
        if (deps) decline();
        deps = this.dependsOn(s);
      } else decline();
      n++;
      this.next(false);
    }
    if (this.indent > col || f.name === undefined) decline();
    const name = f.name!;
    const dependsOn = deps ?? [];
    if (n === (tier === undefined ? 1 : 2) + (deps ? 1 : 0)) {
      // name, tier and dependsOn only (the common case): the object literal, without spreads
      return tier === undefined
        ? { id, name, tier: DEFAULT_TIER, tierDefaulted: true, links: [], labels: new Map(), dependsOn, partial: false, pos }
        : { id, name, tier: tier as Tier, links: [], labels: new Map(), dependsOn, partial: false, pos };
    }
    const opt = (k: string): Partial<Service> => (f[k] !== undefined ? { [k]: f[k] } : {});
    return {
      id,
      name: f.name!,
      tier: (tier ?? DEFAULT_TIER) as Tier,
      ...(tier === undefined ? { tierDefaulted: true as const } : {}),
      ...opt('description'), ...opt('owner'), ...opt('system'), ...opt('region'), ...opt('zone'),
      links: [],
      labels: new Map(),
      dependsOn: deps ?? [],
      partial: false,
      pos,
    };
  }

  /** Spaces inside a flow collection on this line. */
  private ws(j: number): number {
    while (this.t.charCodeAt(j) === SP) j++;
    return j;
  }

  /** An id in a flow collection at `j`, ending at a comma, a closing bracket or spaces; returns its end. */
  private idEnd(j: number): number {
    const t = this.t;
    if (!isIdStart(t.charCodeAt(j))) decline();
    let e = j + 1;
    while (isIdChar(t.charCodeAt(e))) e++;
    const c = t.charCodeAt(e);
    if (c !== COMMA && c !== 93 && c !== 125 && c !== SP) decline();
    return e;
  }


  /** `[ ... ]` at `s` on one line: the dependencies. */
  private dependsOn(s: number): Dependency[] {
    const t = this.t;
    if (t.charCodeAt(s) !== 91) decline();
    const out: Dependency[] = [];
    let j = this.ws(s + 1);
    if (t.charCodeAt(j) === 93) {
      this.endLine(j + 1);
      return out;
    }
    for (;;) {
      if (j >= this.eol) decline();
      if (t.charCodeAt(j) === 123) j = this.flowDependency(j, out);
      else {
        const e = this.idEnd(j);
        const p = this.pos(j);
        const slot = this.idSlot(j, e);
        const d: Dependency = { of: this.singleOf(slot), atLeast: 1, group: false, type: 'hard', failOn: 'down', failover: false, pos: p, memberPos: [p] };
        out.push(d);
        this.reqs.push(d);
        this.memberStart.push(this.member.n);
        this.member.push(slot);
        j = e;
      }
      j = this.ws(j);
      const c = t.charCodeAt(j);
      if (c === 93) break;
      if (c !== COMMA) decline();
      j = this.ws(j + 1);
      if (t.charCodeAt(j) === 93) decline(); // a trailing comma
    }
    this.endLine(j + 1);
    return out;
  }

  /** `{service: id, ...}` or `{atLeast: n, of: [...], ...}` at `s`; returns the offset after `}`. */
  private flowDependency(s: number, out: Dependency[]): number {
    const t = this.t;
    let service: number | undefined;
    let servicePos: SourcePos | undefined;
    let of: number[] | undefined;
    let ofPos: SourcePos[] | undefined;
    let atLeast: number | undefined;
    let type: DependencyType | undefined;
    let failOn: 'down' | 'degraded' | undefined;
    let failover: boolean | undefined;
    let j = this.ws(s + 1);
    if (t.charCodeAt(j) === 125) decline();
    for (;;) {
      const k0 = j;
      while ((t.charCodeAt(j) >= 97 && t.charCodeAt(j) <= 122) || (t.charCodeAt(j) >= 65 && t.charCodeAt(j) <= 90)) j++;
      if (t.charCodeAt(j) !== COLON || t.charCodeAt(j + 1) !== SP) decline();
      const key = t.slice(k0, j);
      j = this.ws(j + 1);
      if (key === 'service') {
        if (service !== undefined) decline();
        const e = this.idEnd(j);
        servicePos = this.pos(j);
        service = this.idSlot(j, e);
        j = e;
      } else if (key === 'of') {
        if (of !== undefined || t.charCodeAt(j) !== 91) decline();
        of = [];
        ofPos = [];
        j = this.ws(j + 1);
        if (t.charCodeAt(j) === 93) decline(); // an empty group: the general path reports it
        for (;;) {
          const e = this.idEnd(j);
          ofPos.push(this.pos(j));
          of.push(this.idSlot(j, e));
          j = this.ws(e);
          const c = t.charCodeAt(j);
          if (c === 93) break;
          if (c !== COMMA) decline();
          j = this.ws(j + 1);
        }
        j++;
      } else {
        const v0 = j;
        while (j < this.eol && t.charCodeAt(j) !== COMMA && t.charCodeAt(j) !== 125 && t.charCodeAt(j) !== SP) j++;
        const v = t.slice(v0, j);
        if (key === 'type' && type === undefined && DEP_TYPES[v] !== undefined) type = DEP_TYPES[v];
        else if (key === 'failOn' && failOn === undefined && (v === 'down' || v === 'degraded')) failOn = v;
        else if (key === 'failover' && failover === undefined && (v === 'true' || v === 'false')) failover = v === 'true';
        else if (key === 'atLeast' && atLeast === undefined && /^[0-9]{1,9}$/.test(v)) atLeast = Number(v);
        else decline();
      }
      j = this.ws(j);
      const c = t.charCodeAt(j);
      if (c === 125) break;
      if (c !== COMMA) decline();
      j = this.ws(j + 1);
    }
    const pos = this.pos(s);
    let d: Dependency;
    // the field order of the general path: of, atLeast, group, memberPos, then type, failOn, failover, pos
    if (service !== undefined && of === undefined && atLeast === undefined) {
      d = { of: this.singleOf(service), atLeast: 1, group: false, memberPos: [servicePos!], type: type ?? 'hard', failOn: failOn ?? 'down', failover: failover === true, pos };
      of = [service];
    } else if (service === undefined && of !== undefined && atLeast !== undefined) {
      d = { of: of.map((s) => this.ids.names[s]!), atLeast, group: true, memberPos: ofPos!, type: type ?? 'hard', failOn: failOn ?? 'down', failover: failover === true, pos };
    } else return decline();
    out.push(d);
    this.reqs.push(d);
    this.memberStart.push(this.member.n);
    for (const s of of) this.member.push(s);
    return j + 1;
  }
}

/**
 * Reads `text` (decoded, BOM removed) in the shape described above, or `undefined` when it
 * is not in that shape or has anything to report.
 */
export function hotRead(file: string, text: string): HotRead | undefined {
  if (text.includes('\t') || text.includes('\r')) return undefined;
  try {
    return new Reader(text, file).document();
  } catch (e) {
    if (e instanceof Decline) return undefined;
    throw e;
  }
}
