/**
 * Reads Backstage descriptor files (import.ts): every document of every source, and the local
 * files that Location entities name (locations.ts), breadth-first and each file once; the
 * entities of the kinds read are indexed by their reference.
 */
import type { Node } from 'yaml';
import type { SourcePos } from '../../catalog/model.js';
import { diag, type ImportDiagnostic, type ImportOptions, type ImportSource } from '../model.js';
import { getIn, isMap, isScalar, nodePos, parseYaml, scalarString } from '../yaml-source.js';
import { entityKey } from './refs.js';
import type { Entity } from './entity.js';
import { locationTargets } from './locations.js';

const READ_KINDS = new Set(['component', 'resource', 'system', 'api']);
/** Location files nested deeper than this are not followed (a guard against long chains). */
const MAX_LOCATION_DEPTH = 32;

/**
 * Parses every source and the local files that Location entities name (breadth-first, each
 * file once), and indexes the entities of the kinds read. Locations are followed, not kept.
 */
export function readEntities(sources: readonly ImportSource[], options: ImportOptions, diagnostics: ImportDiagnostic[]): Map<string, Entity> {
  const entities = new Map<string, Entity>();
  const queue: Array<{ source: ImportSource; depth: number }> = sources.map((source) => ({ source, depth: 0 }));
  // Files already read, by their display name and by the path they were asked for.
  const seen = new Set<string>(sources.map((s) => s.file));
  for (let qi = 0; qi < queue.length; qi++) {
    const { source, depth } = queue[qi]!;
    const p = parseYaml(source);
    diagnostics.push(...p.diagnostics);
    if (p.diagnostics.length) continue;
    const skipped = new Map<string, number>();
    let firstSkipped: SourcePos | undefined;
    for (const doc of p.docs) {
      const root = doc.contents as Node | null;
      if (root === null || (isScalar(root) && root.value === null)) continue;
      const at = nodePos(p, root);
      if (!isMap(root)) {
        diagnostics.push(diag('error', 'wrong-shape', 'an entity is a mapping with apiVersion, kind, metadata and spec', at, { text: source.text }));
        continue;
      }
      const kindNode = getIn(root, 'kind');
      const kind = scalarString(kindNode);
      const metadata = getIn(root, 'metadata');
      const nameNode = getIn(metadata, 'name');
      const name = scalarString(nameNode);
      if (!kind) {
        diagnostics.push(diag('error', 'missing-field', 'entity has no "kind"', kindNode ? nodePos(p, kindNode) : at, { hint: 'every descriptor needs apiVersion, kind and metadata.name', text: source.text }));
        continue;
      }
      if (!isMap(metadata) || !name) {
        diagnostics.push(diag('error', 'missing-field', `${kind} has no metadata.name`, nameNode ? nodePos(p, nameNode) : metadata ? nodePos(p, metadata) : at, { hint: 'every descriptor needs apiVersion, kind and metadata.name', text: source.text }));
        continue;
      }
      const k = kind.toLowerCase();
      if (k === 'location') {
        for (const next of locationTargets(p, root, options, seen, diagnostics)) {
          if (depth + 1 > MAX_LOCATION_DEPTH) {
            diagnostics.push(diag('note', 'not-followed', `Locations nest deeper than ${MAX_LOCATION_DEPTH} files; ${next.file} is not read`, at));
            continue;
          }
          queue.push({ source: next, depth: depth + 1 });
        }
        continue;
      }
      if (!READ_KINDS.has(k)) {
        skipped.set(kind, (skipped.get(kind) ?? 0) + 1);
        firstSkipped ??= at;
        continue;
      }
      const namespace = (scalarString(getIn(metadata, 'namespace')) ?? 'default').toLowerCase();
      const key = entityKey(k, namespace, name);
      const pos = nodePos(p, nameNode);
      const first = entities.get(key);
      if (first) {
        diagnostics.push(diag('warning', 'duplicate', `${key} is defined twice; the first definition, at ${first.pos.file}:${first.pos.line}, is used`, pos, { text: source.text }));
        continue;
      }
      entities.set(key, { key, kind: k, namespace, name, root, p, pos });
    }
    if (firstSkipped) {
      const list = [...skipped.entries()].sort().map(([kk, n]) => `${n} ${kk}`).join(', ');
      diagnostics.push(diag('note', 'ignored', `not services, skipped: ${list}`, firstSkipped));
    }
  }
  return entities;
}
