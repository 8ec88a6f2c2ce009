/**
 * `blast import`: builds a catalog from where dependencies already live (Backstage,
 * Compose, Jaeger, OpenTelemetry service graphs, `terraform graph`). Reads the inputs,
 * runs the pure importer, writes `<dir>/<format>.yaml` atomically or prints it, and with
 * `--merge` folds the import into an existing file without touching hand-written fields.
 */
import type { Command } from 'commander';
import { existsSync, lstatSync, readdirSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { buildCatalog, type CatalogSource } from '../../catalog/build.js';
import { MAX_FILE_BYTES } from '../../catalog/parse.js';
import { displayPath } from '../../catalog/load.js';
import type { Catalog } from '../../catalog/model.js';
import { assignIds, edgeTargets, excerptsOnlyFor, findCycles, MAX_IMPORT_EDGES, MAX_IMPORT_SERVICES, PLACEHOLDER_LABEL, FORMAT_NAMES, FORMATS, isPartFileName, mergeCatalog, partFileName, renderCatalog, renderCatalogParts, sortImportDiagnostics, type ImportDiagnostic, type MergeResult } from '../../import/index.js';
import { InputTree, listFiles, localReader, readInputs, readRegularFile } from '../../import/read.js';
import { EXIT } from '../exit-codes.js';
import { UserError, writeFileAtomic } from '../io.js';
import { resolveTarget } from '../write-file.js';
import type { Context } from '../context.js';
import { formatDiagnostic, summarizeDiagnostics } from '../diagnostics.js';
import { parseIntOption } from '../options.js';
import type { Style } from '../style.js';
import { safeText, suggest } from '../../util/text.js';
import { wrapWords } from '../../util/wrap.js';

interface ImportOpts {
  output?: string;
  merge?: boolean;
  force?: boolean;
  minCalls?: number;
  hard?: boolean;
  tierKey?: string;
  env?: string[];
  envFile?: string[];
  allowOutside?: string[];
  json?: boolean;
}

/** Commander collector for options given several times. */
const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function registerImport(program: Command, ctx: Context): void {
  program
    .command('import')
    .description('build a catalog from Backstage, Compose, Jaeger, OpenTelemetry service graphs or terraform graph')
    .argument('<format>', `one of: ${FORMAT_NAMES.join(', ')}`)
    .argument('<input...>', 'input files or directories (searched recursively); - reads standard input')
    .option('-o, --output <dir>', 'write <dir>/<format>.yaml (the directory is created if missing) instead of printing the catalog')
    .option('--merge', 'merge into an existing <dir>/<format>.yaml: keep every hand-written field, add new services and dependencies')
    .option('--force', 'replace an existing <dir>/<format>.yaml')
    .option('--min-calls <n>', 'jaeger, otel: drop dependencies seen fewer than n times', parseIntOption(0, Number.MAX_SAFE_INTEGER))
    .option('--hard', 'jaeger, otel: write request dependencies as hard instead of soft')
    .option('--tier-key <key>', 'backstage: the label or annotation that holds the tier (default: any key named tier)')
    .option('--env <NAME=value>', 'compose: a variable for interpolation, over the env files (repeatable)', collect)
    .option('--env-file <file>', 'compose: read variables from this file instead of .env in the project directory (repeatable)', collect)
    .option('--allow-outside <dir>', 'also read files that inputs refer to under <dir> (repeatable); by default only files under the inputs\' directories are read', collect)
    .option('--json', 'print a machine-readable summary (with the catalog when there is no -o)')
    .addHelpText(
      'after',
      `
Formats:
${FORMAT_NAMES.map((n) => `  ${n.padEnd(10)} ${wrapWords(FORMATS[n]!.summary, 85).join(`\n${' '.repeat(13)}`)}`).join('\n')}

Examples:
  $ blast import backstage ./catalog-info -o catalogs/shop   # writes catalogs/shop/backstage.yaml
  $ blast import compose docker-compose.yml compose.override.yml
  $ blast import compose compose.yaml --env TAG=1.4 --env-file prod.env
  $ curl -s 'http://jaeger:16686/api/dependencies?endTs=...&lookback=604800000' > deps.json
  $ blast import jaeger deps.json --min-calls 100 -o catalogs/shop --merge
  $ blast import otel servicegraph.prom --hard
  $ terraform graph | blast import terraform - -o catalogs/infra
  $ blast import backstage services/web --allow-outside services/shared   # Locations in a sibling

Every service and dependency carries a "# from: file:line" comment. Ids are the source
names normalised to lower-case letters, digits and . _ - (collisions get -2, -3, ...).
Trace dependencies are soft unless --hard: see docs/import.md. Exits 2 on malformed input.
Files the input names are read when local (Backstage Location targets, Compose extends.file,
.env and --env-file) and inside the directories of the inputs (or --allow-outside), never
fetched; devices, pipes and files over the size limit are refused unread (docs/security.md).
Compose interpolation does not read the shell environment: pass variables with --env or an
env file. A dependency on something the input does not define is kept, on a placeholder
service (label blast-radius/placeholder).`,
    )
    .action((formatArg: string, inputs: string[], opts: ImportOpts) => runImport(ctx, formatArg, inputs, opts));
}

function runImport(ctx: Context, formatArg: string, inputs: string[], opts: ImportOpts): void {
  // own keys only: `blast import constructor` must not find Object's constructor
  const format = Object.hasOwn(FORMATS, formatArg.toLowerCase()) ? FORMATS[formatArg.toLowerCase()] : undefined;
  if (!format) {
    const [best] = suggest(formatArg, FORMAT_NAMES);
    throw new UserError(`unknown import format "${safeText(formatArg)}"`, best ? `did you mean "${best}"? formats: ${FORMAT_NAMES.join(', ')}` : `formats: ${FORMAT_NAMES.join(', ')}`);
  }
  if (opts.merge && !opts.output) throw new UserError('--merge needs -o <catalog-dir>', 'give the catalog directory whose imported file should be merged into');
  if (opts.merge && opts.force) throw new UserError('--merge and --force exclude each other', 'use --merge to keep hand-written fields, --force to replace the file');
  const st = ctx.err;
  if (!format.traces && (opts.minCalls !== undefined || opts.hard)) {
    ctx.printErr(`${st.yellow('warning')}: --min-calls and --hard apply to jaeger and otel only; ignored for ${format.name}`);
  }
  if (format.name !== 'backstage' && opts.tierKey !== undefined) ctx.printErr(`${st.yellow('warning')}: --tier-key applies to backstage only; ignored`);
  if (format.name !== 'compose' && (opts.env || opts.envFile)) ctx.printErr(`${st.yellow('warning')}: --env and --env-file apply to compose only; ignored`);
  const env: Record<string, string> = {};
  for (const kv of opts.env ?? []) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(kv);
    if (!m) throw new UserError(`--env ${safeText(kv)} is not NAME=value`, 'e.g. --env TAG=1.4 (repeat --env for more variables)');
    env[m[1]!] = m[2]!;
  }

  for (const d of opts.allowOutside ?? []) {
    let isDir = false;
    try {
      isDir = statSync(d).isDirectory();
    } catch {
      // Missing or unreadable: the same answer as for a file.
    }
    if (!isDir) throw new UserError(`--allow-outside ${safeText(d)}: no such directory`, 'give a directory whose files the inputs may refer to');
  }

  const limits = format.limits;
  const read = readInputs(inputs, format.extensions, undefined, limits);
  const tree = InputTree.of(inputs, opts.allowOutside ?? []);
  const result = read.diagnostics.some((d) => d.severity === 'error')
    ? { services: [], diagnostics: [] }
    : format.importer(read.sources, { ...(opts.minCalls !== undefined ? { minCalls: opts.minCalls } : {}), ...(opts.hard ? { hard: true } : {}), ...(opts.tierKey ? { tierKey: opts.tierKey } : {}), ...(opts.env ? { env } : {}), ...(opts.envFile ? { envFiles: opts.envFile } : {}), readLocal: localReader(tree, limits, undefined, read.bytes) });
  // Excerpts only of the files the user named: a file reached through a reference may hold secrets.
  const named = new Set([...read.sources.map((s) => s.file), ...(opts.envFile ?? []).map((f) => displayPath(f))]);
  const diagnostics = excerptsOnlyFor(sortImportDiagnostics([...read.diagnostics, ...result.diagnostics]), named);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (!opts.json || errors.length) for (const d of diagnostics) ctx.printErr(formatImportDiagnostic(d, st));
  if (errors.length) {
    ctx.printErr(`${st.red('import failed')}: ${errors.length} error${errors.length === 1 ? '' : 's'} in the input; nothing was written`);
    ctx.fail(EXIT.usage);
    return;
  }
  if (result.services.length === 0) {
    throw new UserError(`no services found in ${inputs.map((i) => safeText(i)).join(', ')}`, `check that the input is ${format.summary}`);
  }

  // Each member of a redundancy group is written out, so it counts as a dependency here.
  const edgeTotal = result.services.reduce((n, s) => n + s.dependsOn.reduce((m, e) => m + edgeTargets(e).length, 0), 0);
  if (result.services.length > MAX_IMPORT_SERVICES || edgeTotal > MAX_IMPORT_EDGES) {
    // Refused before the catalog is built: writing it would take gigabytes, and no catalog file could hold it.
    const groups = result.services.some((s) => s.dependsOn.some((e) => e.of)) ? ', counting each member of a redundancy group' : '';
    throw new UserError(
      `the import holds ${result.services.length} services and ${edgeTotal} dependencies${groups}, more than one import builds in memory (at most ${MAX_IMPORT_SERVICES} services and ${MAX_IMPORT_EDGES} dependencies); nothing was written`,
      format.traces ? 'drop rare calls with --min-calls <n>, or import a shorter time window' : 'import one part of the input at a time, into separate catalogs',
    );
  }
  const ids = assignIds(result.services);
  const shownInputs = inputs.map((i) => (i === '-' ? '<stdin>' : displayPath(i)));
  const writeOpts = { format: format.name, inputs: shownInputs };
  // The 16 MiB limit is for reading one catalog file: a larger import is written in parts that each fit.
  const parts = renderCatalogParts(result.services, ids, writeOpts, MAX_FILE_BYTES);
  const selfCheck = buildCatalog(parts.map((p) => ({ file: p.name, bytes: Buffer.from(p.text) })));
  const invalid = selfCheck.diagnostics.filter((d) => d.severity === 'error' && d.code !== 'file-too-large');
  if (!selfCheck.catalog && invalid.length) {
    // The writer only emits what the schema accepts: an invalid result is a bug, not the user's input.
    throw new Error(`the imported catalog does not validate:\n${invalid.map((d) => `${d.code}: ${d.message}`).join('\n')}`);
  }
  const edgeCount = result.services.reduce((n, s) => n + s.dependsOn.filter((e) => edgeTargets(e).every((t) => ids.has(t))).length, 0);
  const cycles = findCycles(result.services).map((c) => c.map((k) => ids.get(k)!));
  const hardCycles = findCycles(result.services, new Set(['hard']), true).length;
  if (!opts.json) {
    for (const c of cycles.slice(0, 10)) ctx.printErr(`${st.cyan('note')}: dependency cycle: ${c.map(safeText).join(' ↔ ')}`);
    if (cycles.length > 10) ctx.printErr(`${st.cyan('note')}: ... and ${cycles.length - 10} more cycles`);
    if (hardCycles) ctx.printErr(`${st.cyan('note')}: ${hardCycles} cycle${hardCycles === 1 ? '' : 's'} of hard dependencies: \`blast validate\` warns about them (cold-start deadlock risk)`);
  }

  const placeholders = result.services.filter((s) => s.labels[PLACEHOLDER_LABEL] === 'true').map((s) => ids.get(s.key)!).sort();
  const summary = {
    format: format.name,
    inputs: shownInputs,
    files: read.sources.map((s) => s.file),
    services: result.services.length,
    placeholders,
    dependencies: edgeCount,
    cycles,
    diagnostics: diagnostics.map((d) => ({ code: d.code, severity: d.severity, message: d.message, file: d.pos.file, line: d.pos.line, col: d.pos.col, hint: d.hint ?? null })),
  };
  if (!opts.output) {
    // standard output has no size limit: one document
    const text = parts.length === 1 ? parts[0]!.text : renderCatalog(result.services, ids, writeOpts);
    if (opts.json) ctx.print(JSON.stringify({ ...summary, output: null, merge: null, catalog: text }, null, 2));
    else ctx.io.stdout.write(text);
    return;
  }

  const dir = opts.output;
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new UserError(`${safeText(displayPath(dir))} is not a directory`, '-o takes the catalog directory; the file is named <format>.yaml');
  const target = join(dir, partFileName(format.name, 0));
  const targetName = displayPath(target);
  const partPaths = parts.map((p) => join(dir, p.name));
  // a directory, device or pipe where an output file goes is refused before anything is read or written
  for (const p of partPaths) resolveTarget(p);
  // The catalog already in <dir>: regular files within the catalog loader's limit only (a FIFO named jaeger.yaml must not block).
  const readCatalogFile = (path: string): Buffer => {
    const got = readRegularFile(path, MAX_FILE_BYTES);
    if ('error' in got) throw new UserError(`cannot read ${safeText(displayPath(path))}: ${got.error}`, '-o takes a catalog directory; its .yaml files must be regular files');
    return got.bytes;
  };
  let present = true;
  try {
    lstatSync(target);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    if (code !== 'ENOENT') throw new UserError(`cannot read ${safeText(targetName)}: ${code}`, 'check the permissions of the catalog directory');
    present = false;
  }
  const existing = present ? readCatalogFile(target).toString('utf8') : undefined;
  // further parts of an earlier import of this format (backstage.2.yaml, ...): replaced with it
  const oldParts = existsSync(dir) ? readdirSync(dir).filter((n) => n !== partFileName(format.name, 0) && isPartFileName(format.name, n)).map((n) => join(dir, n)) : [];
  const ours = new Set([targetName, ...oldParts.map((f) => displayPath(f))]);
  let others: CatalogSource[] = [];
  if (existsSync(dir)) {
    let files: string[];
    try {
      files = listFiles(dir, ['.yaml', '.yml']);
    } catch (e) {
      throw new UserError(`cannot list ${safeText(displayPath(dir))}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`, 'check the permissions of the catalog directory');
    }
    others = files.filter((f) => !ours.has(displayPath(f))).map((f) => ({ file: displayPath(f), bytes: readCatalogFile(f) }));
  }

  let outputs: CatalogSource[] = parts.map((p, k) => ({ file: displayPath(partPaths[k]!), bytes: Buffer.from(p.text) }));
  let merge: MergeResult | undefined;
  if (opts.merge) {
    if (parts.length > 1 || oldParts.length) {
      throw new UserError(
        `--merge works on one file, and this import is written in ${Math.max(parts.length, oldParts.length + 1)} files to keep each under the ${MAX_FILE_BYTES / 1048576} MiB that blast reads in one file`,
        'replace the import with --force (hand-written fields in those files are lost), or import a smaller part of the inputs',
      );
    }
    let catalog: Catalog | undefined;
    if (others.length || existing !== undefined) {
      const loaded = buildCatalog([...others, ...(existing !== undefined ? [{ file: targetName, bytes: Buffer.from(existing) }] : [])]);
      if (!loaded.catalog) {
        for (const d of loaded.diagnostics) ctx.printErr(formatDiagnostic(d, st));
        throw new UserError(`the catalog in ${safeText(displayPath(dir))} is invalid (${summarizeDiagnostics(loaded.diagnostics)}); nothing was merged`, `fix it first: blast validate ${displayPath(dir)}`);
      }
      catalog = loaded.catalog;
    }
    merge = mergeCatalog({ targetFile: targetName, ...(existing !== undefined ? { existingText: existing } : {}), ...(catalog ? { catalog } : {}), services: result.services, ids, write: writeOpts });
    const bytes = Buffer.from(merge.text);
    if (bytes.length > MAX_FILE_BYTES) {
      throw new UserError(`merged, ${safeText(targetName)} would be ${(bytes.length / 1048576).toFixed(1)} MiB, over the ${MAX_FILE_BYTES / 1048576} MiB that blast reads in one file; nothing was written`, 'replace the import with --force: it is then written in parts that each fit');
    }
    outputs = [{ file: targetName, bytes }];
  } else if ((existing !== undefined || oldParts.length) && !opts.force) {
    throw new UserError(`${safeText(existing !== undefined ? targetName : displayPath(oldParts[0]!))} exists`, 'use --merge to keep its hand-written fields, or --force to replace it');
  }

  // with nothing else in the directory, the import alone was checked above (a large one takes seconds to parse)
  const check = !merge && others.length === 0 && selfCheck.catalog ? selfCheck : buildCatalog([...others, ...outputs]);
  if (!check.catalog) {
    for (const d of check.diagnostics.filter((x) => x.severity === 'error')) ctx.printErr(formatDiagnostic(d, st));
    throw new UserError(`the import does not fit the catalog in ${safeText(displayPath(dir))}; nothing was written`, opts.merge ? 'fix the catalog, then import again' : 'services defined in other files? use --merge to add to them instead of defining them again');
  }
  const write = !merge || merge.changed;
  if (merge && merge.changed) writeFileAtomic(target, merge.text);
  if (!merge) {
    parts.forEach((p, k) => writeFileAtomic(partPaths[k]!, p.text));
    for (const old of oldParts) if (!partPaths.includes(old)) unlinkSync(old); // parts the earlier, larger import had
  }

  if (merge && !opts.json) reportMerge(ctx, merge, st);
  if (opts.json) {
    ctx.print(JSON.stringify({
      ...summary,
      output: targetName,
      parts: merge ? [targetName] : partPaths.map((f) => displayPath(f)),
      written: write,
      merge: merge ? { addedServices: merge.addedServices, addedDependencies: merge.addedEdges, notWritten: merge.skippedEdges, keptDependencies: merge.keptEdges.map((e) => ({ from: e.from, to: e.to, file: e.pos.file, line: e.pos.line, col: e.pos.col })), keptServices: merge.keptServices } : null,
    }, null, 2));
    return;
  }
  const what = merge
    ? `merged ${merge.addedServices.length} new service${merge.addedServices.length === 1 ? '' : 's'} and ${merge.addedEdges.length} new dependenc${merge.addedEdges.length === 1 ? 'y' : 'ies'}`
    : `imported ${result.services.length} service${result.services.length === 1 ? '' : 's'}${placeholders.length ? ` (${placeholders.length} placeholder${placeholders.length === 1 ? '' : 's'})` : ''} and ${edgeCount} dependenc${edgeCount === 1 ? 'y' : 'ies'}`;
  ctx.printErr(`${st.green(write ? 'wrote' : 'unchanged')}: ${safeText(targetName)}${parts.length > 1 && !merge ? ` and ${parts.length - 1} more part${parts.length === 2 ? '' : 's'} (${parts.slice(1).map((p) => p.name).join(', ')})` : ''}: ${what} from ${read.sources.length} file${read.sources.length === 1 ? '' : 's'}`);
}

