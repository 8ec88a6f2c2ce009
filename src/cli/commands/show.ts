/** `blast show`: a catalog summary, or one service's dependencies and dependents. */
import { cellLocalDependencies, cellsLine } from '../../catalog/cells-text.js';
import type { Command } from 'commander';
import { buildGraph, serviceIdOf } from '../../graph/build.js';
import { neighbourhoodTree, type TreeNode } from '../../analysis/neighbourhood.js';
import type { Catalog } from '../../catalog/model.js';
import { UserError } from '../io.js';
import type { Context } from '../context.js';
import { hang } from '../../util/wrap.js';
import { safeText, suggest } from '../../util/text.js';
import { parseIntOption } from '../options.js';

export function registerShow(program: Command, ctx: Context): void {
  program
    .command('show')
    .description("a catalog summary, or a service's dependencies and dependents as trees")
    .argument('<catalog>', 'catalog file or directory')
    .argument('[service]', 'service id to show')
    .option('-d, --depth <n>', 'levels of dependencies / dependents to show', parseIntOption(0, 50), 2)
    .option('--json', 'machine-readable output')
    .addHelpText(
      'after',
      `
Examples:
  $ blast show catalogs/example-shop                 # summary: tiers, systems, most depended-on
  $ blast show catalogs/example-shop checkout        # checkout's dependencies and dependents
  $ blast show catalogs/aws-us-east-1 dynamodb -d 4 --json`,
    )
    .action((path: string, id: string | undefined, opts: { depth: number; json?: boolean }) => {
      const { catalog } = ctx.loadCatalog(path, { quietWarnings: true });
      const graph = buildGraph(catalog);
      if (id === undefined) {
        const summary = catalogSummary(catalog, graph);
        if (opts.json) ctx.print(JSON.stringify(summary, null, 2));
        else ctx.print(renderSummary(summary));
        return;
      }
      if (!catalog.services.has(id)) {
        const [best] = suggest(id, catalog.services.keys());
        throw new UserError(`no service "${safeText(id)}" in ${safeText(path)}`, best ? `did you mean "${best}"?` : 'run `blast show <catalog>` to list services');
      }
      const deps = neighbourhoodTree(graph, id, 'dependencies', opts.depth);
      const dependents = neighbourhoodTree(graph, id, 'dependents', opts.depth);
      const s = catalog.services.get(id)!;
      if (opts.json) {
        ctx.print(JSON.stringify({ id, name: s.name, tier: s.tier, system: s.system ?? null, owner: s.owner ?? null, description: s.description ?? null, file: s.pos.file, line: s.pos.line, col: s.pos.col, dependencies: deps.children, dependents: dependents.children }, null, 2));
        return;
      }
      const st = ctx.out;
      const lines = [
        `${st.bold(safeText(s.name))} (${safeText(id)}) tier ${s.tier}${s.system ? `, system ${safeText(s.system)}` : ''}${s.owner ? `, owner ${safeText(s.owner)}` : ''}`,
        `  ${st.dim(`${s.pos.file}:${s.pos.line}:${s.pos.col}`)}`,
      ];
      if (s.description) lines.push(`  ${safeText(s.description)}`);
      // cells, zones and regions (docs/catalog.md): names, shares, failover, and which dependencies are per cell
      const cells = cellsLine(s);
      if (cells) lines.push(`  cells: ${safeText(cells)}`);
      const local = cellLocalDependencies(s);
      if (local.length) lines.push(`  cell-local dependencies: ${local.map(safeText).join(', ')}`);
      lines.push('', st.bold(`Depends on (depth ${opts.depth}):`), ...renderTree(deps.children, '  '));
      if (deps.children.length === 0) lines.push('  (nothing)');
      lines.push('', st.bold(`Depended on by (depth ${opts.depth}):`), ...renderTree(dependents.children, '  '));
      if (dependents.children.length === 0) lines.push('  (nothing)');
      ctx.print(lines.join('\n'));
    });
}

function renderTree(nodes: readonly TreeNode[], indent: string): string[] {
  const out: string[] = [];
  nodes.forEach((n, i) => {
    const last = i === nodes.length - 1;
    const via = n.via ? ` [${n.via.type}${n.via.group ? `, ${n.via.group.atLeast} of ${n.via.group.size}` : ''}]` : '';
    const mark = n.repeated ? ' (see above)' : n.truncated ? ' …' : '';
    out.push(`${indent}${last ? '└─ ' : '├─ '}${safeText(n.id)}${via}${mark}`);
    out.push(...renderTree(n.children, `${indent}${last ? '   ' : '│  '}`));
  });
  return out;
}

export interface CatalogSummary {
  name: string | null;
  services: number;
  dependencies: number;
  redundancyGroups: number;
  scenarios: string[];
  tiers: Record<string, number>;
  systems: Record<string, number>;
  mostDependedOn: Array<{ id: string; name: string; dependents: number }>;
}

export function catalogSummary(catalog: Catalog, graph = buildGraph(catalog)): CatalogSummary {
  const tiers: Record<string, number> = { '0': 0, '1': 0, '2': 0, '3': 0 };
  const systems: Record<string, number> = Object.create(null) as Record<string, number>;
  let groups = 0;
  for (const s of catalog.services.values()) {
    tiers[String(s.tier)]!++;
    const sys = s.system ?? '(none)';
    systems[sys] = (systems[sys] ?? 0) + 1;
    groups += s.dependsOn.filter((d) => d.group).length;
  }
  const most = graph
    .nodes()
    .map((key) => ({ id: serviceIdOf(key), name: graph.getNodeAttributes(key).service.name, dependents: graph.inDegree(key) }))
    .sort((a, b) => b.dependents - a.dependents || (a.id < b.id ? -1 : 1))
    .slice(0, 10);
  return {
    name: catalog.meta.name ?? null,
    services: catalog.services.size,
    dependencies: graph.size,
    redundancyGroups: groups,
    scenarios: [...catalog.scenarios.keys()],
    tiers,
    systems: Object.fromEntries(Object.entries(systems).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))),
    mostDependedOn: most,
  };
}

function renderSummary(s: CatalogSummary): string {
  const lines = [
    `${s.name ? `${safeText(s.name)}: ` : ''}${s.services} services, ${s.dependencies} dependencies, ${s.redundancyGroups} redundancy group${s.redundancyGroups === 1 ? '' : 's'}`,
    `tiers: ${Object.entries(s.tiers).map(([t, n]) => `${t}: ${n}`).join(', ')}`,
    hang('systems: ', `${Object.entries(s.systems).slice(0, 12).map(([k, n]) => `${safeText(k)} (${n})`).join(', ')}${Object.keys(s.systems).length > 12 ? ', …' : ''}`, undefined, 2),
    hang('scenarios: ', s.scenarios.length ? s.scenarios.map(safeText).join(', ') : '(none)', undefined, 2),
    'most depended on:',
  ];
  // ids in a column, names after them
  const idW = Math.max(0, ...s.mostDependedOn.map((m) => [...safeText(m.id)].length));
  for (const m of s.mostDependedOn) lines.push(`  ${String(m.dependents).padStart(4)}  ${safeText(m.id).padEnd(idW)}  ${safeText(m.name)}`);
  return lines.join('\n');
}
