/**
 * Backstage descriptor files → services and edges.
 *
 * Reads multi-document YAML (catalog-info.yaml), per backstage.io descriptor-format.md:
 * Components and Resources become services; `spec.dependsOn` and `spec.dependencyOf`
 * become hard edges; `spec.consumesApis` / `spec.providesApis` become consumer → provider
 * edges through the API; owner, system, lifecycle and type are kept; the tier comes from
 * a label or annotation named `tier` (or `--tier-key`). Systems and APIs are read for
 * names and providers; other kinds (Group, User, Domain, Location, Template) are skipped.
 */
import type { Node } from 'yaml';
import type { SourcePos, Tier } from '../../catalog/model.js';
import { diag, ServiceTable, type ImportDiagnostic, type Importer, type ImportOptions } from '../model.js';
import { getIn, isMap, isScalar, isSeq, mapEntries, nodePos, parseYaml, scalarString, type ParsedYaml } from '../yaml-source.js';
import { entityKey, parseEntityRef, type EntityRef } from './refs.js';

const SERVICE_KINDS = new Set(['component', 'resource']);
const READ_KINDS = new Set(['component', 'resource', 'system', 'api']);

interface Entity {
  readonly key: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly root: Node;
  readonly p: ParsedYaml;
  readonly pos: SourcePos;
}

interface RefItem {
  readonly ref: EntityRef;
  readonly written: string;
  readonly node: Node;
}

