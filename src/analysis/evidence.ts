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
 */
export class Explainer {
  constructor(
    readonly catalog: Catalog,
    readonly cg: CompiledGraph,
    readonly ev: FailureEvaluator,
  ) {}

  /** Members of requirement r that carry the needed effect in the current state, and what they in turn need. */
  private carriers(r: number, need: number): { members: number[]; next: number } {
    const { cg, ev } = this;
    const m = ev.mode[r]!;
    const none = { members: [], next: need };
    if (m === MODE_NONE) return none;
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
    let next: number;
    if (need === NEED_DOWN && m === MODE_HARD && down > slack) next = NEED_DOWN;
    else if ((need === NEED_IMPAIRED || m === MODE_FAIL_ON_DEGRADED) && impaired > slack) next = NEED_IMPAIRED;
    else return none;
    const members: number[] = [];
    for (let j = lo; j < hi; j++) {
      const x = cg.reqMembers[j]!;
      const st = ev.state[x]!;
      if (next === NEED_DOWN ? st === DOWN : st !== UP) members.push(x);
    }
    return { members, next };
  }

  /**
   * Shortest explaining path from service `from` (needed down, or impaired) to service `to`
   * (indices), as steps from `from`; undefined when the current state does not lead there.
   */
  path(from: number, to: number, need: number = NEED_DOWN): PathStep[] | undefined {
    const { cg, ev, catalog } = this;
    if (ev.state[from] === UP || (need === NEED_DOWN && ev.state[from] !== DOWN)) return undefined;
    // BFS over (service, need) pairs, keyed service·2 + need.
    const prev = new Map<number, { key: number; r: number }>();
    const startKey = from * 2 + need;
    const queue = [startKey];
    const seen = new Set([startKey]);
    let goal = -1;
    for (let head = 0; head < queue.length && goal < 0; head++) {
      const key = queue[head]!;
      const s = key >> 1;
      if (s === to) {
        goal = key;
        break;
      }
      for (let r = cg.reqStart[s]!; r < cg.reqStart[s + 1]!; r++) {
        const { members, next } = this.carriers(r, key & 1);
        for (const x of members) {
          const k = x * 2 + next;
          if (seen.has(k)) continue;
          seen.add(k);
          prev.set(k, { key, r });
          queue.push(k);
        }
      }
    }
    if (goal < 0) return undefined;
    const nodes: number[] = [];
    const reqs: number[] = [];
    for (let k = goal; k !== startKey; ) {
      const p = prev.get(k)!;
      nodes.push(k >> 1);
      reqs.push(p.r);
      k = p.key;
    }
    nodes.push(from);
    nodes.reverse();
    reqs.reverse();
    return nodes.map((node, i) => {
      const id = cg.ids[node]!;
      return i === 0 ? step(catalog, id) : step(catalog, id, this.via(reqs[i - 1]!, id));
    });
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
