/**
 * Imported services → catalog YAML text in this project's format, with a
 * `# from: file:line` comment on every service and dependency. Built with the
 * `yaml` Document API so comments survive; output is sorted and byte-stable.
 */
import { Document, Pair, YAMLMap, YAMLSeq, Scalar } from 'yaml';
import type { ImportedEdge, ImportedService } from './model.js';

export interface WriteOptions {
  /** Format name, for the header. */
  readonly format: string;
  /** Inputs as the user gave them, for the header. */
  readonly inputs: readonly string[];
}

/** Options for `Document.toString` used for every file this module produces. */
export const TO_STRING = { lineWidth: 0, indentSeq: true, flowCollectionPadding: false } as const;

const fromComment = (pos: { file: string; line: number }): string => ` from: ${pos.file}:${pos.line}`;

/** The YAML node of one dependency: `{service, type, why}` with its source comment. */
export function edgeNode(doc: Document, edge: ImportedEdge, targetId: string): YAMLMap {
  const node = doc.createNode({ service: targetId, type: edge.type, why: edge.why }) as YAMLMap;
  node.commentBefore = fromComment(edge.pos);
  return node;
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
  const edges = svc.dependsOn
    .filter((e) => ids.has(e.target))
    .map((e) => ({ e, id: ids.get(e.target)! }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (edges.length) {
    const seq = new YAMLSeq();
    for (const { e, id } of edges) seq.items.push(edgeNode(doc, e, id));
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
