/**
 * Nelder–Mead simplex minimisation in the unit box [0, 1]^d: the local stage of
 * `blast fit`. Derivative-free, so it copes with the piecewise-smooth losses a
 * discrete-event simulation gives (a queue draining earlier or later moves a milestone
 * smoothly; a service that stops collapsing moves it in a jump).
 *
 * Standard coefficients (reflection 1, expansion 2, contraction ½, shrink ½; Lagarias et
 * al., "Convergence properties of the Nelder–Mead simplex method in low dimensions",
 * SIAM J. Optim. 9(1), 1998). Points are clamped to the box. Deterministic: ties are
 * broken by vertex order, and there is no randomness at all.
 */

export interface NelderMeadOptions {
  /** Most objective evaluations (default 200 · d + 100). */
  readonly maxEvals?: number;
  /** Initial simplex edge, in box units (default 0.1). */
  readonly step?: number;
  /** Stop when every vertex is within this distance of the best, per coordinate (default 1e-4). */
  readonly xTol?: number;
  /** ...and the objective spread over the simplex is below this (default 1e-7). */
  readonly fTol?: number;
  /** Restarts from the best point with a fresh simplex while they still improve (default 2). */
  readonly restarts?: number;
}

export interface NelderMeadResult {
  readonly x: Float64Array;
  readonly f: number;
  readonly evals: number;
}

const clamp01 = (v: number): number => (v < 0 ? 0 : v > 1 ? 1 : v);

/** Minimises `f` over [0, 1]^d from `start`. */
export function nelderMead(f: (x: Float64Array) => number, start: ArrayLike<number>, opts: NelderMeadOptions = {}): NelderMeadResult {
  const d = start.length;
  const maxEvals = opts.maxEvals ?? 200 * d + 100;
  const step = opts.step ?? 0.1;
  const xTol = opts.xTol ?? 1e-4;
  const fTol = opts.fTol ?? 1e-7;
  let evals = 0;
  const evalAt = (x: Float64Array): number => {
    evals++;
    const v = f(x);
    return Number.isNaN(v) ? Infinity : v;
  };
  let best: Float64Array = Float64Array.from(start, clamp01);
  let fBest = evalAt(best);
  if (d === 0) return { x: best, f: fBest, evals };
  const restarts = opts.restarts ?? 2;
  for (let round = 0; round <= restarts && evals < maxEvals; round++) {
    const r = simplexRun(evalAt, best, fBest, step, xTol, fTol, () => evals < maxEvals);
    const improved = r.f < fBest - fTol;
    if (r.f <= fBest) {
      best = r.x;
      fBest = r.f;
    }
    if (!improved && round > 0) break;
  }
  return { x: best, f: fBest, evals };
}

function simplexRun(
  evalAt: (x: Float64Array) => number,
  x0: Float64Array,
  f0: number,
  step: number,
  xTol: number,
  fTol: number,
  budget: () => boolean,
): { x: Float64Array; f: number } {
  const d = x0.length;
  const pts: Float64Array[] = [Float64Array.from(x0)];
  const fs: number[] = [f0];
  for (let i = 0; i < d; i++) {
    const p = Float64Array.from(x0);
    // step inward when the start sits on the upper face of the box
    p[i] = p[i]! + step <= 1 ? p[i]! + step : p[i]! - step;
    pts.push(p);
    fs.push(evalAt(p));
  }
  const order = Array.from({ length: d + 1 }, (_, i) => i);
  const centroid = new Float64Array(d);
  const along = (from: Float64Array, to: Float64Array, t: number): Float64Array => {
    const out = new Float64Array(d);
    for (let k = 0; k < d; k++) out[k] = clamp01(from[k]! + t * (to[k]! - from[k]!));
    return out;
  };
  while (budget()) {
    order.sort((a, b) => fs[a]! - fs[b]! || a - b);
    const bi = order[0]!;
    const wi = order[d]!;
    const si = order[d - 1]!;
    let spread = 0;
    for (const i of order) for (let k = 0; k < d; k++) spread = Math.max(spread, Math.abs(pts[i]![k]! - pts[bi]![k]!));
    if (spread <= xTol && fs[wi]! - fs[bi]! <= fTol) break;
    if (spread <= xTol * 1e-3) break; // collapsed onto a face of the box
    centroid.fill(0);
    for (const i of order) if (i !== wi) for (let k = 0; k < d; k++) centroid[k] = centroid[k]! + pts[i]![k]! / d;
    const worst = pts[wi]!;
    const xr = along(worst, centroid, 2); // reflection: centroid + (centroid - worst)
    const fr = evalAt(xr);
    if (fr < fs[bi]!) {
      const xe = along(worst, centroid, 3); // expansion
      const fe = evalAt(xe);
      if (fe < fr) { pts[wi] = xe; fs[wi] = fe; } else { pts[wi] = xr; fs[wi] = fr; }
      continue;
    }
    if (fr < fs[si]!) { pts[wi] = xr; fs[wi] = fr; continue; }
    // contraction: outside when the reflection beat the worst, inside otherwise
    const outside = fr < fs[wi]!;
    const xc = outside ? along(worst, centroid, 1.5) : along(worst, centroid, 0.5);
    const fc = evalAt(xc);
    if (fc < (outside ? fr : fs[wi]!)) { pts[wi] = xc; fs[wi] = fc; continue; }
    // shrink towards the best
    for (const i of order) {
      if (i === bi || !budget()) continue;
      pts[i] = along(pts[bi]!, pts[i]!, 0.5);
      fs[i] = evalAt(pts[i]!);
    }
  }
  let b = 0;
  for (let i = 1; i <= d; i++) if (fs[i]! < fs[b]!) b = i;
  return { x: pts[b]!, f: fs[b]! };
}
