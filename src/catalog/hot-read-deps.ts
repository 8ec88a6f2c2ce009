/**
 * Dependencies for the direct reader (hot-read.ts): a one-line flow list of ids,
 * `{service: id, ...}` and `{atLeast: n, of: [ids]}` entries read into the catalog's
 * `Dependency` values, every id interned (id-table.ts), and the index of members by service
 * number the rules read (dependency-index.ts), built while reading. Pure.
 */
import type { Dependency, DependencyType, Service, SourcePos } from './model.js';
import type { DependencyIndex } from './dependency-index.js';
import { IdTable } from './id-table.js';
import { COMMA, COLON, decline, digits, LineReader, plainString, SP, wordAt } from './hot-read-lines.js';

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

/** A lowercase id character: a-z 0-9 . _ - (ID_PATTERN's alphabet). */
export const isIdChar = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 46 || c === 95 || c === 45;
export const isIdStart = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 48 && c <= 57);

const DEP_TYPES: readonly DependencyType[] = ['hard', 'soft', 'async'];
const FLOW_KEYS = ['service', 'of', 'type', 'failOn', 'failover', 'atLeast'] as const;
const FAIL_ON = ['down', 'degraded'] as const;
const BOOLEANS = ['true', 'false'] as const;

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
  protected flowDependency(s: number, out: Dependency[]): number {
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
      const key = wordAt(t, k0, j, FLOW_KEYS);
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
        if (key === 'type' && type === undefined) type = wordAt(t, v0, j, DEP_TYPES) ?? decline();
        else if (key === 'failOn' && failOn === undefined) failOn = wordAt(t, v0, j, FAIL_ON) ?? decline();
        else if (key === 'failover' && failover === undefined) failover = (wordAt(t, v0, j, BOOLEANS) ?? decline()) === 'true';
        else if (key === 'atLeast' && atLeast === undefined) atLeast = digits(t, v0, j);
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
