/**
 * Single points of failure, one finding per failing service: for each service whose failure
 * alone takes critical services down, how many (per tier), which ones (most critical first),
 * and the dependency path to it from the few most critical, with redundancy groups respected
 * exactly (a group member is a SPOF only when its failure costs the group its quorum,
 * directly or through shared dependencies). The sets come from the single-failure sweep;
 * this file turns them into findings. The evidence for every target of one cause is
 * {@link explainSpof}'s, on demand (`blast review --explain <service>`).
 */
import type { Catalog, SourcePos } from '../catalog/model.js';
import type { CompiledGraph } from '../graph/compile.js';
import { Explainer } from './evidence.js';
import { severityForTier, type PathStep, type RelatedLocation, type SpofFinding } from './findings.js';
import { DOWN, FailureEvaluator } from './semantics.js';

/** Targets of a SPOF finding that carry an evidence path (the most critical ones). */
export const SPOF_EVIDENCE = 3;

/** Most critical first: lower tier, then id. */
const byCriticality = (cg: CompiledGraph, tier: (i: number) => number) => (a: number, b: number): number => {
  const ta = tier(a);
  const tb = tier(b);
  if (ta !== tb) return ta - tb;
  const ia = cg.ids[a]!;
  const ib = cg.ids[b]!;
  return ia < ib ? -1 : ia > ib ? 1 : 0;
};

/**
 * Findings for `causes` (target index → the services whose single failure takes it down),
 * one per cause. The finding's location is the most critical target's own dependency entry
 * that starts its path to the cause: the line to look at, and the line a change adding that
 * dependency touches.
 */
export function spofFindings(catalog: Catalog, cg: CompiledGraph, causes: ReadonlyMap<number, readonly number[]>, ev = new FailureEvaluator(cg)): SpofFinding[] {
  const tierOf = (i: number): number => catalog.services.get(cg.ids[i]!)!.tier;
  const byCause = new Map<number, number[]>();
  for (const [t, cs] of causes) for (const c of cs) (byCause.get(c) ?? byCause.set(c, []).get(c)!).push(t);
  const explainer = new Explainer(catalog, cg, ev);
  const order = byCriticality(cg, tierOf);
  const out: SpofFinding[] = [];
  for (const [c, targets] of [...byCause].sort((a, b) => a[0] - b[0])) {
    targets.sort(order);
    ev.run([c]);
    explainer.towards(c);
    const cause = cg.ids[c]!;
    const causeSvc = catalog.services.get(cause)!;
    const tierCounts: [number, number, number, number] = [0, 0, 0, 0];
    for (const t of targets) tierCounts[Math.min(3, Math.max(0, tierOf(t)))]!++;
    const evidence: PathStep[][] = [];
    for (const t of targets.slice(0, SPOF_EVIDENCE)) {
      const path = explainer.path(t, c);
      if (path) evidence.push(path);
    }
    const first = targets[0]!;
    const firstSvc = catalog.services.get(cg.ids[first]!)!;
    const path = evidence[0] ?? [];
    const throughGroup = path.find((p) => p.via?.group);
    const related: RelatedLocation[] = [];
    for (const p of evidence) for (let i = 2; i < p.length; i++) related.push({ pos: p[i]!.via!.pos, message: `${p[i - 1]!.id} depends on ${p[i]!.id}` });
    const ids = targets.map((t) => cg.ids[t]!);
    const n = ids.length;
    const hops = path.length - 1;
    out.push({
      kind: 'spof',
      severity: severityForTier(tierOf(first)),
      fingerprint: `spof:${cause}`,
      title: `${cause} is a single point of failure for ${n === 1 ? `${ids[0]!} (tier ${firstSvc.tier})${hops > 1 ? `, ${hops} hops away` : ''}` : `${n} targets (${tierSummary(tierCounts)})`}${allCellsText(causeSvc.cells?.names.length ?? 0)}`,
      cause,
      targets: ids,
      tierCounts,
      ...((causeSvc.cells?.names.length ?? 0) > 1 ? { cells: causeSvc.cells!.names.length } : {}),
      location: (path[1]?.via?.pos as SourcePos | undefined) ?? firstSvc.pos,
      related,
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

/**
 * For a service with cells: the whole service failing is the loss of every cell at once (the
 * cell-loss check, src/analysis/cell-loss.ts, says what losing one of them does).
 */
export const allCellsText = (n: number): string => (n > 1 ? `, if all ${n} of its cells fail together` : '');

/** "3 tier 0, 9 tier 1": the non-zero counts. */
export function tierSummary(counts: readonly number[]): string {
  return counts.flatMap((c, t) => (c > 0 ? [`${c} tier ${t}`] : [])).join(', ');
}

/** One target a failure takes down, with the path that explains it. */
export interface SpofExplanation {
  readonly target: string;
  readonly tier: number;
  /** The target's dependency entry that starts the path. */
  readonly location: SourcePos;
  readonly path: readonly PathStep[];
}

/**
 * Every target (of `targets`, catalog indices) that the failure of `cause` alone takes down,
 * most critical first, each with its evidence path: the full detail of one SPOF finding.
 */
export function explainSpof(catalog: Catalog, cg: CompiledGraph, cause: number, targets: readonly number[], ev = new FailureEvaluator(cg)): SpofExplanation[] {
  const tierOf = (i: number): number => catalog.services.get(cg.ids[i]!)!.tier;
  ev.run([cause]);
  const explainer = new Explainer(catalog, cg, ev);
  explainer.towards(cause);
  const down = targets.filter((t) => t !== cause && ev.state[t] === DOWN).sort(byCriticality(cg, tierOf));
  return down.map((t) => {
    const path = explainer.path(t, cause) ?? [];
    const svc = catalog.services.get(cg.ids[t]!)!;
    return { target: cg.ids[t]!, tier: svc.tier, location: path[1]?.via?.pos ?? svc.pos, path };
  });
}
