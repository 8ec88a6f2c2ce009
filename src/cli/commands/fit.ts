/**
 * `blast fit`: fits the parameters a catalog marks `free: true` to a scenario's observed
 * milestones, reports them with intervals, and optionally writes them back (--write) or
 * cross-validates (--holdout). Thin shell over src/fit: it picks the executor (worker
 * threads or in-process), draws the progress bar, and does the file writes.
 */
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { availableParallelism } from 'node:os';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { Context } from '../context.js';
import type { Scenario } from '../../catalog/model.js';
import { loadCatalog } from '../../catalog/load.js';
import { buildCatalog } from '../../catalog/build.js';
import { isError } from '../../catalog/diagnostics.js';
import { fitProblem, slotValues, type FitProblem } from '../../fit/problem.js';
import { fit, holdout, kFolds, type FitResult } from '../../fit/fit.js';
import { inProcessExecutor, type Executor } from '../../fit/executor.js';
import { workerPool } from '../../fit/pool.js';
import { renderFit, formatParam } from '../../fit/render.js';
import { writeFittedValues, type ValueEdit } from '../../fit/write.js';
import { replayScenario } from '../../replay/run.js';
import { labelOf } from '../../replay/compare.js';
import { observedScenario } from './replay.js';
import { parseIntOption } from '../options.js';
import { progressBar } from '../progress.js';
import { UserError } from '../io.js';
import { safeText } from '../../util/text.js';
import { toJson } from './simulate.js';

export interface FitCommandOptions {
  scenario?: string;
  seed: number;
  threads?: number;
  json?: boolean;
  write?: boolean;
  holdout?: string;
}

/** `--holdout`: a number of folds (2 or more), or milestones by number or label, comma-separated. */
export const parseHoldout = (value: string): string => {
  if (value.trim() === '') throw new InvalidArgumentError('expected a number of folds (e.g. 3) or milestones by number or label (e.g. 2,5)');
  return value;
};

/** The folds `--holdout` asks for. */
export function holdoutFolds(prob: FitProblem, spec: string): number[][] {
  const t = spec.trim();
  if (/^\d+$/.test(t)) {
    const k = Number(t);
    const simulated = prob.simulated.reduce((s, x) => s + x, 0);
    if (k < 2 || k > simulated) throw new UserError(`--holdout ${t}: the number of folds must be from 2 to ${simulated} (the milestones this engine simulates)`, 'or name milestones: --holdout 3,7 or --holdout "DynamoDB recovered"');
    return kFolds(prob, k);
  }
  const picked: number[] = [];
  for (const token of t.split(',').map((s) => s.trim()).filter(Boolean)) {
    const k = /^#?\d+$/.test(token) ? Number(token.replace('#', '')) - 1 : prob.observations.findIndex((o) => labelOf(o).toLowerCase() === token.toLowerCase());
    if (!(k >= 0 && k < prob.observations.length)) {
      throw new UserError(`--holdout: no milestone "${safeText(token)}"`, `give numbers 1 to ${prob.observations.length} (as in blast replay) or labels: ${prob.observations.map(labelOf).slice(0, 6).join(', ')}${prob.observations.length > 6 ? ', …' : ''}`);
    }
    if (!prob.simulated[k]) throw new UserError(`--holdout: milestone ${k + 1} (${safeText(labelOf(prob.observations[k]!))}) is not simulated by this engine, so it cannot be predicted`);
    if (!picked.includes(k)) picked.push(k);
  }
  if (picked.length === 0) throw new UserError('--holdout: no milestone given');
  if (picked.length >= prob.simulated.reduce((s, x) => s + x, 0)) throw new UserError('--holdout: leave at least one milestone to fit on');
  return [picked];
}

