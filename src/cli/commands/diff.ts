/**
 * `blast diff`: the review view of a catalog change. New and removed findings (SPOFs,
 * shared fate, cycles, tier inversions, cut sets) and blast-radius growth per service,
 * between two catalogs or between a catalog and itself at a git revision (--base-ref).
 */
import type { Command } from 'commander';
import { existsSync, statSync } from 'node:fs';
import { dirname, join, posix, relative, resolve, sep } from 'node:path';
import { buildCatalog, type CatalogSource } from '../../catalog/build.js';
import { displayPath } from '../../catalog/load.js';
import type { Catalog } from '../../catalog/model.js';
import { compileGraph } from '../../graph/compile.js';
import { diffReviews, type ReviewDiff } from '../../analysis/diff.js';
import { atLeastAsSevere, escalatedNote, type Severity } from '../../analysis/findings.js';
import { rankServices } from '../../analysis/rank.js';
import { diffMarkdown, pathText } from '../../analysis/render/markdown.js';
import { DEFAULT_MAX_ORDER, reviewCatalog } from '../../analysis/review.js';
import { sweepSingleFailures } from '../../analysis/sweep.js';
import { CatalogInvalid, type Context } from '../context.js';
import { formatDiagnostic, summarizeDiagnostics } from '../diagnostics.js';
import { EXIT } from '../exit-codes.js';
import { UserError } from '../io.js';
import { catalogSourcesAt, gitIn } from '../git-tree.js';
import { collectServiceIds, parseIntOption } from '../options.js';
import type { Style } from '../style.js';
import { safeText } from '../../util/text.js';
import { hang, TEXT_WIDTH } from '../../util/wrap.js';
import { checkServiceIds, findingsText, parseFormatOption, parseSeverityOption, severityCounts } from './review.js';

const DIFF_FORMATS = ['text', 'json', 'markdown'] as const;
type DiffFormat = (typeof DIFF_FORMATS)[number];

interface DiffOptions {
  baseRef?: string;
  target?: string[];
  maxOrder: number;
  json?: boolean;
  format?: DiffFormat;
  failOn?: Severity;
}

export function registerDiff(program: Command, ctx: Context): void {
  program
    .command('diff')
    .description('compare two catalogs for review: new and removed SPOFs, shared fate, cycles, and blast-radius growth per service')
    .argument('<base>', 'the catalog before the change (or, with --base-ref, the catalog to compare)')
    .argument('[head]', 'the catalog after the change')
    .option('--base-ref <git-rev>', 'compare <base> as it is now with the same path at this git revision (e.g. origin/main, HEAD~1)')
    .option('-t, --target <id>', 'services to compute SPOFs and cut sets for (default: every tier 0-1 service)', collectServiceIds)
    .option('-k, --max-order <n>', 'largest minimal cut set to look for', parseIntOption(1, 4), DEFAULT_MAX_ORDER)
    .option('--format <format>', `output format: ${DIFF_FORMATS.join(', ')}`, parseFormatOption(DIFF_FORMATS))
    .option('--json', 'same as --format json')
    .option('--fail-on <severity>', 'exit 1 when a new finding (or one more severe than in base) is at least this severe', parseSeverityOption)
    .addHelpText(
      'after',
      `
Examples:
  $ blast diff catalogs/shop-before catalogs/shop-after
  $ blast diff catalogs/example-shop --base-ref origin/main --fail-on high
  $ blast diff catalogs/example-shop --base-ref HEAD~1 --format markdown >> "$GITHUB_STEP_SUMMARY"

Findings are matched by fingerprint (kind and service ids), so reordering or reformatting
the catalog is not a change. With --base-ref the base catalog is read from git, symbolic
links followed inside that commit as they are in the working tree.`,
    )
    .action((basePath: string, headPath: string | undefined, opts: DiffOptions) => {
      const format: DiffFormat = opts.format ?? (opts.json ? 'json' : 'text');
      const quiet = format !== 'text';
      let base: Catalog;
      let head: Catalog;
      if (opts.baseRef !== undefined) {
        if (headPath !== undefined) throw new UserError('with --base-ref give one catalog, not two', `blast diff ${basePath} --base-ref ${opts.baseRef}`);
        head = ctx.loadCatalog(basePath, { quietWarnings: quiet }).catalog;
        base = catalogAtRevision(ctx, basePath, opts.baseRef);
      } else {
        if (headPath === undefined) throw new UserError('give two catalogs to compare, or one with --base-ref <git-rev>', 'blast diff <base> <head>   or   blast diff <catalog> --base-ref origin/main');
        base = ctx.loadCatalog(basePath, { quietWarnings: quiet }).catalog;
        head = ctx.loadCatalog(headPath, { quietWarnings: quiet }).catalog;
      }
      if (opts.target) checkServiceIds(head, opts.target, headPath ?? basePath);
      const review = (c: Catalog) => {
        const cg = compileGraph(c);
        const targets = opts.target?.filter((id) => c.services.has(id));
        const wanted = new Set(targets ?? [...c.services.values()].filter((s) => s.tier <= 1).map((s) => s.id));
        const sweep = sweepSingleFailures(cg, { targets: cg.ids.flatMap((id, i) => (wanted.has(id) ? [i] : [])), groups: true });
        return {
          review: reviewCatalog(c, { ...(targets ? { targets } : {}), maxOrder: opts.maxOrder }, cg, sweep),
          rank: rankServices(c, cg, sweep),
        };
      };
      const b = review(base);
      const h = review(head);
      const diff = diffReviews(b.review, h.review, b.rank, h.rank);
      if (format === 'json') ctx.print(JSON.stringify(diff, null, 2));
      else if (format === 'markdown') ctx.print(diffMarkdown(diff));
      else ctx.print(diffText(diff, ctx.out));
      if (opts.failOn && diff.added.some((f) => atLeastAsSevere(f.severity, opts.failOn!))) ctx.fail(EXIT.findings);
    });
}

