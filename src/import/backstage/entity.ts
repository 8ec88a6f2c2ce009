/**
 * A Backstage entity as the importer reads it (import.ts): where it is written, and its fields:
 * entity references (`spec.dependsOn`, `spec.system`, …), the owner, and the tier from a label
 * or annotation.
 */
import type { Node } from 'yaml';
import type { SourcePos, Tier } from '../../catalog/model.js';
import { diag, type ImportDiagnostic, type ImportOptions } from '../model.js';
import { getIn, isMap, isSeq, mapEntries, nodePos, scalarString, type ParsedYaml } from '../yaml-source.js';
import { parseEntityRef, type EntityRef } from './refs.js';

/** The kinds imported as services. */
export const SERVICE_KINDS = new Set(['component', 'resource']);

export interface Entity {
  readonly key: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly root: Node;
  readonly p: ParsedYaml;
  readonly pos: SourcePos;
}

/** A reference as written in a field of an entity, read. */
export interface RefItem {
  readonly ref: EntityRef;
  readonly written: string;
  readonly node: Node;
}

/** Reads `spec.<field>` as a list of references (a single one for `system` and `subcomponentOf`). */
export function readRefs(e: Entity, field: string, defaultKind: string | undefined, diagnostics: ImportDiagnostic[]): RefItem[] {
  const node = getIn(getIn(e.root, 'spec'), field);
  if (node === undefined || node === null) return [];
  const text = e.p.source.text;
  const items = field === 'system' || field === 'subcomponentOf' ? [node] : isSeq(node) ? (node.items as Array<Node | null>) : undefined;
  if (!items) {
    diagnostics.push(diag('error', 'wrong-shape', `spec.${field} must be a list of entity references`, nodePos(e.p, node), { text }));
    return [];
  }
  const out: RefItem[] = [];
  for (const item of items) {
    if (item === null) continue;
    let ref: EntityRef | { error: string };
    let written: string;
    if (isMap(item)) {
      const name = scalarString(getIn(item, 'name'));
      const kind = scalarString(getIn(item, 'kind'));
      const namespace = scalarString(getIn(item, 'namespace'));
      ref = name ? { name, ...(kind ? { kind } : {}), ...(namespace ? { namespace } : {}) } : { error: 'a compound reference needs a "name"' };
      written = `${kind ? `${kind}:` : ''}${namespace ? `${namespace}/` : ''}${name ?? ''}`;
    } else {
      const s = scalarString(item);
      if (s === undefined) {
        diagnostics.push(diag('error', 'wrong-shape', `spec.${field} entries are entity references such as component:default/name`, nodePos(e.p, item), { text }));
        continue;
      }
      ref = parseEntityRef(s);
      written = s.trim();
    }
    if ('error' in ref) {
      diagnostics.push(diag('error', 'invalid-ref', `invalid entity reference in spec.${field}: ${ref.error}`, nodePos(e.p, item), { hint: 'write [<kind>:][<namespace>/]<name>', text }));
      continue;
    }
    out.push({ ref: defaultKind && !ref.kind ? { ...ref, kind: defaultKind } : ref, written, node: item });
  }
  return out;
}

export function readOwner(node: Node | null | undefined): string | undefined {
  const s = scalarString(node);
  if (s) return s.trim();
  if (isMap(node)) {
    const name = scalarString(getIn(node, 'name'));
    const kind = scalarString(getIn(node, 'kind'));
    const ns = scalarString(getIn(node, 'namespace'));
    if (name) return `${kind ? `${kind.toLowerCase()}:` : ''}${ns ? `${ns}/` : ''}${name}`;
  }
  return undefined;
}

const TIER_RE = /^\s*(?:tier[\s_-]?|t)?([0-3])\s*$/i;

/** The tier from a label or annotation: `--tier-key`, else any key whose last part is `tier`. */
export function readTier(e: Entity, options: ImportOptions, diagnostics: ImportDiagnostic[]): Tier | undefined {
  const metadata = getIn(e.root, 'metadata');
  const wanted = options.tierKey;
  const match = (key: string): boolean => (wanted ? key === wanted : (key.split('/').pop() ?? '').toLowerCase() === 'tier');
  for (const field of ['labels', 'annotations']) {
    const entries = mapEntries(getIn(metadata, field)).filter((x) => match(x.key)).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    for (const { key, value } of entries) {
      const v = scalarString(value);
      const m = v === undefined ? null : TIER_RE.exec(v);
      if (m) return Number(m[1]) as Tier;
      diagnostics.push(diag('warning', 'invalid-value', `metadata.${field}.${key} is "${v ?? ''}", not a tier from 0 to 3; the tier is left unset`, nodePos(e.p, value), { hint: 'write 0, 1, 2 or 3 (tier-1 and t1 are read too)', text: e.p.source.text }));
    }
  }
  return undefined;
}
