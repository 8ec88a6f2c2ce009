/**
 * Writes the advisor's edits into the catalog's YAML text. The yaml Document API finds the
 * nodes to change and their source ranges; only those ranges are replaced, so every other
 * byte (comments, anchors, quoting, blank lines) stays as written. Each change is preceded by
 * a comment line naming it (`# blast advise: ...`). Pure: texts in, texts out.
 */
import { isMap, isScalar, isSeq, parseDocument, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import type { Catalog, Param } from '../catalog/model.js';
import type { Edit } from './model.js';
import { roundPatched, scaleParam } from './patch-catalog.js';

/** An edit the catalog's YAML does not allow writing in place (e.g. a list inherited through a merge key). */
export class PatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PatchError';
  }
}

interface Splice {
  readonly at: number;
  readonly end: number;
  readonly text: string;
}

const lineStart = (text: string, off: number): number => text.lastIndexOf('\n', off - 1) + 1;
/** The offset just after the line holding `off` (after its newline, or the end of the text). */
const lineAfter = (text: string, off: number): number => {
  const k = text.indexOf('\n', off);
  return k < 0 ? text.length : k + 1;
};
const indentAt = (text: string, off: number): string => /^[ \t]*/.exec(text.slice(lineStart(text, off)))![0];
const column = (text: string, off: number): string => ' '.repeat(off - lineStart(text, off));

const applySplices = (text: string, splices: readonly Splice[]): string => {
  const sorted = [...splices].sort((a, b) => b.at - a.at || b.end - a.end);
  let out = text;
  let limit = Infinity;
  for (const s of sorted) {
    if (s.end > limit) throw new Error('bug: overlapping YAML splices');
    out = out.slice(0, s.at) + s.text + out.slice(s.end);
    limit = s.at;
  }
  return out;
};

const minutes = (x: number): string => `${roundPatched(x)}m`;
const yamlText = (s: string): string => (/^[A-Za-z0-9][A-Za-z0-9 ._()-]*$/.test(s) && !/^(true|false|null|yes|no|on|off)$/i.test(s) ? s : JSON.stringify(s));
const comment = (text: string, off: number, note: string): Splice => {
  const at = lineStart(text, off);
  return { at, end: at, text: `${indentAt(text, off)}# blast advise: ${note.replace(/\s+/g, ' ')}\n` };
};

const range = (n: Node | null | undefined): [number, number] => {
  if (!n?.range) throw new Error('bug: YAML node without a source range');
  return [n.range[0], n.range[1]];
};

function pairOf(map: YAMLMap, key: string): Pair<Node, Node> | undefined {
  return (map.items as Array<Pair<Node, Node>>).find((p) => isScalar(p.key) && String(p.key.value) === key);
}

function serviceNode(doc: Document, id: string, file: string): { pair: Pair<Node, Node>; map: YAMLMap } {
  const root = doc.contents;
  const services = isMap(root) ? pairOf(root, 'services')?.value : undefined;
  const pair = isMap(services) ? pairOf(services, id) : undefined;
  if (!pair || !isMap(pair.value)) throw new PatchError(`cannot find service ${id} as a mapping under services: in ${file}`);
  return { pair, map: pair.value };
}

function dependsOnSeq(map: YAMLMap, id: string): YAMLSeq<Node> {
  const deps = pairOf(map, 'dependsOn')?.value;
  if (!isSeq(deps)) throw new PatchError(`service ${id} has no dependsOn list written in its own entry (is it inherited through a merge key?); edit it by hand`);
  return deps as YAMLSeq<Node>;
}

/** The item of `seq` that is a single dependency on `on` (a plain id, or `{service: on}`). */
function singleItem(seq: YAMLSeq<Node>, on: string): Node | undefined {
  return seq.items.find((it) => (isScalar(it) && String(it.value) === on) || (isMap(it) && isScalar(pairOf(it, 'service')?.value) && String((pairOf(it, 'service')!.value as { value: unknown }).value) === on && String((pairOf(it, 'type')?.value as { value?: unknown } | undefined)?.value ?? 'hard') !== 'async'));
}

