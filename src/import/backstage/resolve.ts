/**
 * Where a Backstage dependency points (import.ts): the component or resource a reference in
 * `spec.dependsOn`, `spec.dependencyOf` or `spec.subcomponentOf` names, or a placeholder
 * service for an entity no imported file defines.
 */
import type { SourcePos } from '../../catalog/model.js';
import { diag, type ImportDiagnostic } from '../model.js';
import { nodePos } from '../yaml-source.js';
import { entityKey } from './refs.js';
import { SERVICE_KINDS, type Entity, type RefItem } from './entity.js';

/** Registers (once) and returns the key of a placeholder service for an entity the input does not define. */
export type Placeholder = (key: string, namespace: string, name: string, why: string, pos: SourcePos) => string;

/**
 * Resolves a dependsOn / dependencyOf / subcomponentOf reference to a component or resource key;
 * a reference to an entity in no imported file gets a placeholder service.
 */
export function resolveDependency(e: Entity, r: RefItem, entities: ReadonlyMap<string, Entity>, diagnostics: ImportDiagnostic[], placeholder: Placeholder, field: 'dependsOn' | 'subcomponentOf' = 'dependsOn'): string | undefined {
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
