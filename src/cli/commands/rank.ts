/** `blast rank`: every service by blast radius (who its failure hits), optionally with service-hours from the engine. */
import type { Command } from 'commander';
import { compileGraph } from '../../graph/compile.js';
import { rankServices, TIER_WEIGHTS, type RankRow } from '../../analysis/rank.js';
import { sweepSingleFailures } from '../../analysis/sweep.js';
import { rankMarkdown } from '../../analysis/render/markdown.js';
import { withServiceHours } from '../../analysis/service-hours.js';
import { serviceHoursOnThreads } from '../rank-pool.js';
import { availableParallelism } from 'node:os';
import { formatDuration } from '../../catalog/units.js';
import type { Context } from '../context.js';
import { parseDurationOption, parseIntOption } from '../options.js';
import { progressBar } from '../progress.js';
import type { Style } from '../style.js';
import { safeText } from '../../util/text.js';
import { parseFormatOption } from './review.js';
import { parseShardOption } from '../shard.js';
import { encodeRankPartial, rankShardRange, type RankRender } from '../shard-rank.js';
import { UserError } from '../io.js';

const RANK_FORMATS = ['text', 'json', 'markdown'] as const;
type RankFormat = (typeof RANK_FORMATS)[number];

interface RankOptions {
  for?: number;
  top?: number;
  json?: boolean;
  format?: RankFormat;
  shard?: { index: number; count: number };
  threads?: number;
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
    .option('--threads <n>', 'with --for: worker threads for the replays (default: one per core; 1: this thread)', parseIntOption(1, 256))
    .option('--shard <i/n>', 'with --for: replay only shard i of n of the failures and print a partial result for `blast merge`', parseShardOption)
    .addHelpText(
      'after',
      `
Examples:
  $ blast rank catalogs/example-shop
  $ blast rank catalogs/aws-us-east-1 --top 10
  $ blast rank catalogs/aws-us-east-1 --for 1h --json | jq '.[0]'
  $ for i in 1 2 3 4; do blast rank big.yaml --for 1h --shard $i/4 > rank-$i.json; done
  $ blast merge rank-*.json          # the same bytes as: blast rank big.yaml --for 1h

blastRadius counts the other services down or degraded when the service fails alone
(redundancy groups respected; soft dependencies degrade; async ones do not propagate).
weighted sums those by tier: ${TIER_WEIGHTS.map((w, t) => `tier ${t} = ${w}`).join(', ')}.
With --for, serviceHours is the impaired time of every other service, weighted by the
fraction of its demand it did not serve, in hours, from a simulation with parameters at
their medians; rows are then ordered by it. Failures whose reach has no warm-up, queue,
restart or other timed mechanism are replayed without the event engine, with the same figures.
--shard i/n splits the failures in catalog order, as test runners split tests; give the
merged output options (--format, --top) to every shard.`,
    )
    .action(async (path: string, opts: RankOptions) => {
      const format: RankFormat = opts.format ?? (opts.json ? 'json' : 'text');
      if (opts.shard && opts.for === undefined) throw new UserError('--shard splits the replays of --for: give --for <duration> too', 'e.g. blast rank catalog.yaml --for 1h --shard 1/4');
      const { catalog } = ctx.loadCatalog(path, { quietWarnings: format !== 'text' || opts.shard !== undefined });
      const cg = compileGraph(catalog);
      const sweep = sweepSingleFailures(cg);
      let rows = rankServices(catalog, cg, sweep);
      const render: RankRender = { format, top: opts.top ?? null, forMinutes: opts.for ?? 0 };
      if (opts.for !== undefined) {
        const ids = [...catalog.services.keys()];
        const { from, to } = opts.shard ? rankShardRange(ids.length, opts.shard) : { from: 0, to: ids.length };
        const bar = progressBar(ctx.io.stderr, to - from, 'simulating');
        const threads = Math.min(opts.threads ?? availableParallelism(), 64);
        const { hours } = await serviceHoursOnThreads(catalog, opts.for, { from, to }, threads, { down: sweep.down, affected: sweep.affected }, (done) => bar.update(done));
        bar.done();
        if (opts.shard) {
          ctx.print(encodeRankPartial(rows, ids, opts.shard, hours, render).trimEnd());
          return;
        }
        rows = withServiceHours(rows, new Map(ids.map((id, i) => [id, hours[i]!])));
      }
      ctx.print(renderRank(rows, { ...render, forMinutes: opts.for }, ctx.out));
    });
}

/** The output of `blast rank` (and of `blast merge` of its shards) for rows in their final order. */
export function renderRank(rows: readonly RankRow[], opts: { format: RankFormat; top: number | null; forMinutes: number | undefined }, st: Style): string {
  const top = opts.top ?? (opts.format === 'json' ? rows.length : 20);
  const shown = rows.slice(0, top);
  if (opts.format === 'json') return JSON.stringify(shown.map((r) => ({ ...r, ...(r.serviceHours !== undefined ? { serviceHours: round(r.serviceHours) } : {}) })), null, 2);
  if (opts.format === 'markdown') return rankMarkdown(shown, opts.forMinutes !== undefined ? { forMinutes: opts.forMinutes } : {});
  return rankText(shown, rows.length, opts.forMinutes, st);
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
