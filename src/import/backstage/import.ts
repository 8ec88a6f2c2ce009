/**
 * Backstage descriptor files → services and edges.
 *
 * Reads multi-document YAML (catalog-info.yaml), per backstage.io descriptor-format.md:
 * Components and Resources become services; `spec.dependsOn` and `spec.dependencyOf`
 * become hard edges; `spec.consumesApis` / `spec.providesApis` become consumer → provider
 * edges through the API, or a redundancy group (at least 1 of the providers) when several
 * components provide it; `spec.subcomponentOf` makes the parent depend softly on its part;
 * owner, system, lifecycle and type are kept; the tier comes from a label or annotation
 * named `tier` (or `--tier-key`). Location entities are followed to the local files their
 * `spec.target` / `spec.targets` name (relative to the Location's own file); URLs are never
 * fetched. Systems and APIs are read for names and providers; other kinds are skipped.
 * A reference to an entity that no imported file defines (or an API no component provides)
 * keeps its dependency through a placeholder service labelled `blast-radius/placeholder`.
 */
import type { Node } from 'yaml';
import type { SourcePos, Tier } from '../../catalog/model.js';
import { diag, groupKey, OUTSIDE_HINT, outsideMessage, PLACEHOLDER_LABEL, placeholderNote, ServiceTable, type ImportDiagnostic, type Importer, type ImportOptions, type ImportSource } from '../model.js';
import { dirOf, isGlob, isUrl, resolveIn } from '../local.js';
import { getIn, isMap, isScalar, isSeq, mapEntries, nodePos, parseYaml, scalarString, type ParsedYaml } from '../yaml-source.js';
import { entityKey, parseEntityRef, type EntityRef } from './refs.js';

const SERVICE_KINDS = new Set(['component', 'resource']);
const READ_KINDS = new Set(['component', 'resource', 'system', 'api']);
/** Location files nested deeper than this are not followed (a guard against long chains). */
const MAX_LOCATION_DEPTH = 32;

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
  const entities = readEntities(sources, options, diagnostics);

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

  // Services the input refers to but does not define: kept as placeholders, so no dependency is lost.
  const placeholders = new Map<string, SourcePos>();
  const placeholder: Placeholder = (key, namespace, name, why, pos) => {
    if (!table.has(key)) {
      const api = entities.get(key);
      const title = api ? scalarString(getIn(getIn(api.root, 'metadata'), 'title')) : undefined;
      table.add({
        key,
        idHint: namespace === 'default' ? name : `${namespace}-${name}`,
        name: title ?? name,
        pos,
        description: why,
        labels: { [PLACEHOLDER_LABEL]: 'true', 'backstage-ref': key },
      });
      placeholders.set(key, pos);
    }
    return key;
  };

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
      const target = resolveDependency(e, r, entities, diagnostics, placeholder);
      if (target) addEdge(table, e.key, target, `backstage: spec.dependsOn ${r.written}`, nodePos(e.p, r.node), diagnostics);
    }
    for (const r of refList(e, 'dependencyOf', undefined)) {
      const dependent = resolveDependency(e, r, entities, diagnostics, placeholder);
      if (dependent) addEdge(table, dependent, e.key, `backstage: spec.dependencyOf of ${e.key}`, nodePos(e.p, r.node), diagnostics);
    }
    if (e.kind !== 'component') continue;
    for (const r of refList(e, 'consumesApis', 'api')) {
      const apiKey = entityKey(r.ref.kind ?? 'api', r.ref.namespace ?? e.namespace, r.ref.name);
      const pos = nodePos(e.p, r.node);
      const by = [...new Set(providers.get(apiKey) ?? [])].filter((k) => k !== e.key).sort();
      if (by.length === 0) {
        const defined = entities.has(apiKey);
        diagnostics.push(diag('warning', 'no-provider', `${e.key} consumes ${apiKey}, but no component in these files ${defined ? 'provides it' : 'defines or provides it'}; a placeholder service stands in for its provider`, pos, { hint: 'add the provider\'s catalog-info.yaml to the import, or list the API under its spec.providesApis', text: e.p.source.text }));
        const ns = (r.ref.namespace ?? e.namespace).toLowerCase();
        const target = placeholder(apiKey, ns, r.ref.name, `Placeholder: the provider of ${apiKey}, which ${e.key} consumes; no imported component ${defined ? 'provides' : 'defines or provides'} it.`, pos);
        addEdge(table, e.key, target, `backstage: consumes ${apiKey}, whose provider is not in the imported files`, pos, diagnostics);
        continue;
      }
      if (by.length === 1) {
        addEdge(table, e.key, by[0]!, `backstage: consumes ${apiKey}, provided by ${by[0]}`, pos, diagnostics);
        continue;
      }
      // Any one provider serves the API, so the consumer fails only when every provider has.
      // The why names a few providers: the group lists them all, and a why per consumer listing hundreds would dwarf the catalog.
      const named = by.length > 6 ? `${by.slice(0, 5).join(', ')} and ${by.length - 5} more` : by.join(', ');
      table.addEdge(e.key, { target: groupKey(by), of: by, atLeast: 1, type: 'hard', why: `backstage: consumes ${apiKey}, provided by ${named}; any one of them serves it`, pos });
    }
  }
  // After every hard edge: a part only impairs the whole, so an explicit dependency between the two wins.
  for (const e of entities.values()) {
    if (e.kind !== 'component') continue;
    const r = refList(e, 'subcomponentOf', 'component')[0];
    if (!r) continue;
    const parent = resolveDependency(e, r, entities, diagnostics, placeholder, 'subcomponentOf');
    if (parent) addEdge(table, parent, e.key, `backstage: ${e.key} is spec.subcomponentOf ${parent}; a failed part impairs the whole`, nodePos(e.p, r.node), diagnostics, 'soft');
  }
  if (diagnostics.some((d) => d.severity === 'error')) return { services: [], diagnostics };
  diagnostics.push(...placeholderNote(placeholders));
  return { services: table.toList(), diagnostics };
};

