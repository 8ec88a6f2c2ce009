/** `blast rank`: every service by blast radius (who its failure hits), optionally with service-hours from the engine. */
import type { Command } from 'commander';
import { compileGraph } from '../../graph/compile.js';
import { rankServices, TIER_WEIGHTS, type RankRow } from '../../analysis/rank.js';
import { rankMarkdown } from '../../analysis/render/markdown.js';
import { serviceHoursByFailure, withServiceHours } from '../../analysis/service-hours.js';
import { formatDuration } from '../../catalog/units.js';
import type { Context } from '../context.js';
import { parseDurationOption, parseIntOption } from '../options.js';
import { progressBar } from '../progress.js';
import type { Style } from '../style.js';
import { safeText } from '../../util/text.js';
import { parseFormatOption } from './review.js';

const RANK_FORMATS = ['text', 'json', 'markdown'] as const;
type RankFormat = (typeof RANK_FORMATS)[number];

interface RankOptions {
  for?: number;
  top?: number;
  json?: boolean;
  format?: RankFormat;
}

export function registerRank(program: Command, ctx: Context): void {
  program
    .command('rank')
    .description('rank services by blast radius: how many others their failure alone takes down or degrades, tier-weighted')
    .argument('<catalog>', 'catalog file or directory')
    .option('--for <duration>', 'also replay each failure for this long with the engine and rank by service-hours of impairment (e.g. 1h)', parseDurationOption)
    .option('--top <n>', 'rows to show (text and markdown default 20; JSON all)', parseIntOption(1, 10_000_000))
    .option('--format <format>', `output format: ${RANK_FORMATS.join(', ')}`, parseFormatOption(RANK_FORMATS))
    .option('--json', 'same as --format json: rows { id, name, tier, blastRadius, down, degraded, weighted, byTier, serviceHours? }')
    .addHelpText(
      'after',
      `
Examples:
  $ blast rank catalogs/example-shop
  $ blast rank catalogs/aws-us-east-1 --top 10
  $ blast rank catalogs/aws-us-east-1 --for 1h --json | jq '.[0]'

blastRadius counts the other services down or degraded when the service fails alone
(redundancy groups respected; soft dependencies degrade; async ones do not propagate).
weighted sums those by tier: ${TIER_WEIGHTS.map((w, t) => `tier ${t} = ${w}`).join(', ')}.
With --for, serviceHours is the impaired time of every other service, weighted by the
fraction of its demand it did not serve, in hours, from a simulation with parameters at
their medians; rows are then ordered by it.`,
    )
    .action((path: string, opts: RankOptions) => {
      const format: RankFormat = opts.format ?? (opts.json ? 'json' : 'text');
      const { catalog } = ctx.loadCatalog(path, { quietWarnings: format !== 'text' });
      let rows = rankServices(catalog, compileGraph(catalog));
      if (opts.for !== undefined) {
        const bar = progressBar(ctx.io.stderr, catalog.services.size, 'simulating');
        rows = withServiceHours(rows, serviceHoursByFailure(catalog, opts.for, (done) => bar.update(done)));
        bar.done();
      }
      const top = opts.top ?? (format === 'json' ? rows.length : 20);
      const shown = rows.slice(0, top);
      if (format === 'json') ctx.print(JSON.stringify(shown.map((r) => ({ ...r, ...(r.serviceHours !== undefined ? { serviceHours: round(r.serviceHours) } : {}) })), null, 2));
      else if (format === 'markdown') ctx.print(rankMarkdown(shown, opts.for !== undefined ? { forMinutes: opts.for } : {}));
      else ctx.print(rankText(shown, rows.length, opts.for, ctx.out));
    });
}

const round = (x: number): number => Math.round(x * 1000) / 1000;

function rankText(rows: readonly RankRow[], total: number, forMinutes: number | undefined, st: Style): string {
  const idWidth = Math.min(40, Math.max(7, ...rows.map((r) => r.id.length)));
  const head = `${'#'.padStart(4)}  ${'service'.padEnd(idWidth)}  tier  radius    down  weighted${forMinutes !== undefined ? `  service-hours (${formatDuration(forMinutes)})` : ''}`;
  const lines = [st.bold(head)];
  rows.forEach((r, i) => {
    const id = safeText(r.id);
    lines.push(
      `${String(i + 1).padStart(4)}  ${(id.length > idWidth ? `${id.slice(0, idWidth - 1)}…` : id).padEnd(idWidth)}  ${String(r.tier).padStart(4)}  ${String(r.blastRadius).padStart(6)}  ${String(r.down).padStart(6)}  ${String(r.weighted).padStart(8)}${r.serviceHours !== undefined ? `  ${r.serviceHours.toFixed(1).padStart(13)}` : ''}`,
    );
  });
  if (rows.length < total) lines.push(st.dim(`… ${total - rows.length} more (--top ${total} to show all)`));
  return lines.join('\n');
}
