/**
 * The HTML impact report and the HTML graph view: pure functions of a catalog (and a scenario)
 * plus the page's bundled script, to one self-contained HTML file. The report's sections are
 * the markdown report's, converted (so both say the same); the page script adds the graph, the
 * time slider and the charts. Same arguments, same bytes.
 */
import type { Catalog } from '../../catalog/model.js';
import { buildModel, monteCarlo, prepareSimulation, simulate, type ScenarioInput } from '../../engine/index.js';
import { reportContext } from '../context.js';
import { DEFAULT_REPORT_OPTIONS, type ReportAdvice, type ReportOptions } from '../markdown/input.js';
import { renderReport } from '../markdown/report.js';
import { htmlDocument } from './document.js';
import { markdownSections } from './markdown.js';
import { pageFindings, pagePayload } from './payload.js';

export { HTML_MARKER, contentSecurityPolicy, checkInlineScript } from './document.js';
export { markdownSections, inlineHtml, escapeHtml, type HtmlSection, type ChartKind } from './markdown.js';
export { catalogFromJson, catalogToJson, type CatalogJson } from './catalog-json.js';
export { graphLayout, layeredLayout, forceLayout, LAYERED_MAX } from './layout.js';
export type { PagePayload, PageNode, PageEdge, PageScenario, EdgeKind } from './payload.js';

export interface HtmlReportOptions {
  /** The page script (the bundle of src/web), built by the shell. */
  readonly script: string;
  readonly trials?: number;
  readonly seed?: number;
  readonly render?: Partial<ReportOptions>;
  /** The advisor's candidates for this scenario: adds the "What would help most" section. */
  readonly advice?: ReportAdvice;
}

/** The HTML impact report of `input` on `catalog`. */
export function htmlReport(catalog: Catalog, input: ScenarioInput, opts: HtmlReportOptions): string {
  const prep = prepareSimulation(catalog);
  const result = simulate(prep, input);
  const model = buildModel(prep, input);
  const mc = opts.trials ? monteCarlo(model, opts.trials, opts.seed ?? 1) : undefined;
  const affected = result.services.filter((s) => s.impactStartMinutes !== null).map((s) => s.id);
  const findings = pageFindings(catalog, prep.graph, affected);
  const context = reportContext(catalog, model);
  const render = { ...DEFAULT_REPORT_OPTIONS, ...opts.render };
  const markdown = renderReport({ result, context, monteCarlo: mc, findings, ...(opts.advice ? { advice: opts.advice } : {}) }, render);
  const systems: Record<string, string> = {};
  for (const [id, info] of context.services) if (info.system !== null) systems[id] = info.system;
  const payload = pagePayload({
    kind: 'report',
    title: `Impact report: ${result.scenarioName ?? result.scenario}`,
    catalog,
    graph: prep.graph,
    findings,
    ...('scenario' in input ? { scenarioId: input.scenario.id } : {}),
    scenario: { result, monteCarlo: mc ?? null, faults: context.faults, actions: context.actions, systems },
    options: render,
  });
  // the uncertainty section's numbers are tables in markdown; the page adds their chart
  const sections = markdownSections(markdown).map((s) => (s.heading === 'Uncertainty' ? { ...s, html: `${s.html}\n<div class="chart" data-chart="uncertainty"></div>` } : s));
  return htmlDocument({ payload, script: opts.script, sections, generator: 'blast report' });
}

/** The HTML graph view of `catalog` alone (no scenario): search, panels, badges, "fail this service". */
export function htmlGraph(catalog: Catalog, opts: { readonly script: string }): string {
  const prep = prepareSimulation(catalog);
  const payload = pagePayload({
    kind: 'graph',
    title: `Dependency graph: ${catalog.meta.name ?? `${catalog.services.size} services`}`,
    catalog,
    graph: prep.graph,
    findings: pageFindings(catalog, prep.graph),
  });
  return htmlDocument({ payload, script: opts.script, generator: 'blast graph' });
}
