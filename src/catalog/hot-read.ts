/**
 * A direct reader for the shape large catalogs are mostly written in: a file of
 * `version: 1`, an optional `catalog:` block and a `services:` block whose services carry
 * only plain one-line strings (name, description, owner, system, region, zone), a tier
 * (0 to 3) and `dependsOn` as a one-line flow list, or a block list one item a line, of ids,
 * one-line `{service: id, ...}` and `{atLeast: n, of: [ids]}` entries. It reads such a file in one pass over the text
 * straight into the catalog's Service and Dependency values, with their positions, without
 * a node tree, a schema walk or intermediate plain objects.
 *
 * It gives the same services, with the same field order and positions, as the general path
 * (the YAML reader, the schema walk and composing) would, and it never reports: anything
 * outside that shape, or anything the general path would report (a duplicate key, an id
 * that is not an id, a missing name, a value of the wrong type), makes it decline, and the
 * file takes the general path. Rules run on its services as on any others. Pure.
 *
 * This file reads the document and its services; hot-read-deps.ts the dependencies and the
 * index of them by service number, hot-read-lines.ts lines, keys and plain values.
 */
import type { Dependency, Service, SourcePos, Tier } from './model.js';
import { DEFAULT_TIER } from './model.js';
import type { DependencyIndex } from './dependency-index.js';
import { DependencyReader, isIdChar, isIdStart } from './hot-read-deps.js';
import { COLON, Decline, decline, wordAt } from './hot-read-lines.js';

export interface HotRead {
  readonly meta: { name?: string; description?: string };
  readonly services: Service[];
  /** The file's services resolved to numbers in reading order, valid when it is the catalog's only file. */
  readonly index: DependencyIndex;
}

const STRING_FIELDS = ['name', 'description', 'owner', 'system', 'region', 'zone'] as const;

class Reader extends DependencyReader {
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
    const t = this.t;
    while (this.indent === col) {
      const ks = this.at;
      const ke = this.keyEnd();
      const k = ke - ks === 4 && t.startsWith('tier', ks) ? 'tier' : ke - ks === 9 && t.startsWith('dependsOn', ks) ? 'dependsOn' : wordAt(t, ks, ke, STRING_FIELDS);
      if (k === undefined) decline();
      if (k === 'dependsOn' && this.restEmpty()) {
        // a block list on the lines below; it leaves the cursor on the next line with content
        if (deps) decline();
        deps = this.blockDependsOn(col);
        n++;
        continue;
      }
      const s = this.valueStart();
      if (k !== 'tier' && k !== 'dependsOn') {
        if (f[k!] !== undefined) decline();
        f[k!] = this.plainText(s);
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

