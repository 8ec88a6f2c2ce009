/**
 * A seeded Latin hypercube in [0, 1]^d: n points, each coordinate's n values one per
 * stratum [i/n, (i+1)/n), strata shuffled independently per coordinate (McKay, Beckman
 * and Conover, Technometrics 21(2), 1979). The global stage of `blast fit` evaluates
 * these and starts local searches from the best.
 */
import { mulberry32 } from '../engine/rng.js';

export function latinHypercube(n: number, d: number, seed: number): Float64Array[] {
  const rng = mulberry32(seed >>> 0);
  const pts = Array.from({ length: n }, () => new Float64Array(d));
  const perm = new Int32Array(n);
  for (let k = 0; k < d; k++) {
    for (let i = 0; i < n; i++) perm[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      const t = perm[i]!;
      perm[i] = perm[j]!;
      perm[j] = t;
    }
    for (let i = 0; i < n; i++) pts[i]![k] = (perm[i]! + rng()) / n;
  }
  return pts;
}
