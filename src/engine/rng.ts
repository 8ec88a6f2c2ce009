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

/**
 * A stable 64-bit id of a string, as two 32-bit halves (FNV-1a with two offset bases, each
 * finished by murmur3's finaliser): a parameter's label names its random stream.
 */
export function hashLabel(text: string): readonly [number, number] {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x9e3779b9;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x01000193 + 0x2e) >>> 0;
  }
  return [fmix(a), fmix(b ^ text.length)];
}

function fmix(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * The seed of one parameter's stream within one trial, from the trial's seed and the
 * parameter's id. Each parameter draws from its own stream, so the values of a trial do not
 * depend on the order in which parameters were declared (the order of catalog files and
 * services).
 */
export function streamSeed(trial: number, idHi: number, idLo: number): number {
  return fmix(fmix((trial ^ idHi) >>> 0) ^ idLo);
}

/** A reusable mulberry32 stream: `reset(seed)` and draw with `next` (no allocation per parameter). */
export class Stream {
  private a = 0;
  readonly next: Rng = () => {
    this.a = (this.a + 0x6d2b79f5) >>> 0;
    let t = this.a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };

  reset(seed: number): void {
    this.a = seed >>> 0;
  }
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
