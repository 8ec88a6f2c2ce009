/** `blast explore`: the interactive terminal explorer (needs a terminal on stdin and stdout). */
import type { Command } from 'commander';
import { UserError } from '../io.js';
import type { Context } from '../context.js';
import { safeText } from '../../util/text.js';

export function registerExplore(program: Command, ctx: Context): void {
  program
    .command('explore')
    .description('browse a catalog in the terminal: search services, fail one, watch the cascade on a timeline')
    .argument('<catalog>', 'catalog file or directory')
    .addHelpText(
      'after',
      `
Keys (press ? inside for all of them):
  ↑↓ move · / search · t tier · y system · +/- tree depth
  f fail the selected service · s run a scenario
  ←→ scrub time · space play/pause · q or Ctrl-C quit

Examples:
  $ blast explore catalogs/example-shop
  $ NO_COLOR=1 blast explore catalogs/aws-us-east-1     # states still shown by symbol: ✓ up, ~ degraded, ✗ down

Needs an interactive terminal; for scripts use \`blast show\`.`,
    )
    .action(async (path: string) => {
      const out = ctx.io.stdout as Partial<NodeJS.WriteStream>;
      if (!ctx.io.stdinIsTTY || !out.isTTY) {
        throw new UserError(`blast explore needs an interactive terminal, but ${!ctx.io.stdinIsTTY ? 'stdin' : 'stdout'} is not one`, `run it in a terminal, or use \`blast show ${safeText(path)}\` for a printable summary`);
      }
      const { catalog } = ctx.loadCatalog(path, { quietWarnings: true });
      const { exploreCatalog } = await import('../../tui/index.js');
      await exploreCatalog(catalog, path, { noColor: !ctx.out.enabled, stdout: out as NodeJS.WriteStream });
    });
}
