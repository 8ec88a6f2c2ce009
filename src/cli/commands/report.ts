/**
 * `blast report`: a markdown impact report of a scenario or an ad-hoc failure, for a
 * postmortem, an architecture review or a pull request; with `--format html`, the same report
 * as one self-contained interactive HTML page (docs/html.md).
 *
 * Overwrite policy for `-o`: a missing file (and its directories) is created; an existing
 * file is replaced only when it starts with the marker every report of that format starts with
 * (a report written before), or with `--force`; anything else is refused with exit 2. A
 * directory, device, pipe or socket is never replaced, `--force` or not. Writes are atomic
 * (see ../write-file.ts).
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { closeSync, openSync, readSync } from 'node:fs';
import type { Context } from '../context.js';
import { GENERATED_MARKER, impactReport, impactReportInput, JSON_REPORT_MARKER, reportData, savingCandidates, type ReportAdvice, type ReportPatch } from '../../report/index.js';
import { catalogTexts, patchName, runAdvice } from './advise.js';
import { candidateDiff } from '../../advise/patch-diff.js';
import { PatchError } from '../../advise/patch-yaml.js';
import { formatDuration } from '../../catalog/units.js';
import { toJson } from './simulate.js';
import { resolveScenario, scenarioOptions, type ScenarioOptions } from '../simulation-input.js';
import { parseIntOption } from '../options.js';
import { UserError, writeFileAtomic } from '../io.js';
import { resolveTarget } from '../write-file.js';
import { safeText } from '../../util/text.js';
import { HTML_MARKER, htmlReport } from '../../report/html/index.js';
import { pageScript } from '../web-page.js';
import type { Catalog } from '../../catalog/model.js';
import { prepareSimulation, simulate, type ScenarioInput } from '../../engine/index.js';
import { compareRuns } from '../../analysis/compare.js';
import { compareMarkdown } from '../../report/compare/markdown.js';

export interface ReportCommandOptions extends ScenarioOptions {
  output?: string;
  force?: boolean;
  trials: number;
  seed: number;
  top: number;
  maxNodes: number;
  format: 'md' | 'html';
  compareWith?: string;
  json?: boolean;
  advise?: boolean;
  adviseRows?: number;
  advisePatches?: number;
}

/** `--advise`: candidates listed and patches shown by default. */
/** --format: `markdown` is the word the other commands take for it; `md` the report's own. */
export function parseReportFormat(value: string): 'md' | 'html' {
  const v = value.trim().toLowerCase();
  if (v === 'md' || v === 'markdown') return 'md';
  if (v === 'html') return 'html';
  throw new InvalidArgumentError(`expected one of md, html (markdown is md), got "${value}"`);
}

const ADVISE_ROWS = 5;
const ADVISE_PATCHES = 1;

export function registerReport(program: Command, ctx: Context): void {
  const command = program
    .command('report')
    .description('an impact report (summary, critical path, timeline, diagrams, recommendations): markdown for GitHub, or an interactive HTML page')
    .argument('<catalog>', 'catalog file or directory');
  scenarioOptions(command, true)
    .option('-o, --output <file>', 'write the report to this file (directories are created) instead of stdout')
    .option('--force', 'with -o: replace an existing file even if blast report did not write it')
    .option('-n, --trials <n>', 'Monte Carlo trials: adds P50/P90/P99 and sensitivities (0: point estimate only)', parseIntOption(0, 1_000_000), 0)
    .option('--seed <n>', 'random seed for Monte Carlo (same seed, same report)', parseIntOption(0, 2 ** 32 - 1), 1)
    .option('--top <n>', 'services drawn in the impact-window chart (the rest are counted)', parseIntOption(1, 500), 25)
    .option('--max-nodes <n>', 'most services drawn in the cascade diagram', parseIntOption(2, 200), 40)
    .addOption(new Option('--format <format>', 'md (or markdown): GitHub markdown; html: one self-contained interactive page').argParser(parseReportFormat).default('md'))
    .option('--compare-with <scenario>', "end with a comparison against another of the catalog's scenarios (e.g. the same outage with a mitigation); see docs/compare.md")
    .option('--json', "the report's data as JSON instead of markdown: the simulate --json result, the trigger and actions, findings, Monte Carlo, observed milestones")
    .option('--advise', 'add "What would help most": the advisor\'s candidate changes for this scenario, each simulated (with --trials: paired Monte Carlo), and the top one as a YAML patch (docs/advise.md)')
    .option('--advise-rows <n>', `with --advise: candidates listed (default ${ADVISE_ROWS})`, parseIntOption(1, 1000))
    .option('--advise-patches <n>', `with --advise: how many of the top candidates are shown as YAML patches (default ${ADVISE_PATCHES})`, parseIntOption(0, 1000))
    .addHelpText(
      'after',
      `
Examples:
  $ blast report catalogs/example-shop --scenario storage-outage
  $ blast report catalogs/example-shop --fail payment-gateway --for 30m -o reports/pg.md
  $ blast report catalogs/aws-us-east-1 -s 2025-10-20-dynamodb-dns --trials 1000 -o reports/aws.md
  $ blast report catalogs/aws-us-east-1 -s 2025-10-20-dynamodb-dns --format html -o reports/aws.html
  $ blast report catalogs/example-shop --scenario storage-outage --json | jq '.findings | length'
  $ blast report catalogs/example-shop -s storage-outage --advise --trials 200   # what helps most

The report is GitHub-flavoured markdown with mermaid diagrams; it renders on GitHub as is.
With --format html it is one HTML file with everything inline (graph, time slider, charts,
the same sections); it opens from disk with no network access (docs/html.md).
With -o, a missing file (and directory) is created; an existing file is replaced only if it
is a report blast wrote before (its first line says so), or with --force. Output is
deterministic: the same catalog, scenario, trials and seed give the same bytes.`,
    )
    .action(async (path: string, opts: ReportCommandOptions) => {
      const html = opts.format === 'html';
      if (opts.output !== undefined) checkTarget(opts.output, Boolean(opts.force), html ? HTML_MARKER : GENERATED_MARKER, 'blast report');
      const { catalog } = ctx.loadCatalog(path, { quietWarnings: true });
      const input = resolveScenario(catalog, opts, true);
      if (html && (opts.compareWith !== undefined || opts.json)) throw new UserError('--format html cannot be combined with --compare-with or --json', 'drop --format html, or write the comparison with blast compare');
      if (opts.json && opts.compareWith !== undefined) throw new UserError('--compare-with writes markdown; it cannot be combined with --json', 'use blast compare --json for the comparison as data');
      if (!opts.advise && (opts.adviseRows !== undefined || opts.advisePatches !== undefined)) throw new UserError('--advise-rows and --advise-patches go with --advise', 'add --advise');
      const advice = opts.advise ? await reportAdvice(ctx, path, catalog, input, opts) : undefined;
      const options = { trials: opts.trials, seed: opts.seed, render: { ganttTop: opts.top, flowchartMax: opts.maxNodes }, ...(advice ? { advice } : {}) };
      let text = html
        ? htmlReport(catalog, input, { ...options, script: await pageScript() })
        : opts.json
          ? `${toJson(reportData(impactReportInput(catalog, input, options)))}\n`
          : impactReport(catalog, input, options);
      if (opts.compareWith !== undefined) text += `\n${comparisonSection(catalog, input, resolveScenario(catalog, { scenario: opts.compareWith }))}`;
      if (opts.output === undefined) {
        ctx.io.stdout.write(text);
        return;
      }
      writeFileAtomic(opts.output, text);
      const size = html ? `${Math.round(Buffer.byteLength(text) / 1024)} KiB` : `${text.split('\n').length - 1} lines`;
      ctx.printErr(`${ctx.err.green('wrote')}: ${safeText(opts.output)} (${size})`);
    });
}

