/**
 * Minimal cut sets as findings, one per cut set: every target it is a minimal cut set of
 * (the failures together take the target down, no fewer of them do), most critical first,
 * counted per tier, with one evidence path per member from the most critical target. The
 * sets come from the search of cut-sets.ts, run on each target's dependency subgraph; the
 * evidence for every target of one set is {@link explainCutSet}'s, on demand
 * (`blast review --explain a+b`).
 */
import type { Catalog, SourcePos } from '../catalog/model.js';
import type { CompiledGraph } from '../graph/compile.js';
import { cutSetSearch } from './cut-sets.js';
import { Explainer } from './evidence.js';
import { cutSetSeverity, type CutSetFinding, type PathStep, type RelatedLocation } from './findings.js';
import { DOWN, FailureEvaluator, requirementModes } from './semantics.js';
import { tierSummary } from './spof.js';
import { SubgraphBuilder } from './subgraph.js';

export interface CutSetFindingOptions {
  /** Largest set size looked for (cut-set findings have 2 or more members). */
  readonly maxOrder: number;
  /** Failure sets examined per target before its search stops (cut-sets.ts; default 200 000). */
  readonly budget?: number;
}

export interface CutSetFindingsResult {
  readonly findings: CutSetFinding[];
  /** Targets (catalog indices, ascending) whose search stopped at the budget. */
  readonly truncated: number[];
}

/** Most critical first: lower tier, then id. */
export const byCriticality =
  (catalog: Catalog, cg: CompiledGraph) =>
  (a: number, b: number): number => {
    const ia = cg.ids[a]!;
    const ib = cg.ids[b]!;
    return catalog.services.get(ia)!.tier - catalog.services.get(ib)!.tier || (ia < ib ? -1 : ia > ib ? 1 : 0);
  };

/** One set found for the targets searched so far: its members (search order) and targets (most critical first). */
interface Gathered {
  readonly ids: string[];
  readonly targets: number[];
  readonly evidence: PathStep[][];
}

/**
 * The cut-set findings of `targets` (catalog indices). Targets are searched most critical
 * first, so the first target a set is found for is its most critical one, and the set's
 * evidence is computed then, on that target's subgraph, once per set.
 */
export function cutSetFindings(catalog: Catalog, cg: CompiledGraph, targets: readonly number[], opts: CutSetFindingOptions, subgraphs = new SubgraphBuilder(cg, requirementModes(cg))): CutSetFindingsResult {
  const sets = new Map<string, Gathered>();
  const truncated: number[] = [];
  for (const t of [...targets].sort(byCriticality(catalog, cg))) {
    const sub = subgraphs.of([t]);
    const lt = subgraphs.localIndex(t);
    const res = cutSetSearch(sub.graph, lt, { maxOrder: opts.maxOrder, ...(opts.budget !== undefined ? { budget: opts.budget } : {}) });
    if (res.truncated) truncated.push(t);
    let explainer: Explainer | undefined;
    for (const set of res.sets) {
      if (set.length < 2) continue;
      const ids = set.map((i) => cg.ids[sub.orig[i]!]!).sort();
      const key = ids.join('+');
      const seen = sets.get(key);
      if (seen) {
        seen.targets.push(t);
        continue;
      }
      // The first target of this set, so its most critical: the evidence is its paths.
      explainer ??= new Explainer(catalog, sub.graph, new FailureEvaluator(sub.graph));
      explainer.ev.run(set);
      const evidence = set.map((m) => explainer!.path(lt, m)).filter((p): p is PathStep[] => p !== undefined);
      sets.set(key, { ids, targets: [t], evidence });
    }
  }
  const findings = [...sets.values()].map((g) => cutSetFinding(catalog, cg, g));
  return { findings, truncated: truncated.sort((a, b) => a - b) };
}

