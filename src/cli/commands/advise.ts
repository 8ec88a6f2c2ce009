/**
 * `blast advise`: which catalog change buys the most recovery, measured by simulating the
 * patched catalog. Thin shell over src/advise: reads the catalog's text for --apply and
 * --patch, writes files atomically, draws the progress bar.
 */
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { readFileSync, statSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import type { Context } from '../context.js';
import type { Catalog } from '../../catalog/model.js';
import { buildCatalog } from '../../catalog/build.js';
import { compileGraph } from '../../graph/compile.js';
import { rankServices } from '../../analysis/rank.js';
import { advise, type AdviseOptions } from '../../advise/advise.js';
import { measure, sample } from '../../advise/evaluate.js';
import { PatchError } from '../../advise/patch-yaml.js';
import { candidateDiff } from '../../advise/patch-diff.js';
import { adviceJson, renderMarkdown, renderText } from '../../advise/render.js';
import { CANDIDATE_KINDS, EFFORT_LEVELS, type Advice, type CandidateKind, type EffortLevel } from '../../advise/model.js';
import type { ScenarioInput } from '../../engine/model.js';
import { formatDuration } from '../../catalog/units.js';
import { parseDurationOption, parseIntOption } from '../options.js';
import { progressBar } from '../progress.js';
import { UserError } from '../io.js';
import { resolveTarget, writeFileAtomic } from '../write-file.js';
import { safeText, suggest } from '../../util/text.js';
import { parseFormatOption } from './review.js';
import { availableParallelism } from 'node:os';
import { workerSampler } from '../../advise/pool.js';
import { fsReason } from '../fs-errors.js';
import { parseAdviseConfig, type AdviseConfig } from '../../advise/config.js';

const FORMATS = ['text', 'json', 'markdown'] as const;
/** Below this many trials per catalog (trials × inputs), starting workers costs more than it saves. */
const MIN_TRIALS_FOR_WORKERS = 200;
type Format = (typeof FORMATS)[number];

interface AdviseCliOptions {
  scenario?: string[];
  for?: number;
  top?: number;
  trials: number;
  seed: number;
  screen: number;
  bundle: number;
  runbookDelay?: number;
  effort?: Partial<Record<CandidateKind, EffortLevel>>;
  config?: string;
  json?: boolean;
  format?: Format;
  apply?: number;
  output?: string;
  patch?: boolean;
  rows: number;
  threads?: number;
}

const collect = (v: string, prev: string[] = []): string[] => [...prev, v];

/** `--effort kind=level[,kind=level]`, repeatable. */
export const parseEffortOption = (value: string, prev: Partial<Record<CandidateKind, EffortLevel>> = {}): Partial<Record<CandidateKind, EffortLevel>> => {
  const out = { ...prev };
  for (const part of value.split(',')) {
    const m = /^\s*([a-z-]+)\s*=\s*([a-z]+)\s*$/.exec(part);
    if (!m || !(CANDIDATE_KINDS as readonly string[]).includes(m[1]!) || !(EFFORT_LEVELS as readonly string[]).includes(m[2]!)) {
      throw new InvalidArgumentError(`expected kind=level with kind one of ${CANDIDATE_KINDS.join(', ')} and level one of ${EFFORT_LEVELS.join(', ')}, got "${part}"`);
    }
    out[m[1] as CandidateKind] = m[2] as EffortLevel;
  }
  return out;
};

/** The inputs: the named scenarios, all scenarios, or the top-N single failures for a duration. */
function adviceInputs(catalog: Catalog, opts: AdviseCliOptions): Array<{ label: string; input: ScenarioInput }> {
  if (opts.for !== undefined) {
    if (opts.scenario?.length) throw new UserError('give either --scenario or --for (single failures of the top services), not both');
    const rows = rankServices(catalog, compileGraph(catalog)).filter((r) => r.blastRadius > 0).slice(0, opts.top ?? 10);
    if (!rows.length) throw new UserError('no service failure affects another service in this catalog: nothing to advise on');
    return rows.map((r) => ({ label: `fail ${r.id} for ${formatDuration(opts.for!)}`, input: { fail: [r.id], forMinutes: opts.for! } }));
  }
  if (opts.top !== undefined) throw new UserError('--top chooses how many single failures --for replays; give --for too', 'e.g. --for 1h --top 20');
  const ids = opts.scenario?.length ? opts.scenario : [...catalog.scenarios.keys()];
  if (!ids.length) throw new UserError('this catalog has no scenarios to advise on', 'give --for <duration> to replay the single failures of the services with the largest blast radius');
  return ids.map((id) => {
    const sc = catalog.scenarios.get(id);
    if (!sc) {
      const [best] = suggest(id, catalog.scenarios.keys());
      throw new UserError(`no scenario "${safeText(id)}" in this catalog`, best ? `did you mean "${best}"?` : `scenarios: ${[...catalog.scenarios.keys()].join(', ')}`);
    }
    return { label: id, input: { scenario: sc } };
  });
}

export function registerAdvise(program: Command, ctx: Context): void {
  program
    .command('advise')
    .description('which change to the catalog buys the most recovery: candidate fixes, each simulated, ranked by impact removed')
    .argument('<catalog>', 'catalog file or directory')
    .option('-s, --scenario <id>', 'a scenario to advise on (repeatable; default: every scenario of the catalog)', collect)
    .option('--for <duration>', 'instead of scenarios: the single failures of the top services by blast radius, each lasting this long', parseDurationOption)
    .option('--top <n>', 'with --for: how many services (default 10)', parseIntOption(1, 100_000))
    .option('-n, --trials <n>', 'Monte Carlo trials per candidate and input, paired on the same seeds (0: parameters at their medians)', parseIntOption(0, 1_000_000), 0)
    .option('--seed <n>', 'random seed (same seed, same result)', parseIntOption(0, 2 ** 32 - 1), 1)
    .option('--screen <n>', 'with --trials: how many candidates (best point estimates first) get Monte Carlo', parseIntOption(1, 100_000), 12)
    .option('--bundle <k>', 'also build the best sequence of up to k changes, each measured on top of the ones before', parseIntOption(0, 50), 0)
    .option('--runbook-delay <duration>', 'how soon the runbook candidate throttles a collapsed queue (default 10m)', parseDurationOption)
    .option('--effort <kind=level>', `override an effort (${CANDIDATE_KINDS.join(', ')} = small|medium|large); repeatable`, parseEffortOption)
    .option('--config <file>', 'a YAML file of effort levels per kind (effort: {replica: medium, ...}); --effort overrides it')
    .option('--threads <n>', 'worker threads for Monte Carlo (default: one per core; 1: this thread)', parseIntOption(1, 256))
    .option('--rows <n>', 'candidates listed (text and markdown)', parseIntOption(1, 100_000), 15)
    .option('--format <format>', `output format: ${FORMATS.join(', ')}`, parseFormatOption(FORMATS))
    .option('--json', 'same as --format json')
    .option('--apply <n>', 'write candidate #n (as ranked) into a copy of the catalog (needs -o)', parseIntOption(1, 100_000))
    .option('-o, --output <dir>', 'with --apply: the directory to write the patched catalog to')
    .option('--patch', 'print candidate #n (--apply n, default 1) as a unified diff of the catalog files')
    .addHelpText(
      'after',
      `
Examples:
  $ blast advise catalogs/example-shop
  $ blast advise catalogs/example-shop -s storage-outage --bundle 3
  $ blast advise catalogs/aws-us-east-1 --trials 1000 --seed 7
  $ blast advise catalogs/example-shop --for 1h --top 5 --format markdown
  $ blast advise catalogs/example-shop --patch --apply 2
  $ blast advise catalogs/example-shop --apply 1 -o /tmp/shop-fixed   # then simulate the copy:
  $ blast simulate /tmp/shop-fixed -s storage-outage

Candidates: a replica for a service whose outage reached its dependents (without the dependency
that failed), a hard dependency made soft (an assumption to confirm), admission control or a
bound for a queue that collapsed, a runbook that throttles it sooner (--runbook-delay), a
pre-warmed standby for a service that had to warm up, an async edge that breaks a dependency cycle,
jittered reconnects for clients whose herd collapsed a queue, a faster staged restart, a lower
crash-loop backoff, and shedding or a larger buffer for writes blocked by a full queue.
Benefit: tier-weighted service-hours of impairment saved (tier 0 = 8, 1 = 4, 2 = 2, 3 = 1; a
degraded hour counts half), and the time to full recovery (P50, P90). Every number comes from
simulating the patched catalog; --apply re-loads what it wrote and checks that it simulates to
the same numbers. See docs/advise.md.`,
    )
    .action(async (path: string, opts: AdviseCliOptions) => {
      const format: Format = opts.format ?? (opts.json ? 'json' : 'text');
      if (opts.output !== undefined && opts.apply === undefined) throw new UserError('-o names where --apply writes the patched catalog; give --apply <n> too');
      if (opts.apply !== undefined && !opts.patch && opts.output === undefined) throw new UserError('--apply needs -o <dir> (where to write the patched catalog), or --patch to print it as a diff');
      if (opts.output !== undefined) checkOutputDir(opts.output);
      const effort = { ...(opts.config !== undefined ? readConfig(opts.config).effort : {}), ...(opts.effort ?? {}) };
      const { catalog } = ctx.loadCatalog(path, { quietWarnings: format !== 'text' });
      const inputs = adviceInputs(catalog, opts);
      const result = await runAdvice(ctx, catalog, inputs, {
        trials: opts.trials,
        seed: opts.seed,
        screen: opts.screen,
        bundle: opts.bundle,
        runbookMinutes: opts.runbookDelay ?? 10,
        effort,
        ...(opts.threads !== undefined ? { threads: opts.threads } : {}),
      });
      if (opts.apply !== undefined || opts.patch) {
        applyOrPatch(ctx, path, catalog, result, inputs.map((i) => i.input), opts);
        return;
      }
      const shown = { top: opts.rows };
      if (format === 'json') ctx.print(adviceJson(result));
      else if (format === 'markdown') ctx.print(renderMarkdown(result, shown));
      else ctx.print(renderText(result, shown));
    });
}

/** What {@link runAdvice} needs beyond the catalog and inputs. */
export type RunAdviceOptions = Omit<AdviseOptions, 'inputs' | 'onProgress' | 'pause' | 'sampler'> & {
  /** Worker threads (default: one per core); used once there are enough trials to pay for them. */
  readonly threads?: number;
};

/**
 * The advisor as the shell runs it (`blast advise`, `blast report --advise`): on worker threads
 * when the run has enough trials, with a progress bar on stderr for long runs. Same result for
 * any number of threads.
 */
export async function runAdvice(ctx: Context, catalog: Catalog, inputs: ReadonlyArray<{ label: string; input: ScenarioInput }>, opts: RunAdviceOptions): Promise<Advice> {
  let bar: ReturnType<typeof progressBar> | undefined;
  // worker threads pay off for Monte Carlo; a point estimate is quicker in this thread
  const threads = Math.min(opts.threads ?? availableParallelism(), 64);
  const pool = threads > 1 && opts.trials * inputs.length >= MIN_TRIALS_FOR_WORKERS ? workerSampler(catalog, inputs.map((i) => i.input), opts.seed, threads) : undefined;
  const { threads: _threads, ...rest } = opts;
  const result = await advise(catalog, {
    ...rest,
    inputs,
    onProgress: (done, total) => {
      bar ??= progressBar(ctx.io.stderr, total, 'simulating candidates');
      bar.update(done);
    },
    pause: () => new Promise((r) => setImmediate(r)),
    ...(pool ? { sampler: pool.sampler } : {}),
  }).finally(() => pool?.close());
  bar?.done();
  return result;
}

/** The catalog's files as text, keyed by the names it was loaded with (for the YAML patcher). */
export const catalogTexts = (catalog: Catalog): Map<string, string> => new Map(catalog.files.map((f) => [f, readFileSync(f, 'utf8')]));

/** A catalog file's name in a patch: relative to the catalog directory, or the file's base name. */
export function patchName(root: string): (file: string) => string {
  const dir = statSync(root).isDirectory();
  return (f) => (dir ? relative(resolve(root), resolve(f)) : basename(f));
}

/** The config file, or a user error naming file:line:col. */
function readConfig(file: string): AdviseConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UserError(`cannot read the config file ${safeText(file)}: ${fsReason(e)}`);
  }
  const r = parseAdviseConfig(text);
  if ('error' in r) throw new UserError(`${safeText(file)}:${r.error.line}:${r.error.col}: ${safeText(r.error.message)}`, 'the config file holds effort: {<kind>: small|medium|large} (docs/advise.md)');
  return r.config;
}