/** Registers (once) and returns the key of a placeholder service for an entity the input does not define. */
type Placeholder = (key: string, namespace: string, name: string, why: string, pos: SourcePos) => string;

/**
 * Parses every source and the local files that Location entities name (breadth-first, each
 * file once), and indexes the entities of the kinds read. Locations are followed, not kept.
 */
function readEntities(sources: readonly ImportSource[], options: ImportOptions, diagnostics: ImportDiagnostic[]): Map<string, Entity> {
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

/**
 * The files a Location entity names that can be read here: `spec.target` and `spec.targets`,
 * resolved relative to the Location's own file (descriptor-format.md, Kind: Location). URLs,
 * globs, other location types and files that cannot be read are notes; nothing is fetched.
 */
function locationTargets(p: ParsedYaml, root: Node, options: ImportOptions, seen: Set<string>, diagnostics: ImportDiagnostic[]): ImportSource[] {
  const spec = getIn(root, 'spec');
  const text = p.source.text;
  const type = scalarString(getIn(spec, 'type'));
  const optional = scalarString(getIn(spec, 'presence')) === 'optional';
  const items: Node[] = [];
  const one = getIn(spec, 'target');
  if (one !== undefined && one !== null) items.push(one);
  const many = getIn(spec, 'targets');
  if (many !== undefined && many !== null) {
    if (isSeq(many)) items.push(...(many.items as Array<Node | null>).filter((x): x is Node => x !== null));
    else diagnostics.push(diag('error', 'wrong-shape', 'spec.targets must be a list of paths or URLs', nodePos(p, many), { text }));
  }
  const out: ImportSource[] = [];
  for (const item of items) {
    const target = scalarString(item);
    const pos = nodePos(p, item);
    if (target === undefined || target.trim() === '') {
      diagnostics.push(diag('error', 'wrong-shape', 'a Location target is a path or a URL', pos, { text }));
      continue;
    }
    const note = (message: string, hint?: string): void => {
      diagnostics.push(diag('note', 'not-followed', message, pos, { ...(hint ? { hint } : {}), text }));
    };
    if (type !== undefined && type !== 'url' && type !== 'file') {
      note(`Location type "${type}" is not read here; ${target} is not followed`, 'import the files it finds directly');
      continue;
    }
    if (isUrl(target)) {
      note(`${target} is a URL; an import never fetches, so its entities are not read`, 'download the file, or give the checkout\'s directory, to import it too');
      continue;
    }
    if (isGlob(target)) {
      note(`${target} is a glob pattern, which is not expanded here`, 'give the directory to the import instead: directories are searched for .yaml files');
      continue;
    }
    const path = resolveIn(dirOf(p.source.file), target.trim());
    if (seen.has(path)) continue;
    seen.add(path);
    if (!options.readLocal) {
      note(`${path} is not read: this import does not read the files inputs refer to`);
      continue;
    }
    const got = options.readLocal(path);
    if ('error' in got && got.outside) {
      diagnostics.push(diag('error', 'outside-tree', `this Location ${outsideMessage(got, path)}`, pos, { hint: OUTSIDE_HINT, text }));
      continue;
    }
    if ('error' in got && got.tooLarge) {
      diagnostics.push(diag('error', 'too-large', `${path} is ${got.error}`, pos, { hint: 'import the files it lists in several runs', text }));
      continue;
    }
    if ('error' in got) {
      note(`${path} cannot be read (${got.error})${optional ? '; the Location marks it presence: optional' : ''}, so its entities are not imported`);
      continue;
    }
    if (seen.has(got.file) && got.file !== path) continue;
    seen.add(got.file);
    out.push({ file: got.file, text: got.text });
  }
  return out;
}

function addEdge(table: ServiceTable, from: string, to: string, why: string, pos: SourcePos, diagnostics: ImportDiagnostic[], type: 'hard' | 'soft' = 'hard'): void {
  if (from === to) {
    diagnostics.push(diag('warning', 'self-edge', `${from} depends on itself; dropped`, pos));
    return;
  }
  table.addEdge(from, { target: to, type, why, pos });
}

/** Reads `spec.<field>` as a list of references (a single one for `system` and `subcomponentOf`). */
function readRefs(e: Entity, field: string, defaultKind: string | undefined, diagnostics: ImportDiagnostic[]): RefItem[] {
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

/**
 * Resolves a dependsOn / dependencyOf / subcomponentOf reference to a component or resource key;
 * a reference to an entity in no imported file gets a placeholder service.
 */
function resolveDependency(e: Entity, r: RefItem, entities: ReadonlyMap<string, Entity>, diagnostics: ImportDiagnostic[], placeholder: Placeholder, field: 'dependsOn' | 'subcomponentOf' = 'dependsOn'): string | undefined {
  const pos = nodePos(e.p, r.node);
  const text = e.p.source.text;
  const namespace = (r.ref.namespace ?? e.namespace).toLowerCase();
  if (r.ref.kind) {
    const kind = r.ref.kind.toLowerCase();
    const allowed = field === 'subcomponentOf' ? kind === 'component' : SERVICE_KINDS.has(kind);
    if (!allowed) {
      const what = field === 'subcomponentOf' ? 'subcomponentOf points to a Component' : 'dependsOn and dependencyOf point to Components and Resources';
      diagnostics.push(diag('warning', 'invalid-ref', `"${r.written}" is a ${r.ref.kind}; ${what}, so it is dropped`, pos, { text }));
      return undefined;
    }
    const key = entityKey(kind, namespace, r.ref.name);
    if (!entities.has(key)) {
      diagnostics.push(diag('warning', 'unknown-ref', `${key} is not defined in these files; a placeholder service stands in for it`, pos, { hint: 'import the descriptor files that define it too', text }));
      return placeholder(key, namespace, r.ref.name, `Placeholder: ${key}, which ${e.key} names in spec.${field}, is not defined in the imported files.`, pos);
    }
    return key;
  }
  // No kind: Backstage has no default kind for these fields; accept an unambiguous match.
  const matches = [...SERVICE_KINDS].map((k) => entityKey(k, namespace, r.ref.name)).filter((k) => entities.has(k));
  if (matches.length === 1) {
    diagnostics.push(diag('warning', 'invalid-ref', `"${r.written}" has no kind, which Backstage requires here; read as ${matches[0]}`, pos, { hint: `write ${matches[0]}`, text }));
    return matches[0];
  }
  if (matches.length) {
    diagnostics.push(diag('warning', 'ambiguous-ref', `"${r.written}" has no kind and matches ${matches.join(' and ')}; dropped`, pos, { hint: 'write the kind, e.g. resource:default/name', text }));
    return undefined;
  }
  // Nothing of that name: a placeholder, read as a component (the kind the field names first).
  const key = entityKey('component', namespace, r.ref.name);
  diagnostics.push(diag('warning', 'unknown-ref', `"${r.written}" has no kind and matches no component or resource in these files; a placeholder service (${key}) stands in for it`, pos, { hint: 'write the kind, e.g. resource:default/name, and import the file that defines it', text }));
  return placeholder(key, namespace, r.ref.name, `Placeholder: "${r.written}", which ${e.key} names in spec.${field}, matches no entity in the imported files.`, pos);
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
