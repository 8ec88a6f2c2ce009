/**
 * `blast graph`: the whole dependency graph (or a part of it) in a format other tools
 * draw or analyse: Graphviz DOT, mermaid, GraphML, GEXF, graphology JSON; or, with
 * `--format html`, as one self-contained interactive page (search, service panels, "fail this
 * service" simulated in the page). The work is in src/graph/export/ and src/report/html/;
 * this file reads options, runs the scenario when one is asked for, and writes the text to
 * stdout or to `-o` (atomically; an existing page is replaced only when blast wrote it, or
 * with --force).
 */
import type { Command } from 'commander';
import type { Context } from '../context.js';
import { buildGraph } from '../../graph/build.js';
import {
  collapseGraph,
  exportGraph,
  groupValue,
  MERMAID_MAX_EDGES,
  renderDot,
  renderGexf,
  renderGraphml,
  renderJson,
  renderMermaid,
  selectServices,
  type ExportGraph,
} from '../../graph/export/index.js';
import { prepareSimulation, simulate } from '../../engine/index.js';
import { resolveScenario, scenarioOptions, type ScenarioOptions } from '../simulation-input.js';
import { collectServiceIds, parseIntOption } from '../options.js';
import { checkServiceIds, parseFormatOption } from './review.js';
import { UserError } from '../io.js';
import { resolveTarget, writeFileAtomic } from '../write-file.js';
import { safeText } from '../../util/text.js';
import { HTML_MARKER, htmlGraph } from '../../report/html/index.js';
import { pageScript } from '../web-page.js';
import { checkTarget } from './report.js';

/** The formats and their renderers. `html` (an interactive page) is added next to these. */
const RENDERERS = {
  dot: renderDot,
  mermaid: renderMermaid,
  graphml: renderGraphml,
  gexf: renderGexf,
  json: renderJson,
} as const satisfies Record<string, (g: ExportGraph) => string>;

const GRAPH_FORMATS = [...(Object.keys(RENDERERS) as Array<keyof typeof RENDERERS>), 'html' as const];
type GraphFormat = (typeof GRAPH_FORMATS)[number];

interface GraphOptions extends ScenarioOptions {
  format?: GraphFormat;
  json?: boolean;
  focus?: string[];
  depth?: number;
  reaches?: string[];
  collapse?: string;
  output?: string;
  force?: boolean;
}

export function registerGraph(program: Command, ctx: Context): void {
  const command = program
    .command('graph')
    .description('the dependency graph as Graphviz DOT, mermaid, GraphML, GEXF or graphology JSON, whole or narrowed, optionally coloured by a scenario')
    .argument('<catalog>', 'catalog file or directory')
    .option('--format <format>', `output format: ${GRAPH_FORMATS.join(', ')} (default: dot)`, parseFormatOption(GRAPH_FORMATS))
    .option('--json', 'same as --format json')
    .option('--focus <id>', 'only these services and their neighbours (repeat or comma-separate)', collectServiceIds)
    .option('-d, --depth <n>', 'with --focus: levels of neighbours each way, as show -d (default 1)', parseIntOption(0, 1000))
    .option('--reaches <id>', 'only these services and everything that depends on them (repeat or comma-separate)', collectServiceIds)
    .option('--collapse <attribute>', 'one node per system, owner, or value of a label key');
  scenarioOptions(command)
    .option('-o, --output <file>', 'write to this file (atomically) instead of stdout')
    .option('--force', 'with --format html and -o: replace an existing file even if blast did not write it')
    .addHelpText(
      'after',
      `
Examples:
  $ blast graph catalogs/example-shop | dot -Tsvg > shop.svg
  $ blast graph catalogs/example-shop --format mermaid --focus checkout --depth 2
  $ blast graph catalogs/aws-us-east-1 --reaches dynamodb --collapse system
  $ blast graph catalogs/aws-us-east-1 -s 2025-10-20-dynamodb-dns --format gexf -o aws.gexf
  $ blast graph catalogs/aws-us-east-1 --format html -o aws-graph.html   # see docs/html.md

Edges point from a service to what it depends on; hard solid, soft dashed, async dotted,
redundancy groups labelled "k of n". With --scenario or --fail the nodes are coloured by
their worst state and labelled with impact and recovery times. See docs/graph.md.`,
    )
    .action(async (path: string, opts: GraphOptions) => {
      if (opts.format === 'html') {
        if (opts.focus?.length || opts.reaches?.length || opts.collapse !== undefined || opts.scenario !== undefined || opts.fail?.length) {
          throw new UserError('--format html draws the whole catalog; --focus, --reaches, --collapse, --scenario and --fail go with the other formats', 'search and "fail this service" are in the page; for a scenario, use blast report --format html');
        }
        if (opts.output !== undefined) checkTarget(opts.output, Boolean(opts.force), HTML_MARKER, 'blast');
        const { catalog } = ctx.loadCatalog(path, { quietWarnings: true });
        const page = htmlGraph(catalog, { script: await pageScript() });
        if (opts.output !== undefined) writeFileAtomic(opts.output, page);
        else ctx.io.stdout.write(page);
        return;
      }
      if (opts.output !== undefined) resolveTarget(opts.output); // fail before any work
      const { catalog } = ctx.loadCatalog(path, { quietWarnings: true });
      checkServiceIds(catalog, [...(opts.focus ?? []), ...(opts.reaches ?? [])], path);
      if (opts.depth !== undefined && !opts.focus?.length) throw new UserError('--depth goes with --focus', 'e.g. --focus checkout --depth 2');
      if (opts.collapse !== undefined && opts.collapse.trim() === '') throw new UserError('--collapse needs an attribute: system, owner, or a label key');
      const graph = buildGraph(catalog);
      const selection = selectServices(graph, { ...(opts.focus ? { focus: opts.focus } : {}), ...(opts.depth !== undefined ? { depth: opts.depth } : {}), ...(opts.reaches ? { reaches: opts.reaches } : {}) });
      const outcome = opts.scenario !== undefined || opts.fail?.length ? simulate(prepareSimulation(catalog), resolveScenario(catalog, opts)) : undefined;
      let g = exportGraph(graph, {
        ...(selection ? { keep: selection.keep, roots: selection.roots } : {}),
        ...(outcome ? { outcome } : {}),
        ...(catalog.meta.name !== undefined ? { name: catalog.meta.name } : {}),
      });
      if (opts.collapse !== undefined) {
        const by = opts.collapse;
        const known = [...catalog.services.values()].some((s) => groupValue(s, by) !== undefined);
        if (!known) throw new UserError(`no service has "${safeText(by)}" to collapse by`, 'use system, owner, or a key that appears under labels: in the catalog');
        g = collapseGraph(g, by, (key) => groupValue(graph.getNodeAttributes(key).service, by));
      }
      const format: GraphFormat = opts.format ?? (opts.json ? 'json' : 'dot');
      if (format === 'mermaid' && g.size > MERMAID_MAX_EDGES) {
        ctx.printErr(`${ctx.err.yellow('warning')}: ${g.size} edges; mermaid draws at most ${MERMAID_MAX_EDGES} by default (narrow with --focus, --reaches or --collapse)`);
      }
      const text = RENDERERS[format as keyof typeof RENDERERS](g);
      if (opts.output !== undefined) writeFileAtomic(opts.output, text);
      else ctx.io.stdout.write(text);
    });
}
