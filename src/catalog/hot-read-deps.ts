/**
 * Dependencies for the direct reader (hot-read.ts): a one-line flow list, or a block list one
 * item a line, of ids, `{service: id, ...}` and `{atLeast: n, of: [ids]}` entries read into the catalog's
 * `Dependency` values, every id interned (id-table.ts), and the index of members by service
 * number the rules read (dependency-index.ts), built while reading. Pure.
 */
import type { Dependency, DependencyType, Service, SourcePos } from './model.js';
import type { DependencyIndex } from './dependency-index.js';
import { IdTable } from './id-table.js';
import { COMMA, COLON, decline, digits, HASH, LineReader, plainString, SP, wordAt } from './hot-read-lines.js';

/**
 * A growable list of int32. Its array is written twice when it is made: V8 takes a field
 * written once for a constant, and when growing replaced it, every optimised function of the
 * reader that read it would be discarded and compiled again (most of a cold first read).
 */
class Ints {
  a: Int32Array = EMPTY;
  n = 0;
  constructor() {
    this.a = new Int32Array(1024);
  }
  push(v: number): void {
    if (this.n === this.a.length) {
      const b = new Int32Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = v;
  }
}

const EMPTY = new Int32Array(0);

/** A lowercase id character: a-z 0-9 . _ - (ID_PATTERN's alphabet). */
export const isIdChar = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 46 || c === 95 || c === 45;
export const isIdStart = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 48 && c <= 57);

const DEP_TYPES: readonly DependencyType[] = ['hard', 'soft', 'async'];
const FLOW_KEYS = ['service', 'of', 'type', 'failOn', 'failover', 'atLeast'] as const;
const FAIL_ON = ['down', 'degraded'] as const;
const BOOLEANS = ['true', 'false'] as const;

/** What one flow mapping of a dependency says, as it is read. */
class FlowEntry {
  service = -1;
  servicePos: SourcePos | undefined = undefined;
  of: number[] | undefined = undefined;
  ofPos: SourcePos[] | undefined = undefined;
  atLeast = -1;
  type: DependencyType | undefined = undefined;
  failOn: 'down' | 'degraded' | undefined = undefined;
  failover: boolean | undefined = undefined;
}

/** An option of a flow mapping (type, failOn, failover, atLeast) written at t[v0, e), each once. */
function option(f: FlowEntry, key: string | undefined, t: string, v0: number, e: number): void {
  if (key === 'type' && f.type === undefined) f.type = wordAt(t, v0, e, DEP_TYPES) ?? decline();
  else if (key === 'failOn' && f.failOn === undefined) f.failOn = wordAt(t, v0, e, FAIL_ON) ?? decline();
  else if (key === 'failover' && f.failover === undefined) f.failover = (wordAt(t, v0, e, BOOLEANS) ?? decline()) === 'true';
  else if (key === 'atLeast' && f.atLeast < 0) f.atLeast = digits(t, v0, e);
  else decline();
}

export class DependencyReader extends LineReader {
  /** Every id read, interned; per slot its service number (-1 until its service is read), whether YAML reads it as that string, and `[id]`. */
  protected readonly ids: IdTable = new IdTable(this.t);
  protected readonly serviceOf = new Ints();
  protected readonly plain = new Ints();
  protected readonly single: Array<readonly string[] | undefined> = [];
  /** Per dependency (in reading order) where its members start, and per member its id's slot. */
  protected readonly reqs: Dependency[] = [];
  protected readonly memberStart = new Ints();
  protected readonly member = new Ints();
  protected readonly reqStart = new Ints();

