/**
 * Every single failure at once: the outcome of failing each service alone, computed
 * bit-parallel. A block of 32·W failure scenarios is one row of W machine words per service
 * (bit j of a row: "is this service down in scenario j"), and the semantics of semantics.ts
 * become word-wide boolean algebra: a plain requirement is an OR of rows, a k-of-n group a
 * bit-sliced threshold ("more than n-k of these rows"). Services are visited dependencies
 * first (strongly connected components iterate to their least fixpoint), so one pass per
 * block suffices, and a block of sources never touches the services ordered before it.
 * Per-scenario counts come from bit-sliced column counters, not a scan of every bit.
 *
 * Cost: at most O((n + members) · n / 32) word operations (rows of unaffected services are
 * skipped, and each block starts at its first source); memory: one row per service, two
 * when soft requirements make "degraded but not down" possible. Exact for any mix of hard,
 * soft, failOn and group requirements.
 */
import type { CompiledGraph } from '../graph/compile.js';
import { MODE_HARD, MODE_NONE, requirementModes } from './semantics.js';
import { dependencyClosure } from './order.js';
import { buildPositional, layout, NOT_SWEPT } from './sweep-layout.js';
import { addRow, evaluate, popcount, readCount, settleBlock, threshold, type EvalContext } from './sweep-words.js';

export { ScenarioSweep } from './sweep-scenarios.js';

export interface SweepOptions {
  /** Services (indices) whose single-failure causes to collect: SPOF targets. */
  readonly targets?: readonly number[];
  /** 'list' (default) keeps every cause of each target; 'count' only how many. */
  readonly targetMode?: 'list' | 'count';
  /** Collect, for every redundancy group (≥ 2 members), the single failures that defeat it. */
  readonly groups?: boolean;
  /**
   * Compute the per-service counts (default true). Without them only failures that can
   * reach a target or a group matter, and the sweep is restricted to their dependencies.
   */
  readonly counts?: boolean;
  /** Words per row (32 scenarios each); chosen from a memory budget when absent. */
  readonly wordsPerRow?: number;
}

export interface SweepResult {
  /** For each service: how many other services are down when it alone fails (zeros without `counts`). */
  readonly down: Uint32Array;
  /** For each service: how many other services are down or degraded when it alone fails. */
  readonly affected: Uint32Array;
  /** affectedByTier[4·s + t]: of those, how many are of tier t. */
  readonly affectedByTier: Uint32Array;
  /** Per target (list mode): the services whose failure alone takes it down, ascending index. */
  readonly causes: ReadonlyMap<number, readonly number[]>;
  /** Per target: how many services' failure alone takes it down. */
  readonly causeCount: ReadonlyMap<number, number>;
  /**
   * Per group requirement (index into the compiled requirements): the services whose failure
   * alone defeats it (hard: quorum lost; failOn degraded / soft: fewer than k members up).
   */
  readonly groupCauses: ReadonlyMap<number, readonly number[]>;
}

const MEMORY_BUDGET_WORDS = 64 * 1024 * 1024; // 256 MiB of rows at most

