/**
 * `blast review` as a pure function: runs every architecture-review analysis on a catalog
 * (one single-failure sweep feeds SPOFs and shared fate; the cell-loss check simulates each
 * lost cell with the engine) and returns the findings sorted.
 */
import type { Catalog } from '../catalog/model.js';
import { compileGraph, type CompiledGraph } from '../graph/compile.js';
import { cellLossFindings, type CellLossOptions } from './cell-loss.js';
import { cycleFindings } from './cycles.js';
import { cutSetSearch } from './cut-sets.js';
import { Explainer } from './evidence.js';
import { compareFindings, type CutSetFinding, type Finding, type PathStep } from './findings.js';
import { FailureEvaluator } from './semantics.js';
import { sharedFateFindings } from './shared-fate.js';
import { spofFindings } from './spof.js';
import { SubgraphBuilder } from './subgraph.js';
import { sweepSingleFailures, type SweepResult } from './sweep.js';
import { tierInversionFindings } from './tier-inversions.js';

export interface ReviewOptions {
  /** Services whose SPOFs and cut sets are reported; default: every tier 0–1 service. */
  readonly targets?: readonly string[];
  /** Largest cut-set order (default 2); 1 reports SPOFs only. */
  readonly maxOrder?: number;
  /** Failure sets examined per target in the cut-set search before it stops (default 200 000). */
  readonly cutSetBudget?: number;
  /**
   * The cell-loss check (src/analysis/cell-loss.ts), on catalogs with cells: how long each
   * cell is lost and which groups of cells (regions) are lost too; `false` leaves it out.
   */
  readonly cellLoss?: CellLossOptions | false;
}

export interface ReviewResult {
  readonly catalog: string | null;
  readonly services: number;
  /** The services SPOFs and cut sets were computed for, in catalog order. */
  readonly targets: readonly string[];
  readonly maxOrder: number;
  readonly findings: readonly Finding[];
  /** Targets whose cut-set search stopped at the budget (their list may be incomplete). */
  readonly truncatedCutSets: readonly string[];
}

export const DEFAULT_MAX_ORDER = 2;

/** Ids in `ids` that are not services of the catalog. */
export const unknownServices = (catalog: Catalog, ids: readonly string[]): string[] => ids.filter((id) => !catalog.services.has(id));

/** The critical services: tier 0 and 1, in catalog order. */
export const criticalServices = (catalog: Catalog): string[] => [...catalog.services.values()].filter((s) => s.tier <= 1).map((s) => s.id);

export function reviewCatalog(catalog: Catalog, opts: ReviewOptions = {}, cg: CompiledGraph = compileGraph(catalog), sweep?: SweepResult): ReviewResult {
  const maxOrder = opts.maxOrder ?? DEFAULT_MAX_ORDER;
  const wanted = new Set(opts.targets ?? criticalServices(catalog));
  const targets = cg.ids.filter((id) => wanted.has(id));
  const targetIdx = targets.map((id) => cg.index.get(id)!);
  const sw = sweep ?? sweepSingleFailures(cg, { targets: targetIdx, groups: true, counts: false });
  const ev = new FailureEvaluator(cg);
  const causes = new Map(targetIdx.map((t) => [t, sw.causes.get(t) ?? []] as const));
  const findings: Finding[] = [
    ...spofFindings(catalog, cg, causes, ev),
    ...sharedFateFindings(catalog, cg, sw.groupCauses, ev),
    ...cycleFindings(catalog, cg, ev),
    ...tierInversionFindings(catalog, cg, ev.mode),
    ...(opts.cellLoss === false ? [] : cellLossFindings(catalog, wanted, opts.cellLoss)),
  ];
  const truncated: string[] = [];
  if (maxOrder >= 2) {
    // Each target on its own dependency subgraph: the search and its evidence only look there.
    const subgraphs = new SubgraphBuilder(cg, ev.mode);
    for (const t of targetIdx) {
      const sub = subgraphs.of([t]);
      const lt = subgraphs.localIndex(t);
      const res = cutSetSearch(sub.graph, lt, { maxOrder, ...(opts.cutSetBudget !== undefined ? { budget: opts.cutSetBudget } : {}) });
      if (res.truncated) truncated.push(cg.ids[t]!);
      if (!res.sets.some((set) => set.length >= 2)) continue;
      const subEv = new FailureEvaluator(sub.graph);
      const explainer = new Explainer(catalog, sub.graph, subEv);
      for (const set of res.sets) if (set.length >= 2) findings.push(cutSetFinding(catalog, sub.graph, subEv, explainer, lt, set));
    }
  }
  return {
    catalog: catalog.meta.name ?? null,
    services: cg.n,
    targets,
    maxOrder,
    findings: findings.sort(compareFindings),
    truncatedCutSets: truncated,
  };
}

function cutSetFinding(catalog: Catalog, cg: CompiledGraph, ev: FailureEvaluator, explainer: Explainer, t: number, set: readonly number[]): CutSetFinding {
  ev.run(set);
  const target = cg.ids[t]!;
  const svc = catalog.services.get(target)!;
  const ids = set.map((i) => cg.ids[i]!).sort();
  const evidence = set.map((m) => explainer.path(t, m)).filter((p): p is PathStep[] => p !== undefined);
  return {
    kind: 'cut-set',
    severity: svc.tier === 0 && set.length === 2 ? 'low' : 'info',
    fingerprint: `cut-set:${target}:${ids.join('+')}`,
    title: `${ids.join(' + ')} failing together take ${target} (tier ${svc.tier}) down`,
    target,
    set: ids,
    location: evidence[0]?.[1]?.via?.pos ?? svc.pos,
    related: evidence.flatMap((p) => (p.length > 1 ? [{ pos: p[p.length - 1]!.via!.pos, message: `${p[p.length - 2]!.id} depends on ${p[p.length - 1]!.id}` }] : [])),
    evidence,
    remedy: `make sure ${ids.join(' and ')} cannot fail together (different zones, hosts, deploys), or add redundancy so ${set.length} failures are not enough`,
  };
}
