/**
 * Evidence for a finding: a dependency path that explains why a service is down (or
 * degraded) after a failure, each step a requirement whose effect accounts for the state of
 * the service before it; and the catalog positions of those requirements.
 */
import type { Catalog, Dependency, SourcePos } from '../catalog/model.js';
import type { CompiledGraph } from '../graph/compile.js';
import type { PathStep, Via } from './findings.js';
import { DOWN, MODE_FAIL_ON_DEGRADED, MODE_HARD, MODE_NONE, UP, type FailureEvaluator } from './semantics.js';

/** The catalog dependency behind compiled requirement r (one requirement per `dependsOn` entry). */
export function dependencyOf(catalog: Catalog, cg: CompiledGraph, r: number): Dependency {
  const owner = cg.reqOwner[r]!;
  return catalog.services.get(cg.ids[owner]!)!.dependsOn[r - cg.reqStart[owner]!]!;
}

/** Where requirement r names `memberId` (the entry itself when the member is not found). */
export function memberPos(catalog: Catalog, cg: CompiledGraph, r: number, memberId: string): SourcePos {
  const d = dependencyOf(catalog, cg, r);
  const i = d.of.indexOf(memberId);
  return (i >= 0 ? d.memberPos[i] : undefined) ?? d.pos;
}

export function step(catalog: Catalog, id: string, via?: Via): PathStep {
  const s = catalog.services.get(id)!;
  return { id, name: s.name, tier: s.tier, ...(via ? { via } : {}) };
}

/** What a step of an explanation must show about a service: that it is down, or merely not up. */
export const NEED_DOWN = 0;
export const NEED_IMPAIRED = 1;

/**
 * Explains the evaluator's last run: paths along requirements whose effect accounts for
 * what the previous step needs. A service needed down is explained by a requirement that
 * takes it down: a hard one through its down members, or a failOn: degraded one through
 * members that need only be impaired; a service needed impaired (down or degraded) by any
 * requirement with fewer than its quorum of members up, through those members.
 *
 * A path is a shortest one, and among those the first in requirement and member order: a
 * breadth-first search over (service, need) pairs. When many paths lead to one service
 * (every SPOF of a failure, every lost member of the groups it defeats), {@link towards}
 * computes each pair's distance to it once, and each path is then a walk that takes the
 * first step one closer, which finds the same path (the breadth-first tree path to a node is
 * the lexicographically first of the shortest paths to it). Scratch arrays are allocated on
 * first use and reused, so one explainer serves any number of runs.
 */
export class Explainer {
  /** Breadth-first search scratch, over keys service·2 + need: visit stamps, parents, queue. */
  private mark: Uint32Array | undefined;
  private parentKey: Uint32Array | undefined;
  private parentReq: Uint32Array | undefined;
  private queue: Uint32Array | undefined;
  private gen = 0;
  /** Distances to `towardsTo` in run `towardsRun` (valid where dmark = dgen), and memoised steps. */
  private dmark: Uint32Array | undefined;
  private dist: Uint32Array | undefined;
  private smark: Uint32Array | undefined;
  private stepNext: Uint32Array | undefined;
  private stepObj: PathStep[] = [];
  private dgen = 0;
  private towardsTo = -1;
  private towardsRun = -1;

  constructor(
    readonly catalog: Catalog,
    readonly cg: CompiledGraph,
    readonly ev: FailureEvaluator,
  ) {}

