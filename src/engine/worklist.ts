/**
 * The work list of one instant (docs/model.md, "Within an instant"): the services waiting to be
 * evaluated, each at most once, taken in one fixed order of the catalog with every dependency
 * before its dependents and the members of a cyclic block together, found from the services'
 * ids (never from the order the catalog lists them in, which is no part of the architecture).
 * So, outside cyclic blocks, a service is evaluated once its dependencies have their states for
 * the instant, and once however many of them changed. A bit per service at its place in the order; taking the lowest set bit
 * scans forward from the lowest word that may hold one. The engine (simulate.ts) and the rank
 * replay (src/analysis/rank-replay.ts) share it, so they take the same order.
 */
import { requirementEdges, stronglyConnected } from '../analysis/order.js';
import type { CompiledGraph } from '../graph/compile.js';

/** An order of a graph's services with every dependency before its dependents (a cyclic block's members together). */
export interface WorkOrder {
  /** The service at each place. */
  readonly order: Uint32Array;
  /** The place of each service. */
  readonly pos: Uint32Array;
}

const orderByGraph = new WeakMap<CompiledGraph, WorkOrder>();

/** The order in which an instant's work list and the queues noted for judgment (judge.ts) are taken. */
export function workOrder(g: CompiledGraph): WorkOrder {
  let o = orderByGraph.get(g);
  if (o === undefined) {
    // the services numbered in the order of their ids, so that the order (a cyclic block's members
    // among themselves, and blocks that do not depend on each other) does not follow the order in
    // which the catalog lists them
    const n = g.n;
    const e = requirementEdges(g, () => true);
    const byId = Array.from({ length: n }, (_, i) => i).sort((a, b) => (g.ids[a]! < g.ids[b]! ? -1 : g.ids[a]! > g.ids[b]! ? 1 : 0));
    const rank = new Uint32Array(n);
    for (let k = 0; k < n; k++) rank[byId[k]!] = k;
    const start = new Uint32Array(n + 1);
    const adj = new Uint32Array(e.adj.length);
    let m = 0;
    for (let k = 0; k < n; k++) {
      const v = byId[k]!;
      start[k] = m;
      for (let j = e.start[v]!; j < e.start[v + 1]!; j++) adj[m++] = rank[e.adj[j]!]!;
    }
    start[n] = m;
    const c = stronglyConnected({ n, start, adj });
    const order = new Uint32Array(n);
    const pos = new Uint32Array(n);
    for (let p = 0; p < n; p++) { const v = byId[c.order[p]!]!; order[p] = v; pos[v] = p; }
    o = { order, pos };
    orderByGraph.set(g, o);
  }
  return o;
}

/** The services waiting to be evaluated in one instant: a bit per place of `workOrder`. */
export class WorkList {
  /** Services waiting. */
  length = 0;
  /** A bit per place of the order. */
  private readonly bits: Int32Array;
  /** The lowest word of `bits` that may hold a bit. */
  private min = 0;
  private readonly order: Uint32Array;
  private readonly pos: Uint32Array;

  constructor(g: CompiledGraph) {
    const o = workOrder(g);
    this.order = o.order;
    this.pos = o.pos;
    this.bits = new Int32Array((g.n + 31) >>> 5);
  }

  /** Puts service i on the list (once: a service already waiting stays where it is). */
  add(i: number): void {
    const p = this.pos[i]!;
    const w = p >>> 5;
    const x = this.bits[w]!;
    const b = 1 << (p & 31);
    if (x & b) return;
    this.bits[w] = x | b;
    if (w < this.min) this.min = w;
    this.length++;
  }

  /** Takes the waiting service that comes first in the order (call only while `length` > 0). */
  take(): number {
    const bits = this.bits;
    let w = this.min;
    let x = bits[w]!;
    while (x === 0) x = bits[++w]!;
    const low = x & -x;
    bits[w] = x ^ low;
    this.min = w;
    this.length--;
    return this.order[(w << 5) + 31 - Math.clz32(low)]!;
  }

  /** Empties the list (a run stopped within an instant leaves services on it). */
  clear(): void {
    this.bits.fill(0);
    this.min = 0;
    this.length = 0;
  }
}
