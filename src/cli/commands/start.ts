/**
 * `blast start` (what `npm start` runs): the main job on the bundled AWS us-east-1
 * catalog: the 2025-10-20 scenario's simulation summary.
 */
import type { Command } from 'commander';
import { fileURLToPath } from 'node:url';
import type { Context } from '../context.js';
import { prepareSimulation, simulate } from '../../engine/index.js';
import { renderSummary } from './simulate.js';

export const BUNDLED_CATALOG = fileURLToPath(new URL('../../../catalogs/aws-us-east-1', import.meta.url));
export const BUNDLED_SCENARIO = '2025-10-20-dynamodb-dns';

export function registerStart(program: Command, ctx: Context): void {
  program
    .command('start')
    .description('the main job: simulate the bundled AWS us-east-1 2025-10-20 scenario (what `npm start` runs)')
    .action(() => {
      const { catalog } = ctx.loadCatalog(BUNDLED_CATALOG);
      const result = simulate(prepareSimulation(catalog), { scenario: catalog.scenarios.get(BUNDLED_SCENARIO)! });
      ctx.print(renderSummary(catalog, result, undefined, ctx.out, 15));
      ctx.print(ctx.out.dim('\nMore: npm run blast -- simulate catalogs/aws-us-east-1 -s 2025-10-20-dynamodb-dns --trials 10000 | --json; npm run blast -- --help'));
    });
}
