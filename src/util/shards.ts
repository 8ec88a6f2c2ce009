/**
 * The shards of one sharded run (`--shard i/n`, merged by `blast merge`): every partial from the
 * same run (same key), each index 1..n exactly once. Shared by Monte Carlo partials
 * (src/engine/partial.ts) and `rank --for` partials (src/cli/shard-rank.ts).
 */
export interface ShardOf {
  readonly key: string;
  readonly shard: { readonly index: number; readonly count: number };
}

/**
 * The partials ordered by shard index, or a message naming what is wrong: none given, one from
 * another run (`differs` says what may differ), a shard given twice, or shards missing.
 */
export function orderShards<P extends ShardOf>(parts: ReadonlyArray<{ file: string; partial: P }>, differs: string): { sorted: P[] } | { error: string } {
  if (parts.length === 0) return { error: 'no partial results given' };
  const first = parts[0]!;
  for (const { file, partial } of parts) {
    if (partial.key !== first.partial.key) return { error: `${file} is from a different run than ${first.file} (${differs})` };
  }
  const count = first.partial.shard.count;
  const byIndex = new Map<number, { file: string; partial: P }>();
  for (const part of parts) {
    const i = part.partial.shard.index;
    const seen = byIndex.get(i);
    if (seen) return { error: `${part.file} and ${seen.file} are both shard ${i}/${count}` };
    byIndex.set(i, part);
  }
  const missing = Array.from({ length: count }, (_, k) => k + 1).filter((i) => !byIndex.has(i));
  if (missing.length) return { error: `missing shard${missing.length === 1 ? '' : 's'} ${missing.map((i) => `${i}/${count}`).join(', ')}` };
  return { sorted: [...byIndex.values()].map((x) => x.partial).sort((a, b) => a.shard.index - b.shard.index) };
}