function reportMerge(ctx: Context, m: MergeResult, st: Style): void {
  for (const e of m.skippedEdges) {
    ctx.printErr(`${st.yellow('not written')}: ${safeText(e.from)} → ${safeText(e.to)}: ${safeText(e.from)} is defined in ${safeText(e.file)}; add the dependency there by hand`);
  }
  for (const e of m.keptEdges) {
    ctx.printErr(`${st.cyan('kept')}: ${safeText(e.from)} → ${safeText(e.to)} (${safeText(e.pos.file)}:${e.pos.line}:${e.pos.col}) is in the catalog but not in this import`);
  }
  for (const id of m.keptServices) ctx.printErr(`${st.cyan('kept')}: service ${safeText(id)} is in the catalog but not in this import`);
}

/** One import diagnostic for a terminal: `file:line:col: severity[code]: message`, excerpt, hint. */
export function formatImportDiagnostic(d: ImportDiagnostic, style: Style): string {
  const sev = d.severity === 'error' ? style.red('error') : d.severity === 'warning' ? style.yellow('warning') : style.cyan('note');
  const lines = [`${style.bold(`${safeText(d.pos.file)}:${d.pos.line}:${d.pos.col}: `)}${sev}[${d.code}]: ${safeText(d.message)}`];
  if (d.excerpt) lines.push(...d.excerpt.split('\n').map((l) => `  ${style.dim(safeText(l))}`));
  if (d.hint) lines.push(`  ${style.cyan('hint')}: ${safeText(d.hint)}`);
  return lines.join('\n');
}
