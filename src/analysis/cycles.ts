/**
 * Cold-start deadlocks: cycles of hard dependencies (hard or failOn: degraded, redundancy
 * groups included) that cannot start from nothing. The warm analyses use the least fixpoint
 * (a running cycle stays up until something outside forces it down); here every service
 * starts down and comes up once each of its blocking requirements has its quorum up.
 *
 * A strongly connected component is reported when it cannot start *on its own*, i.e. even
 * with every service outside it up; a cycle whose groups can reach quorum through members
 * outside it is not a deadlock. The services a deadlock blocks are those that cannot start
 * while its stuck services stay down, every other deadlock assumed fixed.
 */
import type { Catalog } from '../catalog/model.js';
import type { CompiledGraph } from '../graph/compile.js';
import { memberPos, step } from './evidence.js';
import type { CycleFinding } from './findings.js';
import { requirementEdges, stronglyConnected } from './order.js';
import { FailureEvaluator, isBlocking } from './semantics.js';

export interface ColdStartOptions {
  /** Services that start regardless of their dependencies (1 = free). */
  readonly free?: Uint8Array;
  /** Services that never start (1 = never). */
  readonly never?: Uint8Array;
}

/**
 * Which services come up from a cold start (all down at first): a service starts once
 * every blocking requirement (hard, or failOn: degraded) has its quorum of members up.
 * Returns 1 per service that starts. A worklist over per-requirement counters: linear.
 */
export function coldStart(cg: CompiledGraph, mode: Uint8Array, opts: ColdStartOptions = {}): Uint8Array {
  const up = new Uint8Array(cg.n);
  const unsatisfied = new Uint32Array(cg.n);
  const upCount = new Uint32Array(cg.reqType.length);
  const queue: number[] = [];
  const start = (s: number): void => {
    if (up[s] || opts.never?.[s]) return;
    up[s] = 1;
    queue.push(s);
  };
  for (let s = 0; s < cg.n; s++) {
    for (let r = cg.reqStart[s]!; r < cg.reqStart[s + 1]!; r++) if (isBlocking(mode[r]!)) unsatisfied[s]!++;
    if (unsatisfied[s] === 0 || opts.free?.[s]) start(s);
  }
  for (let head = 0; head < queue.length; head++) {
    const x = queue[head]!;
    for (let k = cg.revStart[x]!; k < cg.revStart[x + 1]!; k++) {
      const r = cg.revReqs[k]!;
      if (!isBlocking(mode[r]!)) continue;
      if (++upCount[r]! !== cg.reqAtLeast[r]) continue;
      const owner = cg.reqOwner[r]!;
      if (--unsatisfied[owner]! === 0) start(owner);
    }
  }
  return up;
}

export interface Deadlock {
  /** Services of the component that cannot start, ascending index. */
  readonly stuck: readonly number[];
  /** One cycle among them: indices, first repeated at the end. */
  readonly path: readonly number[];
  /** Requirement used for each step of `path` (path[i] → path[i+1]). */
  readonly pathReqs: readonly number[];
  /** Other services that cannot start because of this deadlock alone, ascending index. */
  readonly blocked: readonly number[];
}