  /**
   * What requirement r carries in the current state for an owner needed `need`: NEED_DOWN
   * (its down members), NEED_IMPAIRED (its members not up), or -1 when it does not account
   * for that need.
   */
  private carried(r: number, need: number): number {
    const { cg, ev } = this;
    const m = ev.mode[r]!;
    if (m === MODE_NONE) return -1;
    const lo = cg.memberStart[r]!;
    const hi = cg.memberStart[r + 1]!;
    const slack = hi - lo - cg.reqAtLeast[r]!;
    let down = 0;
    let impaired = 0;
    for (let j = lo; j < hi; j++) {
      const st = ev.state[cg.reqMembers[j]!]!;
      if (st !== UP) impaired++;
      if (st === DOWN) down++;
    }
    if (need === NEED_DOWN && m === MODE_HARD && down > slack) return NEED_DOWN;
    if ((need === NEED_IMPAIRED || m === MODE_FAIL_ON_DEGRADED) && impaired > slack) return NEED_IMPAIRED;
    return -1;
  }

  /** True when service x is in the state `need` asks for (down, or merely not up). */
  private meets(x: number, need: number): boolean {
    const st = this.ev.state[x]!;
    return need === NEED_DOWN ? st === DOWN : st !== UP;
  }

  /** Members of requirement r that carry the needed effect in the current state, and what they in turn need. */
  private carriers(r: number, need: number): { members: number[]; next: number } {
    const next = this.carried(r, need);
    if (next < 0) return { members: [], next: need };
    const { cg } = this;
    const members: number[] = [];
    for (let j = cg.memberStart[r]!; j < cg.memberStart[r + 1]!; j++) {
      const x = cg.reqMembers[j]!;
      if (this.meets(x, next)) members.push(x);
    }
    return { members, next };
  }

  /**
   * Prepares paths to service `to` in the current run: the distance of every (service,
   * need) pair to it, by one backward search over the services the run affected. Later
   * {@link path} calls towards `to` are then walks, until the evaluator runs again.
   */
  towards(to: number): void {
    const { cg, ev } = this;
    const size = 2 * cg.n;
    if (!this.dmark || this.dmark.length !== size) {
      this.dmark = new Uint32Array(size);
      this.dist = new Uint32Array(size);
      this.smark = new Uint32Array(size);
      this.stepNext = new Uint32Array(size);
      this.stepObj = new Array<PathStep>(size);
    }
    if (!this.queue || this.queue.length !== size) this.queue = new Uint32Array(size);
    const dmark = this.dmark;
    const dist = this.dist!;
    const queue = this.queue;
    const gen = ++this.dgen;
    this.towardsTo = to;
    this.towardsRun = ev.runs;
    let tail = 0;
    for (const need of [NEED_DOWN, NEED_IMPAIRED]) {
      if (!this.meets(to, need)) continue;
      const k = to * 2 + need;
      dmark[k] = gen;
      dist[k] = 0;
      queue[tail++] = k;
    }
    for (let head = 0; head < tail; head++) {
      const v = queue[head]!;
      const x = v >> 1;
      const nx = v & 1;
      const d = dist[v]! + 1;
      for (let i = cg.revStart[x]!; i < cg.revStart[x + 1]!; i++) {
        const r = cg.revReqs[i]!;
        const s = cg.reqOwner[r]!;
        if (ev.state[s] === UP) continue;
        for (let need = NEED_DOWN; need <= NEED_IMPAIRED; need++) {
          const u = s * 2 + need;
          if (dmark[u] === gen || !this.meets(s, need) || this.carried(r, need) !== nx) continue;
          dmark[u] = gen;
          dist[u] = d;
          queue[tail++] = u;
        }
      }
    }
  }

