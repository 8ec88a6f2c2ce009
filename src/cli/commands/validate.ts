/** `blast validate`: check a catalog and report every problem with file:line:col. */
import type { Command } from 'commander';
import { loadCatalog } from '../../catalog/load.js';
import { sortDiagnostics } from '../../catalog/diagnostics.js';
import { missingTierDiagnostics } from '../../catalog/tiers.js';
import { EXIT } from '../exit-codes.js';
import type { Context } from '../context.js';
import { diagnosticJson, formatDiagnostic, summarizeDiagnostics } from '../diagnostics.js';
import { safeText } from '../../util/text.js';

export function registerValidate(program: Command, ctx: Context): void {
  program
    .command('validate')
    .description('check a catalog: schema, references, redundancy groups, cycles; every problem with file:line:col')
    .argument('<catalog>', 'catalog file or directory of YAML files')
    .option('--strict', 'warnings fail too (exit 1); also warns on services without a tier')
    .option('--json', 'machine-readable result on stdout')
    .addHelpText(
      'after',
      `
Examples:
  $ blast validate catalogs/example-shop
  $ blast validate catalogs/aws-us-east-1 --strict
  $ blast validate my-catalog.yaml --json | jq '.diagnostics[] | select(.severity=="error")'`,
    )
    .action((path: string, opts: { strict?: boolean; json?: boolean }) => {
      const loaded = loadCatalog(path);
      // --strict also asks for completeness: a service without a tier is silently tier 2
      const res = opts.strict && loaded.catalog ? { ...loaded, diagnostics: sortDiagnostics([...loaded.diagnostics, ...missingTierDiagnostics(loaded.catalog)]) } : loaded;
      const errors = res.diagnostics.filter((d) => d.severity === 'error').length;
      const warnings = res.diagnostics.length - errors;
      const valid = errors === 0;
      if (opts.json) {
        ctx.print(JSON.stringify({
          valid,
          services: res.catalog?.services.size ?? null,
          scenarios: res.catalog?.scenarios.size ?? null,
          errors,
          warnings,
          diagnostics: res.diagnostics.map(diagnosticJson),
        }, null, 2));
      } else {
        for (const d of res.diagnostics) ctx.printErr(formatDiagnostic(d, ctx.err));
        if (valid) {
          const c = res.catalog!;
          ctx.print(`${ctx.out.green('valid')}: ${safeText(path)}: ${c.services.size} services, ${c.scenarios.size} scenario${c.scenarios.size === 1 ? '' : 's'} in ${c.files.length} file${c.files.length === 1 ? '' : 's'} (${summarizeDiagnostics(res.diagnostics)})`);
        } else {
          ctx.printErr(`${ctx.err.red('invalid')}: ${safeText(path)}: ${summarizeDiagnostics(res.diagnostics)}`);
        }
      }
      if (!valid) ctx.fail(EXIT.usage);
      else if (opts.strict && warnings > 0) ctx.fail(EXIT.findings);
    });
}