export function coldStartDeadlocks(cg: CompiledGraph, ev = new FailureEvaluator(cg)): Deadlock[] {
  const mode = ev.mode;
  const blocking = (r: number): boolean => isBlocking(mode[r]!);
  const comps = stronglyConnected(requirementEdges(cg, blocking));
  const out: Deadlock[] = [];
  const up = new Uint8Array(cg.n);
  for (let c = 0; c < comps.count; c++) {
    const lo = comps.compStart[c]!;
    const hi = comps.compStart[c + 1]!;
    if (hi - lo < 2) continue;
    const members = Array.from(comps.order.subarray(lo, hi)).sort((a, b) => a - b);
    const inComp = (x: number): boolean => comps.comp[x] === c;
    // Outside the component everything counts as up; inside, nothing until it can start.
    const satisfied = (r: number): boolean => {
      let count = 0;
      for (let j = cg.memberStart[r]!; j < cg.memberStart[r + 1]!; j++) {
        const x = cg.reqMembers[j]!;
        if (!inComp(x) || up[x]) count++;
      }
      return count >= cg.reqAtLeast[r]!;
    };
    let changed = true;
    while (changed) {
      changed = false;
      for (const s of members) {
        if (up[s]) continue;
        let ok = true;
        for (let r = cg.reqStart[s]!; r < cg.reqStart[s + 1]! && ok; r++) if (blocking(r) && !satisfied(r)) ok = false;
        if (ok) {
          up[s] = 1;
          changed = true;
        }
      }
    }
    const stuck = members.filter((s) => !up[s]);
    for (const s of members) up[s] = 0;
    if (stuck.length === 0) continue;
    const isStuck = new Set(stuck);
    // Edges that hold a stuck service back: unsatisfied blocking requirements → stuck members.
    const next = (s: number): Array<[number, number]> => {
      const edges: Array<[number, number]> = [];
      for (let r = cg.reqStart[s]!; r < cg.reqStart[s + 1]!; r++) {
        if (!blocking(r) || satisfied(r)) continue;
        for (let j = cg.memberStart[r]!; j < cg.memberStart[r + 1]!; j++) {
          const x = cg.reqMembers[j]!;
          if (isStuck.has(x)) edges.push([x, r]);
        }
      }
      return edges;
    };
    let found: { path: number[]; reqs: number[] } | undefined;
    for (const start of stuck) {
      found = shortestCycle(start, next);
      if (found) break;
    }
    const { path, reqs } = found ?? { path: [stuck[0]!, stuck[0]!], reqs: [] };
    out.push({ stuck, path, pathReqs: reqs, blocked: [] });
  }
  // What each deadlock blocks: cold start with its stuck services held down and every
  // other deadlock's stuck services free to start.
  return out.map((d, i) => {
    const free = new Uint8Array(cg.n);
    const never = new Uint8Array(cg.n);
    out.forEach((o, j) => {
      for (const s of o.stuck) (j === i ? never : free)[s] = 1;
    });
    const started = coldStart(cg, mode, { free, never });
    const blocked: number[] = [];
    for (let s = 0; s < cg.n; s++) if (!started[s] && !never[s]) blocked.push(s);
    return { ...d, blocked };
  });
}

function shortestCycle(start: number, next: (s: number) => Array<[number, number]>): { path: number[]; reqs: number[] } | undefined {
  const prev = new Map<number, [number, number]>();
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const s = queue[head]!;
    for (const [x, r] of next(s)) {
      if (x === start) {
        const path = [start];
        const reqs = [r];
        for (let v = s; v !== start; v = prev.get(v)![0]) {
          path.unshift(v);
          reqs.unshift(prev.get(v)![1]);
        }
        path.unshift(start);
        return { path, reqs };
      }
      if (!prev.has(x) && x !== start) {
        prev.set(x, [s, r]);
        queue.push(x);
      }
    }
  }
  return undefined;
}

/** Findings for the deadlocks of `cg` (severity high). */
export function cycleFindings(catalog: Catalog, cg: CompiledGraph, ev = new FailureEvaluator(cg)): CycleFinding[] {
  return coldStartDeadlocks(cg, ev).map((d) => {
    const ids = d.stuck.map((i) => cg.ids[i]!).sort();
    const path = d.path.map((i) => cg.ids[i]!);
    const steps = path.map((id, i) => {
      if (i === 0) return step(catalog, id);
      const r = d.pathReqs[i - 1]!;
      const dep = catalog.services.get(path[i - 1]!)!.dependsOn[r - cg.reqStart[cg.reqOwner[r]!]!]!;
      return step(catalog, id, { type: dep.type, failOn: dep.failOn, pos: memberPos(catalog, cg, r, id), ...(dep.group ? { group: { atLeast: dep.atLeast, size: dep.of.length, lost: [] } } : {}) });
    });
    const blocked = d.blocked.map((i) => cg.ids[i]!).sort();
    return {
      kind: 'cycle',
      severity: 'high',
      fingerprint: `cycle:${ids.join('+')}`,
      title: `cold-start deadlock: ${path.join(' → ')}${ids.length > path.length - 1 ? ` (${ids.length} services cannot start)` : ''}${blocked.length ? `; blocks ${blocked.length} more` : ''}`,
      services: ids,
      path,
      blocked,
      location: steps[1]?.via?.pos ?? catalog.services.get(path[0]!)!.pos,
      related: steps.slice(2).map((s, i) => ({ pos: s.via!.pos, message: `${steps[i + 1]!.id} depends on ${s.id}` })),
      evidence: [steps],
      remedy: 'none of these can start before the others: make one of these dependencies soft or async, or let a redundancy group reach its quorum outside the cycle, so one service can start first',
    };
  });
}
