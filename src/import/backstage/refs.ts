/**
 * Backstage entity references: the string form `[<kind>:][<namespace>/]<name>` and the
 * compound form `{kind, namespace, name}` (backstage.io/docs/features/software-catalog/references).
 * All parts are case-insensitive; a missing namespace means the referring entity's own
 * namespace, which is `default` unless it sets one (descriptor-format.md).
 */

export interface EntityRef {
  readonly kind?: string;
  readonly namespace?: string;
  readonly name: string;
}

/** Parses the string form; returns an error message for an empty part. */
export function parseEntityRef(ref: string): EntityRef | { error: string } {
  const s = ref.trim();
  let colon = s.indexOf(':');
  const slash = s.indexOf('/');
  // A colon after the first slash belongs to the name, not to a kind.
  if (slash !== -1 && colon > slash) colon = -1;
  const kind = colon === -1 ? undefined : s.slice(0, colon);
  const namespace = slash === -1 ? undefined : s.slice(colon + 1, slash);
  const name = s.slice(Math.max(colon + 1, slash + 1));
  if (kind !== undefined && kind === '') return { error: `"${ref}" has an empty kind before ":"` };
  if (namespace !== undefined && namespace === '') return { error: `"${ref}" has an empty namespace before "/"` };
  if (name === '') return { error: `"${ref}" has no name` };
  return { ...(kind !== undefined ? { kind } : {}), ...(namespace !== undefined ? { namespace } : {}), name };
}

/** The canonical, lower-case key `kind:namespace/name` that entities are indexed by. */
export function entityKey(kind: string, namespace: string, name: string): string {
  return `${kind}:${namespace}/${name}`.toLowerCase();
}
