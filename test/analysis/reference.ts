/**
 * Reference implementations of the review's finding builders, in their straightforward form:
 * every (group, cause) pair and every cut-set candidate is evaluated from scratch on the whole
 * graph, and every evidence path is searched with its own breadth-first search. They are slow
 * (quadratic and worse on large catalogs) but obviously follow docs/review.md; the optimised
 * code in src/analysis must produce byte-identical findings (see reference.test.ts).
 */
import type { Catalog } from '../../src/catalog/model.js';
import { compileGraph, type CompiledGraph } from '../../src/graph/compile.js';
import { dependencyOf, memberPos, step } from '../../src/analysis/evidence.js';
import { compareFindings, severityForTier, type CutSetFinding, type Finding, type PathStep, type SharedFateFinding, type Severity, type SpofFinding, type Via } from '../../src/analysis/findings.js';
import { cycleFindings } from '../../src/analysis/cycles.js';
import { dependencyClosure } from '../../src/analysis/order.js';
import { criticalServices, DEFAULT_MAX_ORDER, type ReviewOptions, type ReviewResult } from '../../src/analysis/review.js';
import { DOWN, FailureEvaluator, MODE_FAIL_ON_DEGRADED, MODE_HARD, MODE_NONE, MODE_SOFT, UP } from '../../src/analysis/semantics.js';
import { sweepSingleFailures } from '../../src/analysis/sweep.js';
import { tierInversionFindings } from '../../src/analysis/tier-inversions.js';

const NEED_DOWN = 0;
const NEED_IMPAIRED = 1;

/** Shortest explaining paths in the evaluator's last run (docs/review.md), one BFS per path. */
export class ReferenceExplainer {
  constructor(
    readonly catalog: Catalog,
    readonly cg: CompiledGraph,
    readonly ev: FailureEvaluator,
  ) {}

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

