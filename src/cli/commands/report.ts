/**
 * `blast report`: a markdown impact report of a scenario or an ad-hoc failure, for a
 * postmortem, an architecture review or a pull request.
 *
 * Overwrite policy for `-o`: a missing file (and its directories) is created; an existing
 * file is replaced only when its first line is the marker every report starts with (a
 * report written before), or with `--force`; anything else is refused with exit 2. A
 * directory, device, pipe or socket is never replaced, `--force` or not. Writes are atomic
 * (see ../write-file.ts).
 */
import type { Command } from 'commander';
import { closeSync, openSync, readSync } from 'node:fs';
import type { Context } from '../context.js';
import { GENERATED_MARKER, impactReport } from '../../report/index.js';
import { resolveScenario, scenarioOptions, type ScenarioOptions } from '../simulation-input.js';
import { parseIntOption } from '../options.js';
import { UserError, writeFileAtomic } from '../io.js';
import { resolveTarget } from '../write-file.js';
import { safeText } from '../../util/text.js';

export interface ReportCommandOptions extends ScenarioOptions {
  output?: string;
  force?: boolean;
  trials: number;
  seed: number;
  top: number;
  maxNodes: number;
}

export function registerReport(program: Command, ctx: Context): void {
  const command = program
    .command('report')
    .description('a markdown impact report (summary, critical path, timeline, diagrams, recommendations) for GitHub')
    .argument('<catalog>', 'catalog file or directory');
  scenarioOptions(command)
    .option('-o, --output <file>', 'write the report to this file (directories are created) instead of stdout')
    .option('--force', 'with -o: replace an existing file even if blast report did not write it')
    .option('-n, --trials <n>', 'Monte Carlo trials: adds P50/P90/P99 and sensitivities (0: point estimate only)', parseIntOption(0, 1_000_000), 0)
    .option('--seed <n>', 'random seed for Monte Carlo (same seed, same report)', parseIntOption(0, 2 ** 32 - 1), 1)
    .option('--top <n>', 'services drawn in the impact-window chart (the rest are counted)', parseIntOption(1, 500), 25)
    .option('--max-nodes <n>', 'most services drawn in the cascade diagram', parseIntOption(2, 200), 40)
    .addHelpText(
      'after',
      `
Examples:
  $ blast report catalogs/example-shop --scenario storage-outage
  $ blast report catalogs/example-shop --fail payment-gateway --for 30m -o reports/pg.md
  $ blast report catalogs/aws-us-east-1 -s 2025-10-20-dynamodb-dns --trials 1000 --seed 1 -o reports/aws.md

The report is GitHub-flavoured markdown with mermaid diagrams; it renders on GitHub as is.
With -o, a missing file (and directory) is created; an existing file is replaced only if it
is a report blast wrote before (its first line says so), or with --force. Output is
deterministic: the same catalog, scenario, trials and seed give the same bytes.`,
    )
    .action((path: string, opts: ReportCommandOptions) => {
      if (opts.output !== undefined) checkTarget(opts.output, Boolean(opts.force));
      const { catalog } = ctx.loadCatalog(path, { quietWarnings: true });
      const input = resolveScenario(catalog, opts);
      const markdown = impactReport(catalog, input, { trials: opts.trials, seed: opts.seed, render: { ganttTop: opts.top, flowchartMax: opts.maxNodes } });
      if (opts.output === undefined) {
        ctx.io.stdout.write(markdown);
        return;
      }
      writeFileAtomic(opts.output, markdown);
      ctx.printErr(`${ctx.err.green('wrote')}: ${safeText(opts.output)} (${markdown.split('\n').length - 1} lines)`);
    });
}

/**
 * Refuses a target that is a directory, a device, a pipe or a socket (even with --force), and
 * an existing file that is not a report unless forced. Runs before simulating.
 */
function checkTarget(file: string, force: boolean): void {
  const { target, mode } = resolveTarget(file);
  if (mode === undefined || force) return;
  if (!startsWithMarker(target)) {
    throw new UserError(`${safeText(file)} exists and was not written by blast report; not replacing it`, 'choose another -o path, or add --force to replace it');
  }
}

function startsWithMarker(file: string): boolean {
  const buf = Buffer.alloc(GENERATED_MARKER.length);
  const fd = openSync(file, 'r');
  try {
    const n = readSync(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n).toString('utf8') === GENERATED_MARKER;
  } finally {
    closeSync(fd);
  }
}
