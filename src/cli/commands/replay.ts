/**
 * `blast replay`: a scenario's simulation against what was observed in the real incident
 * (its `observed:` milestones): per milestone the error and whether it is within
 * tolerance, the order of milestones, and the affected services. Thin shell over
 * src/replay.
 */
import type { Command } from 'commander';
import type { Context } from '../context.js';
import type { Catalog, Scenario } from '../../catalog/model.js';
import { milestoneSpecs } from '../../replay/milestones.js';
import { milestoneTrials, replayScenario, withDistributions } from '../../replay/run.js';
import { renderReplay } from '../../replay/render.js';
import type { ReplayResult } from '../../replay/compare.js';
import { parseIntOption } from '../options.js';
import { progressBar } from '../progress.js';
import { UserError } from '../io.js';
import { EXIT } from '../exit-codes.js';
import { safeText, suggest } from '../../util/text.js';
import { toJson } from './simulate.js';

export interface ReplayOptions {
  scenario?: string;
  json?: boolean;
  failOutside?: boolean;
  trials: number;
  seed: number;
}

/** The scenario named by `-s` (or the catalog's only one), which must carry observations. */
export function observedScenario(catalog: Catalog, id: string | undefined): Scenario {
  const withObs = [...catalog.scenarios.values()].filter((s) => s.observed?.length).map((s) => s.id);
  // a catalog with one scenario (an incident of catalogs/incidents) needs no -s
  if (id === undefined && catalog.scenarios.size === 1) id = [...catalog.scenarios.keys()][0]!;
  if (id === undefined) {
    throw new UserError('give the scenario to replay: --scenario <id>', withObs.length ? `scenarios with observations: ${withObs.join(', ')}` : 'no scenario of this catalog has observed: milestones (docs/catalog.md#observed-milestones)');
  }
  const sc = catalog.scenarios.get(id);
  if (!sc) {
    const [best] = suggest(id, catalog.scenarios.keys());
    throw new UserError(`no scenario "${safeText(id)}" in this catalog`, best ? `did you mean "${best}"?` : `scenarios: ${[...catalog.scenarios.keys()].join(', ') || 'none'}`);
  }
  if (!sc.observed?.length) {
    throw new UserError(`scenario "${safeText(id)}" has no observed milestones to replay against`, 'add an observed: list to the scenario (docs/catalog.md#observed-milestones)');
  }
  return sc;
}

/** Trials in one synchronous slice between progress updates. */
const SLICE = 200;

export function registerReplay(program: Command, ctx: Context): void {
  program
    .command('replay')
    .description("compare a scenario's simulation with what was observed (its observed: milestones)")
    .argument('<catalog>', 'catalog file or directory')
    .option('-s, --scenario <id>', 'the scenario to replay (it must have observed: milestones; default: the catalog\'s only one, if it has one)')
    .option('--json', 'the comparison as JSON (rows, order, affected, score)')
    .option('--fail-outside', 'exit 1 when a milestone is outside its tolerance (for CI)')
    .option('-n, --trials <n>', 'Monte Carlo trials: adds P10/P50/P90 of each milestone (0: point estimate only)', parseIntOption(0, 200_000), 0)
    .option('--seed <n>', 'random seed for the trials (same seed, same result)', parseIntOption(0, 2 ** 32 - 1), 1)
    .addHelpText(
      'after',
      `
Examples:
  $ blast replay catalogs/aws-us-east-1 -s 2025-10-20-dynamodb-dns
  $ blast replay catalogs/aws-us-east-1 -s 2025-10-20-dynamodb-dns --trials 1000 --seed 7
  $ blast replay catalogs/incidents/2021-10-04-facebook-bgp   # an incident: its only scenario
  $ blast replay catalogs/incidents/2021-10-04-facebook-bgp --fail-outside   # exit 1 if one misses
  $ blast replay catalogs/aws-us-east-1 -s 2025-10-20-dynamodb-dns --json | jq .score

The simulation uses every parameter at its median; with --trials, the P50s of the trials are
judged too ("At the P50s:"): the median run is often later than the run at the medians. A
milestone is within tolerance when its error is at most its stated tolerance, or max(20 min,
25 % of the observed time); an upper bound is met by any earlier time, a lower bound by any
later one. Exit 1 with --fail-outside when any milestone this engine simulates is outside its
tolerance. See docs/replay.md.`,
    )
    .action(async (path: string, opts: ReplayOptions) => {
      const { catalog } = ctx.loadCatalog(path, { quietWarnings: Boolean(opts.json) });
      const scenario = observedScenario(catalog, opts.scenario);
      const { result: point, model } = replayScenario(catalog, scenario);
      let result: ReplayResult = point;
      if (opts.trials > 0) {
        const specs = milestoneSpecs(model, scenario.observed!);
        const m = specs.length;
        const all = new Float64Array(opts.trials * m);
        const bar = progressBar(ctx.io.stderr, opts.trials, 'Trials');
        for (let from = 0; from < opts.trials; from += SLICE) {
          const to = Math.min(opts.trials, from + SLICE);
          all.set(milestoneTrials(model, specs, opts.seed, from, to), from * m);
          bar.update(to);
          await new Promise((r) => setImmediate(r)); // let the bar paint
        }
        bar.done();
        result = withDistributions(point, all, opts.trials, opts.seed, scenario);
      }
      ctx.print(opts.json ? toJson(result) : renderReplay(result, ctx.out));
      if (opts.failOutside && result.rows.some((r) => r.status !== 'not-simulated' && !r.within)) ctx.fail(EXIT.findings);
    });
}