function paramText(p: Param): string {
  switch (p.kind) {
    case 'const':
      return minutes(p.value);
    case 'lognormal':
      return `{p50: ${minutes(p.p50)}, p90: ${minutes(p.p90)}}`;
    case 'uniform':
      return `{min: ${minutes(p.min)}, max: ${minutes(p.max)}}`;
    case 'prior':
      return p.times === undefined ? `{prior: ${p.name}}` : `{prior: ${p.name}, times: ${p.times}}`;
  }
}

/** A rate parameter's text (per minute). */
function rateText(p: Param): string {
  const r = (x: number): string => `${roundPatched(x)}/min`;
  switch (p.kind) {
    case 'const':
      return r(p.value);
    case 'lognormal':
      return `{p50: ${r(p.p50)}, p90: ${r(p.p90)}}`;
    case 'uniform':
      return `{min: ${r(p.min)}, max: ${r(p.max)}}`;
    case 'prior':
      return p.times === undefined ? `{prior: ${p.name}}` : `{prior: ${p.name}, times: ${p.times}}`;
  }
}

/** Splices that remove the items at `drop` from a dependsOn list (or the whole list, when none is left). */
function removeItems(text: string, depsPair: Pair<Node, Node>, seq: YAMLSeq<Node>, drop: ReadonlySet<Node>): Splice[] {
  if (!drop.size) return [];
  const kept = seq.items.filter((it) => !drop.has(it));
  if (kept.length === 0) {
    const [a] = range(depsPair.key as Node);
    const [, b] = range(seq);
    return [{ at: lineStart(text, a), end: lineAfter(text, Math.max(a, b - 1)), text: '' }];
  }
  if (seq.flow) {
    const [a, b] = range(seq);
    return [{ at: a, end: b, text: `[${kept.map((it) => text.slice(...range(it))).join(', ')}]` }];
  }
  return [...drop].map((it) => {
    const [a, b] = range(it);
    return { at: lineStart(text, a), end: lineAfter(text, Math.max(a, b - 1)), text: '' };
  });
}

export interface PatchOptions {
  /** The comment written before each change. */
  readonly note: string;
}

/**
 * Applies `edits` to the catalog's sources (file name → text, the names `catalog` was loaded
 * with) and returns the changed files only.
 */
