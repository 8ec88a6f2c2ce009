/**
 * `blast merge`: combines the partial results of a sharded Monte Carlo run
 * (`blast simulate ... --trials N --shard i/n`, one per machine or CI job) into exactly the
 * output one `blast simulate ... --trials N` would have printed. The shard side is
 * src/cli/shard.ts.
 */
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { summarizeShape } from '../../engine/monte-carlo.js';
import { checkPartials, decodePartial } from '../../engine/partial.js';
import type { Context } from '../context.js';
import { UserError } from '../io.js';
import { safeText } from '../../util/text.js';
import type { SimulateRender } from '../shard.js';
import { renderSummary, toJson } from './simulate.js';

export function registerMerge(program: Command, ctx: Context): void {
  program
    .command('merge')
    .description('combine the partial results of a sharded Monte Carlo run (simulate --shard i/n) into the output of one run')
    .argument('<partials...>', 'partial result files, one per shard, in any order')
    .addHelpText(
      'after',
      `
Examples:
  $ for i in 1 2 3 4; do blast simulate catalogs/aws-us-east-1 -s 2025-10-20-dynamodb-dns --trials 100000 --shard $i/4 > part-$i.json; done
  $ blast merge part-*.json          # the same bytes as: blast simulate ... --trials 100000

Each shard runs a contiguous range of the trials; trial k is seeded from the seed and k alone,
so the merged result does not depend on how the trials were split or where they ran.
See docs/performance.md for a Kubernetes Indexed Job and a CI matrix.`,
    )
    .action((files: string[]) => {
      const parts = files.map((file) => {
        let text: string;
        try {
          text = readFileSync(file, 'utf8');
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          throw new UserError(`cannot read ${safeText(file)}: ${code === 'ENOENT' ? 'no such file' : (code ?? 'error')}`, 'give the files written by `blast simulate ... --shard i/n`');
        }
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
