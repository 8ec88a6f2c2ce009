/**
 * Nearest-rank percentiles without sorting: Hoare's selection (Wirth's form, a median-of-three
 * pivot) finds the k-th smallest value in linear expected time, and a few percentiles of one
 * column cost a few passes instead of a sort. Same values as sorting and indexing.
 */

/** Index of the nearest-rank percentile p of `length` sorted values. */
export const rankIndex = (length: number, p: number): number => Math.min(length - 1, Math.max(0, Math.ceil(p * length) - 1));

/**
 * Reorders a[lo..hi] (inclusive) so that a[k] holds the value it would hold were the range
 * sorted, with nothing larger before it and nothing smaller after it. No NaN.
 */
export function select(a: Float64Array, lo: number, hi: number, k: number): number {
  while (hi > lo) {
    // median of a[lo], a[k], a[hi] as the pivot (a value of the range)
    const p = a[lo]!;
    const q = a[k]!;
    const r = a[hi]!;
    const x = p < q ? (q < r ? q : p < r ? r : p) : p < r ? p : q < r ? r : q;
    let i = lo;
    let j = hi;
    do {
      while (a[i]! < x) i++;
      while (x < a[j]!) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    } while (i <= j);
    if (j < k) lo = i;
    if (k < i) hi = j;
  }
  return a[k]!;
}

/**
 * Nearest-rank percentiles `ps` (ascending) of the values in `a` (reordered in place; no NaN):
 * each selection searches only above the previous one.
 */
export function percentilesOf(a: Float64Array, ps: readonly number[]): number[] {
  const out: number[] = [];
  let lo = 0;
  for (const p of ps) {
    if (a.length === 0) {
      out.push(NaN);
      continue;
    }
    const k = rankIndex(a.length, p);
    out.push(select(a, lo, a.length - 1, k));
    lo = k;
  }
  return out;
}