function cutSetFinding(catalog: Catalog, cg: CompiledGraph, g: Gathered): CutSetFinding {
  const targets = g.targets.map((t) => cg.ids[t]!);
  const first = catalog.services.get(targets[0]!)!;
  const tierCounts: [number, number, number, number] = [0, 0, 0, 0];
  for (const id of targets) tierCounts[Math.min(3, Math.max(0, catalog.services.get(id)!.tier))]!++;
  const n = targets.length;
  const what = g.ids.join(' + ');
  const related: RelatedLocation[] = g.evidence.flatMap((p) => (p.length > 1 ? [{ pos: p[p.length - 1]!.via!.pos, message: `${p[p.length - 2]!.id} depends on ${p[p.length - 1]!.id}` }] : []));
  return {
    kind: 'cut-set',
    severity: cutSetSeverity(g.ids.length, first.tier),
    fingerprint: `cut-set:${g.ids.join('+')}`,
    title: `${what} failing together take ${n === 1 ? `${targets[0]!} (tier ${first.tier})` : `${n} targets (${tierSummary(tierCounts)})`} down`,
    set: g.ids,
    targets,
    tierCounts,
    location: (g.evidence[0]?.[1]?.via?.pos as SourcePos | undefined) ?? first.pos,
    related,
    evidence: g.evidence,
    remedy: `make sure ${g.ids.join(' and ')} cannot fail together (different zones, hosts, deploys), or add redundancy so ${g.ids.length} failures are not enough${n > 1 ? `; \`blast review --explain ${g.ids.join('+')}\` lists the paths from each target` : ''}`,
  };
}

/** One target a cut set takes down, with a path to each member. */
export interface CutSetExplanation {
  readonly target: string;
  readonly tier: number;
  /** The target's dependency entry that starts the path to the first member. */
  readonly location: SourcePos;
  /** One path per member (in catalog order of the members). */
  readonly paths: ReadonlyArray<readonly PathStep[]>;
}

/** A target the set takes down that a smaller part of it already takes down. */
export interface CutSetSubsumed {
  readonly target: string;
  readonly tier: number;
  /** The smallest part of the set that takes it down (fewest members, then first in id order), ids sorted. */
  readonly by: readonly string[];
}

export interface CutSetExplanationResult {
  /** Targets the set is a minimal cut set of, most critical first, with their paths. */
  readonly explained: CutSetExplanation[];
  /** Targets it takes down that fewer of its members take down too, most critical first. */
  readonly subsumed: CutSetSubsumed[];
}

/**
 * Every target (of `targets`, catalog indices) that the failures of `set` together take
 * down, most critical first: those no proper subset takes down (the set is one of their
 * minimal cut sets, the targets of its finding) each with a path to every member, and the
 * others with the smallest subset that suffices. One evaluation of the set and one of each
 * of its 2^k − 2 proper subsets, on the whole graph.
 */
export function explainCutSet(catalog: Catalog, cg: CompiledGraph, set: readonly number[], targets: readonly number[], ev = new FailureEvaluator(cg)): CutSetExplanationResult {
  const members = [...new Set(set)].sort((a, b) => a - b);
  const k = members.length;
  const inSet = new Set(members);
  ev.run(members);
  const down = targets.filter((t) => !inSet.has(t) && ev.state[t] === DOWN).sort(byCriticality(catalog, cg));
  // Proper subsets, fewest members first, then in id order: the first that takes a target down names it.
  const subsets: number[][] = [];
  for (let mask = 1; mask < (1 << k) - 1; mask++) subsets.push(members.filter((_, i) => mask & (1 << i)));
  const idsOf = (s: readonly number[]): string[] => s.map((i) => cg.ids[i]!).sort();
  const subsetKey = (s: readonly number[]): string => idsOf(s).join('+');
  subsets.sort((a, b) => a.length - b.length || (subsetKey(a) < subsetKey(b) ? -1 : subsetKey(a) > subsetKey(b) ? 1 : 0));
  const by = new Map<number, number[]>();
  for (const s of subsets) {
    if (by.size === down.length) break;
    ev.run(s);
    for (const t of down) if (!by.has(t) && ev.state[t] === DOWN) by.set(t, s);
  }
  const tierOf = (t: number): number => catalog.services.get(cg.ids[t]!)!.tier;
  const subsumed = down.filter((t) => by.has(t)).map((t) => ({ target: cg.ids[t]!, tier: tierOf(t), by: idsOf(by.get(t)!) }));
  const minimal = down.filter((t) => !by.has(t));
  ev.run(members);
  const explainer = new Explainer(catalog, cg, ev);
  const paths = minimal.map(() => [] as PathStep[][]);
  for (const m of members) {
    explainer.towards(m);
    minimal.forEach((t, i) => {
      const p = explainer.path(t, m);
      if (p) paths[i]!.push(p);
    });
  }
  const explained = minimal.map((t, i) => {
    const svc = catalog.services.get(cg.ids[t]!)!;
    return { target: cg.ids[t]!, tier: svc.tier, location: paths[i]![0]?.[1]?.via?.pos ?? svc.pos, paths: paths[i]! };
  });
  return { explained, subsumed };
}