/** Runs every single failure of `cg` (see the file header). */
export function sweepSingleFailures(cg: CompiledGraph, opts: SweepOptions = {}): SweepResult {
  const mode = requirementModes(cg);
  const wantCounts = opts.counts ?? true;
  const comps = layout(cg, mode, wantCounts ? undefined : relevantServices(cg, mode, opts));
  const n = comps.order.length; // services swept: all, or the dependencies of targets and groups
  const P = buildPositional(cg, mode, comps);
  // Without soft requirements nothing can be degraded-but-not-down, so one row set suffices.
  const twoRows = P.hasSoft;
  const rowsPerService = twoRows ? 2 : 1;
  const W = Math.max(1, opts.wordsPerRow ?? Math.min(64, Math.ceil(n / 32), Math.floor(MEMORY_BUDGET_WORDS / Math.max(1, n * rowsPerService))));
  const B = 32 * W;
  const D = new Uint32Array(n * W);
  const I = twoRows ? new Uint32Array(n * W) : D;
  const nz = new Uint8Array(n);
  const scratch = new Uint32Array(W * 2);
  const maxThreshold = P.maxThreshold;
  const planesTmp = new Uint32Array(Math.max(1, maxThreshold) * W * 2);

  const bits = Math.max(1, Math.ceil(Math.log2(n + 1)));
  const downPlanes = new Uint32Array(bits * W);
  const tierPlanes = [0, 1, 2, 3].map(() => new Uint32Array(bits * W));

  const down = new Uint32Array(cg.n);
  const affected = new Uint32Array(cg.n);
  const affectedByTier = new Uint32Array(4 * cg.n);
  const targetPositions = [...new Set(opts.targets ?? [])].map((t) => comps.pos[t]!).filter((p) => p !== NOT_SWEPT).sort((a, b) => a - b);
  const listMode = (opts.targetMode ?? 'list') === 'list';
  const causes = new Map<number, number[]>();
  const causeCount = new Map<number, number>();
  for (const t of opts.targets ?? []) {
    causeCount.set(t, 0);
    if (listMode) causes.set(t, []);
  }
  const groupCauses = new Map<number, number[]>();
  const groupReqs = opts.groups ? P.groupReqs : [];
  for (const q of groupReqs) groupCauses.set(P.reqOrig[q]!, []);

  let b0 = 0;
  let prevLo = 0;
  while (b0 < n) {
    const b1 = Math.min(n, b0 + B);
    const lo = comps.compStart[comps.compOfPos[b0]!]!;
    // Rows below lo are never written in this block; clear the ones the previous block wrote.
    if (lo > prevLo) {
      D.fill(0, prevLo * W, lo * W);
      if (twoRows) I.fill(0, prevLo * W, lo * W);
      nz.fill(0, prevLo, lo);
    }
    prevLo = lo;
    const ctx: EvalContext = { P, W, D, I, twoRows, nz, b0, b1, planesTmp };
    for (let c = comps.compOfPos[lo]!; c < comps.count; c++) {
      const cs = comps.compStart[c]!;
      const ce = comps.compStart[c + 1]!;
      if (ce - cs === 1) {
        evaluate(ctx, cs);
        continue;
      }
      // A cycle: start from "only the sources down" and iterate to the least fixpoint.
      for (let p = cs; p < ce; p++) {
        D.fill(0, p * W, p * W + W);
        if (twoRows) I.fill(0, p * W, p * W + W);
        nz[p] = 0;
        if (p >= b0 && p < b1) {
          const j = p - b0;
          D[p * W + (j >>> 5)] = 1 << (j & 31);
          if (twoRows) I[p * W + (j >>> 5)] = 1 << (j & 31);
          nz[p] = 1;
        }
      }
      settleBlock(ctx, D, I, scratch, W, cs, ce);
    }

    // Column counts: add each affected row to bit-sliced counters (by tier, and down-only).
    for (let p = lo; p < n && wantCounts; p++) {
      if (!nz[p]) continue;
      addRow(tierPlanes[cg.tier[comps.order[p]!]!]!, I, p * W, W, bits);
      if (twoRows) addRow(downPlanes, D, p * W, W, bits);
    }
    const downSource = twoRows ? null : tierPlanes;
    for (let j = 0; j < b1 - b0 && wantCounts; j++) {
      const s = comps.order[b0 + j]!;
      const w = j >>> 5;
      const bit = j & 31;
      let total = 0;
      for (let t = 0; t < 4; t++) {
        const c = readCount(tierPlanes[t]!, w, bit, W, bits);
        affectedByTier[4 * s + t] = c;
        total += c;
      }
      // The failed service itself is in its own down set; count only the others.
      affectedByTier[4 * s + cg.tier[s]!]!--;
      affected[s] = total - 1;
      if (downSource) down[s] = total - 1;
      else down[s] = readCount(downPlanes, w, bit, W, bits) - 1;
    }
    downPlanes.fill(0);
    for (const tp of tierPlanes) tp.fill(0);

    // SPOF causes of the targets in reach of this block.
    for (const tp of targetPositions) {
      if (tp < lo || !nz[tp]) continue;
      const target = comps.order[tp]!;
      const list = causes.get(target);
      let count = causeCount.get(target)!;
      if (!list) {
        // Counting only: a popcount per word, minus the target's own scenario.
        for (let w = 0; w < W; w++) count += popcount(D[tp * W + w]!);
        if (tp >= b0 && tp < b1) count--;
      } else {
        for (let w = 0; w < W; w++) {
          let x = D[tp * W + w]!;
          while (x !== 0) {
            const low = x & -x;
            const j = w * 32 + (31 - Math.clz32(low));
            x ^= low;
            const source = comps.order[b0 + j]!;
            if (source === target) continue;
            count++;
            list.push(source);
          }
        }
      }
      causeCount.set(target, count);
    }
    // Groups defeated by a single failure in this block.
    for (const q of groupReqs) {
      if (P.reqOwnerPos[q]! < lo) continue;
      const out = groupCauses.get(P.reqOrig[q]!)!;
      const m = P.reqMode[q]!;
      const rows = m === MODE_HARD ? D : I;
      threshold(ctx, q, rows);
      for (let w = 0; w < W; w++) {
        let x = planesTmp[(P.reqThreshold[q]! - 1) * W + w]!;
        while (x !== 0) {
          const low = x & -x;
          x ^= low;
          out.push(comps.order[b0 + w * 32 + (31 - Math.clz32(low))]!);
        }
      }
    }
    b0 = b1;
  }
  for (const list of causes.values()) list.sort((a, b) => a - b);
  for (const list of groupCauses.values()) list.sort((a, b) => a - b);
  return { down, affected, affectedByTier, causes, causeCount, groupCauses };
}

/** The targets, the owners of every group, and everything they depend on. */
function relevantServices(cg: CompiledGraph, mode: Uint8Array, opts: SweepOptions): Uint8Array {
  const from = [...(opts.targets ?? [])];
  if (opts.groups) {
    for (let r = 0; r < mode.length; r++) {
      if (mode[r] !== MODE_NONE && cg.memberStart[r + 1]! - cg.memberStart[r]! >= 2) from.push(cg.reqOwner[r]!);
    }
  }
  return dependencyClosure(cg, mode, from);
}
