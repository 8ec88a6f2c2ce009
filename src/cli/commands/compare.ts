/**
 * `blast compare`: two simulations side by side. Two scenarios of one catalog
 * (`-s A -s B`), or one scenario on two catalogs: `--against <other catalog>` or
 * `--base-ref <git rev>` (the catalog as it was, read from git as `blast diff` reads it).
 * The baseline is A: the first scenario, or the other catalog / the revision. With
 * `--trials`, Monte Carlo on both sides with paired seeds. The work is in
 * src/analysis/compare*.ts and src/report/compare/.
 */
import type { Command } from 'commander';
import { displayPath } from '../../catalog/load.js';
import type { Catalog } from '../../catalog/model.js';
import { buildModel, prepareSimulation, simulate, type ScenarioInput } from '../../engine/index.js';
import { compareRuns, type CompareSide } from '../../analysis/compare.js';
import { runPairedTrials, summarizePaired, type PairedBatch, type PairedMonteCarlo } from '../../analysis/compare-trials.js';
import { compareText } from '../../report/compare/text.js';
import { compareMarkdown } from '../../report/compare/markdown.js';
import type { Context } from '../context.js';
import { UserError } from '../io.js';
import { collectServiceIds, parseFaultDurationOption, parseIntOption } from '../options.js';
import { progressBar } from '../progress.js';
import { resolveScenario } from '../simulation-input.js';
import { catalogAtRevision } from './diff.js';
import { parseFormatOption } from './review.js';
import { toJson } from './simulate.js';

const COMPARE_FORMATS = ['text', 'json', 'markdown'] as const;
type CompareFormat = (typeof COMPARE_FORMATS)[number];

interface CompareOptions {
  scenario?: string[];
  fail?: string[];
  for?: number;
  against?: string;
  baseRef?: string;
  trials: number;
  seed: number;
  top: number;
  format?: CompareFormat;
  json?: boolean;
}

const collect = (value: string, previous: readonly string[] = []): string[] => [...previous, value];

/** Trials run between two paints of the progress bar. */
const CHUNK = 200;

