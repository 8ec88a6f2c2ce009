/**
 * `blast review`: every architecture-review analysis (SPOFs, shared fate, cycles, tier
 * inversions, minimal cut sets, cell loss) as text, JSON, markdown or SARIF, with a CI gate
 * (--fail-on) and a baseline of accepted findings. Also the helpers `rank` and `diff` share.
 */
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { Catalog } from '../../catalog/model.js';
import { applyBaseline, baselineOf, parseBaseline, serializeBaseline, type Baseline } from '../../analysis/baseline.js';
import { atLeastAsSevere, countBySeverity, findingJson, isSeverity, SEVERITIES, type Finding, type Severity } from '../../analysis/findings.js';
import { compileGraph, type CompiledGraph } from '../../graph/compile.js';
import { probeCutSets, probeSample } from '../../analysis/cut-set-probe.js';
import { requirementModes } from '../../analysis/semantics.js';
import { SubgraphBuilder } from '../../analysis/subgraph.js';
import { sweepSingleFailures } from '../../analysis/sweep.js';
import { reviewMarkdown } from '../../analysis/render/markdown.js';
import { pathToUri, reviewSarif } from '../../analysis/render/sarif.js';
import { CELL_LOSS_MINUTES, type CellLoss } from '../../analysis/cell-loss.js';
import { checkCellGroups, collectCellGroup } from './review-cell-groups.js';
import { criticalServices, DEFAULT_MAX_ORDER, reviewCatalog, unknownServices, type ReviewResult } from '../../analysis/review.js';
import { reviewTierWarnings } from '../../catalog/tiers.js';
import { EXIT } from '../exit-codes.js';
import { UserError, writeFileAtomic } from '../io.js';
import { resolveTarget } from '../write-file.js';
import type { Context } from '../context.js';
import { collectServiceIds, parseDurationOption, parseIntOption } from '../options.js';
import { adviceMarkdown, adviseFindings, type FindingAdvice } from '../../advise/review-advice.js';
import type { Style } from '../style.js';
import { explainText, parseExplain } from './review-explain.js';
import { reviewText } from './review-text.js';
import { safeText, suggest } from '../../util/text.js';

export { cutSetText, findingsText, severityCounts, severityStyle, spofText } from './review-text.js';

const pkg = createRequire(import.meta.url)('../../../package.json') as { version: string };

export const REVIEW_FORMATS = ['text', 'json', 'markdown', 'sarif'] as const;
export type ReviewFormat = (typeof REVIEW_FORMATS)[number];

interface ReviewOptions {
  target?: string[];
  maxOrder: number;
  json?: boolean;
  format?: ReviewFormat;
  failOn?: Severity;
  baseline?: string;
  writeBaseline?: string;
  output?: string;
  strict?: boolean;
  explain?: string;
  cutSetBudget?: number;
  advise?: boolean;
  adviseFor?: number;
  adviseLimit?: number;
  cellLoss: boolean;
  cellLossFor?: number;
  cellGroup?: CellLoss[];
}

/** `--advise`: failures simulated for this long by default, for at most this many services. */
export const ADVISE_FOR_MINUTES = 60;
export const ADVISE_LIMIT = 20;

/** Repeatable, comma-separable option values. */

export const parseSeverityOption = (value: string): Severity => {
  if (!isSeverity(value)) throw new InvalidArgumentError(`expected one of ${SEVERITIES.join(', ')}, got "${value}"`);
  return value;
};

export const parseFormatOption =
  <F extends string>(formats: readonly F[]) =>
  (value: string): F => {
    if (!(formats as readonly string[]).includes(value)) throw new InvalidArgumentError(`expected one of ${formats.join(', ')}, got "${value}"`);
    return value as F;
  };

/** Throws a UserError naming the first unknown service id, with a suggestion. */
export function checkServiceIds(catalog: Catalog, ids: readonly string[], where: string): void {
  const [bad] = unknownServices(catalog, ids);
  if (bad === undefined) return;
  const [best] = suggest(bad, catalog.services.keys());
  throw new UserError(`no service "${safeText(bad)}" in ${safeText(where)}`, best ? `did you mean "${best}"?` : 'run `blast show <catalog>` to list services');
}