export const importBackstage: Importer = (sources, options) => {
  const diagnostics: ImportDiagnostic[] = [];
  const entities = new Map<string, Entity>();
  for (const source of sources) {
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

  const table = new ServiceTable();
  const refList = (e: Entity, field: string, defaultKind: string | undefined): RefItem[] => readRefs(e, field, defaultKind, diagnostics);
  for (const e of entities.values()) {
    if (!SERVICE_KINDS.has(e.kind)) continue;
    const metadata = getIn(e.root, 'metadata');
    const spec = getIn(e.root, 'spec');
    const labels: Record<string, string> = {};
    for (const { key, value } of mapEntries(getIn(metadata, 'labels'))) {
      const v = scalarString(value);
      if (v !== undefined) labels[key] = v;
    }
    labels['backstage-ref'] = e.key;
    const type = scalarString(getIn(spec, 'type'));
    if (type) labels.type = type;
    const lifecycle = scalarString(getIn(spec, 'lifecycle'));
    if (lifecycle) labels.lifecycle = lifecycle;
    const system = refList(e, 'system', 'system')[0];
    const owner = readOwner(getIn(spec, 'owner'));
    const description = scalarString(getIn(metadata, 'description'));
    const tier = readTier(e, options, diagnostics);
    table.add({
      key: e.key,
      idHint: e.namespace === 'default' ? e.name : `${e.namespace}-${e.name}`,
      name: scalarString(getIn(metadata, 'title')) ?? e.name,
      pos: e.pos,
      labels,
      ...(description ? { description } : {}),
      ...(owner ? { owner } : {}),
      ...(system ? { system: system.ref.name } : {}),
      ...(tier !== undefined ? { tier } : {}),
    });
  }

  // Providers of each API, for consumer → API → provider.
  const providers = new Map<string, string[]>();
  for (const e of entities.values()) {
    if (e.kind !== 'component') continue;
    for (const r of refList(e, 'providesApis', 'api')) {
      const apiKey = entityKey(r.ref.kind ?? 'api', r.ref.namespace ?? e.namespace, r.ref.name);
      providers.set(apiKey, [...(providers.get(apiKey) ?? []), e.key]);
    }
  }

  for (const e of entities.values()) {
    if (!SERVICE_KINDS.has(e.kind)) continue;
    for (const r of refList(e, 'dependsOn', undefined)) {
      const target = resolveDependency(e, r, entities, diagnostics);
      if (target) addEdge(table, e.key, target, `backstage: spec.dependsOn ${r.written}`, nodePos(e.p, r.node), diagnostics);
    }
    for (const r of refList(e, 'dependencyOf', undefined)) {
      const dependent = resolveDependency(e, r, entities, diagnostics);
      if (dependent) addEdge(table, dependent, e.key, `backstage: spec.dependencyOf of ${e.key}`, nodePos(e.p, r.node), diagnostics);
    }
    if (e.kind !== 'component') continue;
    for (const r of refList(e, 'consumesApis', 'api')) {
      const apiKey = entityKey(r.ref.kind ?? 'api', r.ref.namespace ?? e.namespace, r.ref.name);
      const pos = nodePos(e.p, r.node);
      const by = (providers.get(apiKey) ?? []).filter((k) => k !== e.key);
      if (by.length === 0) {
        const defined = entities.has(apiKey);
        diagnostics.push(diag('warning', 'no-provider', `${e.key} consumes ${apiKey}, but no component in these files ${defined ? 'provides it' : 'defines or provides it'}; no dependency is written`, pos, { hint: 'add the provider\'s catalog-info.yaml to the import, or list the API under its spec.providesApis', text: e.p.source.text }));
        continue;
      }
      for (const provider of [...new Set(by)].sort()) addEdge(table, e.key, provider, `backstage: consumes ${apiKey}, provided by ${provider}`, pos, diagnostics);
    }
  }
  if (diagnostics.some((d) => d.severity === 'error')) return { services: [], diagnostics };
  return { services: table.toList(), diagnostics };
};

function addEdge(table: ServiceTable, from: string, to: string, why: string, pos: SourcePos, diagnostics: ImportDiagnostic[]): void {
  if (from === to) {
    diagnostics.push(diag('warning', 'self-edge', `${from} depends on itself; dropped`, pos));
    return;
  }
  table.addEdge(from, { target: to, type: 'hard', why, pos });
}

/** Reads `spec.<field>` as a list of references (a single one for `system`). */
function readRefs(e: Entity, field: string, defaultKind: string | undefined, diagnostics: ImportDiagnostic[]): RefItem[] {
  const node = getIn(getIn(e.root, 'spec'), field);
  if (node === undefined || node === null) return [];
  const text = e.p.source.text;
  const items = field === 'system' ? [node] : isSeq(node) ? (node.items as Array<Node | null>) : undefined;
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

/** Resolves a dependsOn / dependencyOf reference to a component or resource key. */
function resolveDependency(e: Entity, r: RefItem, entities: ReadonlyMap<string, Entity>, diagnostics: ImportDiagnostic[]): string | undefined {
  const pos = nodePos(e.p, r.node);
  const text = e.p.source.text;
  const namespace = (r.ref.namespace ?? e.namespace).toLowerCase();
  if (r.ref.kind) {
    const kind = r.ref.kind.toLowerCase();
    if (!SERVICE_KINDS.has(kind)) {
      diagnostics.push(diag('warning', 'invalid-ref', `"${r.written}" is a ${r.ref.kind}; dependsOn and dependencyOf point to Components and Resources, so it is dropped`, pos, { text }));
      return undefined;
    }
    const key = entityKey(kind, namespace, r.ref.name);
    if (!entities.has(key)) {
      diagnostics.push(diag('warning', 'unknown-ref', `${key} is not defined in these files; the dependency is dropped`, pos, { hint: 'import the descriptor files that define it too', text }));
      return undefined;
    }
    return key;
  }
  // No kind: Backstage has no default kind for these fields; accept an unambiguous match.
  const matches = [...SERVICE_KINDS].map((k) => entityKey(k, namespace, r.ref.name)).filter((k) => entities.has(k));
  if (matches.length === 1) {
    diagnostics.push(diag('warning', 'invalid-ref', `"${r.written}" has no kind, which Backstage requires here; read as ${matches[0]}`, pos, { hint: `write ${matches[0]}`, text }));
    return matches[0];
  }
  diagnostics.push(diag('warning', matches.length ? 'ambiguous-ref' : 'unknown-ref', matches.length ? `"${r.written}" has no kind and matches ${matches.join(' and ')}; dropped` : `"${r.written}" has no kind and matches no component or resource in these files; dropped`, pos, { hint: 'write the kind, e.g. resource:default/name', text }));
  return undefined;
}

function readOwner(node: Node | null | undefined): string | undefined {
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
function readTier(e: Entity, options: ImportOptions, diagnostics: ImportDiagnostic[]): Tier | undefined {
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