export function registerCompare(program: Command, ctx: Context): void {
  program
    .command('compare')
    .description('compare two simulations: two scenarios, or one scenario on two catalogs (another directory, or a git revision)')
    .argument('<catalog>', 'catalog file or directory (B; with --against or --base-ref, the changed catalog)')
    .option('-s, --scenario <id>', 'a scenario: twice for A and B, or once with --against / --base-ref', collect)
    .option('-f, --fail <service>', 'instead of a scenario, with --against / --base-ref: fail these services', collectServiceIds)
    .option('--for <duration>', 'how long the --fail fault lasts (default 1h)', parseFaultDurationOption)
    .option('--against <catalog>', 'the baseline catalog (A) to run the same scenario on')
    .option('--base-ref <git-rev>', 'the baseline is <catalog> as of this git revision (e.g. origin/main, HEAD~1)')
    .option('-n, --trials <n>', 'Monte Carlo trials on both sides with paired seeds (0: point estimates only)', parseIntOption(0, 1_000_000), 0)
    .option('--seed <n>', 'random seed for Monte Carlo', parseIntOption(0, 2 ** 32 - 1), 1)
    .option('--top <n>', 'services listed in text and markdown', parseIntOption(1, 100_000), 20)
    .option('--format <format>', `output format: ${COMPARE_FORMATS.join(', ')}`, parseFormatOption(COMPARE_FORMATS))
    .option('--json', 'same as --format json')
    .addHelpText(
      'after',
      `
Examples:
  $ blast compare catalogs/example-shop -s storage-outage -s payment-gateway-brownout
  $ blast compare catalogs/shop-mitigated -s storage-outage --against catalogs/shop --trials 2000
  $ blast compare catalogs/example-shop -s storage-outage --base-ref HEAD~1 --format markdown

A is the baseline (the first scenario, or the --against catalog, or the --base-ref revision),
B the alternative; changes are B − A, so negative is better. With --trials both sides run
the same trials (trial k of A and of B share their seed, and a parameter both sides have
takes the same value), and the percentiles of the per-trial difference are reported.
See docs/compare.md.`,
    )
    .action(async (path: string, opts: CompareOptions) => {
      const format: CompareFormat = opts.format ?? (opts.json ? 'json' : 'text');
      const quiet = format !== 'text';
      const scenarios = opts.scenario ?? [];
      const twoCatalogs = opts.against !== undefined || opts.baseRef !== undefined;
      if (opts.against !== undefined && opts.baseRef !== undefined) throw new UserError('give --against or --base-ref, not both');
      if (scenarios.length > 2) throw new UserError(`${scenarios.length} scenarios given; compare takes two (-s A -s B), or one with --against / --base-ref`);
      if (twoCatalogs && scenarios.length === 2) throw new UserError('with --against or --base-ref give one scenario: the same scenario runs on both catalogs', `e.g. -s ${scenarios[0]} --against <other catalog>`);
      if (!twoCatalogs && opts.fail?.length) throw new UserError('--fail compares the same failure on two catalogs: add --against <catalog> or --base-ref <rev>', 'to compare two failures of one catalog, write them as scenarios');
      if (!twoCatalogs && scenarios.length !== 2) {
        throw new UserError('give two scenarios (-s A -s B), or one scenario with --against <catalog> or --base-ref <git-rev>', `e.g. blast compare ${path} -s <A> -s <B>`);
      }

      let sides: Array<{ label: string; catalog: Catalog; input: ScenarioInput }>;
      if (!twoCatalogs) {
        const { catalog } = ctx.loadCatalog(path, { quietWarnings: quiet });
        sides = scenarios.map((id) => ({ label: id, catalog, input: resolveScenario(catalog, { scenario: id }) }));
      } else {
        const which = { ...(scenarios[0] !== undefined ? { scenario: scenarios[0] } : {}), ...(opts.fail ? { fail: opts.fail } : {}), ...(opts.for !== undefined ? { for: opts.for } : {}) };
        const head = ctx.loadCatalog(path, { quietWarnings: quiet }).catalog;
        const base = opts.against !== undefined ? ctx.loadCatalog(opts.against, { quietWarnings: quiet }).catalog : catalogAtRevision(ctx, path, opts.baseRef!);
        const baseLabel = opts.against !== undefined ? displayPath(opts.against) : `${displayPath(path)} at ${opts.baseRef}`;
        sides = [
          { label: baseLabel, catalog: base, input: inCatalog(() => resolveScenario(base, which), baseLabel) },
          { label: displayPath(path), catalog: head, input: inCatalog(() => resolveScenario(head, which), displayPath(path)) },
        ];
      }

      const runs: CompareSide[] = sides.map((s) => ({ label: s.label, result: simulate(prepareSimulation(s.catalog), s.input) }));
      let mc: PairedMonteCarlo | undefined;
      if (opts.trials > 0) {
        const models = [buildModel(prepareSimulation(sides[0]!.catalog), sides[0]!.input), buildModel(prepareSimulation(sides[1]!.catalog), sides[1]!.input)] as const;
        const bar = progressBar(ctx.io.stderr, opts.trials, 'Monte Carlo (paired)');
        const batches: PairedBatch[] = [];
        for (let from = 0; from < opts.trials; from += CHUNK) {
          const to = Math.min(opts.trials, from + CHUNK);
          batches.push(runPairedTrials(models, opts.seed, from, to));
          bar.update(to);
          await new Promise((r) => setImmediate(r)); // let the bar paint
        }
        bar.done();
        mc = summarizePaired(opts.seed, batches);
      }
      const comparison = compareRuns(runs[0]!, runs[1]!, mc);
      if (format === 'json') ctx.print(toJson(comparison));
      else if (format === 'markdown') ctx.print(compareMarkdown(comparison, { top: opts.top }));
      else ctx.print(compareText(comparison, { top: opts.top, style: ctx.out }));
    });
}

/** Resolves the scenario on one side, saying which catalog lacks it. */
function inCatalog(resolve: () => ScenarioInput, label: string): ScenarioInput {
  try {
    return resolve();
  } catch (e) {
    if (e instanceof UserError) throw new UserError(`${label}: ${e.message}`, e.hint);
    throw e;
  }
}