  path(from: number, to: number, need: number = NEED_DOWN): PathStep[] | undefined {
    const { cg, ev, catalog } = this;
    if (ev.state[from] === UP || (need === NEED_DOWN && ev.state[from] !== DOWN)) return undefined;
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

  via(r: number, memberId: string): Via {
    const { cg, catalog } = this;
    const d = dependencyOf(catalog, cg, r);
    const base = { type: d.type, failOn: d.failOn, pos: memberPos(catalog, cg, r, memberId) };
    if (!d.group) return base;
    const downOnes = this.carriers(r, NEED_DOWN).members;
    const lost = [...new Set((downOnes.length ? downOnes : this.carriers(r, NEED_IMPAIRED).members).map((x) => cg.ids[x]!))].sort();
    return { ...base, group: { atLeast: d.atLeast, size: d.of.length, lost } };
  }
}

/**
 * SPOF findings, one per cause: one evaluation per cause, one breadth-first search per evidence
 * path (the most critical three targets), targets sorted by tier then id.
 */
export function referenceSpofFindings(catalog: Catalog, cg: CompiledGraph, causes: ReadonlyMap<number, readonly number[]>, ev = new FailureEvaluator(cg)): SpofFinding[] {
  const byCause = new Map<number, number[]>();
  for (const [t, cs] of causes) for (const c of cs) (byCause.get(c) ?? byCause.set(c, []).get(c)!).push(t);
  const explainer = new ReferenceExplainer(catalog, cg, ev);
  const out: SpofFinding[] = [];
  const tierOf = (i: number): number => catalog.services.get(cg.ids[i]!)!.tier;
  for (const [c, targets] of [...byCause].sort((a, b) => a[0] - b[0])) {
    ev.run([c]);
    const cause = cg.ids[c]!;
    const causeSvc = catalog.services.get(cause)!;
    const sorted = [...targets].sort((a, b) => tierOf(a) - tierOf(b) || (cg.ids[a]! < cg.ids[b]! ? -1 : 1));
    const ids = sorted.map((t) => cg.ids[t]!);
    const tierCounts = [0, 1, 2, 3].map((k) => sorted.filter((t) => tierOf(t) === k).length);
    const evidence = sorted.slice(0, 3).map((t) => explainer.path(t, c)).filter((p): p is PathStep[] => p !== undefined);
    const path = evidence[0] ?? [];
    const first = catalog.services.get(ids[0]!)!;
    const hops = path.length - 1;
    const throughGroup = path.find((p) => p.via?.group);
    const n = ids.length;
    const summary = tierCounts.flatMap((k, t) => (k > 0 ? [`${k} tier ${t}`] : [])).join(', ');
    out.push({
      kind: 'spof',
      severity: severityForTier(first.tier),
      fingerprint: `spof:${cause}`,
      title: `${cause} is a single point of failure for ${n === 1 ? `${ids[0]!} (tier ${first.tier})${hops > 1 ? `, ${hops} hops away` : ''}` : `${n} targets (${summary})`}`,
      cause,
      targets: ids,
      tierCounts,
      location: path[1]?.via?.pos ?? first.pos,
      related: evidence.flatMap((p) => p.slice(2).map((st, i) => ({ pos: st.via!.pos, message: `${p[i + 1]!.id} depends on ${st.id}` }))),
      evidence,
      remedy: throughGroup
        ? `the redundancy group of ${path[path.indexOf(throughGroup) - 1]!.id} does not protect against ${cause}: give its members independent dependencies (see the shared-fate finding)`
        : n === 1
          ? `make ${cause} redundant for ${ids[0]!} (a redundancy group whose members do not share a dependency), or make the dependency soft or async if ${ids[0]!} can work without ${causeSvc.name}`
          : `make ${cause} redundant (a redundancy group whose members do not share a dependency), or make the dependencies on it soft or async where its dependents can work without ${causeSvc.name}; \`blast review --explain ${cause}\` lists the path from each target`,
    });
  }
  return out;
}

/** Shared-fate findings: one evaluation and one path search per (group, cause, lost member). */
export function referenceSharedFateFindings(catalog: Catalog, cg: CompiledGraph, groupCauses: ReadonlyMap<number, readonly number[]>, ev = new FailureEvaluator(cg)): SharedFateFinding[] {
  const explainer = new ReferenceExplainer(catalog, cg, ev);
  const out: SharedFateFinding[] = [];
  for (const [r, causes] of [...groupCauses].sort((a, b) => a[0] - b[0])) {
    const d = dependencyOf(catalog, cg, r);
    if (!d.group || d.atLeast >= d.of.length || causes.length === 0) continue;
    const owner = cg.ids[cg.reqOwner[r]!]!;
    const ownerSvc = catalog.services.get(owner)!;
    const members = [...d.of];
    const groupKey = [...new Set(members)].sort().join('+');
    const soft = ev.mode[r] === MODE_SOFT;
    const severity: Severity = soft ? 'low' : ownerSvc.tier <= 1 ? 'high' : 'medium';
    // Per group: each cause evaluated alone; the one losing the most members (ties: lowest index) is shown.
    const onlyImpaired = soft || ev.mode[r] === MODE_FAIL_ON_DEGRADED;
    const ordered = [...causes].sort((a, b) => a - b);
    const lostBy = (c: number): string[] => {
      ev.run([c]);
      return [...new Set(members)].sort().filter((m) => {
        const mi = cg.index.get(m)!;
        return onlyImpaired ? ev.state[mi] !== UP : ev.state[mi] === DOWN;
      });
    };
    let c = ordered[0]!;
    for (const x of ordered) if (lostBy(x).length > lostBy(c).length) c = x;
    const lost = lostBy(c);
    const cause = cg.ids[c]!;
    const evidence = [];
    for (const m of lost) {
      const mi = cg.index.get(m)!;
      const path = mi === c ? undefined : explainer.path(mi, c, onlyImpaired ? NEED_IMPAIRED : NEED_DOWN);
      if (path) evidence.push(path);
    }
    const isMember = members.includes(cause);
    const others = ordered.length - 1;
    out.push({
      kind: 'shared-fate',
      severity,
      fingerprint: `shared-fate:${owner}:${groupKey}`,
      title: `the ${d.atLeast}-of-${members.length} group of ${owner} does not survive ${cause}${others ? ` or ${others} other single failure${others === 1 ? '' : 's'}` : ''}: ${lost.length} of ${members.length} members lost`,
      owner,
      group: { atLeast: d.atLeast, members },
      cause,
      causes: [cause, ...ordered.filter((x) => x !== c).map((x) => cg.ids[x]!)],
      lostBy: [lost, ...ordered.filter((x) => x !== c).map(lostBy)],
      lost,
      location: d.pos,
      related: evidence.map((p) => ({ pos: p[1]!.via!.pos, message: `${p[0]!.id} depends on ${p[1]!.id}${p.length > 2 ? ` (… ${cause})` : ''}` })),
      evidence,
      remedy: isMember
        ? `other members of the group depend on ${cause}, itself a member: remove that dependency so members fail independently`
        : `members share ${cause}${others ? ` (and ${others} other service${others === 1 ? '' : 's'})` : ''}: give each member its own (or a redundant) ${cause}, e.g. per zone or per region, or add a member that does not depend on it`,
    });
  }
  return out;
}

/** Minimal cut sets by exhaustive search on the whole graph (docs/review.md, "Minimal cut sets"). */
export function referenceMinimalCutSets(cg: CompiledGraph, target: number, opts: { maxOrder: number; budget?: number }, ev = new FailureEvaluator(cg)): { sets: number[][]; truncated: boolean } {
  const mode = ev.mode;
  const budget = opts.budget ?? 200_000;
  const closure = dependencyClosure(cg, mode, [target]);
  const sets: number[][] = [];
  const singles: number[] = [];
  let evaluations = 0;
  for (let v = 0; v < cg.n; v++) {
    if (!closure[v] || v === target) continue;
    ev.run([v]);
    evaluations++;
    if (ev.state[target] === DOWN) sets.push([v]);
    else singles.push(v);
  }
  if (opts.maxOrder < 2) return { sets, truncated: false };
  const groupMembers: number[] = [];
  for (let s = 0; s < cg.n; s++) {
    if (!closure[s]) continue;
    for (let r = cg.reqStart[s]!; r < cg.reqStart[s + 1]!; r++) {
      if (mode[r] === MODE_NONE || cg.memberStart[r + 1]! - cg.memberStart[r]! < 2) continue;
      for (let j = cg.memberStart[r]!; j < cg.memberStart[r + 1]!; j++) groupMembers.push(cg.reqMembers[j]!);
    }
  }
  const relevant = dependencyClosure(cg, mode, groupMembers);
  const candidates = singles.filter((v) => relevant[v]);
  const found = new Set<string>();
  let truncated = false;
  const chosen: number[] = [];
  const containsFound = (): boolean => {
    const k = chosen.length;
    for (let mask = 1; mask < (1 << k) - 1; mask++) {
      const sub: number[] = [];
      for (let i = 0; i < k; i++) if (mask & (1 << i)) sub.push(chosen[i]!);
      if (found.has(sub.join(','))) return true;
    }
    return false;
  };
  for (let order = 2; order <= opts.maxOrder && !truncated; order++) {
    const rec = (start: number): void => {
      if (truncated) return;
      if (chosen.length === order) {
        if (containsFound()) return;
        if (evaluations >= budget) {
          truncated = true;
          return;
        }
        evaluations++;
        ev.run(chosen);
        if (ev.state[target] === DOWN) {
          sets.push([...chosen]);
          found.add(chosen.join(','));
        }
        return;
      }
      for (let i = start; i <= candidates.length - (order - chosen.length); i++) {
        chosen.push(candidates[i]!);
        rec(i + 1);
        chosen.pop();
        if (truncated) return;
      }
    };
    rec(0);
  }
  return { sets, truncated };
}

/**
 * One cut-set finding per set: `targets` (catalog indices) are every target the set is a
 * minimal cut set of. Sorted by tier then id; the evidence is the first one's, a fresh
 * search per member.
 */
function referenceCutSetFinding(catalog: Catalog, cg: CompiledGraph, ev: FailureEvaluator, set: readonly number[], targets: readonly number[]): CutSetFinding {
  const tierOf = (i: number): number => catalog.services.get(cg.ids[i]!)!.tier;
  const sorted = [...targets].sort((a, b) => tierOf(a) - tierOf(b) || (cg.ids[a]! < cg.ids[b]! ? -1 : 1));
  const ids = sorted.map((t) => cg.ids[t]!);
  const first = catalog.services.get(ids[0]!)!;
  ev.run(set);
  const explainer = new ReferenceExplainer(catalog, cg, ev);
  const members = set.map((i) => cg.ids[i]!).sort();
  const evidence = set.map((m) => explainer.path(sorted[0]!, m)).filter((p): p is PathStep[] => p !== undefined);
  const tierCounts = [0, 1, 2, 3].map((k) => sorted.filter((t) => tierOf(t) === k).length);
  const summary = tierCounts.flatMap((k, t) => (k > 0 ? [`${k} tier ${t}`] : [])).join(', ');
  const n = ids.length;
  return {
    kind: 'cut-set',
    severity: first.tier === 0 && set.length === 2 ? 'low' : 'info',
    fingerprint: `cut-set:${members.join('+')}`,
    title: `${members.join(' + ')} failing together take ${n === 1 ? `${ids[0]!} (tier ${first.tier})` : `${n} targets (${summary})`} down`,
    set: members,
    targets: ids,
    tierCounts,
    location: evidence[0]?.[1]?.via?.pos ?? first.pos,
    related: evidence.flatMap((p) => (p.length > 1 ? [{ pos: p[p.length - 1]!.via!.pos, message: `${p[p.length - 2]!.id} depends on ${p[p.length - 1]!.id}` }] : [])),
    evidence,
    remedy: `make sure ${members.join(' and ')} cannot fail together (different zones, hosts, deploys), or add redundancy so ${set.length} failures are not enough${n > 1 ? `; \`blast review --explain ${members.join('+')}\` lists the paths from each target` : ''}`,
  };
}

/** `reviewCatalog` assembled from the reference builders above. */
export function referenceReview(catalog: Catalog, opts: ReviewOptions = {}): ReviewResult {
  const cg = compileGraph(catalog);
  const maxOrder = opts.maxOrder ?? DEFAULT_MAX_ORDER;
  const wanted = new Set(opts.targets ?? criticalServices(catalog));
  const targets = cg.ids.filter((id) => wanted.has(id));
  const targetIdx = targets.map((id) => cg.index.get(id)!);
  const sw = sweepSingleFailures(cg, { targets: targetIdx, groups: true, counts: false });
  const ev = new FailureEvaluator(cg);
  const causes = new Map(targetIdx.map((t) => [t, sw.causes.get(t) ?? []] as const));
  const findings: Finding[] = [
    ...referenceSpofFindings(catalog, cg, causes, ev),
    ...referenceSharedFateFindings(catalog, cg, sw.groupCauses, ev),
    ...cycleFindings(catalog, cg, ev),
    ...tierInversionFindings(catalog, cg, ev.mode),
  ];
  const truncated: string[] = [];
  if (maxOrder >= 2) {
    const bySet = new Map<string, { set: number[]; targets: number[] }>();
    for (const t of targetIdx) {
      const res = referenceMinimalCutSets(cg, t, { maxOrder, ...(opts.cutSetBudget !== undefined ? { budget: opts.cutSetBudget } : {}) }, ev);
      if (res.truncated) truncated.push(cg.ids[t]!);
      for (const set of res.sets) {
        if (set.length < 2) continue;
        const key = set.join(',');
        (bySet.get(key) ?? bySet.set(key, { set, targets: [] }).get(key)!).targets.push(t);
      }
    }
    for (const { set, targets: ts } of bySet.values()) findings.push(referenceCutSetFinding(catalog, cg, ev, set, ts));
  }
  return { catalog: catalog.meta.name ?? null, services: cg.n, targets, maxOrder, findings: findings.sort(compareFindings), truncatedCutSets: truncated };
}
