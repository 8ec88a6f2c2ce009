/**
 * Aliases and merge keys, resolved in the parsed YAML tree so that importers read what the
 * YAML means rather than how it is written: `depends_on: *deps` is the anchored list, and
 * `<<: *common` (or `<<: [*a, *b]`) adds the pairs of those mappings that the mapping does not
 * set itself, earlier sources winning over later ones (yaml.org/type/merge.html; Compose reads
 * YAML this way, compose-spec 10-fragments.md and 11-extension.md).
 *
 * Every alias is replaced by the node it names (the last anchor of that name before it), so the
 * tree becomes a graph that shares nodes; nothing is copied, so an alias bomb costs nothing
 * until something walks it, and the importers only walk the paths they read. Merge keys are
 * expanded once per mapping, within a budget of pairs per document. Positions of aliased and
 * merged nodes are those of the anchored text, which is where they were written.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node, type Pair, type YAMLMap } from 'yaml';

/** Most pairs that merge keys may add to one document (a guard against merge bombs). */
export const MAX_MERGED_PAIRS = 100_000;

export interface AliasProblem {
  readonly message: string;
  /** Offset of the alias or merge key the problem is about. */
  readonly offset: number;
}

/** A plain `<<` key (the yaml library reads it as a symbol when merge keys are on). */
export function isMergeKey(key: unknown): boolean {
  return isScalar(key) && (typeof key.value === 'symbol' || (key.value === '<<' && key.type === 'PLAIN'));
}

/** Replaces aliases and expands merge keys in `doc`, in place; problems are returned, not thrown. */
export function resolveAliases(doc: Document.Parsed): AliasProblem[] {
  const problems: AliasProblem[] = [];
  const root = doc.contents as Node | null;
  if (!root) return problems;
  if (isAlias(root)) {
    problems.push({ message: `alias *${root.source} at the top of the document names nothing`, offset: root.range?.[0] ?? 0 });
    return problems;
  }
  const maps = replaceAliases(root, problems);
  const budget = { left: MAX_MERGED_PAIRS };
  const done = new Set<YAMLMap>();
  for (const m of maps) expandMerges(m, done, new Set(), budget, problems);
  return problems;
}

/**
 * Walks the tree once in document order (pre-order, keys before values), recording anchors as
 * they appear and replacing every alias by the node its anchor marks. Iterative: the depth of
 * the document is not bounded by the stack. Returns the mappings that hold merge keys.
 */
function replaceAliases(root: Node, problems: AliasProblem[]): YAMLMap[] {
  const anchors = new Map<string, Node>();
  const withMerges: YAMLMap[] = [];
  const stack: Node[] = [root];
  const resolve = (child: unknown): Node | null | undefined => {
    if (!isAlias(child)) return undefined;
    const target = anchors.get(child.source);
    if (!target) problems.push({ message: `alias *${child.source} names no anchor before it`, offset: child.range?.[0] ?? 0 });
    return target ?? null;
  };
  while (stack.length) {
    const node = stack.pop()!;
    if (node.anchor) anchors.set(node.anchor, node);
    const children: Node[] = [];
    if (isMap(node)) {
      if (node.items.some((p) => isMergeKey(p.key))) withMerges.push(node);
      for (const pair of node.items) {
        const k = resolve(pair.key);
        if (k !== undefined) pair.key = k;
        else if (pair.key) children.push(pair.key as Node);
        const v = resolve(pair.value);
        if (v !== undefined) pair.value = v;
        else if (pair.value) children.push(pair.value as Node);
      }
    } else if (isSeq(node)) {
      const items = node.items as unknown[];
      for (let i = 0; i < items.length; i++) {
        const r = resolve(items[i]);
        if (r !== undefined) items[i] = r;
        else if (items[i]) children.push(items[i] as Node);
      }
    }
    // Pushed in reverse, so the first child is walked next and anchors are seen in document order.
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  return withMerges;
}

/** Expands the merge keys of `map` (after those of the mappings it merges), once. */
function expandMerges(map: YAMLMap, done: Set<YAMLMap>, active: Set<YAMLMap>, budget: { left: number }, problems: AliasProblem[]): void {
  if (done.has(map)) return;
  if (active.has(map) || active.size > 64) {
    problems.push({ message: active.size > 64 ? 'merge keys nest more than 64 levels deep' : 'a merge key includes the mapping it is in', offset: map.range?.[0] ?? 0 });
    done.add(map);
    return;
  }
  active.add(map);
  const own: Pair[] = [];
  const sources: YAMLMap[] = [];
  for (const pair of map.items as Pair[]) {
    if (!isMergeKey(pair.key)) {
      own.push(pair);
      continue;
    }
    const v = pair.value as Node | null;
    const list = isSeq(v) ? (v.items as unknown[]) : [v];
    for (const item of list) {
      if (isMap(item)) sources.push(item);
      else problems.push({ message: 'a merge key << takes a mapping or a list of mappings (usually aliases: <<: *name)', offset: (item as Node | null)?.range?.[0] ?? (pair.key as Node).range?.[0] ?? 0 });
    }
  }
  const keyOf = (p: Pair): string | undefined => (isScalar(p.key) ? `${typeof p.key.value}:${String(p.key.value)}` : undefined);
  const present = new Set(own.map(keyOf).filter((k): k is string => k !== undefined));
  const items: Pair[] = [...own];
  for (const src of sources) {
    expandMerges(src, done, active, budget, problems);
    for (const pair of src.items as Pair[]) {
      if (!isPair(pair)) continue;
      const k = keyOf(pair);
      if (k !== undefined && present.has(k)) continue;
      if (--budget.left < 0) {
        if (budget.left === -1) problems.push({ message: `merge keys add more than ${MAX_MERGED_PAIRS} entries to this document`, offset: map.range?.[0] ?? 0 });
        break;
      }
      if (k !== undefined) present.add(k);
      items.push(pair);
    }
  }
  map.items = items;
  active.delete(map);
  done.add(map);
}
