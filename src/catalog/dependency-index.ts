/**
 * The dependencies of a merged catalog resolved once to service numbers, for the rules that
 * read every dependency (unknown references, self-dependencies, duplicates, hard cycles) and
 * for compiling the graph: each member id is looked up once, and the cycle search runs over
 * integers in typed arrays instead of strings in maps.
 *
 * Services are numbered 0..n-1 in the map's order. Requirement r (one `dependsOn` entry) of
 * service i is r in reqStart[i] .. reqStart[i+1]-1; its members are
 * member[memberStart[r] .. memberStart[r+1]-1], each a service number or -1 when the id names
 * no service. Pure.
 */
import type { Dependency, Service } from './model.js';

export interface DependencyIndex {
  readonly ids: readonly string[];
  readonly services: readonly Service[];
  readonly reqStart: Uint32Array;
  /** The dependency objects, in requirement order. */
  readonly reqs: readonly Dependency[];
  readonly memberStart: Uint32Array;
  readonly member: Int32Array;
}

/** The index of `map`. */
export function dependencyIndex(map: ReadonlyMap<string, Service>): DependencyIndex {
  const ids: string[] = [];
  const services: Service[] = [];
  const index = new Map<string, number>();
  let nReq = 0;
  let nMem = 0;
  for (const [id, s] of map) {
    index.set(id, ids.length);
    ids.push(id);
    services.push(s);
    const deps = s.dependsOn;
    nReq += deps.length;
    for (let j = 0; j < deps.length; j++) nMem += deps[j]!.of.length;
  }
  const n = ids.length;
  const reqStart = new Uint32Array(n + 1);
  const memberStart = new Uint32Array(nReq + 1);
  const member = new Int32Array(nMem);
  const reqs: Dependency[] = new Array<Dependency>(nReq);
  let r = 0;
  let m = 0;
  for (let i = 0; i < n; i++) {
    reqStart[i] = r;
    const deps = services[i]!.dependsOn;
    for (let j = 0; j < deps.length; j++) {
      const d = deps[j]!;
      reqs[r] = d;
      memberStart[r++] = m;
      const of = d.of;
      for (let k = 0; k < of.length; k++) member[m++] = index.get(of[k]!) ?? -1;
    }
  }
  reqStart[n] = r;
  memberStart[nReq] = m;
  return { ids, services, reqStart, reqs, memberStart, member };
}

/**
 * Hard targets of every service, as a CSR over service numbers: for each hard requirement that
 * needs every member (a plain one, or a group with atLeast = size), its members that are
 * services other than the owner, in written order (repeats kept).
 */
export function hardTargets(x: DependencyIndex): { start: Uint32Array; to: Int32Array } {
  const n = x.ids.length;
  const start = new Uint32Array(n + 1);
  const to = new Int32Array(x.member.length);
  let e = 0;
  for (let i = 0; i < n; i++) {
    start[i] = e;
    for (let r = x.reqStart[i]!; r < x.reqStart[i + 1]!; r++) {
      const d = x.reqs[r]!;
      if (d.type !== 'hard' || d.atLeast < d.of.length) continue;
      for (let k = x.memberStart[r]!; k < x.memberStart[r + 1]!; k++) {
        const t = x.member[k]!;
        if (t >= 0 && t !== i) to[e++] = t;
      }
    }
  }
  start[n] = e;
  return { start, to: to.subarray(0, e) };
}

/**
 * Strongly connected components of the graph start/to over 0..n-1 (Tarjan's algorithm,
 * iterative), each as its service numbers, in the order Tarjan completes them with roots
 * visited in number order; only those of at least `minSize` services (2: the cycles, without
 * an array made for each of the many services on none).
 */
export function components(n: number, start: Uint32Array, to: Int32Array, minSize = 1): Int32Array[] {
  const order = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack = new Int32Array(n);
  const work = new Int32Array(n);
  const it = new Uint32Array(n);
  const out: Int32Array[] = [];
  let sp = 0;
  let next = 0;
  for (let root = 0; root < n; root++) {
    if (order[root]! >= 0) continue;
    let wp = 0;
    order[root] = low[root] = next++;
    stack[sp++] = root;
    onStack[root] = 1;
    it[root] = start[root]!;
    work[wp++] = root;
    while (wp > 0) {
      const v = work[wp - 1]!;
      if (it[v]! < start[v + 1]!) {
        const w = to[it[v]++]!;
        if (order[w]! < 0) {
          order[w] = low[w] = next++;
          stack[sp++] = w;
          onStack[w] = 1;
          it[w] = start[w]!;
          work[wp++] = w;
        } else if (onStack[w] && order[w]! < low[v]!) low[v] = order[w]!;
        continue;
      }
      wp--;
      if (wp > 0) {
        const p = work[wp - 1]!;
        if (low[v]! < low[p]!) low[p] = low[v]!;
      }
      if (low[v] === order[v]) {
        let s = sp;
        do s--;
        while (stack[s] !== v);
        for (let k = s; k < sp; k++) onStack[stack[k]!] = 0;
        if (sp - s >= minSize) out.push(stack.slice(s, sp).reverse());
        sp = s;
      }
    }
  }
  return out;
}