  /** The slot of the id at t[j, e), declining one YAML would not read as that string (a number, a boolean, null). */
  protected idSlot(j: number, e: number): number {
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
  protected singleOf(s: number): readonly string[] {
    return (this.single[s] ??= [this.ids.names[s]!]);
  }

  protected finishIndex(services: Service[]): DependencyIndex {
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

  /** Spaces inside a flow collection on this line. */
  protected ws(j: number): number {
    while (this.t.charCodeAt(j) === SP) j++;
    return j;
  }

  /** An id in a flow collection at `j`, ending at a comma, a closing bracket or spaces; returns its end. */
  protected idEnd(j: number): number {
    const t = this.t;
    if (!isIdStart(t.charCodeAt(j))) decline();
    let e = j + 1;
    while (isIdChar(t.charCodeAt(e))) e++;
    const c = t.charCodeAt(e);
    if (c !== COMMA && c !== 93 && c !== 125 && c !== SP) decline();
    return e;
  }

  /** `[ ... ]` at `s` on one line: the dependencies. */
  /** A dependency on the id at t[j, e); returns e. */
  protected plainDependency(j: number, e: number, out: Dependency[]): number {
    const p = this.pos(j);
    const slot = this.idSlot(j, e);
    const d: Dependency = { of: this.singleOf(slot), atLeast: 1, group: false, type: 'hard', failOn: 'down', failover: false, pos: p, memberPos: [p] };
    out.push(d);
    this.reqs.push(d);
    this.memberStart.push(this.member.n);
    this.member.push(slot);
    return e;
  }

  /**
   * A block list of dependencies after a `dependsOn:` key at column `col`, one `- item` a line
   * (an id or a one-line flow mapping), indented more than the key or at its column. Leaves the
   * cursor on the next line with content.
   */
  protected blockDependsOn(col: number): Dependency[] {
    const t = this.t;
    const out: Dependency[] = [];
    this.next(false);
    const itemCol = this.indent;
    if (itemCol < col) decline(); // no items: the general path reports the empty value
    while (this.indent === itemCol) {
      let j = this.at;
      if (t.charCodeAt(j) !== 45 || t.charCodeAt(j + 1) !== SP) {
        if (itemCol === col) break; // the next key of the service
        decline();
      }
      j = this.ws(j + 1);
      if (j >= this.eol || t.charCodeAt(j) === HASH) decline();
      if (t.charCodeAt(j) === 123) j = this.flowDependency(j, out);
      else {
        if (!isIdStart(t.charCodeAt(j))) decline();
        let e = j + 1;
        while (isIdChar(t.charCodeAt(e))) e++;
        if (e !== this.eol && t.charCodeAt(e) !== SP) decline();
        j = this.plainDependency(j, e, out);
      }
      this.endLine(j);
      this.next(false);
    }
    if (out.length === 0 || this.indent > col) decline();
    return out;
  }

  protected dependsOn(s: number): Dependency[] {
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
      else j = this.plainDependency(j, this.idEnd(j), out);
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

  /**
   * `{service: id, ...}` or `{atLeast: n, of: [...], ...}` at `s`; returns the offset after `}`.
   * In small methods: one large one took TurboFan longer to compile than the file takes to read.
   */
  protected flowDependency(s: number, out: Dependency[]): number {
    const t = this.t;
    const f = new FlowEntry();
    let j = this.ws(s + 1);
    if (t.charCodeAt(j) === 125) decline();
    for (;;) {
      const k0 = j;
      while ((t.charCodeAt(j) >= 97 && t.charCodeAt(j) <= 122) || (t.charCodeAt(j) >= 65 && t.charCodeAt(j) <= 90)) j++;
      if (t.charCodeAt(j) !== COLON || t.charCodeAt(j + 1) !== SP) decline();
      const key = wordAt(t, k0, j, FLOW_KEYS);
      j = this.ws(j + 1);
      if (key === 'service') {
        if (f.service >= 0) decline();
        const e = this.idEnd(j);
        f.servicePos = this.pos(j);
        f.service = this.idSlot(j, e);
        j = e;
      } else if (key === 'of') j = this.groupList(j, f);
      else {
        const v0 = j;
        while (j < this.eol && t.charCodeAt(j) !== COMMA && t.charCodeAt(j) !== 125 && t.charCodeAt(j) !== SP) j++;
        option(f, key, t, v0, j);
      }
      j = this.ws(j);
      const c = t.charCodeAt(j);
      if (c === 125) break;
      if (c !== COMMA) decline();
      j = this.ws(j + 1);
    }
    this.addFlow(f, this.pos(s), out);
    return j + 1;
  }

  /** The `[ids]` of a group at `j` into `f`; returns the offset after `]`. */
  protected groupList(j: number, f: FlowEntry): number {
    const t = this.t;
    if (f.of !== undefined || t.charCodeAt(j) !== 91) decline();
    const of: number[] = (f.of = []);
    const ofPos: SourcePos[] = (f.ofPos = []);
    j = this.ws(j + 1);
    if (t.charCodeAt(j) === 93) decline(); // an empty group: the general path reports it
    for (;;) {
      const e = this.idEnd(j);
      ofPos.push(this.pos(j));
      of.push(this.idSlot(j, e));
      j = this.ws(e);
      const c = t.charCodeAt(j);
      if (c === 93) return j + 1;
      if (c !== COMMA) decline();
      j = this.ws(j + 1);
    }
  }

  /** The dependency a flow mapping describes, in the field order of the general path: of, atLeast, group, memberPos, then type, failOn, failover, pos. */
  protected addFlow(f: FlowEntry, pos: SourcePos, out: Dependency[]): void {
    let d: Dependency;
    let of: number[];
    if (f.service >= 0 && f.of === undefined && f.atLeast < 0) {
      d = { of: this.singleOf(f.service), atLeast: 1, group: false, memberPos: [f.servicePos!], type: f.type ?? 'hard', failOn: f.failOn ?? 'down', failover: f.failover === true, pos };
      of = [f.service];
    } else if (f.service < 0 && f.of !== undefined && f.atLeast >= 0) {
      of = f.of;
      d = { of: of.map((s) => this.ids.names[s]!), atLeast: f.atLeast, group: true, memberPos: f.ofPos!, type: f.type ?? 'hard', failOn: f.failOn ?? 'down', failover: f.failover === true, pos };
    } else return decline();
    out.push(d);
    this.reqs.push(d);
    this.memberStart.push(this.member.n);
    for (let k = 0; k < of.length; k++) this.member.push(of[k]!);
  }

}
