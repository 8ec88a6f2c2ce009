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
 * The parts: reading the files (read-entities.ts, following Locations with locations.ts), an
 * entity's fields (entity.ts), and where a dependency points (resolve.ts).
 */
import type { SourcePos } from '../../catalog/model.js';
import { diag, groupKey, PLACEHOLDER_LABEL, placeholderNote, ServiceTable, type ImportDiagnostic, type Importer } from '../model.js';
import { getIn, mapEntries, nodePos, scalarString } from '../yaml-source.js';
import { entityKey } from './refs.js';
import { readOwner, readRefs, readTier, SERVICE_KINDS, type Entity, type RefItem } from './entity.js';
import { readEntities } from './read-entities.js';
import { resolveDependency, type Placeholder } from './resolve.js';

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

function addEdge(table: ServiceTable, from: string, to: string, why: string, pos: SourcePos, diagnostics: ImportDiagnostic[], type: 'hard' | 'soft' = 'hard'): void {
  if (from === to) {
    diagnostics.push(diag('warning', 'self-edge', `${from} depends on itself; dropped`, pos));
    return;
  }
  table.addEdge(from, { target: to, type, why, pos });
}
