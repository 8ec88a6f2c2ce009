/**
 * Imported services → catalog YAML text in this project's format, with a
 * `# from: file:line` comment on every service and dependency. Built with the
 * `yaml` Document API so comments survive; output is sorted and byte-stable.
 */
import { Document, isSeq, Pair, YAMLMap, YAMLSeq, Scalar } from 'yaml';
import { edgeTargets, type ImportedEdge, type ImportedService } from './model.js';

export interface WriteOptions {
  /** Format name, for the header. */
  readonly format: string;
  /** Inputs as the user gave them, for the header. */
  readonly inputs: readonly string[];
}

/** Options for `Document.toString` used for every file this module produces. */
export const TO_STRING = { lineWidth: 0, indentSeq: true, flowCollectionPadding: false } as const;

const fromComment = (pos: { file: string; line: number }): string => ` from: ${pos.file}:${pos.line}`;

/**
 * The YAML node of one dependency: `{service, type, why}`, or `{atLeast, of, type, why}` for a
 * redundancy group, with its source comment. `ids` maps service keys to catalog ids.
 */
export function edgeNode(doc: Document, edge: ImportedEdge, ids: ReadonlyMap<string, string>): YAMLMap {
  const body = edge.of
    ? { atLeast: edge.atLeast ?? 1, of: edge.of.map((k) => ids.get(k)!).sort(), type: edge.type, why: edge.why }
    : { service: ids.get(edge.target)!, type: edge.type, why: edge.why };
  const node = doc.createNode(body) as YAMLMap;
  const of = node.get('of', true);
  if (isSeq(of)) of.flow = true;
  node.commentBefore = fromComment(edge.pos);
  return node;
}

/**
 * The edges of `svc` that can be written (every service they name has an id), each with the
 * id it sorts by: the target's id, or a group's smallest member id. Sorted, so output is stable.
 */
