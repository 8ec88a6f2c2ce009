/** `blast explore`: the interactive terminal explorer (needs a terminal on stdin and stdout). */
import type { Command } from 'commander';
import { UserError } from '../io.js';
import type { Context } from '../context.js';
import { safeText, suggest } from '../../util/text.js';

export function registerExplore(program: Command, ctx: Context): void {
  program
    .command('explore')
    .description('browse a catalog in the terminal: search services, fail one, watch the cascade on a timeline')
    .argument('<catalog>', 'catalog file or directory')
    .option('-s, --scenario <id>', 'open with this scenario running on the timeline, playing')
    .addHelpText(
      'after',
      `
Keys (press ? inside for all of them):
  ↑↓ move · / search · t tier · y system · +/- tree depth
  f fail the selected service · s run a scenario
  m the advisor: the best changes for the selected service, simulated
  ←→ scrub time · space play/pause · q or Ctrl-C quit

Examples:
  $ blast explore catalogs/example-shop
  $ blast explore catalogs/aws-us-east-1 --scenario 2025-10-20-dynamodb-dns
  $ NO_COLOR=1 blast explore catalogs/aws-us-east-1   # states by symbol: ✓ up, ~ degraded, ✗ down

Needs an interactive terminal; for scripts use \`blast show\`.`,
    )
    .action(async (path: string, opts: { scenario?: string }) => {
      const out = ctx.io.stdout as Partial<NodeJS.WriteStream>;
      if (!ctx.io.stdinIsTTY || !out.isTTY) {
        throw new UserError(`blast explore needs an interactive terminal, but ${!ctx.io.stdinIsTTY ? 'stdin' : 'stdout'} is not one`, `run it in a terminal, or use \`blast show ${safeText(path)}\` for a printable summary`);
      }
      const loadStartedMs = Date.now();
      const { catalog } = ctx.loadCatalog(path, { quietWarnings: true });
      if (opts.scenario !== undefined && !catalog.scenarios.has(opts.scenario)) {
        const [best] = suggest(opts.scenario, catalog.scenarios.keys());
        throw new UserError(`no scenario "${safeText(opts.scenario)}" in ${safeText(path)}`, best ? `did you mean "${best}"?` : 'run `blast show <catalog>` to list its scenarios');
      }
      const { exploreCatalog } = await import('../../tui/index.js');
      await exploreCatalog(catalog, path, { noColor: !ctx.out.enabled, stdout: out as NodeJS.WriteStream, files: { path, loadStartedMs }, ...(opts.scenario !== undefined ? { scenario: opts.scenario } : {}) });
    });
}