  /**
   * Shortest explaining path from service `from` (needed down, or impaired) to service `to`
   * (indices), as steps from `from`; undefined when the current state does not lead there.
   */
  path(from: number, to: number, need: number = NEED_DOWN): PathStep[] | undefined {
    if (!this.meets(from, need)) return undefined;
    if (to === this.towardsTo && this.ev.runs === this.towardsRun) return this.walk(from * 2 + need);
    const { cg } = this;
    const size = 2 * cg.n;
    if (!this.mark || this.mark.length !== size) {
      this.mark = new Uint32Array(size);
      this.parentKey = new Uint32Array(size);
      this.parentReq = new Uint32Array(size);
    }
    if (!this.queue || this.queue.length !== size) this.queue = new Uint32Array(size);
    const mark = this.mark;
    const parentKey = this.parentKey!;
    const parentReq = this.parentReq!;
    const queue = this.queue;
    const gen = ++this.gen;
    const startKey = from * 2 + need;
    mark[startKey] = gen;
    queue[0] = startKey;
    let tail = 1;
    let goal = -1;
    for (let head = 0; head < tail; head++) {
      const key = queue[head]!;
      const s = key >> 1;
      if (s === to) {
        goal = key;
        break;
      }
      for (let r = cg.reqStart[s]!; r < cg.reqStart[s + 1]!; r++) {
        const next = this.carried(r, key & 1);
        if (next < 0) continue;
        for (let j = cg.memberStart[r]!; j < cg.memberStart[r + 1]!; j++) {
          const x = cg.reqMembers[j]!;
          const k = x * 2 + next;
          if (mark[k] === gen || !this.meets(x, next)) continue;
          mark[k] = gen;
          parentKey[k] = key;
          parentReq[k] = r;
          queue[tail++] = k;
        }
      }
    }
    if (goal < 0) return undefined;
    const nodes: number[] = [];
    const reqs: number[] = [];
    for (let k = goal; k !== startKey; k = parentKey[k]!) {
      nodes.push(k >> 1);
      reqs.push(parentReq[k]!);
    }
    nodes.push(from);
    nodes.reverse();
    reqs.reverse();
    return nodes.map((node, i) => {
      const id = cg.ids[node]!;
      return i === 0 ? step(this.catalog, id) : step(this.catalog, id, this.via(reqs[i - 1]!, id));
    });
  }

  /** The path from `startKey` by steps one closer to `towardsTo` each, first in requirement and member order. */
  private walk(startKey: number): PathStep[] | undefined {
    const { cg } = this;
    const dmark = this.dmark!;
    const dist = this.dist!;
    const smark = this.smark!;
    const stepNext = this.stepNext!;
    const gen = this.dgen;
    if (dmark[startKey] !== gen) return undefined;
    const steps = [step(this.catalog, cg.ids[startKey >> 1]!)];
    for (let u = startKey; dist[u]! > 0; u = stepNext[u]!) {
      if (smark[u] !== gen) {
        const d = dist[u]! - 1;
        const s = u >> 1;
        let found = -1;
        let via = -1;
        for (let r = cg.reqStart[s]!; r < cg.reqStart[s + 1]! && found < 0; r++) {
          const next = this.carried(r, u & 1);
          if (next < 0) continue;
          for (let j = cg.memberStart[r]!; j < cg.memberStart[r + 1]!; j++) {
            const k = cg.reqMembers[j]! * 2 + next;
            if (dmark[k] === gen && dist[k] === d && this.meets(k >> 1, next)) {
              found = k;
              via = r;
              break;
            }
          }
        }
        const id = cg.ids[found >> 1]!;
        smark[u] = gen;
        stepNext[u] = found;
        this.stepObj[u] = step(this.catalog, id, this.via(via, id));
      }
      steps.push(this.stepObj[u]!);
    }
    return steps;
  }

  /** How requirement r reaches member `memberId`, with the group's lost members in the current state. */
  via(r: number, memberId: string): Via {
    const { cg, catalog } = this;
    const d = dependencyOf(catalog, cg, r);
    const base = { type: d.type, failOn: d.failOn, pos: memberPos(catalog, cg, r, memberId) };
    if (!d.group) return base;
    // The members the group lost in this failure: down ones when that is what defeats it.
    const downOnes = this.carriers(r, NEED_DOWN).members;
    const lost = [...new Set((downOnes.length ? downOnes : this.carriers(r, NEED_IMPAIRED).members).map((x) => cg.ids[x]!))].sort();
    return { ...base, group: { atLeast: d.atLeast, size: d.of.length, lost } };
  }
}
