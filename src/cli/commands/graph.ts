/**
 * `blast graph <catalog> --format html`: the dependency graph alone as one self-contained
 * interactive HTML page (search, service panels with SPOF and shared-fate badges, "fail this
 * service" simulated in the page). The format switch leaves room for other graph formats.
 *
 * `-o` follows `blast report`'s policy: a missing file is created, an existing one replaced
 * only when blast wrote it (or with `--force`); writes are atomic.
 */
import { Option, type Command } from 'commander';
import type { Catalog } from '../../catalog/model.js';
import type { Context } from '../context.js';
import { HTML_MARKER, htmlGraph } from '../../report/html/index.js';
import { writeFileAtomic } from '../io.js';
import { pageScript } from '../web-page.js';
import { safeText } from '../../util/text.js';
import { checkTarget } from './report.js';

export const GRAPH_FORMATS = ['html'] as const;
export type GraphFormat = (typeof GRAPH_FORMATS)[number];

interface GraphCommandOptions {
  format: GraphFormat;
  output?: string;
  force?: boolean;
}

/** Each format: the marker its files start with, and the renderer. */
const FORMATS: Readonly<Record<GraphFormat, { readonly marker: string; readonly render: (catalog: Catalog) => Promise<string> }>> = {
  html: { marker: HTML_MARKER, render: async (catalog) => htmlGraph(catalog, { script: await pageScript() }) },
};

export function registerGraph(program: Command, ctx: Context): void {
  program
    .command('graph')
    .description('the dependency graph as an interactive page: search, service panels, fail a service')
    .argument('<catalog>', 'catalog file or directory')
    .addOption(new Option('--format <format>', 'output format').choices([...GRAPH_FORMATS]).default('html'))
    .option('-o, --output <file>', 'write to this file (directories are created) instead of stdout')
    .option('--force', 'with -o: replace an existing file even if blast did not write it')
    .addHelpText(
      'after',
      `
Examples:
  $ blast graph catalogs/example-shop -o shop.html
  $ blast graph catalogs/aws-us-east-1 --format html -o aws-graph.html

The page is one HTML file with everything inline; it opens from disk with no network access.
Keys and contents: docs/html.md.`,
    )
    .action(async (path: string, opts: GraphCommandOptions) => {
      const format = FORMATS[opts.format];
      if (opts.output !== undefined) checkTarget(opts.output, Boolean(opts.force), format.marker, 'blast');
      const { catalog } = ctx.loadCatalog(path, { quietWarnings: true });
      const text = await format.render(catalog);
      if (opts.output === undefined) {
        ctx.io.stdout.write(text);
        return;
      }
      writeFileAtomic(opts.output, text);
      ctx.printErr(`${ctx.err.green('wrote')}: ${safeText(opts.output)} (${Math.round(Buffer.byteLength(text) / 1024)} KiB)`);
    });
}
