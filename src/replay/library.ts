/**
 * The incident library table of docs/incidents.md: for each modelled incident, the
 * priors-only replay (the catalog as written, free parameters at their prior medians),
 * the replay after fitting its free parameters, and the leave-one-incident-out figure.
 * Pure apart from the executor the fit runs on; deterministic (fits are seeded).
 */
import type { Catalog, Scenario } from '../catalog/model.js';
import { fitProblem, slotValues } from '../fit/problem.js';
import { fit } from '../fit/fit.js';
import type { Executor } from '../fit/executor.js';
import type { FitProblem } from '../fit/problem.js';
import { replayScenario } from './run.js';
import { replay } from './compare.js';
import { leaveOneOut, priorKey, sharedProblem, type SharedKey } from '../fit/shared.js';
import type { ReplayScore } from './compare.js';
import { signedMinutes } from './render.js';
import { mdText } from '../report/markdown/escape.js';

export interface LibraryEntry {
  /** Where the catalog is, as shown in the table (e.g. catalogs/incidents/2021-01-04-slack). */
  readonly path: string;
  readonly catalog: Catalog;
  readonly scenario: Scenario;
}

export interface LibraryRow {
  readonly path: string;
  readonly scenario: string;
  readonly name: string;
  readonly freeParams: number;
  readonly priors: ReplayScore;
  /** null when the catalog has no free parameter to fit. */
  readonly fitted: ReplayScore | null;
  /** Predicted with the shared priors fitted on the other incidents; a string says why it was not computed. */
  readonly loio: ReplayScore | string;
}

/** Seed of every library fit. */
export const LIBRARY_SEED = 1;

/**
 * The rows of the library: each incident's priors-only and fitted scores, then
 * leave-one-incident-out over the parameters the incidents share (by default the engine's
 * priors; `key` chooses others).
 */
export async function libraryRows(entries: readonly LibraryEntry[], executorFor: (prob: FitProblem) => Executor, key: SharedKey = priorKey): Promise<LibraryRow[]> {
  const rows: LibraryRow[] = [];
  for (const e of entries) rows.push(await libraryRow(e, executorFor));
  const sp = sharedProblem(entries.map((e) => fitProblem(e.catalog, e.scenario)), key);
  const why = entries.length < 2 ? 'not computed: needs two incidents' : sp.shared.length === 0 ? LOIO_NOT_COMPUTED : null;
  if (why) return rows.map((r) => ({ ...r, loio: why }));
  const predicted = leaveOneOut(sp, LIBRARY_SEED);
  return rows.map((r, p) => ({ ...r, loio: replay(entries[p]!.scenario, predicted[p]!.times, []).score }));
}

/** The row of one incident without leave-one-incident-out; `executorFor` gives an executor for a fit problem (closed after use). */
export async function libraryRow(e: LibraryEntry, executorFor: (prob: FitProblem) => Executor): Promise<LibraryRow> {
  const priors = replayScenario(e.catalog, e.scenario).result.score;
  const prob = fitProblem(e.catalog, e.scenario);
  let fitted: ReplayScore | null = null;
  if (prob.free.length > 0) {
    const exec = executorFor(prob);
    try {
      const r = await fit(prob, exec, { seed: LIBRARY_SEED });
      fitted = replayScenario(e.catalog, e.scenario, slotValues(prob, r.optimum.x)).result.score;
    } finally {
      await exec.close();
    }
  }
  return { path: e.path, scenario: e.scenario.id, name: e.scenario.name ?? e.scenario.id, freeParams: prob.free.length, priors, fitted, loio: LOIO_NOT_COMPUTED };
}

const within = (s: ReplayScore): string => `${s.within}/${s.scored}`;
const recovery = (s: ReplayScore): string => {
  const f = s.fullRecovery;
  if (!f) return 'not observed';
  if (f.error === null) return 'never recovers';
  return `${signedMinutes(f.error)} min (${f.errorPercent === null ? '' : `${signedMinutes(f.errorPercent)} %`})`;
};

/** What the leave-one-incident-out column says when no catalog uses a prior of the engine's priors table. */
export const LOIO_NOT_COMPUTED = 'not computed: no shared priors';

/** The table as docs/incidents.md embeds it (a test compares it with a fresh run). */
export function libraryTable(rows: readonly LibraryRow[]): string {
  return [
    '| incident | scenario | priors only: within | full recovery error | order reversed | free params | fitted: within | full recovery error | order reversed | leave-one-incident-out: within | full recovery error |',
    '|---|---|:-:|---:|:-:|:-:|:-:|---:|:-:|:-:|---:|',
    ...rows.map((r) => {
      const f = r.fitted;
      const l = typeof r.loio === 'string' ? null : r.loio;
      return `| ${mdText(r.name)} (\`${r.path}\`) | \`${r.scenario}\` | ${within(r.priors)} | ${recovery(r.priors)} | ${r.priors.reversedPairs} | ${r.freeParams} | ${f ? within(f) : '–'} | ${f ? recovery(f) : '–'} | ${f ? f.reversedPairs : '–'} | ${l ? within(l) : (r.loio as string)} | ${l ? recovery(l) : '–'} |`;
    }),
  ].join('\n');
}
