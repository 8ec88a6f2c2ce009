/**
 * The incident library table of docs/incidents.md: for each modelled incident, the
 * priors-only replay (the catalog as written, free parameters at their prior medians),
 * the replay after fitting its free parameters, and the leave-one-incident-out figure.
 * Pure apart from the executor the fit runs on; deterministic (fits are seeded).
 */
import type { Catalog, Scenario } from '../catalog/model.js';
import { fitProblem, slotValues, valueAt } from '../fit/problem.js';
import { fit } from '../fit/fit.js';
import type { Executor } from '../fit/executor.js';
import type { FitProblem } from '../fit/problem.js';
import { replayScenario } from './run.js';
import { replay } from './compare.js';
import { leaveOneOut, priorKey, sharedProblem, type SharedKey, type SharedProblem } from '../fit/shared.js';
import { PRIORS, type PriorName } from '../engine/priors.js';
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
  /**
   * Parameters the scenario lists under `fitted:` (set by hand or by `blast fit --write` to make
   * its milestones come out). With any, the scenario as written is a calibration: the table
   * reports it under "fitted", never as priors-only, and leaves it out of leave-one-incident-out.
   */
  readonly calibrated: number;
  /** The scenario as written (free parameters at their medians). Priors-only when `calibrated` is 0. */
  readonly priors: ReplayScore;
  /** null when the catalog has no free parameter to fit. */
  readonly fitted: ReplayScore | null;
  /** Predicted with the shared priors fitted on the other incidents; a string says why it was not computed. */
  readonly loio: ReplayScore | string;
  /**
   * The priors this incident uses whose defaults its own timeline helped set (src/engine/priors.ts,
   * `incidents`): its leave-one-incident-out figure is then not fully out of sample.
   */
  readonly loioLeaks: readonly string[];
  /** The shared priors this incident uses, as fitted on the other incidents (in each prior's unit: minutes, or a multiple for a ratio prior), in order of first use. */
  readonly loioPriors: ReadonlyArray<readonly [string, number]>;
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
  if (why) return rows.map((r) => ({ ...r, loio: r.calibrated > 0 ? LOIO_CALIBRATED : why }));
  const predicted = leaveOneOut(sp, LIBRARY_SEED);
  return rows.map((r, p) => (r.calibrated > 0 ? { ...r, loio: LOIO_CALIBRATED } : { ...r, loio: replay(entries[p]!.scenario, predicted[p]!.times, []).score, loioLeaks: leakedPriors(sp, p, entries[p]!.scenario.id, basisOf), loioPriors: sp.shared.flatMap((q, j) => (sp.slots[p]![j]!.length > 0 ? [[q.key, valueAt(q, predicted[p]!.x[j]!)] as const] : [])) }));
}

/** Which library incidents' timelines set each prior's default (by prior name). */
export type PriorBasis = (prior: string) => readonly string[];
const basisOf: PriorBasis = (name) => (Object.prototype.hasOwnProperty.call(PRIORS, name) ? PRIORS[name as PriorName].incidents : []);

/**
 * The shared priors problem `p` uses (it has a slot for them) whose default the incident
 * `scenarioId` helped set: fitting them on the other incidents still starts from, and is
 * penalised towards, a default that saw this incident.
 */
export function leakedPriors(sp: SharedProblem, p: number, scenarioId: string, basis: PriorBasis = basisOf): string[] {
  return sp.shared.flatMap((q, j) => ((sp.slots[p]![j]!.length > 0 && basis(q.key).includes(scenarioId)) ? [q.key] : []));
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
  const calibrated = e.scenario.fitted?.length ?? 0;
  // calibrated and nothing free to fit: the scenario as written is its fitted result
  if (calibrated > 0 && fitted === null) fitted = priors;
  return { path: e.path, scenario: e.scenario.id, name: e.scenario.name ?? e.scenario.id, freeParams: prob.free.length, calibrated, priors, fitted, loio: LOIO_NOT_COMPUTED, loioLeaks: [], loioPriors: [] };
}

/** A score's milestones within tolerance, "7/10". */
export const withinText = (s: ReplayScore): string => `${s.within}/${s.scored}`;
const within = withinText;
/** A score's time-to-full-recovery error, "-287 min (-43 %)". */
export const recoveryText = (s: ReplayScore): string => {
  const f = s.fullRecovery;
  if (!f) return 'not observed';
  if (f.error === null) return 'never recovers';
  return `${signedMinutes(f.error)} min (${f.errorPercent === null ? '' : `${signedMinutes(f.errorPercent)} %`})`;
};
const recovery = recoveryText;