export function registerFit(program: Command, ctx: Context): void {
  program
    .command('fit')
    .description("fit the catalog's free parameters (free: true) to a scenario's observed milestones")
    .argument('<catalog>', 'catalog file or directory')
    .option('-s, --scenario <id>', 'the scenario whose observed: milestones to fit (default: the catalog\'s only one, if it has one)')
    .option('--seed <n>', 'seed of the global search (same seed, same fit)', parseIntOption(0, 2 ** 32 - 1), 1)
    .option('--threads <n>', 'worker threads (default: one per core; 1 runs in this thread)', parseIntOption(1, 256))
    .option('--holdout <k|milestones>', 'cross-validate: k folds, or these milestones (numbers or labels, comma-separated) left out and predicted', parseHoldout)
    .option('--write', 'write the fitted values into the catalog YAML (with a comment naming the scenario)')
    .option('--json', 'the fit as JSON')
    .addHelpText(
      'after',
      `
Examples:
  $ blast fit catalogs/incidents/2021-10-04-facebook-bgp     # an incident: its only scenario
  $ blast fit my-catalog -s outage-2024-03 --holdout 3
  $ blast fit my-catalog -s outage-2024-03 --holdout "DB recovered,API back"
  $ blast fit my-catalog -s outage-2024-03 --holdout '#4'
  $ blast fit my-catalog -s outage-2024-03 --write && git diff my-catalog

Only parameters marked free are fitted: {min: 1h, max: 4h, free: true} (searched within the
range) or {p50: 2h, p90: 4h, free: true} (searched around the prior, which also penalises the
fit). The loss is soft-L1 on each milestone's error in units of its tolerance. Each fitted
value comes with the interval over which the loss stays within 1 of the best (the other
parameters re-fitted); a parameter no milestone depends on is reported as undetermined and
left as written. --holdout k deals the milestones into k folds; milestones by number (#4,
or 3,7) or label are held out once. --write replaces each fitted parameter by its value and
adds a comment line with the scenario and what was written before. See docs/replay.md.`,
    )
    .action(async (path: string, opts: FitCommandOptions) => {
      const { catalog } = ctx.loadCatalog(path, { quietWarnings: Boolean(opts.json) });
      const scenario = observedScenario(catalog, opts.scenario);
      const prob = fitProblem(catalog, scenario);
      if (prob.free.length === 0) {
        throw new UserError(`no free parameters to fit in this catalog for scenario "${safeText(scenario.id)}"`, 'mark parameters with free: true, e.g. time: {min: 10m, max: 2h, free: true} (docs/catalog.md#durations-rates-and-distributions)');
      }
      const folds = opts.holdout !== undefined ? holdoutFolds(prob, opts.holdout) : undefined;
      const threads = Math.max(1, Math.min(opts.threads ?? availableParallelism(), 64));
      const exec: Executor = threads > 1 ? workerPool(catalog, scenario.id, threads) : inProcessExecutor(prob, () => new Promise((r) => setImmediate(r)));
      let bar: ReturnType<typeof progressBar> | undefined;
      const progress = {
        onStage: (name: string, jobs: number) => {
          bar?.done();
          bar = progressBar(ctx.io.stderr, jobs, `Fit: ${name}`);
        },
        onProgress: (done: number) => bar?.update(done),
      };
      let result: FitResult;
      try {
        result = await fit(prob, exec, { seed: opts.seed, ...progress });
        if (folds) result = { ...result, holdout: await holdout(prob, exec, folds, { seed: opts.seed, ...progress }) };
      } finally {
        bar?.done();
        await exec.close();
      }
      const before = replayScenario(catalog, scenario).result;
      const after = replayScenario(catalog, scenario, slotValues(prob, result.optimum.x)).result;
      if (opts.json) {
        ctx.print(toJson({ scenario: scenario.id, seed: result.seed, evaluations: result.evaluations, loss: { written: result.optimum.fWritten, fitted: result.optimum.f }, params: result.params, before, after, ...(result.holdout ? { holdout: result.holdout } : {}) }));
      } else {
        ctx.print(renderFit({ scenario: scenario.id, result, before, after }));
      }
      if (opts.write) writeBack(ctx, path, scenario, prob, result);
    });
}

/** Writes fitted values into their files: all files checked first, then each replaced atomically. */
function writeBack(ctx: Context, path: string, scenario: Scenario, prob: FitProblem, result: FitResult): void {
  const byFile = new Map<string, ValueEdit[]>();
  result.params.forEach((p, j) => {
    const pos = prob.free[j]!.pos;
    if (!pos || p.status === 'undetermined') return;
    const interval = `${formatParam(p.label, p.interval[0])} – ${formatParam(p.label, p.interval[1])}`;
    const edit: ValueEdit = { line: pos.line, col: pos.col, value: p.fitted, comment: `fitted on scenario ${scenario.id} by blast fit, interval ${interval}${p.status === 'together' ? ` (only together with ${p.partner})` : ''}` };
    byFile.set(pos.file, [...(byFile.get(pos.file) ?? []), edit]);
  });
  if (byFile.size === 0) {
    ctx.printErr('nothing written: no parameter is determined by the milestones');
    return;
  }
  const texts = new Map<string, string>();
  for (const [file, edits] of byFile) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new UserError(`cannot read ${safeText(file)} to write the fitted values: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
    }
    const out = writeFittedValues(text, edits);
    if ('error' in out) throw new UserError(`${safeText(file)}: ${out.error}; nothing written`);
    texts.set(file, out.text);
  }
  // The catalog with the new texts must still be valid before anything is replaced.
  const reread = loadCatalog(path);
  if (reread.catalog) {
    const sources = reread.catalog.files.map((f) => ({ file: f, bytes: new TextEncoder().encode(texts.get(f) ?? readFileSync(f, 'utf8')) }));
    const rebuilt = buildCatalog(sources);
    if (rebuilt.diagnostics.some(isError)) throw new Error(`bug: the catalog with fitted values does not validate (${rebuilt.diagnostics.find(isError)!.message}); nothing written`);
  }
  const temps: Array<[string, string]> = [];
  try {
    for (const [file, text] of texts) {
      const tmp = `${file}.${process.pid}.fit.tmp`;
      writeFileSync(tmp, text);
      temps.push([tmp, file]);
    }
    for (const [tmp, file] of temps) renameSync(tmp, file);
  } catch (e) {
    for (const [tmp] of temps) rmSync(tmp, { force: true });
    throw e;
  }
  ctx.printErr(`${ctx.err.green('wrote')}: fitted values into ${[...texts.keys()].map(safeText).join(', ')}`);
}