export function patchYaml(catalog: Catalog, texts: ReadonlyMap<string, string>, edits: readonly Edit[], opts: PatchOptions): Map<string, string> {
  const current = new Map(texts);
  const changed = new Set<string>();
  const fileOf = (id: string): string => {
    const s = catalog.services.get(id);
    if (!s) throw new PatchError(`no service ${id} in the catalog`);
    if (!current.has(s.pos.file)) throw new Error(`bug: no source text for ${s.pos.file}`);
    return s.pos.file;
  };
  /** Runs `f` on the parsed current text of `file` and applies the splices it returns. */
  const edit = (file: string, f: (doc: Document, text: string) => Splice[]): void => {
    const text = current.get(file)!;
    const doc = parseDocument(text, { keepSourceTokens: true, merge: true, uniqueKeys: false });
    const splices = f(doc, text);
    if (!splices.length) return;
    current.set(file, applySplices(text, splices));
    changed.add(file);
  };
  const note = opts.note;

  for (const e of edits) {
    switch (e.op) {
      case 'soften':
        edit(fileOf(e.service), (doc, text) => {
          const seq = dependsOnSeq(serviceNode(doc, e.service, fileOf(e.service)).map, e.service);
          const it = singleItem(seq, e.on);
          if (!it) throw new PatchError(`${e.service} has no single dependency on ${e.on} in its dependsOn list`);
          const [a, b] = range(it);
          const out = [comment(text, a, note)];
          if (isScalar(it)) out.push({ at: a, end: b, text: `{service: ${text.slice(a, b)}, type: ${e.to}}` });
          else {
            const map = it as YAMLMap;
            const type = pairOf(map, 'type');
            if (type) out.push({ at: range(type.value)[0], end: range(type.value)[1], text: e.to });
            else {
              const svc = pairOf(map, 'service')!;
              const end = range(svc.value)[1];
              out.push({ at: end, end, text: map.flow ? `, type: ${e.to}` : `\n${column(text, range(svc.key as Node)[0])}type: ${e.to}` });
            }
          }
          return out;
        });
        break;
      case 'add-replica': {
        // dependents: a single dependency on `of` becomes a group with the replica
        for (const s of catalog.services.values()) {
          if (!s.dependsOn.some((d) => !d.group && d.of[0] === e.of && d.type !== 'async')) continue;
          edit(fileOf(s.id), (doc, text) => {
            const seq = dependsOnSeq(serviceNode(doc, s.id, fileOf(s.id)).map, s.id);
            const it = singleItem(seq, e.of);
            if (!it) throw new PatchError(`${s.id} has no single dependency on ${e.of} in its dependsOn list`);
            const [a, b] = range(it);
            const group = `of: [${e.of}, ${e.replica}]`;
            if (isScalar(it)) return [comment(text, a, note), { at: a, end: b, text: `{atLeast: 1, ${group}}` }];
            const map = it as YAMLMap;
            const svc = pairOf(map, 'service')!;
            const k = range(svc.key as Node)[0];
            return [comment(text, a, note), { at: k, end: range(svc.value)[1], text: map.flow ? `atLeast: 1, ${group}` : `atLeast: 1\n${column(text, k)}${group}` }];
          });
        }
        // the replica: the original entry's text, renamed, without its backlog and the dropped dependencies
        edit(fileOf(e.of), (doc, text) => {
          const { pair, map } = serviceNode(doc, e.of, fileOf(e.of));
          const key = range(pair.key as Node);
          const start = lineStart(text, key[0]);
          const [, valueEnd] = range(map);
          const end = lineAfter(text, Math.max(key[0], valueEnd - 1));
          const inner: Splice[] = [{ at: key[0], end: key[1], text: e.replica }];
          const name = pairOf(map, 'name');
          if (!name) throw new PatchError(`service ${e.of} has no name written in its own entry; edit it by hand`);
          const nameNode = name.value as Node & { value?: unknown };
          inner.push({ at: range(nameNode)[0], end: range(nameNode)[1], text: yamlText(`${String(nameNode.value)} (replica)`) });
          const backlog = pairOf(map, 'backlog');
          if (backlog) inner.push({ at: lineStart(text, range(backlog.key as Node)[0]), end: lineAfter(text, Math.max(range(backlog.key as Node)[0], range(backlog.value)[1] - 1)), text: '' });
          const depsPair = pairOf(map, 'dependsOn');
          if (depsPair && e.drop.length) {
            const seq = dependsOnSeq(map, e.of);
            const dropped = new Set(seq.items.filter((it) => dependencyMembers(it).some((m) => e.drop.includes(m))));
            inner.push(...removeItems(text, depsPair, seq, dropped));
          }
          let copy = sliceEntry(text, inner, start, end);
          if (!copy.endsWith('\n')) copy += '\n';
          const indent = indentAt(text, key[0]);
          const lead = end === text.length && !text.endsWith('\n') ? '\n' : '';
          return [{ at: end, end, text: `${lead}${indent}# blast advise: ${note.replace(/\s+/g, ' ')}\n${copy}` }];
        });
        break;
      }
      case 'remove-timeout':
        edit(fileOf(e.service), (doc, text) => {
          const b = backlogMap(doc, e.service, fileOf(e.service));
          const t = pairOf(b, 'timeout');
          if (!t) throw new PatchError(`${e.service}'s backlog has no timeout written in its entry`);
          if (b.flow) {
            const [, be] = range(b);
            return [comment(text, range(b)[0], note), { at: range(b)[0], end: be, text: flowWithout(text, b, 'timeout') }];
          }
          const k = range(t.key as Node)[0];
          return [{ at: lineStart(text, k), end: lineAfter(text, Math.max(k, range(t.value)[1] - 1)), text: `${indentAt(text, k)}# blast advise: ${note.replace(/\s+/g, ' ')} (was: ${text.slice(k, range(t.value)[1]).trim()})\n` }];
        });
        break;
      case 'set-backlog':
        edit(fileOf(e.service), (doc, text) => {
          const b = backlogMap(doc, e.service, fileOf(e.service));
          const value = e.field === 'mitigation' ? minutes(e.value) : String(roundPatched(e.value));
          return setField(text, b, e.field, value, note);
        });
        break;
      case 'scale-recovery':
        edit(fileOf(e.service), (doc, text) => {
          const { map } = serviceNode(doc, e.service, fileOf(e.service));
          const rec = pairOf(map, 'recovery')?.value;
          const time = isMap(rec) ? pairOf(rec, 'time') : undefined;
          const s = catalog.services.get(e.service)!;
          const scaled = s.recovery ? scaleParam(s.recovery.time, e.factor) : undefined;
          if (!time || !scaled) throw new PatchError(`${e.service} has no recovery time written in its entry`);
          return [comment(text, range(time.key as Node)[0], `${note} (was: ${text.slice(...range(time.value)).trim()})`), { at: range(time.value)[0], end: range(time.value)[1], text: paramText(scaled) }];
        });
        break;
      case 'set-spread':
        edit(fileOf(e.service), (doc, text) => {
          const c = pairOf(serviceNode(doc, e.service, fileOf(e.service)).map, 'clients')?.value;
          if (!isMap(c)) throw new PatchError(`service ${e.service} has no clients mapping written in its own entry`);
          return setField(text, c, 'spread', minutes(e.value), note);
        });
        break;
      case 'speed-restart':
        edit(fileOf(e.service), (doc, text) => {
          const r = pairOf(serviceNode(doc, e.service, fileOf(e.service)).map, 'restart')?.value;
          const s = catalog.services.get(e.service)!;
          const field = s.restart?.rate ? 'rate' : 'over';
          const p = s.restart?.rate ?? s.restart?.over;
          const scaled = p ? scaleParam(p, field === 'rate' ? e.factor : 1 / e.factor) : undefined;
          const pair = isMap(r) ? pairOf(r, field) : undefined;
          if (!pair || !scaled) throw new PatchError(`${e.service} has no restart ${field} written in its entry`);
          const [a, b] = range(pair.value);
          return [comment(text, range(pair.key as Node)[0], `${note} (was: ${text.slice(a, b).trim()})`), { at: a, end: b, text: field === 'rate' ? rateText(scaled) : paramText(scaled) }];
        });
        break;
      case 'set-crash-cap':
        edit(fileOf(e.service), (doc, text) => {
          const cl = pairOf(serviceNode(doc, e.service, fileOf(e.service)).map, 'crashLoop')?.value;
          const cap = isMap(cl) ? pairOf(cl, 'cap') : undefined;
          if (!cap) throw new PatchError(`${e.service} has no crashLoop cap written in its own entry`);
          const [a, b] = range(cap.value);
          return [comment(text, range(cap.key as Node)[0], `${note} (was: ${text.slice(a, b).trim()})`), { at: a, end: b, text: minutes(e.value) }];
        });
        break;
      case 'set-failover':
      case 'set-headroom':
        edit(fileOf(e.service), (doc, text) => {
          const { map } = serviceNode(doc, e.service, fileOf(e.service));
          const field = e.op === 'set-failover' ? 'failover' : 'headroom';
          const was = pairOf(map, field);
          const value = e.op === 'set-failover' ? 'true' : String(roundPatched(e.value));
          // the headroom that comes with a failover in the same change shares its comment
          const k = edits.indexOf(e);
          const prev = k > 0 ? edits[k - 1] : undefined;
          const quiet = e.op === 'set-headroom' && prev?.op === 'set-failover' && prev.service === e.service;
          return setField(text, map, field, value, quiet ? undefined : was ? `${note} (was: ${text.slice(...range(was.value)).trim()})` : note);
        });
        break;
      case 'drop-backpressure':
        edit(fileOf(e.service), (doc, text) => {
          const seq = dependsOnSeq(serviceNode(doc, e.service, fileOf(e.service)).map, e.service);
          const it = seq.items.find((x) => isMap(x) && isScalar(pairOf(x, 'service')?.value) && String((pairOf(x, 'service')!.value as { value: unknown }).value) === e.on && pairOf(x, 'backpressure') !== undefined) as YAMLMap | undefined;
          if (!it) throw new PatchError(`${e.service} has no backpressure edge to ${e.on} written in its dependsOn list`);
          const bp = pairOf(it, 'backpressure')!;
          const [a] = range(it);
          if (it.flow) return [comment(text, a, note), { at: a, end: range(it)[1], text: flowWithout(text, it, 'backpressure') }];
          if (it.items[0] === bp) throw new PatchError(`${e.service}'s edge to ${e.on} starts with backpressure:; remove it by hand`);
          const k = range(bp.key as Node)[0];
          return [{ at: lineStart(text, k), end: lineAfter(text, Math.max(k, range(bp.value)[1] - 1)), text: `${indentAt(text, k)}# blast advise: ${note.replace(/\s+/g, ' ')} (was: ${text.slice(k, range(bp.value)[1]).trim()})\n` }];
        });
        break;
    }
  }
  return new Map([...changed].map((f) => [f, current.get(f)!]));
}

