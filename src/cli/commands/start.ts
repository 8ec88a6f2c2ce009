/**
 * `blast start` (what `npm start` runs): the main job on the bundled AWS us-east-1
 * catalog. In a terminal it opens the explorer; otherwise (a pipe, CI) it prints the
 * 2025-10-20 scenario's simulation summary.
 */
import type { Command } from 'commander';
import { fileURLToPath } from 'node:url';
import type { Context } from '../context.js';
import { displayPath } from '../../catalog/load.js';
import { prepareSimulation, simulate } from '../../engine/index.js';
import { renderSummary } from './simulate.js';

export const BUNDLED_CATALOG = fileURLToPath(new URL('../../../catalogs/aws-us-east-1', import.meta.url));
export const BUNDLED_SCENARIO = '2025-10-20-dynamodb-dns';

export function registerStart(program: Command, ctx: Context): void {
  program
    .command('start')
    .description('the main job on the bundled AWS us-east-1 catalog (what `npm start` runs): the explorer playing the 2025-10-20 scenario in a terminal, else its simulation summary')
    .option('--summary', 'print the simulation summary even in a terminal')
    .action(async (opts: { summary?: boolean }) => {
      const { catalog } = ctx.loadCatalog(BUNDLED_CATALOG);
      const out = ctx.io.stdout as Partial<NodeJS.WriteStream>;
      if (!opts.summary && ctx.io.stdinIsTTY && out.isTTY) {
        const { exploreCatalog } = await import('../../tui/index.js');
        // the 2025-10-20 scenario runs and plays as the explorer opens
        await exploreCatalog(catalog, 'catalogs/aws-us-east-1', { noColor: !ctx.out.enabled, stdout: out as NodeJS.WriteStream, scenario: BUNDLED_SCENARIO });
        return;
      }
      const result = simulate(prepareSimulation(catalog), { scenario: catalog.scenarios.get(BUNDLED_SCENARIO)! });
      ctx.print(renderSummary(catalog, result, undefined, ctx.out, 15));
      const at = `${displayPath(BUNDLED_CATALOG)} -s ${BUNDLED_SCENARIO}`;
      const more: Array<[string, string]> = [
        [`blast simulate ${at} --trials 10000`, 'P50/P90/P99'],
        [`blast simulate ${at} --json`, 'for scripts'],
        [`blast explore ${at}`, 'in a terminal'],
        ['blast --help', 'every command'],
      ];
      const w = Math.max(...more.map(([c]) => c.length));
      ctx.print(ctx.out.dim(`\nMore (from a checkout: npm run blast -- <command>):\n${more.map(([c, what]) => `  ${c.padEnd(w)}   # ${what}`).join('\n')}`));
    });
}
