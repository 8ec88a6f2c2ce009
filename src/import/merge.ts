/**
 * `--merge`: imported services → an existing catalog, keeping everything written
 * by hand. The target file is edited through the `yaml` Document API, so comments,
 * field order and every hand-written field (tier, recovery, backlog, why, ...)
 * survive; only new services and new dependencies are added. Nothing is deleted:
 * dependencies in the catalog that the import no longer shows are reported instead.
 */
import { isMap, isSeq, parseDocument, YAMLMap, YAMLSeq, type Document } from 'yaml';
import type { Catalog, SourcePos } from '../catalog/model.js';
import type { ImportedService } from './model.js';
import { byId, edgeNode, newCatalogDocument, servicePair, TO_STRING, writableEdges, type WriteOptions } from './write.js';

export interface MergeInput {
  /** Display name of the file the import writes to (as the catalog loader names it). */
  readonly targetFile: string;
  /** Current text of the target file, when it exists. */
  readonly existingText?: string;
  /** The catalog as loaded from the output directory (target file included), when there is one. */
  readonly catalog?: Catalog;
  readonly services: readonly ImportedService[];
  /** Service key → catalog id. */
  readonly ids: ReadonlyMap<string, string>;
  readonly write: WriteOptions;
}

export interface EdgeRef {
  readonly from: string;
  /** The id depended on; for a redundancy group, `1 of [a, b]`. */
  readonly to: string;
}

export interface MergeResult {
  /** The new text of the target file. */
  readonly text: string;
  /** False when the import adds nothing: the file can be left as it is. */
  readonly changed: boolean;
  readonly addedServices: readonly string[];
  readonly addedEdges: readonly EdgeRef[];
  /** New dependencies of services defined in another file of the catalog: reported, not written. */
  readonly skippedEdges: ReadonlyArray<EdgeRef & { readonly file: string }>;
  /** Dependencies in the catalog that this import does not show: kept. */
  readonly keptEdges: ReadonlyArray<EdgeRef & { readonly pos: SourcePos }>;
  /** Services of the target file that this import does not show: kept. */
  readonly keptServices: readonly string[];
}

/** Merges `services` into the target file. Pure: the caller reads and writes the files. */
export function mergeCatalog(input: MergeInput): MergeResult {
  const { ids, catalog, targetFile } = input;
  const doc: Document = input.existingText !== undefined && input.existingText.trim() !== ''
    ? parseDocument(input.existingText, { merge: true })
    : newCatalogDocument(input.write);
  let servicesMap = doc.get('services', true);
  if (!isMap(servicesMap)) {
    servicesMap = new YAMLMap();
    doc.set('services', servicesMap);
  }
  const map = servicesMap as YAMLMap;
  const addedServices: string[] = [];
  const addedEdges: EdgeRef[] = [];
  const skippedEdges: Array<EdgeRef & { file: string }> = [];
  const keptEdges: Array<EdgeRef & { pos: SourcePos }> = [];
  const importedIds = new Set<string>();

  for (const svc of byId(input.services, ids)) {
    const id = ids.get(svc.key)!;
    importedIds.add(id);
    const edges = writableEdges(svc, ids).map(({ e, targets }) => ({ e, targets, to: e.of ? `${e.atLeast ?? 1} of [${targets.join(', ')}]` : targets[0]! }));
    const existing = catalog?.services.get(id);
    if (!existing) {
      map.items.push(servicePair(doc, svc, ids));
      addedServices.push(id);
      for (const { to } of edges) addedEdges.push({ from: id, to });
      continue;
    }
    const have = new Set(existing.dependsOn.flatMap((d) => d.of));
    const importedTargets = new Set(edges.flatMap((x) => x.targets));
    for (const d of existing.dependsOn) {
      d.of.forEach((to, i) => {
        if (!importedTargets.has(to)) keptEdges.push({ from: id, to, pos: d.memberPos[i] ?? d.pos });
      });
    }
    // A dependency (or group) is new when the service has nothing on any of its targets yet:
    // a hand-written dependency on one member of an imported group is left as it is.
    const fresh = edges.filter((x) => !x.targets.some((t) => have.has(t)));
    if (fresh.length === 0) continue;
    const node = existing.pos.file === targetFile ? map.get(id, true) : undefined;
    if (!isMap(node)) {
      for (const { to } of fresh) skippedEdges.push({ from: id, to, file: existing.pos.file });
      continue;
    }
    let seq: unknown = node.get('dependsOn', true);
    if (!isSeq(seq)) {
      seq = new YAMLSeq();
      node.set('dependsOn', seq);
    }
    const deps = seq as YAMLSeq;
    // Comments cannot be written inside a flow sequence like `[a, b]`: switch it to block style.
    deps.flow = false;
    for (const { e, to } of fresh) {
      deps.items.push(edgeNode(doc, e, ids));
      addedEdges.push({ from: id, to });
    }
  }
  const keptServices = catalog
    ? [...catalog.services.values()].filter((s) => s.pos.file === targetFile && !importedIds.has(s.id)).map((s) => s.id).sort()
    : [];
  const changed = addedServices.length > 0 || addedEdges.length > 0 || input.existingText === undefined;
  return {
    text: changed ? doc.toString(TO_STRING) : input.existingText!,
    changed,
    addedServices,
    addedEdges,
    skippedEdges,
    keptEdges: keptEdges.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : a.to < b.to ? -1 : a.to > b.to ? 1 : 0)),
    keptServices,
  };
}
