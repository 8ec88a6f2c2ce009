/**
 * Evidence for a finding: a dependency path that explains why a service is down (or
 * degraded) after a failure, each step a requirement whose effect accounts for the state of
 * the service before it; and the catalog positions of those requirements.
 */
import type { Catalog, Dependency, SourcePos } from '../catalog/model.js';
import type { CompiledGraph } from '../graph/compile.js';
import type { PathStep, Via } from './findings.js';
import { DOWN, MODE_HARD, MODE_NONE, UP, requirementEffect, type FailureEvaluator } from './semantics.js';

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

/**
 * Explains the evaluator's last run: paths along requirements whose effect accounts for
 * each service's state. A down service is explained by a requirement that takes it down
 * (through its down members, or its impaired members for failOn: degraded); a degraded one
 * by any requirement that degrades it (through impaired members).
 */
export class Explainer {
  constructor(
    readonly catalog: Catalog,
    readonly cg: CompiledGraph,
    readonly ev: FailureEvaluator,
  ) {}

  /** Members of requirement r that carry its effect on `owner` in the current state, or none. */
  private carriers(owner: number, r: number): number[] {
    const { cg, ev } = this;
    const m = ev.mode[r]!;
    if (m === MODE_NONE) return [];
    const effect = requirementEffect(cg, ev.mode, ev.state, r);
    const have = ev.state[owner]!;
    if (effect === UP || effect < have) return [];
    const needDown = have === DOWN && m === MODE_HARD;
    const out: number[] = [];
    for (let j = cg.memberStart[r]!; j < cg.memberStart[r + 1]!; j++) {
      const x = cg.reqMembers[j]!;
      const st = ev.state[x]!;
      if (needDown ? st === DOWN : st !== UP) out.push(x);
    }
    return out;
  }

  /**
   * Shortest explaining path from service `from` to service `to` (indices), as steps from
   * `from`; undefined when the current state does not lead from one to the other.
   */
  path(from: number, to: number): PathStep[] | undefined {
    const { cg, ev, catalog } = this;
    if (ev.state[from] === UP) return undefined;
    const prev = new Map<number, { node: number; r: number }>();
    const queue = [from];
    const seen = new Set([from]);
    for (let head = 0; head < queue.length && !seen.has(to); head++) {
      const s = queue[head]!;
      if (s === to) break;
      for (let r = cg.reqStart[s]!; r < cg.reqStart[s + 1]!; r++) {
        for (const x of this.carriers(s, r)) {
          if (seen.has(x)) continue;
          seen.add(x);
          prev.set(x, { node: s, r });
          queue.push(x);
        }
      }
    }
    if (!seen.has(to)) return undefined;
    const nodes: number[] = [];
    const reqs: number[] = [];
    for (let x = to; x !== from; ) {
      const p = prev.get(x)!;
      nodes.push(x);
      reqs.push(p.r);
      x = p.node;
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
    const owner = cg.reqOwner[r]!;
    const lost = [...new Set(this.carriers(owner, r).map((x) => cg.ids[x]!))].sort();
    return { ...base, group: { atLeast: d.atLeast, size: d.of.length, lost } };
  }
}