export function registerReview(program: Command, ctx: Context): void {
  program
    .command('review')
    .description('architecture review: single points of failure, shared fate (false redundancy), cold-start cycles, tier inversions, minimal cut sets, cell loss (zones and regions lost, simulated)')
    .argument('<catalog>', 'catalog file or directory')
    .option('-t, --target <id>', 'services to compute SPOFs and cut sets for (repeat or comma-separate; default: every tier 0-1 service)', collectServiceIds)
    .option('-k, --max-order <n>', 'largest minimal cut set to look for (1 = SPOFs only)', parseIntOption(1, 4), DEFAULT_MAX_ORDER)
    .option('--format <format>', `output format: ${REVIEW_FORMATS.join(', ')}`, parseFormatOption(REVIEW_FORMATS))
    .option('--json', 'same as --format json')
    .option('--fail-on <severity>', `exit 1 when a finding (not in the baseline) is at least this severe: ${SEVERITIES.join(', ')}`, parseSeverityOption)
    .option('--baseline <file>', 'accepted findings (from --write-baseline): only findings not in it, or more severe than when accepted, are reported and can fail')
    .option('--write-baseline <file>', 'write the fingerprints of every current finding to this file (accepting them)')
    .option('-o, --output <file>', 'write the report to this file instead of stdout')
    .option('--strict', 'exit 1 on warnings too: no targets, services without a tier')
    .option('--cut-set-budget <n>', 'failure sets examined per target in the cut-set search before it stops (default 200000)', parseIntOption(1, 1e9))
    .option('--advise', "point each finding to the advisor's best change for it (simulates the failure of each finding's service; see docs/advise.md)")
    .option('--advise-for <duration>', `with --advise: how long each failure lasts (default ${ADVISE_FOR_MINUTES}m)`, parseDurationOption)
    .option('--advise-limit <n>', `with --advise: most failing services simulated, most severe findings first (default ${ADVISE_LIMIT})`, parseIntOption(1, 1e6))
    .option('--no-cell-loss', 'leave out the cell-loss check (catalogs with cells: each cell lost in every service that has it, simulated)')
    .option('--cell-loss-for <duration>', `how long each cell is lost in the cell-loss check (default ${CELL_LOSS_MINUTES}m)`, parseDurationOption)
    .option('--cell-group <name=cells>', 'cells lost together in the cell-loss check besides each one alone, e.g. us-east-1=use1-az1,use1-az2,use1-az3 (repeatable)', collectCellGroup)
    .option('--explain <service>', "one finding in full (text or --json): a failing service's SPOF finding, every target its failure takes down with its path; or a cut set, its services joined by + (a+b), every target they take down together with a path to each")
    .addHelpText(
      'after',
      `
Examples:
  $ blast review catalogs/example-shop
  $ blast review catalogs/aws-us-east-1 --target dynamodb --max-order 3
  $ blast review catalogs/example-shop --format markdown >> "$GITHUB_STEP_SUMMARY"
  $ blast review catalogs/example-shop --format sarif -o blast.sarif   # for GitHub code scanning
  $ blast review catalogs/example-shop --write-baseline .blast-baseline.json
  $ blast review catalogs/example-shop --baseline .blast-baseline.json --fail-on high
  $ blast review catalogs/example-shop --explain storage   # what storage takes down, with paths
  $ blast review catalogs/example-shop --explain db-node-a+db-node-b   # the targets of that cut set
  $ blast review catalogs/example-shop --advise    # each finding's best change, simulated
  $ blast review catalogs/example-regions --cell-group us-east-1=use1-az1,use1-az2,use1-az3

Severity: a SPOF is as severe as its target's tier (tier 0 critical, 1 high, 2 medium,
3 low); shared fate of a group protecting tier 0-1 is high; a cold-start cycle high; a
tier inversion medium (low from tier 1); a cut set (one finding per set, for every target
it takes down) low when a pair takes a tier-0 target down, info otherwise;
a cell loss that takes a target down (or under half its traffic) as severe as its tier,
one that only degrades services medium.
See docs/review.md for the semantics.`,
    )
    .action(async (path: string, opts: ReviewOptions, cmd: Command) => {
      const format: ReviewFormat = opts.format ?? (opts.json ? 'json' : 'text');
      const { catalog } = ctx.loadCatalog(path, { quietWarnings: format !== 'text' });
      if (opts.target) checkServiceIds(catalog, opts.target, path);
      // refuse an output path that cannot be a file before the analysis, not after it
      for (const file of [opts.output, opts.writeBaseline]) if (file !== undefined) resolveTarget(file);
      if (opts.explain !== undefined) {
        const ids = parseExplain(opts.explain);
        checkServiceIds(catalog, ids, path);
        const text = explainText(catalog, ids, opts.target, format === 'json', ctx.out);
        if (opts.output) writeFileAtomic(opts.output, text);
        else ctx.print(text);
        return;
      }
      const baseline = opts.baseline ? readBaseline(opts.baseline) : undefined;
      const budget = opts.cutSetBudget ?? DEFAULT_CUT_SET_BUDGET;
      const cg = compileGraph(catalog);
      checkSpofPairs(catalog, cg, opts.target);
      if (!opts.cellLoss && (opts.cellLossFor !== undefined || opts.cellGroup !== undefined)) throw new UserError('--cell-loss-for and --cell-group go with the cell-loss check', 'drop --no-cell-loss');
      if (opts.cellGroup) checkCellGroups(catalog, opts.cellGroup);
      const cellLoss = opts.cellLoss ? { ...(opts.cellLossFor !== undefined ? { forMinutes: opts.cellLossFor } : {}), ...(opts.cellGroup ? { groups: opts.cellGroup } : {}) } : false;
      const maxOrder = opts.maxOrder >= 2 ? boundedOrder(catalog, cg, opts, budget, cmd.getOptionValueSource('maxOrder') === 'cli', ctx) : opts.maxOrder;
      const review = reviewCatalog(catalog, { ...(opts.target ? { targets: opts.target } : {}), maxOrder, cutSetBudget: budget, cellLoss }, cg);
      const tierWarnings = reviewTierWarnings(catalog, review.targets.length, opts.target !== undefined);
      for (const w of tierWarnings) ctx.printErr(`${ctx.err.yellow('warning')}: ${safeText(w)}`);
      if (opts.writeBaseline) {
        writeFileAtomic(opts.writeBaseline, serializeBaseline(review.findings));
        ctx.printErr(`wrote ${review.findings.length} fingerprint${review.findings.length === 1 ? '' : 's'} to ${safeText(opts.writeBaseline)}`);
      }
      const accepting: Baseline | undefined = opts.writeBaseline ? baselineOf(review.findings) : baseline;
      const { fresh, accepted } = applyBaseline(review.findings, accepting);
      if (!opts.advise && (opts.adviseFor !== undefined || opts.adviseLimit !== undefined)) throw new UserError('--advise-for and --advise-limit go with --advise', 'add --advise');
      let advice: ReadonlyMap<string, FindingAdvice> | undefined;
      if (opts.advise) {
        const forMinutes = opts.adviseFor ?? ADVISE_FOR_MINUTES;
        if (!Number.isFinite(forMinutes) || forMinutes <= 0) throw new UserError('--advise-for: expected a positive duration such as 1h');
        const r = await adviseFindings(catalog, fresh, { forMinutes, limit: opts.adviseLimit ?? ADVISE_LIMIT });
        advice = r.advice;
        if (r.skipped > 0) ctx.printErr(`${ctx.err.yellow('note')}: --advise simulated the ${r.advised} failing services of the most severe findings; ${r.skipped} more left out (raise --advise-limit)`);
      }
      let text: string;
      try {
        text = renderReview(format, review, fresh, accepted.length, ctx.out, advice);
      } catch (e) {
        // V8 caps a string at about 512 MiB; a review that large is not readable anyway
        if (e instanceof RangeError && /string length/i.test(e.message)) {
          throw new UserError(
            `${fresh.length.toLocaleString('en-US')} findings are too many to write as one ${format} document`,
            'narrow the review with --target <service> or --max-order 1, or accept known findings with --baseline',
          );
        }
        throw e;
      }
      if (opts.output) writeFileAtomic(opts.output, text);
      else ctx.print(text);
      if (opts.failOn && fresh.some((f) => atLeastAsSevere(f.severity, opts.failOn!))) ctx.fail(EXIT.findings);
      if (opts.strict && tierWarnings.length > 0) ctx.fail(EXIT.findings);
    });
}

