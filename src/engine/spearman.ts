/**
 * Spearman rank correlation, for the sensitivity of Monte Carlo results to each uncertain
 * parameter. Ranks come from one numeric sort of a copy and a binary search per value (tied
 * values get the average of their ranks), so ranking 100,000 trials takes milliseconds.
 */

/** First index of sorted `s` whose value is not below `x`. */
function lowerBound(s: Float64Array, x: number): number {
  let lo = 0;
  let hi = s.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (s[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index of sorted `s` whose value is above `x`. */
function upperBound(s: Float64Array, x: number, from: number): number {
  let lo = from;
  let hi = s.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (s[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * 1-based ranks with ties averaged: values equal to x occupy sorted positions i..j, and each
 * gets (i + j) / 2 + 1. Expects no NaN.
 */
export function ranks(xs: Float64Array): Float64Array {
  const s = Float64Array.from(xs).sort();
  const r = new Float64Array(xs.length);
  for (let k = 0; k < xs.length; k++) {
    const x = xs[k]!;
    const i = lowerBound(s, x);
    const j = upperBound(s, x, i) - 1;
    r[k] = (i + j) / 2 + 1;
  }
  return r;
}

/** Pearson correlation of two rank vectors (0 when either is constant). */
export function rankCorrelation(ra: Float64Array, rb: Float64Array): number {
  const n = ra.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) { ma += ra[i]!; mb += rb[i]!; }
  ma /= n; mb /= n;
  let num = 0;
  let da = 0;
  let db = 0;
  for (let i = 0; i < n; i++) {
    const x = ra[i]! - ma;
    const y = rb[i]! - mb;
    num += x * y; da += x * x; db += y * y;
  }
  return da === 0 || db === 0 ? 0 : num / Math.sqrt(da * db);
}

/** Spearman's rho of two samples of the same length. */
export function spearman(a: Float64Array, b: Float64Array): number {
  return rankCorrelation(ranks(a), ranks(b));
}