const gitMessage = (e: unknown): string => {
  const err = e as NodeJS.ErrnoException & { stderr?: Buffer };
  if (err.code === 'ENOENT') return 'git is not installed or not on PATH';
  return (err.stderr?.toString('utf8').trim().split('\n')[0] ?? err.message).replace(/^(fatal|error): /, '');
};

/** The catalog at `path` as of git revision `rev` (see ../git-tree.ts); user mistakes exit 2. */
export function catalogAtRevision(ctx: Context, path: string, rev: string): Catalog {
  const abs = resolve(path);
  let dir = existsSync(abs) && statSync(abs).isDirectory() ? abs : dirname(abs);
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
  const hint = 'give a commit, branch or tag that exists here, e.g. HEAD~1 or origin/main (in CI, fetch it first)';
  if (rev.startsWith('-')) throw new UserError(`not a git revision: "${safeText(rev)}"`, hint);
  const git = gitIn(dir);
  let prefix: string;
  try {
    git(['rev-parse', '--verify', '--quiet', `${rev}^{commit}`]);
    prefix = git(['rev-parse', '--show-prefix']).toString('utf8').trim();
  } catch (e) {
    const msg = gitMessage(e);
    throw new UserError(`unknown git revision "${safeText(rev)}"${msg && !/^Command failed/.test(msg) ? ` (${safeText(msg)})` : ''}`, hint);
  }
  // the catalog's path from the repository root, as git names it
  const repoPath = posix.normalize(`${prefix}${relative(dir, abs).split(sep).join('/')}`).replace(/^\.$|\/$/g, '');
  if (repoPath === '..' || repoPath.startsWith('../')) throw new UserError(`${safeText(displayPath(abs))} is outside the git repository`, 'run --base-ref inside the repository that holds the catalog');
  // the repository root as the user reaches it (git's own --show-toplevel is the real path)
  const top = resolve(dir, ...prefix.split('/').filter(Boolean).map(() => '..'));
  const shown = (p: string): string => `${rev}:${displayPath(join(top, ...p.split('/')))}`;
  let sources: CatalogSource[] | undefined;
  try {
    sources = catalogSourcesAt(git, rev, repoPath, shown);
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(`cannot read ${safeText(displayPath(abs))} at ${safeText(rev)}: ${safeText(gitMessage(e))}`, hint);
  }
  if (sources === undefined) throw new UserError(`${safeText(displayPath(abs))} does not exist at ${safeText(rev)}`, 'a catalog added by this change has no base to compare with; use `blast review` instead');
  if (sources.length === 0) throw new UserError(`no .yaml or .yml files in ${safeText(displayPath(abs))} at ${safeText(rev)}`);
  const res = buildCatalog(sources);
  if (!res.catalog) {
    for (const d of res.diagnostics) ctx.printErr(formatDiagnostic(d, ctx.err));
    ctx.printErr(`${ctx.err.red('invalid catalog')} at ${safeText(rev)}: ${summarizeDiagnostics(res.diagnostics)}`);
    throw new CatalogInvalid();
  }
  return res.catalog;
}

function diffText(diff: ReviewDiff, st: Style): string {
  const lines = [
    hang('', `${st.bold('blast diff')}${diff.head.catalog ? `: ${safeText(diff.head.catalog)}` : ''}: ${diff.added.length} new finding${diff.added.length === 1 ? '' : 's'} (${severityCounts(diff.added)})${escalatedNote(diff.added)}, ${diff.removed.length} removed`, TEXT_WIDTH, 2),
    st.dim(hang('', `${diff.base.services} → ${diff.head.services} services${diff.addedServices.length ? `; added ${diff.addedServices.map(safeText).join(', ')}` : ''}${diff.removedServices.length ? `; removed ${diff.removedServices.map(safeText).join(', ')}` : ''}`, TEXT_WIDTH, 2)),
  ];
  // indented under the heading: every line of a wrapped finding, within the same 100 columns
  if (diff.added.length) lines.push('', st.bold(st.red('New findings')), ...findingsText(diff.added, st, undefined, TEXT_WIDTH - 2).join('\n').split('\n').map((l) => (l ? `  ${l}` : l)));
  if (diff.removed.length) {
    lines.push('', st.bold(st.green('Removed findings')));
    for (const f of diff.removed) lines.push(hang(`  ${f.severity.padEnd(8)} `, `${safeText(f.title)}${f.evidence[0] ? `  ${st.dim(safeText(pathText(f.evidence[0])))}` : ''}`, TEXT_WIDTH, 13));
  }
  const changed = diff.radius.filter((r) => r.delta !== 0);
  if (changed.length) {
    lines.push('', st.bold('Blast radius'));
    for (const r of changed.slice(0, 30)) {
      const change = r.delta > 0 ? st.red(`+${r.delta}`) : st.green(String(r.delta));
      lines.push(`  ${safeText(r.id).padEnd(32)} tier ${r.tier}  ${String(r.before ?? 'new').padStart(5)} → ${String(r.after ?? 'removed').padEnd(7)} ${change}`);
    }
    if (changed.length > 30) lines.push(st.dim(`  … ${changed.length - 30} more (--json for all)`));
  }
  if (!diff.added.length && !diff.removed.length && !changed.length) lines.push('', st.green('no change in findings or blast radius'));
  return lines.join('\n');
}