/**
 * Most (target, cause) pairs the SPOF analysis holds at once: about 8 bytes each in the
 * sweep's lists, before they are aggregated per failing service.
 */
const MAX_SPOF_PAIRS = 40_000_000;

/**
 * On a catalog whose critical services each depend on most of it, the single-failure sweep
 * lists every (target, cause) pair before the findings aggregate them: a billion at 100,000
 * services and a million dependencies. Counted first (one sweep that keeps only counts);
 * over the limit, the review stops before the work and says what bounds it.
 */
function checkSpofPairs(catalog: Catalog, cg: CompiledGraph, targetIds: readonly string[] | undefined): void {
  const wanted = new Set(targetIds ?? criticalServices(catalog));
  const targets = cg.ids.flatMap((id, i) => (wanted.has(id) ? [i] : []));
  if (targets.length === 0) return;
  const counted = sweepSingleFailures(cg, { targets, targetMode: 'count', counts: false });
  let pairs = 0;
  for (const c of counted.causeCount.values()) pairs += c;
  if (pairs <= MAX_SPOF_PAIRS) return;
  throw new UserError(
    `single points of failure for ${targets.length.toLocaleString('en-US')} targets are ${pairs.toLocaleString('en-US')} (target, cause) pairs (each target depends on ${Math.round(pairs / targets.length).toLocaleString('en-US')} services on average), more than this review holds at once (${MAX_SPOF_PAIRS.toLocaleString('en-US')})`,
    `bound it with --target <ids>: about ${Math.max(1, Math.floor((MAX_SPOF_PAIRS * targets.length) / pairs)).toLocaleString('en-US')} of these targets fit; \`blast rank\` ranks every service of a catalog this size`,
  );
}

