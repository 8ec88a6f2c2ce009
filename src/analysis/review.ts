/**
 * `blast review` as a pure function: runs every architecture-review analysis on a catalog
 * (one single-failure sweep feeds SPOFs and shared fate; the cell-loss check simulates each
 * lost cell with the engine) and returns the findings sorted. SPOF findings are one per
 * failing service, cut-set findings one per cut set: the output grows with the services.
 */
import type { Catalog } from '../catalog/model.js';
import { compileGraph, type CompiledGraph } from '../graph/compile.js';
import { cellLossFindings, type CellLossOptions } from './cell-loss.js';
import { cycleFindings } from './cycles.js';
import { cutSetFindings } from './cut-set-findings.js';
import { compareFindings, type Finding } from './findings.js';
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
  let truncated: string[] = [];
  if (maxOrder >= 2) {
    // Each target on its own dependency subgraph: the search and its evidence only look there.
    const cs = cutSetFindings(catalog, cg, targetIdx, { maxOrder, ...(opts.cutSetBudget !== undefined ? { budget: opts.cutSetBudget } : {}) }, new SubgraphBuilder(cg, ev.mode));
    for (const f of cs.findings) findings.push(f);
    truncated = cs.truncated.map((t) => cg.ids[t]!);
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

