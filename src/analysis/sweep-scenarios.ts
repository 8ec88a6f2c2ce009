/**
 * Failure sets of one shape at once (the cut-set search's probe), on the sweep's
 * word-parallel rules: sweep-layout.ts and sweep-words.ts.
 */
import type { CompiledGraph } from '../graph/compile.js';
import { requirementModes } from './semantics.js';
import { buildPositional, layout, type Layout, type Positional } from './sweep-layout.js';
import { evaluate, settleBlock, type EvalContext } from './sweep-words.js';

/**
 * Failure sets of one shape at once, on the sweep's word-parallel rules: a common `base`
 * set plus, per scenario, one more service. The cut-set search asks it, on a target's
 * dependency subgraph, whether the target goes down with {u} plus each later candidate
 * (every pair starting with u in one pass), and so on for larger sets.
 */
export class ScenarioSweep {
  /** Requirement modes of the graph. */
  readonly mode: Uint8Array;
  private readonly comps: Layout;
  private readonly P: Positional;
  private W = 0;
  private D = new Uint32Array(0);
  private I = new Uint32Array(0);
  private fail = new Uint32Array(0);
  private planesTmp = new Uint32Array(0);
  private scratch = new Uint32Array(0);
  private readonly nz: Uint8Array;
  private readonly failNz: Uint8Array;

  constructor(readonly cg: CompiledGraph) {
    this.mode = requirementModes(cg);
    this.comps = layout(cg, this.mode, undefined);
    this.P = buildPositional(cg, this.mode, this.comps);
    this.nz = new Uint8Array(cg.n);
    this.failNz = new Uint8Array(cg.n);
  }

  /**
   * Bit i (word i >>> 5, bit i & 31) of the result: whether `target` is down when every
   * service of `base` and `extra[i]` fail together.
   */
  downWith(target: number, base: readonly number[], extra: readonly number[]): Uint32Array {
    // At most 64 words (2048 scenarios) per pass, as in the sweep.
    if (extra.length <= 2048) return this.pass(target, base, extra);
    const out = new Uint32Array(Math.ceil(extra.length / 32));
    for (let from = 0; from < extra.length; from += 2048) out.set(this.pass(target, base, extra.slice(from, from + 2048)), from >>> 5);
    return out;
  }

  private pass(target: number, base: readonly number[], extra: readonly number[]): Uint32Array {
    const { P, comps, nz, failNz } = this;
    const n = comps.order.length;
    const W = Math.max(1, Math.ceil(extra.length / 32));
    const twoRows = P.hasSoft;
    if (W !== this.W) {
      this.W = W;
      this.D = new Uint32Array(n * W);
      this.I = twoRows ? new Uint32Array(n * W) : this.D;
      this.fail = new Uint32Array(n * W);
      this.planesTmp = new Uint32Array(Math.max(1, P.maxThreshold) * W * 2);
      this.scratch = new Uint32Array(W * 2);
    }
    const { D, I, fail, planesTmp, scratch } = this;
    fail.fill(0);
    failNz.fill(0);
    let lo = n;
    for (const b of base) {
      const p = comps.pos[b]!;
      fail.fill(0xffffffff, p * W, p * W + W);
      failNz[p] = 1;
      if (p < lo) lo = p;
    }
    extra.forEach((e, i) => {
      const p = comps.pos[e]!;
      fail[p * W + (i >>> 5)]! |= 1 << (i & 31);
      failNz[p] = 1;
      if (p < lo) lo = p;
    });
    const tp = comps.pos[target]!;
    const result = new Uint32Array(W);
    if (lo === n) return result;
    // Components before the first failure are untouched: only their nz flags are read.
    lo = comps.compStart[comps.compOfPos[lo]!]!;
    if (tp < lo) return result; // nothing the target depends on fails
    nz.fill(0, 0, lo);
    const ctx: EvalContext = { P, W, D, I, twoRows, nz, b0: 0, b1: 0, planesTmp, fail, failNz };
    const last = comps.compOfPos[tp]!;
    for (let c = comps.compOfPos[lo]!; c <= last; c++) {
      const cs = comps.compStart[c]!;
      const ce = comps.compStart[c + 1]!;
      if (ce - cs === 1) {
        evaluate(ctx, cs);
        continue;
      }
      // A cycle: start from "only the failures down" and iterate to the least fixpoint.
      for (let p = cs; p < ce; p++) {
        for (let w = 0; w < W; w++) {
          D[p * W + w] = fail[p * W + w]!;
          if (twoRows) I[p * W + w] = fail[p * W + w]!;
        }
        nz[p] = failNz[p]!;
      }
      settleBlock(ctx, D, I, scratch, W, cs, ce);
    }
    if (nz[tp]) for (let w = 0; w < W; w++) result[w] = D[tp * W + w]!;
    return result;
  }
}
