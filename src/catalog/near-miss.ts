/**
 * Near-misses of known field names. An unknown field is ignored, which is harmless for a
 * comment-like extra (`colour`) but silently drops meaning for a misspelt field
 * (`depends_on` for `dependsOn`: every dependency disappears). A key that is one slip from a
 * known field is taken to be that field misspelt.
 */

/** Lowercase, without `_`, `-` and spaces: `depends_on`, `Depends-On` and `dependsOn` agree. */
const normal = (s: string): string => s.toLowerCase().replace(/[-_\s]/g, '');

/** Edit distance with adjacent transpositions (optimal string alignment), capped at 2. */
function distance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 1) return 2;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return Math.min(d[a.length]![b.length]!, 2);
}

/**
 * The known field `key` is a near-miss of, or undefined: the same name but for case and
 * `_`/`-` separators, or (for names of 4 letters or more) one letter added, dropped, changed,
 * or two neighbours swapped.
 */
export function nearMiss(key: string, known: readonly string[]): string | undefined {
  const k = normal(key);
  const exact = known.find((f) => normal(f) === k);
  if (exact !== undefined) return exact;
  if (k.length < 4) return undefined;
  const close = known.filter((f) => normal(f).length >= 4 && distance(k, normal(f)) === 1);
  return close.length === 1 ? close[0] : undefined;
}