/**
 * The advisor on the report's scenario alone, with the report's trials and seed (the same
 * ranking `blast advise -s <scenario> --trials N --seed S` gives), and the YAML patches of the
 * top candidates, written against the catalog's files as read now.
 */
async function reportAdvice(ctx: Context, root: string, catalog: Catalog, input: ScenarioInput, opts: ReportCommandOptions): Promise<ReportAdvice> {
  const label = 'scenario' in input ? input.scenario.id : `fail ${input.fail.join(', ')}${input.forMinutes === null ? '' : ` for ${formatDuration(input.forMinutes)}`}`;
  const advice = await runAdvice(ctx, catalog, [{ label, input }], { trials: opts.trials, seed: opts.seed, screen: 12, bundle: 0, runbookMinutes: 10 });
  const rows = opts.adviseRows ?? ADVISE_ROWS;
  const top = savingCandidates(advice.ranked).slice(0, Math.min(rows, opts.advisePatches ?? ADVISE_PATCHES));
  const texts = top.length ? catalogTexts(catalog) : new Map<string, string>();
  const name = patchName(root);
  const patches: ReportPatch[] = top.map((e, k) => {
    try {
      return { rank: k + 1, diff: candidateDiff(catalog, texts, e.candidate, name).diff };
    } catch (err) {
      if (err instanceof PatchError) return { rank: k + 1, error: err.message };
      throw err;
    }
  });
  return { advice, rows, patches };
}

/** The report's scenario (A) against another (B), point estimates, as `blast compare --format markdown` writes it. */
function comparisonSection(catalog: Catalog, a: ScenarioInput, b: ScenarioInput): string {
  const prep = prepareSimulation(catalog);
  const ra = simulate(prep, a);
  const rb = simulate(prep, b);
  return compareMarkdown(compareRuns({ label: ra.scenario, result: ra }, { label: rb.scenario, result: rb }));
}

/**
 * Refuses a target that is a directory, a device, a pipe or a socket (even with --force), and
 * an existing file that does not start with `marker` (a file `writer` wrote before) unless
 * forced. Runs before simulating.
 */
export function checkTarget(file: string, force: boolean, marker: string, writer: string): void {
  const { target, mode } = resolveTarget(file);
  if (mode === undefined || force) return;
  if (!startsWithMarker(target, marker)) {
    throw new UserError(`${safeText(file)} exists and was not written by ${writer}; not replacing it`, 'choose another -o path, or add --force to replace it');
  }
}

function startsWithMarker(file: string, marker: string): boolean {
  const buf = Buffer.alloc(Math.max(Buffer.byteLength(marker), JSON_REPORT_MARKER.length));
  const fd = openSync(file, 'r');
  try {
    const n = readSync(fd, buf, 0, buf.length, 0);
    const head = buf.subarray(0, n).toString('utf8');
    // a markdown or JSON report may replace either kind blast wrote before
    return head.startsWith(marker) || (marker === GENERATED_MARKER && head.startsWith(JSON_REPORT_MARKER));
  } finally {
    closeSync(fd);
  }
}