export function writableEdges(svc: ImportedService, ids: ReadonlyMap<string, string>): Array<{ e: ImportedEdge; id: string; targets: string[] }> {
  return svc.dependsOn
    .filter((e) => edgeTargets(e).every((t) => ids.has(t)))
    .map((e) => {
      const targets = edgeTargets(e).map((t) => ids.get(t)!).sort();
      return { e, id: e.of ? `${targets[0]!}\u0000${targets.join('\u0000')}` : targets[0]!, targets };
    })
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The YAML pair `id: {name, ...}` of one service, its key commented with its source. */
export function servicePair(doc: Document, svc: ImportedService, ids: ReadonlyMap<string, string>): Pair {
  const body: Record<string, unknown> = { name: svc.name };
  if (svc.description) body.description = svc.description;
  if (svc.owner) body.owner = svc.owner;
  if (svc.system) body.system = svc.system;
  if (svc.tier !== undefined) body.tier = svc.tier;
  const labelKeys = Object.keys(svc.labels).sort();
  if (labelKeys.length) body.labels = Object.fromEntries(labelKeys.map((k) => [k, svc.labels[k]]));
  const value = doc.createNode(body) as YAMLMap;
  const edges = writableEdges(svc, ids);
  if (edges.length) {
    const seq = new YAMLSeq();
    for (const { e } of edges) seq.items.push(edgeNode(doc, e, ids));
    value.set('dependsOn', seq);
  }
  const key = new Scalar(ids.get(svc.key)!);
  key.commentBefore = fromComment(svc.pos);
  return new Pair(key, value);
}

/** A new, empty catalog document with the import header and `version: 1`. */
export function newCatalogDocument(opts: WriteOptions): Document {
  const doc = new Document({ version: 1 });
  doc.commentBefore = [
    ` Imported by \`blast import ${opts.format}\` from: ${opts.inputs.join(', ')}`,
    ' Each service and dependency names the line it came from. Edit freely:',
    ` \`blast import ${opts.format} ... -o <dir> --merge\` keeps hand-written fields.`,
  ].join('\n');
  doc.set('services', new YAMLMap());
  return doc;
}

/** Services sorted by their assigned id. */
export function byId(services: readonly ImportedService[], ids: ReadonlyMap<string, string>): ImportedService[] {
  return [...services].sort((a, b) => {
    const x = ids.get(a.key)!;
    const y = ids.get(b.key)!;
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

/** Renders a complete catalog file for `services`, ids assigned by `ids` (key → id). */
export function renderCatalog(services: readonly ImportedService[], ids: ReadonlyMap<string, string>, opts: WriteOptions): string {
  const doc = newCatalogDocument(opts);
  const map = doc.get('services') as YAMLMap;
  for (const svc of byId(services, ids)) map.items.push(servicePair(doc, svc, ids));
  return doc.toString(TO_STRING);
}

/** One file of an import split into parts: its name in the catalog directory and its text. */
export interface CatalogPart {
  readonly name: string;
  readonly text: string;
}

/** The file name of part `index` (0-based) of a `format` import: `backstage.yaml`, `backstage.2.yaml`, ... */
export const partFileName = (format: string, index: number): string => (index === 0 ? `${format}.yaml` : `${format}.${index + 1}.yaml`);

/** True when `name` is a part file of a `format` import (`backstage.yaml`, `backstage.7.yaml`). */
export const isPartFileName = (format: string, name: string): boolean => name === `${format}.yaml` || (name.startsWith(`${format}.`) && /^[1-9][0-9]*\.yaml$/.test(name.slice(format.length + 1)) && name !== `${format}.1.yaml`);

/**
 * Renders the catalog of an import as files of at most `maxBytes` each, so that every file
 * stays under the loader's limit for one catalog file. Small imports are one file; larger
 * ones are cut into parts of consecutive services (by id), as even in size as a split by
 * service count makes them. A catalog directory loads all parts together, so a dependency
 * may name a service in another part. A single service larger than `maxBytes` is still
 * written, alone in its part: the output is never refused for its size.
 */
export function renderCatalogParts(services: readonly ImportedService[], ids: ReadonlyMap<string, string>, opts: WriteOptions, maxBytes: number): CatalogPart[] {
  const whole = renderCatalog(services, ids, opts);
  const size = (t: string): number => Buffer.byteLength(t, 'utf8');
  const wholeBytes = size(whole);
  if (wholeBytes <= maxBytes || services.length < 2) return [{ name: partFileName(opts.format, 0), text: whole }];
  const sorted = byId(services, ids);
  // aim below the limit so that uneven services rarely need another round
  for (let count = Math.ceil(wholeBytes / (maxBytes * 0.9)); ; count++) {
    const per = Math.ceil(sorted.length / count);
    const chunks: ImportedService[][] = [];
    for (let i = 0; i < sorted.length; i += per) chunks.push(sorted.slice(i, i + per));
    const texts = chunks.map((chunk, k) => renderPart(chunk, ids, opts, k, chunks.length));
    if (texts.every((t, k) => size(t) <= maxBytes || chunks[k]!.length === 1) || per === 1) {
      return texts.map((text, k) => ({ name: partFileName(opts.format, k), text }));
    }
  }
}

/** One part: the import header, which part this is, and its services. */
function renderPart(services: readonly ImportedService[], ids: ReadonlyMap<string, string>, opts: WriteOptions, index: number, count: number): string {
  const doc = newCatalogDocument(opts);
  doc.commentBefore = `${doc.commentBefore ?? ''}\n Part ${index + 1} of ${count} (${partFileName(opts.format, 0)}${count > 1 ? ` to ${partFileName(opts.format, count - 1)}` : ''}): the import is split so that each file stays under the size blast reads in one file.`;
  const map = doc.get('services') as YAMLMap;
  for (const svc of services) map.items.push(servicePair(doc, svc, ids));
  return doc.toString(TO_STRING);
}
