/**
 * Which free parameters the milestones determine only together: the correlation matrix
 * of the fit (Gauss–Newton), from the milestones' sensitivities J (minutes per box unit,
 * by central differences at the fit). With each milestone weighted by 1/tolerance² and a
 * prior adding (dz/du)² on its diagonal, the information matrix is JᵀWJ + P and the
 * covariance its inverse. Two parameters with |correlation| ≥ 0.9 trade off against each
 * other: the milestones pin down a combination of them, not each one.
 */

/** Above this |correlation| two parameters are determined only together. */
export const TOGETHER_CORRELATION = 0.9;

/** Inverse of a symmetric positive semi-definite matrix, with a small ridge so a singular one still inverts. */
export function invertSpd(a: readonly (readonly number[])[]): number[][] {
  const n = a.length;
  let trace = 0;
  for (let i = 0; i < n; i++) trace += a[i]![i]!;
  const ridge = Math.max(1e-12, 1e-9 * (trace / Math.max(1, n)));
  const m = a.map((row, i) => [...row.map((v, j) => v + (i === j ? ridge : 0)), ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[p]![c]!)) p = r;
    [m[c], m[p]] = [m[p]!, m[c]!];
    const piv = m[c]![c]!;
    for (let j = 0; j < 2 * n; j++) m[c]![j] = m[c]![j]! / piv;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r]![c]!;
      if (f !== 0) for (let j = 0; j < 2 * n; j++) m[r]![j] = m[r]![j]! - f * m[c]![j]!;
    }
  }
  return m.map((row) => row.slice(n));
}

/**
 * Correlations between parameters from sensitivities `jac[i][j]` (milestone i, parameter
 * j), milestone weights `w[i]` (0 leaves one out) and prior curvatures `prior[j]`.
 */
export function correlations(jac: readonly (readonly number[])[], w: readonly number[], prior: readonly number[]): number[][] {
  const d = prior.length;
  const info = Array.from({ length: d }, (_, j) => Array.from({ length: d }, (_, k) => (j === k ? prior[j]! : 0)));
  jac.forEach((row, i) => {
    const wi = w[i]!;
    if (!wi) return;
    for (let j = 0; j < d; j++) for (let k = 0; k < d; k++) info[j]![k] = info[j]![k]! + wi * row[j]! * row[k]!;
  });
  const cov = invertSpd(info);
  return cov.map((row, j) => row.map((v, k) => (j === k ? 1 : v / Math.sqrt(cov[j]![j]! * cov[k]![k]!))));
}
