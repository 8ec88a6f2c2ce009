/**
 * Seeded randomness for Monte Carlo: a small, fast PRNG (mulberry32) and the
 * samplers the parameter distributions need. Randomness always comes in as an
 * argument; nothing here reads a global source.
 */

export type Rng = () => number;

/** mulberry32: 32-bit state, period 2^32, good enough statistical quality for sampling parameters. */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A per-trial seed derived from the run's seed and the trial index, so results do not depend on how trials are split across workers. */
export function trialSeed(seed: number, trial: number): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ (trial + 0x7f4a7c15), 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

/** A standard normal deviate (Box–Muller; one of the pair is discarded for simplicity and determinism). */
export function normal(rng: Rng): number {
  let u = rng();
  while (u <= Number.EPSILON) u = rng();
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** z of the 90th percentile of the standard normal. */
export const Z90 = 1.2815515655446004;