/** What the leave-one-incident-out column says for a calibrated scenario: its own milestones set some of its parameters. */
export const LOIO_CALIBRATED = 'not computed: calibrated on its own milestones';

/** What the leave-one-incident-out column says when no catalog uses a prior of the engine's priors table. */
export const LOIO_NOT_COMPUTED = 'not computed: no shared priors';

/** Median of the absolute time-to-full-recovery errors in percent, over the scores that have one. */
export function medianRecovery(scores: readonly ReplayScore[]): string {
  const xs = scores.flatMap((sc) => (sc.fullRecovery && sc.fullRecovery.errorPercent !== null ? [Math.abs(sc.fullRecovery.errorPercent)] : [])).sort((a, b) => a - b);
  if (xs.length === 0) return '–';
  const m = xs.length % 2 ? xs[(xs.length - 1) / 2]! : (xs[xs.length / 2 - 1]! + xs[xs.length / 2]!) / 2;
  return `median \\|error\\| ${Math.round(m)} % (${xs.length} incidents)`;
}

/**
 * The totals row: over the incidents that are not calibrated (a calibrated scenario's own
 * milestones set some of its parameters), the milestones within tolerance priors-only,
 * fitted (as written when nothing is free) and left one incident out, and the median of the
 * absolute time-to-full-recovery errors.
 */
export function libraryTotals(rows: readonly LibraryRow[]): string {
  const open = rows.filter((r) => r.calibrated === 0);
  const sum = (scores: readonly ReplayScore[]): string => `${scores.reduce((a, x) => a + x.within, 0)}/${scores.reduce((a, x) => a + x.scored, 0)}`;
  const priors = open.map((r) => r.priors);
  const fitted = open.map((r) => r.fitted ?? r.priors);
  const loio = open.flatMap((r) => (typeof r.loio === 'string' ? [] : [r.loio]));
  const rev = (scores: readonly ReplayScore[]): number => scores.reduce((a, x) => a + x.reversedPairs, 0);
  const loioCell = loio.length === open.length ? sum(loio) : loio.length ? `${sum(loio)} (${loio.length} of ${open.length} incidents)` : '–';
  return `| **all ${open.length} incidents not calibrated** | | **${sum(priors)}** | ${medianRecovery(priors)} | ${rev(priors)} | | **${sum(fitted)}** | ${medianRecovery(fitted)} | ${rev(fitted)} | **${loioCell}** | ${loio.length ? medianRecovery(loio) : '–'} |`;
}

/** The table as docs/incidents.md embeds it (a test compares it with a fresh run). */
export function libraryTable(rows: readonly LibraryRow[]): string {
  return [
    '| incident | scenario | priors only: within | full recovery error | order reversed | fitted parameters | fitted: within | full recovery error | order reversed | leave-one-incident-out: within | full recovery error |',
    '|---|---|:-:|---:|:-:|:-:|:-:|---:|:-:|:-:|---:|',
    ...rows.map((r) => {
      const f = r.fitted;
      const l = typeof r.loio === 'string' ? null : r.loio;
      const leak = r.loioLeaks.length ? ` (its own data set the default of ${r.loioLeaks.map((n) => `\`${n}\``).join(', ')})` : '';
      // a calibrated scenario makes no priors-only claim
      const p = r.calibrated > 0 ? null : r.priors;
      const params = [r.freeParams > 0 || r.calibrated === 0 ? `${r.freeParams} free` : '', r.calibrated > 0 ? `${r.calibrated} calibrated` : ''].filter(Boolean).join(', ');
      return `| ${mdText(r.name)} (\`${r.path}\`) | \`${r.scenario}\` | ${p ? within(p) : '– (calibrated)'} | ${p ? recovery(p) : '–'} | ${p ? p.reversedPairs : '–'} | ${params} | ${f ? within(f) : '–'} | ${f ? recovery(f) : '–'} | ${f ? f.reversedPairs : '–'} | ${l ? within(l) : (r.loio as string)}${leak} | ${l ? recovery(l) : '–'} |`;
    }),
    libraryTotals(rows),
  ].join('\n');
}
