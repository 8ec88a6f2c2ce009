/**
 * The sweep's word-parallel rules (see sweep.ts): rows of 32·W failure scenarios per service,
 * a plain requirement an OR of rows, a k-of-n group a bit-sliced threshold, cycles iterated to
 * their least fixpoint, and bit-sliced column counters.
 */
import { MODE_FAIL_ON_DEGRADED, MODE_HARD } from './semantics.js';
import type { Positional } from './sweep-layout.js';

export interface EvalContext {
  readonly P: Positional;
  readonly W: number;
  readonly D: Uint32Array;
  /** Down-or-degraded rows; the same array as D when nothing can be degraded. */
  readonly I: Uint32Array;
  readonly twoRows: boolean;
  readonly nz: Uint8Array;
  readonly b0: number;
  readonly b1: number;
  readonly planesTmp: Uint32Array;
  /**
   * Explicit failure rows (ScenarioSweep): fail[p·W ..] holds the scenarios in which the
   * service at position p fails, failNz[p] whether it fails in any; when absent, the
   * scenarios are the single failures of positions b0 .. b1-1.
   */
  readonly fail?: Uint32Array;
  readonly failNz?: Uint8Array;
}

/**
 * Re-evaluates rows cs..ce-1 (one strongly connected block) until none changes: the least
 * fixpoint of a cycle. `scratch` holds 2·W words for the before-image of a row.
 */
export function settleBlock(ctx: EvalContext, D: Uint32Array, I: Uint32Array, scratch: Uint32Array, W: number, cs: number, ce: number): void {
  let changed = true;
  while (changed) {
    changed = false;
    for (let p = cs; p < ce; p++) {
      for (let w = 0; w < W; w++) {
        scratch[w] = D[p * W + w]!;
        scratch[W + w] = I[p * W + w]!;
      }
      evaluate(ctx, p);
      for (let w = 0; w < W; w++) {
        if (scratch[w] !== D[p * W + w] || scratch[W + w] !== I[p * W + w]) {
          changed = true;
          break;
        }
      }
    }
  }
}

/** Recomputes the rows of the service at position p from its requirements' member rows. */
export function evaluate(ctx: EvalContext, p: number): void {
  const { P, W, D, I, twoRows, nz, b0, b1, planesTmp } = ctx;
  const base = p * W;
  D.fill(0, base, base + W);
  if (twoRows) I.fill(0, base, base + W);
  let any = false;
  const fail = ctx.fail;
  if (fail) {
    if (ctx.failNz![p]) {
      for (let w = 0; w < W; w++) D[base + w] = fail[base + w]!;
      any = true;
    }
  } else if (p >= b0 && p < b1) {
    const j = p - b0;
    D[base + (j >>> 5)] = 1 << (j & 31);
    any = true;
  }
  for (let q = P.reqStart[p]!; q < P.reqStart[p + 1]!; q++) {
    const m = P.reqMode[q]!;
    const lo = P.memberStart[q]!;
    const hi = P.memberStart[q + 1]!;
    if (hi - lo === 1) {
      const mp = P.members[lo]!;
      if (!nz[mp]) continue;
      any = true;
      const mb = mp * W;
      if (m === MODE_HARD) {
        for (let w = 0; w < W; w++) D[base + w]! |= D[mb + w]!;
        if (twoRows) for (let w = 0; w < W; w++) I[base + w]! |= I[mb + w]!;
      } else if (m === MODE_FAIL_ON_DEGRADED) {
        for (let w = 0; w < W; w++) D[base + w]! |= I[mb + w]!;
      } else {
        for (let w = 0; w < W; w++) I[base + w]! |= I[mb + w]!;
      }
      continue;
    }
    const t = P.reqThreshold[q]!;
    let live = 0;
    for (let j = lo; j < hi; j++) if (nz[P.members[j]!]) live++;
    if (live < t) continue;
    if (m === MODE_HARD) {
      if (threshold(ctx, q, D)) {
        any = true;
        for (let w = 0; w < W; w++) D[base + w]! |= planesTmp[(t - 1) * W + w]!;
      }
      if (twoRows && threshold(ctx, q, I)) {
        any = true;
        for (let w = 0; w < W; w++) I[base + w]! |= planesTmp[(t - 1) * W + w]!;
      }
    } else if (threshold(ctx, q, I)) {
      any = true;
      const dst = m === MODE_FAIL_ON_DEGRADED ? D : I;
      for (let w = 0; w < W; w++) dst[base + w]! |= planesTmp[(t - 1) * W + w]!;
    }
  }
  if (twoRows) for (let w = 0; w < W; w++) I[base + w]! |= D[base + w]!;
  if (any) {
    let x = 0;
    for (let w = 0; w < W; w++) x |= I[base + w]!;
    nz[p] = x !== 0 ? 1 : 0;
  } else nz[p] = 0;
}

/**
 * Bit-sliced "at least t of the member rows": planesTmp[(j-1)·W ..] holds "at least j
 * members set" after the loop; returns whether the top plane may be non-zero.
 */
export function threshold(ctx: EvalContext, q: number, rows: Uint32Array): boolean {
  const { P, W, nz, planesTmp } = ctx;
  const t = P.reqThreshold[q]!;
  planesTmp.fill(0, 0, t * W);
  let live = 0;
  for (let j = P.memberStart[q]!; j < P.memberStart[q + 1]!; j++) {
    const mp = P.members[j]!;
    if (!nz[mp]) continue;
    live++;
    const mb = mp * W;
    for (let w = 0; w < W; w++) {
      const x = rows[mb + w]!;
      if (x === 0) continue;
      for (let c = t - 1; c >= 1; c--) planesTmp[c * W + w]! |= planesTmp[(c - 1) * W + w]! & x;
      planesTmp[w]! |= x;
    }
  }
  return live >= t;
}

/** Adds a row of bits to bit-sliced column counters (planes[b·W + w] is bit b of the counts). */
export function addRow(planes: Uint32Array, rows: Uint32Array, base: number, W: number, bits: number): void {
  for (let w = 0; w < W; w++) {
    let carry = rows[base + w]!;
    for (let b = 0; carry !== 0 && b < bits; b++) {
      const i = b * W + w;
      const plane = planes[i]!;
      planes[i] = plane ^ carry;
      carry &= plane;
    }
  }
}

export function readCount(planes: Uint32Array, w: number, bit: number, W: number, bits: number): number {
  let c = 0;
  for (let b = 0; b < bits; b++) c += ((planes[b * W + w]! >>> bit) & 1) << b;
  return c;
}

export function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}

