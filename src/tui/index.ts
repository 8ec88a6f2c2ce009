/**
 * The terminal explorer's entry points. This module loads no UI code: ink and React are
 * imported with `await import()` only when the explorer actually opens.
 */
import { existsSync } from 'node:fs';
import type { Catalog } from '../catalog/model.js';
import { displayPath, loadCatalog } from '../catalog/load.js';
import { UserError } from '../cli/io.js';
import { summarizeDiagnostics } from '../cli/diagnostics.js';
import { safeText } from '../util/text.js';
import { openExplorerData } from './state/data.js';
import { startAnalysis } from './analyse.js';
import { workerAdvisor } from './advisor.js';
import { workerSimulator } from './simulator.js';
import { explorerWorker } from './explorer-thread.js';
import type { CatalogFiles } from './catalog-source.js';

export interface ExploreOptions {
  /** No colour (NO_COLOR, --no-color): states still read by their symbols. */
  readonly noColor: boolean;
  /** The terminal to use; process.stdin / process.stdout by default. Both must be TTYs. */
  readonly stdin?: NodeJS.ReadStream;
  readonly stdout?: NodeJS.WriteStream;
  /** The id of a scenario of the catalog to run and play as the explorer opens. */
  readonly scenario?: string;
  /** Where the catalog was loaded from, and when: the explorer's worker thread loads it again rather than have it copied. */
  readonly files?: CatalogFiles;
}

/**
 * Opens the interactive explorer on the catalog at `catalogPath` and resolves when the
 * user quits. Throws a {@link UserError} (exit 2) when the catalog is invalid.
 */
export async function explore(catalogPath: string, opts: ExploreOptions): Promise<void> {
  const loadStartedMs = Date.now();
  const res = loadCatalog(catalogPath);
  if (!res.catalog) {
    const first = res.diagnostics.find((d) => d.severity === 'error');
    const where = first?.pos ? `${first.pos.file}:${first.pos.line}:${first.pos.col}: ` : '';
    throw new UserError(
      `${where}${first?.message ?? 'invalid catalog'} (${summarizeDiagnostics(res.diagnostics)})`,
      `run \`blast validate ${safeText(displayPath(catalogPath))}\` to see every problem`,
    );
  }
  await exploreCatalog(res.catalog, displayPath(catalogPath), { files: { path: catalogPath, loadStartedMs }, ...opts });
}

/** Opens the explorer on an already loaded catalog; `title` is shown when the catalog has no name. */
export async function exploreCatalog(catalog: Catalog, title: string, opts: ExploreOptions): Promise<void> {
  // The first frame needs only the catalog's strings; the ranking follows (analyse.ts), and a
  // large catalog's compiled graph with it, after the first frame.
  const { data, pending } = startAnalysis(openExplorerData(catalog, title, null));
  const scenario = opts.scenario === undefined ? -1 : data.scenarios.findIndex((s) => s.rawId === opts.scenario);
  if (opts.scenario !== undefined && scenario < 0) throw new UserError(`no scenario "${safeText(opts.scenario)}" in ${safeText(title)}`, 'run `blast show <catalog>` to list its scenarios');
  const { runExplorer } = await loadInteractiveUi();
  // Simulations take about half a second at 20,000 services, the advisor's a second each: on a worker thread.
  const worker = explorerWorker(catalog, opts.files ?? null);
  const advisor = workerAdvisor(worker);
  const simulator = workerSimulator(worker);
  try {
    await runExplorer(data, { color: !opts.noColor, stdin: opts.stdin ?? process.stdin, stdout: opts.stdout ?? process.stdout, advisor, simulator, ...(scenario >= 0 ? { scenario } : {}), ...(pending ? { analysis: pending } : {}) });
  } finally {
    worker.close();
  }
}

/**
 * Imports the ink UI. ink decides once, when it loads, whether it runs under CI (the CI
 * or CONTINUOUS_INTEGRATION variables) and then draws nothing until exit; the explorer
 * only runs on an interactive terminal, so those variables are hidden while it loads.
 * React picks its build from NODE_ENV when it loads: unless told otherwise, the
 * production build, which renders a frame in about half the time of the development one.
 * An installed package has the UI bundled in one file (scripts/build-tui.ts), which loads in a
 * fifth of the time of ink's modules one by one; sources, or NODE_ENV set to another build,
 * load the modules.
 */
async function loadInteractiveUi(): Promise<typeof import('./run.js')> {
  const keys = ['CI', 'CONTINUOUS_INTEGRATION', 'NODE_ENV'] as const;
  const saved = keys.map((k) => [k, process.env[k]] as const);
  delete process.env.CI;
  delete process.env.CONTINUOUS_INTEGRATION;
  process.env.NODE_ENV ??= 'production';
  try {
    const bundle = new URL('./ui.bundle.js', import.meta.url);
    if (process.env.NODE_ENV === 'production' && import.meta.url.endsWith('.js') && existsSync(bundle)) return (await import(bundle.href)) as typeof import('./run.js');
    return await import('./run.js');
  } finally {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}
