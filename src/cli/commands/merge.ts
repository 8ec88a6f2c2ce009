/**
 * `blast merge`: combines the partial results of a sharded Monte Carlo run
 * (`blast simulate ... --trials N --shard i/n`, one per machine or CI job) into exactly the
 * output one `blast simulate ... --trials N` would have printed. The shard side is
 * src/cli/shard.ts.
 */
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { summarizeShape } from '../../engine/monte-carlo.js';
import { checkPartials, decodePartial, PARTIAL_FORMAT } from '../../engine/partial.js';
import type { Context } from '../context.js';
import { UserError } from '../io.js';
import { safeText } from '../../util/text.js';
import type { SimulateRender } from '../shard.js';
import { renderSummary, toJson } from './simulate.js';
import { decodeRankPartial, mergeRankPartials, RANK_PARTIAL_FORMAT, type RankPartial } from '../shard-rank.js';
import { renderRank } from './rank.js';

/** Which command wrote a partial, from its leading "format" (both kinds write it first). */
function partialKind(text: string): 'rank' | 'simulate' | 'unknown' {
  const m = /^\s*\{\s*"format"\s*:\s*"([^"]*)"/.exec(text.slice(0, 200));
  return !m ? 'unknown' : m[1] === RANK_PARTIAL_FORMAT ? 'rank' : m[1] === PARTIAL_FORMAT ? 'simulate' : 'unknown';
}
const COMMAND = { rank: '`blast rank --for ... --shard i/n`', simulate: '`blast simulate --trials ... --shard i/n`' } as const;

export function registerMerge(program: Command, ctx: Context): void {
  program
    .command('merge')
    .description('combine the partial results of a sharded run (simulate --trials --shard i/n, or rank --for --shard i/n) into the output of one run')
    .argument('<partials...>', 'partial result files, one per shard, in any order')
    .addHelpText(
      'after',
      `
Examples:
  $ for i in 1 2 3 4; do
      blast simulate catalogs/aws-us-east-1 -s 2025-10-20-dynamodb-dns --trials 100000 \\
        --shard $i/4 > part-$i.json
    done
  $ blast merge part-*.json          # the same bytes as: blast simulate ... --trials 100000
  $ for i in 1 2 3 4; do blast rank big.yaml --for 1h --shard $i/4 > rank-$i.json; done
  $ blast merge rank-*.json          # the same bytes as: blast rank big.yaml --for 1h

Each shard runs a contiguous range of the trials; trial k is seeded from the seed and k alone,
so the merged result does not depend on how the trials were split or where they ran.
See docs/performance.md for a Kubernetes Indexed Job and a CI matrix.`,
    )
    .action((files: string[]) => {
      const texts = files.map((file) => {
        let text: string;
        try {
          text = readFileSync(file, 'utf8');
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          throw new UserError(`cannot read ${safeText(file)}: ${code === 'ENOENT' ? 'no such file' : (code ?? 'error')}`, 'give the files written by `blast simulate ... --shard i/n` or `blast rank ... --shard i/n`');
        }
        return { file, text, kind: partialKind(text) };
      });
      const kinds = texts.filter((t) => t.kind !== 'unknown');
      const other = kinds.find((t) => t.kind !== kinds[0]?.kind);
      if (other) throw new UserError(`${safeText(other.file)} is a partial of ${COMMAND[other.kind as 'rank' | 'simulate']}, ${safeText(kinds[0]!.file)} of ${COMMAND[kinds[0]!.kind as 'rank' | 'simulate']}: partials of different commands do not merge`, 'merge the shards of one command at a time');
      if (kinds[0]?.kind === 'rank') {
        const rankParts = texts.map(({ file, text }) => {
          const decoded = decodeRankPartial(text);
          if ('error' in decoded) throw new UserError(`${safeText(file)}:1:1: ${decoded.error}`, 'give the files written by `blast rank ... --for <duration> --shard i/n`');
          return { file: safeText(file), partial: decoded.partial as RankPartial };
        });
        const merged = mergeRankPartials(rankParts);
        if ('error' in merged) throw new UserError(merged.error, 'run every shard of the same command (same catalog, --for, --format, --top and shard count) and give all their files');
        ctx.print(renderRank(merged.rows, merged.render, ctx.out));
        return;
      }
      const parts = texts.map(({ file, text }) => {
        const decoded = decodePartial(text);
        if ('error' in decoded) throw new UserError(`${safeText(file)}:1:1: ${decoded.error}`, 'give the files written by `blast simulate ... --shard i/n`');
        return { file: safeText(file), partial: decoded.partial };
      });
      const checked = checkPartials(parts);
      if ('error' in checked) throw new UserError(checked.error, 'run every shard of the same command (same catalog, scenario, --trials, --seed and output options) and give all their files');
      const first = checked.ok[0]!;
      const render = first.render as SimulateRender;
      const mc = summarizeShape(first.shape, first.seed, checked.ok.map((p) => p.batch));
      if (render.json) {
        ctx.print(toJson({ ...render.result, monteCarlo: mc }));
        return;
      }
      const scenarios = new Map<string, unknown>(render.isScenario ? [[render.result.scenario, true]] : []);
      ctx.print(renderSummary({ scenarios }, render.result, mc, ctx.out, render.top));
    });
}