/**
 * Splices that set `field` of a (flow or block) mapping to `value`, preceded by a comment naming
 * the change (none when `note` is undefined: the change's comment is already written nearby).
 */
function setField(text: string, b: YAMLMap, field: string, value: string, note: string | undefined): Splice[] {
  const p = pairOf(b, field);
  const noted = (c: Splice): Splice[] => (note === undefined ? [] : [c]);
  if (p) return [...noted(comment(text, range(p.key as Node)[0], note ?? '')), { at: range(p.value)[0], end: range(p.value)[1], text: value }];
  if (b.flow) {
    const [, be] = range(b);
    const close = text.lastIndexOf('}', be - 1);
    return [...noted(comment(text, range(b)[0], note ?? '')), { at: close, end: close, text: `${b.items.length ? ', ' : ''}${field}: ${value}` }];
  }
  const last = (b.items as Array<Pair<Node, Node>>)[b.items.length - 1]!;
  const first = range((b.items as Array<Pair<Node, Node>>)[0]!.key as Node)[0];
  const at = lineAfter(text, Math.max(range(last.key as Node)[0], range(last.value)[1] - 1));
  const ind = column(text, first);
  return [{ at, end: at, text: `${note === undefined ? '' : `${ind}# blast advise: ${note.replace(/\s+/g, ' ')}\n`}${ind}${field}: ${value}\n` }];
}

/** The member ids a dependsOn item names. */
function dependencyMembers(it: Node): string[] {
  if (isScalar(it)) return [String(it.value)];
  if (!isMap(it)) return [];
  const svc = pairOf(it, 'service')?.value;
  if (isScalar(svc)) return [String(svc.value)];
  const of = pairOf(it, 'of')?.value;
  return isSeq(of) ? of.items.flatMap((m) => (isScalar(m) ? [String(m.value)] : [])) : [];
}

function backlogMap(doc: Document, id: string, file: string): YAMLMap {
  const b = pairOf(serviceNode(doc, id, file).map, 'backlog')?.value;
  if (!isMap(b)) throw new PatchError(`service ${id} has no backlog mapping written in its own entry in ${file}`);
  return b;
}

/** A flow mapping's text without one key. */
function flowWithout(text: string, map: YAMLMap, key: string): string {
  const parts = (map.items as Array<Pair<Node, Node>>).filter((p) => !(isScalar(p.key) && String(p.key.value) === key)).map((p) => text.slice(range(p.key as Node)[0], range(p.value)[1]));
  return `{${parts.join(', ')}}`;
}

/** The text of [start, end) with the splices inside it applied. */
function sliceEntry(text: string, splices: readonly Splice[], start: number, end: number): string {
  const inside = splices.filter((s) => s.at >= start && s.end <= end).map((s) => ({ ...s, at: s.at - start, end: s.end - start }));
  return applySplices(text.slice(start, end), inside);
}