function checkOutputDir(dir: string): void {
  try {
    if (!statSync(dir).isDirectory()) throw new UserError(`${safeText(dir)} exists and is not a directory`, 'give a new or existing directory for the patched catalog');
  } catch (e) {
    if (e instanceof UserError) throw e;
    // missing: created when written
  }
}

/** Writes or prints the chosen candidate's YAML patch, after checking that it simulates as claimed. */
function applyOrPatch(ctx: Context, root: string, catalog: Catalog, result: Advice, inputs: readonly ScenarioInput[], opts: AdviseCliOptions): void {
  const n = opts.apply ?? 1;
  const chosen = result.ranked[n - 1];
  if (!chosen) throw new UserError(`there is no candidate #${n}: ${result.ranked.length} candidate${result.ranked.length === 1 ? '' : 's'} ranked`, 'run without --apply/--patch to see the ranked list');
  const texts = catalogTexts(catalog);
  const rel = patchName(root);
  let changed: Map<string, string>;
  let diff: string;
  try {
    ({ changed, diff } = candidateDiff(catalog, texts, chosen.candidate, rel));
  } catch (e) {
    if (e instanceof PatchError) throw new UserError(`cannot write candidate #${n} into the catalog's YAML: ${e.message}`);
    throw e;
  }
  // the re-check: the files as written must simulate to the numbers claimed
  const all = new Map(texts);
  for (const [f, t] of changed) all.set(f, t);
  const rebuilt = buildCatalog([...all].map(([file, t]) => ({ file, bytes: Buffer.from(t, 'utf8') })));
  if (!rebuilt.catalog) throw new Error(`bug: the patched catalog does not load: ${rebuilt.diagnostics.map((d) => d.message).join('; ')}`);
  const check = measure(sample(rebuilt.catalog, inputs, result.trials, result.seed, new Set(catalog.services.keys())));
  if (Math.abs(check.serviceHours - chosen.measure.serviceHours) > 1e-6 * Math.max(1, chosen.measure.serviceHours)) {
    throw new Error(`bug: the patched files simulate to ${check.serviceHours} service-hours, the advisor claimed ${chosen.measure.serviceHours}`);
  }
  if (opts.patch) ctx.print(diff);
  if (opts.output !== undefined) {
    for (const f of catalog.files) resolveTarget(join(opts.output, rel(f)));
    for (const f of catalog.files) writeFileAtomic(join(opts.output, rel(f)), all.get(f)!);
    ctx.printErr(`wrote ${catalog.files.length} file${catalog.files.length === 1 ? '' : 's'} to ${safeText(opts.output)} (${changed.size} changed): #${n} ${safeText(chosen.candidate.title)}; re-checked: ${check.serviceHours.toFixed(1)} service-hours, as claimed`);
  }
}
