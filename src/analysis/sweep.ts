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
import { MODE_FAIL_ON_DEGRADED, MODE_HARD, MODE_NONE, MODE_SOFT, requirementModes } from './semantics.js';
import { dependencyClosure, requirementEdges, stronglyConnected } from './order.js';

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

const NOT_SWEPT = 0xffffffff;

/** The swept services in dependencies-first order, strongly connected components contiguous. */
interface Layout {
  readonly order: Uint32Array;
  /** Position of each service in `order`, NOT_SWEPT when it is not swept. */
  readonly pos: Uint32Array;
  /** Component of each position; component c spans compStart[c] .. compStart[c+1]-1. */
  readonly compOfPos: Uint32Array;
  readonly compStart: Uint32Array;
  readonly count: number;
}

function layout(cg: CompiledGraph, mode: Uint8Array, keep: Uint8Array | undefined): Layout {
  const comps = stronglyConnected(requirementEdges(cg, (r) => mode[r] !== MODE_NONE));
  // A kept set is closed under dependencies, so it holds whole components.
  const order = keep ? comps.order.filter((s) => keep[s] === 1) : comps.order;
  const pos = new Uint32Array(cg.n).fill(NOT_SWEPT);
  const compOfPos = new Uint32Array(order.length);
  const starts: number[] = [];
  let count = 0;
  for (let p = 0; p < order.length; p++) {
    if (p === 0 || comps.comp[order[p]!] !== comps.comp[order[p - 1]!]) {
      starts.push(p);
      count++;
    }
    compOfPos[p] = count - 1;
    pos[order[p]!] = p;
  }
  starts.push(order.length);
  return { order, pos, compOfPos, compStart: Uint32Array.from(starts), count };
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

/** Requirements re-indexed by position in the dependencies-first order (only those with an effect). */
interface Positional {
  readonly reqStart: Uint32Array;
  readonly reqMode: Uint8Array;
  /** n - k + 1: how many members must be lost (down, or not up) for the requirement to act. */
  readonly reqThreshold: Uint32Array;
  readonly reqOwnerPos: Uint32Array;
  readonly reqOrig: Uint32Array;
  readonly memberStart: Uint32Array;
  readonly members: Uint32Array;
  readonly hasSoft: boolean;
  readonly maxThreshold: number;
  /** Positional indices of requirements with at least two members. */
  readonly groupReqs: readonly number[];
}

function buildPositional(cg: CompiledGraph, mode: Uint8Array, comps: Layout): Positional {
  const n = comps.order.length;
  const reqStart = new Uint32Array(n + 1);
  const reqs: number[] = [];
  for (let p = 0; p < n; p++) {
    reqStart[p] = reqs.length;
    const s = comps.order[p]!;
    for (let r = cg.reqStart[s]!; r < cg.reqStart[s + 1]!; r++) if (mode[r] !== MODE_NONE) reqs.push(r);
  }
  reqStart[n] = reqs.length;
  const nr = reqs.length;
  const reqMode = new Uint8Array(nr);
  const reqThreshold = new Uint32Array(nr);
  const reqOwnerPos = new Uint32Array(nr);
  const reqOrig = Uint32Array.from(reqs);
  const memberStart = new Uint32Array(nr + 1);
  let nm = 0;
  for (const r of reqs) nm += cg.memberStart[r + 1]! - cg.memberStart[r]!;
  const members = new Uint32Array(nm);
  let hasSoft = false;
  let maxThreshold = 1;
  const groupReqs: number[] = [];
  let k = 0;
  for (let q = 0; q < nr; q++) {
    const r = reqs[q]!;
    reqMode[q] = mode[r]!;
    if (mode[r] === MODE_SOFT) hasSoft = true;
    const size = cg.memberStart[r + 1]! - cg.memberStart[r]!;
    reqThreshold[q] = size - cg.reqAtLeast[r]! + 1;
    if (reqThreshold[q]! > maxThreshold) maxThreshold = reqThreshold[q]!;
    reqOwnerPos[q] = comps.pos[cg.reqOwner[r]!]!;
    memberStart[q] = k;
    for (let j = cg.memberStart[r]!; j < cg.memberStart[r + 1]!; j++) members[k++] = comps.pos[cg.reqMembers[j]!]!;
    if (size >= 2) groupReqs.push(q);
  }
  memberStart[nr] = k;
  return { reqStart, reqMode, reqThreshold, reqOwnerPos, reqOrig, memberStart, members, hasSoft, maxThreshold, groupReqs };
}

interface EvalContext {
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

/** Recomputes the rows of the service at position p from its requirements' member rows. */
/**
 * Re-evaluates rows cs..ce-1 (one strongly connected block) until none changes: the least
 * fixpoint of a cycle. `scratch` holds 2·W words for the before-image of a row.
 */
function settleBlock(ctx: EvalContext, D: Uint32Array, I: Uint32Array, scratch: Uint32Array, W: number, cs: number, ce: number): void {
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

function evaluate(ctx: EvalContext, p: number): void {
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
function threshold(ctx: EvalContext, q: number, rows: Uint32Array): boolean {
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
function addRow(planes: Uint32Array, rows: Uint32Array, base: number, W: number, bits: number): void {
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

function readCount(planes: Uint32Array, w: number, bit: number, W: number, bits: number): number {
  let c = 0;
  for (let b = 0; b < bits; b++) c += ((planes[b * W + w]! >>> bit) & 1) << b;
  return c;
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}
