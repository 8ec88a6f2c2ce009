/**
 * The data an HTML page carries: the graph (positions computed here, blast radius, edge
 * types), the catalog in JSON form for the in-page engine, architecture findings for the
 * service panel's badges, and, for a report, the scenario's simulation result and context.
 * Pure and deterministic: the same catalog and scenario give the same payload.
 */
import type { Catalog } from '../../catalog/model.js';
import type { CompiledGraph } from '../../graph/compile.js';
import { reviewCatalog, sweepSingleFailures } from '../../analysis/index.js';
import type { ReportAction, ReportFault } from '../context.js';
import type { ReportFinding, ReportOptions } from '../markdown/input.js';
import type { MonteCarloResult, SimulationResult } from '../../engine/index.js';
import { catalogToJson, type CatalogJson } from './catalog-json.js';
import { graphLayout } from './layout.js';
import { reportFindings } from '../findings.js';

export interface PageNode {
  readonly id: string;
  readonly name: string;
  readonly tier: number;
  readonly system: string | null;
  readonly owner: string | null;
  readonly partial: boolean;
  readonly x: number;
  readonly y: number;
  /** Other services down or degraded when this one fails alone. */
  readonly radius: number;
}

export type EdgeKind = 'hard' | 'soft' | 'async' | 'failover' | 'group';

/** One drawn edge: from the dependent to its dependency. */
export interface PageEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: EdgeKind;
  /** "2 of 3" for a redundancy group member. */
  readonly group: string | null;
}

export interface PageScenario {
  readonly result: SimulationResult;
  /** Monte Carlo percentiles when trials ran (infinite values, "never", are written as null). */
  readonly monteCarlo: MonteCarloResult | null;
  readonly faults: readonly ReportFault[];
  readonly actions: readonly ReportAction[];
  readonly systems: Readonly<Record<string, string>>;
  readonly ganttTop: number;
  readonly flowchartMax: number;
}

export interface PagePayload {
  readonly kind: 'report' | 'graph';
  readonly title: string;
  readonly catalogName: string | null;
  readonly nodes: readonly PageNode[];
  readonly edges: readonly PageEdge[];
  readonly catalog: CatalogJson;
  readonly findings: readonly ReportFinding[];
  readonly scenario: PageScenario | null;
}

/** The edge kind drawn: failover and group membership win over the dependency type. */
export function edgeKind(d: { readonly type: 'hard' | 'soft' | 'async'; readonly failover: boolean; readonly group: boolean }): EdgeKind {
  if (d.failover) return 'failover';
  if (d.group) return 'group';
  return d.type;
}

export function pageEdges(catalog: Catalog): PageEdge[] {
  const out: PageEdge[] = [];
  const seen = new Set<string>();
  for (const s of catalog.services.values()) {
    for (const d of s.dependsOn) {
      for (const t of d.of) {
        const key = `${s.id}\u0000${t}`;
        if (t === s.id || seen.has(key) || !catalog.services.has(t)) continue;
        seen.add(key);
        out.push({ from: s.id, to: t, kind: edgeKind(d), group: d.group ? `${d.atLeast} of ${d.of.length}` : null });
      }
    }
  }
  return out;
}

export function pageNodes(catalog: Catalog, cg: CompiledGraph): PageNode[] {
  const layout = graphLayout(catalog);
  const sweep = sweepSingleFailures(cg, { groups: false });
  return cg.ids.map((id, i) => {
    const s = catalog.services.get(id)!;
    const p = layout.get(id)!;
    return { id, name: s.name, tier: s.tier, system: s.system ?? null, owner: s.owner ?? null, partial: s.partial, x: p.x, y: p.y, radius: sweep.affected[i]! };
  });
}

/**
 * Findings for the badges: single points of failure and shared fate of `targets` (default:
 * the critical services, as `blast review` does), regrouped as in the markdown report.
 */
export function pageFindings(catalog: Catalog, cg: CompiledGraph, targets?: readonly string[]): ReportFinding[] {
  const review = reviewCatalog(catalog, { ...(targets ? { targets } : {}), maxOrder: 1, cellLoss: false }, cg);
  return reportFindings(review.findings, new Set(targets ?? review.targets));
}

export interface PayloadInput {
  readonly kind: 'report' | 'graph';
  readonly title: string;
  readonly catalog: Catalog;
  readonly graph: CompiledGraph;
  readonly findings: readonly ReportFinding[];
  readonly scenarioId?: string;
  readonly scenario?: Omit<PageScenario, 'ganttTop' | 'flowchartMax'>;
  readonly options?: Pick<ReportOptions, 'ganttTop' | 'flowchartMax'>;
}

export function pagePayload(input: PayloadInput): PagePayload {
  const { catalog } = input;
  return {
    kind: input.kind,
    title: input.title,
    catalogName: catalog.meta.name ?? null,
    nodes: pageNodes(catalog, input.graph),
    edges: pageEdges(catalog),
    catalog: catalogToJson(catalog, input.scenarioId ? [input.scenarioId] : []),
    findings: input.findings,
    scenario: input.scenario ? { ...input.scenario, ganttTop: input.options?.ganttTop ?? 25, flowchartMax: input.options?.flowchartMax ?? 40 } : null,
  };
}

/**
 * The payload as JSON that can sit inside `<script type="application/json">`: `<`, `>`, `&`
 * and the line separators are written as \u escapes, so no `</script>` or comment can appear.
 * Infinite numbers are written as null (JSON has none); the page reads them back.
 */
export function payloadJson(payload: PagePayload): string {
  return JSON.stringify(payload).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