/** A review whose cut-set search is estimated to take longer than this stops at SPOFs unless asked. */
const CUT_SET_SECONDS = 60;
const DEFAULT_CUT_SET_BUDGET = 200_000;
const PROBE_TARGETS = 8;
const PROBE_SECONDS = 3;

/**
 * The cut-set order to review with. On a large catalog the cut-set search can take hours;
 * before starting it, the search is timed on a few targets and extrapolated. Over a minute,
 * and the order was the default: SPOFs only, saying so and naming the options that bound
 * the search. Asked for explicitly: the estimate is printed and the search runs.
 */
function boundedOrder(catalog: Catalog, cg: CompiledGraph, opts: ReviewOptions, budget: number, explicit: boolean, ctx: Context): number {
  const wanted = new Set(opts.target ?? criticalServices(catalog));
  const targets = cg.ids.flatMap((id, i) => (wanted.has(id) ? [i] : []));
  if (targets.length === 0) return opts.maxOrder;
  const subgraphs = new SubgraphBuilder(cg, requirementModes(cg));
  let seconds = 0;
  let probed = 0;
  const started = performance.now();
  for (const t of probeSample(targets, PROBE_TARGETS)) {
    const t0 = performance.now();
    const scale = probeCutSets(cg, t, opts.maxOrder, budget, subgraphs);
    seconds += ((performance.now() - t0) / 1000) * scale;
    probed++;
    if ((performance.now() - started) / 1000 > PROBE_SECONDS) break;
  }
  const estimate = (seconds / probed) * targets.length;
  if (estimate <= CUT_SET_SECONDS) return opts.maxOrder;
  const how = `bound it with --target <ids> (fewer targets) or --cut-set-budget <n> (default ${DEFAULT_CUT_SET_BUDGET.toLocaleString('en-US')} sets per target), or use --max-order 1`;
  const est = `cut sets up to order ${opts.maxOrder} for ${targets.length.toLocaleString('en-US')} targets would take about ${duration(estimate)} on this catalog (timed on ${probed} of them)`;
  if (explicit) {
    ctx.printErr(`note: ${est}; ${how}`);
    return opts.maxOrder;
  }
  ctx.printErr(`note: ${est}, so this review reports single points of failure only (order 1); ask for cut sets with --max-order ${opts.maxOrder}, and ${how.replace(', or use --max-order 1', '')}`);
  return 1;
}

const duration = (s: number): string => (s < 120 ? `${Math.round(s)} s` : s < 7200 ? `${Math.round(s / 60)} min` : `${Math.round(s / 3600)} h`);

function renderReview(format: ReviewFormat, review: ReviewResult, fresh: readonly Finding[], accepted: number, st: Style, advice?: ReadonlyMap<string, FindingAdvice>): string {
  switch (format) {
    case 'json': {
      const findings = fresh.map((f) => {
        const a = advice?.get(f.fingerprint);
        return a ? { ...findingJson(f), advice: a } : findingJson(f);
      });
      return `${JSON.stringify({ ...review, findings, accepted, counts: countBySeverity(fresh) }, null, 2)}\n`;
    }
    case 'markdown': {
      const md = reviewMarkdown(review, fresh, { accepted });
      const extra = advice ? adviceMarkdown(fresh, advice) : '';
      return extra ? `${md.endsWith('\n') ? md : `${md}\n`}\n${extra}` : md;
    }
    case 'sarif':
      return `${JSON.stringify(reviewSarif(fresh, { toolVersion: pkg.version, uriOf: repoRelativeUri }), null, 2)}\n`;
    case 'text':
      return reviewText(review, fresh, accepted, st, advice);
  }
}

/** Reads and parses a baseline file; a missing or malformed file is the user's to fix (exit 2). */
function readBaseline(file: string): Baseline {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserError(`cannot read baseline ${safeText(file)}: ${code === 'ENOENT' ? 'no such file' : (code ?? 'error')}`, 'create one with `blast review <catalog> --write-baseline <file>`');
  }
  const parsed = parseBaseline(text);
  if ('error' in parsed) throw new UserError(`${safeText(file)}:1:1: not a baseline file: ${parsed.error}`, 'create one with `blast review <catalog> --write-baseline <file>`');
  return parsed.baseline;
}

/**
 * A catalog file name (relative to the working directory) as a URI relative to the
 * repository root (the nearest directory with .git), as code scanning expects; outside a
 * repository, the file's absolute `file:` URI (SARIF then names no base for it).
 */
export function repoRelativeUri(file: string, cwd = process.cwd()): string {
  const abs = resolve(cwd, file);
  for (let dir = dirname(abs); ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git')) && statSync(dir).isDirectory()) return pathToUri(relative(dir, abs));
    if (dirname(dir) === dir) return pathToFileURL(abs).href;
  }
}
