/** `blast start` (what `npm start` runs): the main job on the bundled AWS catalog. */
import type { Command } from 'commander';
import { fileURLToPath } from 'node:url';
import type { Context } from '../context.js';
import { catalogSummary } from './show.js';

export const BUNDLED_CATALOG = fileURLToPath(new URL('../../../catalogs/aws-us-east-1', import.meta.url));

export function registerStart(program: Command, ctx: Context): void {
  program
    .command('start')
    .description('the main job on the bundled AWS us-east-1 catalog (what `npm start` runs)')
    .action(() => {
      const { catalog } = ctx.loadCatalog(BUNDLED_CATALOG);
      const s = catalogSummary(catalog);
      ctx.print(`${s.name ?? 'catalog'}: ${s.services} services, ${s.dependencies} dependencies; scenarios: ${s.scenarios.join(', ')}`);
    });
}
