/**
 * The documented Monte Carlo result from raw trial batches: percentiles of the time to full
 * recovery, of the number affected and of each service's recovery, the share of trials each
 * action fired in, and the sensitivity (Spearman correlation) of full recovery to each
 * uncertain parameter. Batches may come in any order and from any split of the trials (worker
 * threads, shards): the result depends only on the trials.
 *
 * Values are gathered into flat typed arrays (counted first, then filled); a service's
 * percentiles are found by selection rather than by sorting its column. Nothing is allocated
 * per trial.
 */
import type { Model } from './model.js';
import { MAX_HORIZON } from './simulate.js';
import { anchorText } from './explain-actions.js';
import { roundMinutes } from './explain.js';
import type { MonteCarloResult, Percentiles } from './result.js';
import { rankCorrelation, ranks } from './spearman.js';
import { percentilesOf, rankIndex } from './order-stats.js';
import type { TrialBatch } from './trial-batch.js';

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  return sorted.length === 0 ? NaN : sorted[rankIndex(sorted.length, p)]!;
}

const pctSorted = (s: Float64Array): Percentiles => ({ p50: roundMinutes(percentile(s, 0.5)), p90: roundMinutes(percentile(s, 0.9)), p99: roundMinutes(percentile(s, 0.99)) });

/**
 * What the summary needs of the model besides the trials: service ids, the labels of the
 * uncertain parameters, and the actions timed from an event. Plain data, so that partial
 * results of sharded runs carry it and can be merged without the catalog.
 */
export interface SummaryShape {
  readonly ids: readonly string[];
  readonly labels: readonly string[];
  /**
   * Per uncertain parameter, its shared draw (`draw: <name>`) or null. The parameters of one
   * draw move together, so the sensitivity lists them once, under the first. Absent: none.
   */
  readonly draws?: readonly (string | null)[];
  readonly actions: ReadonlyArray<{ readonly service: string; readonly do: MonteCarloResult['actions'][number]['do']; readonly after: string }>;
}

/** Indices of the actions timed from an event of the run (their time varies per trial). */
export const relativeActions = (model: Model): number[] => model.actions.flatMap((a, k) => (a.after >= 0 ? [k] : []));

export function summaryShape(model: Model): SummaryShape {
  return {
    ids: [...model.graph.ids],
    labels: model.params.uncertain().map((k) => model.params.slots[k]!.label),
    draws: model.params.uncertain().map((k) => model.params.slots[k]!.draw ?? null),
    actions: relativeActions(model).map((k) => {
      const a = model.actions[k]!;
      return { service: model.graph.ids[a.service]!, do: a.kind, after: anchorText(model.timing.anchors[a.after]!, model.graph.ids) };
    }),
  };
}

/** Combines batches (in any order) into the documented Monte Carlo result. */
export function summarize(model: Model, seed: number, batches: readonly TrialBatch[]): MonteCarloResult {
  return summarizeShape(summaryShape(model), seed, batches);
}

/**
 * Values of `width` columns kept where `x <= limit` (never NaN), from row-major blocks: column
 * c's values are `values.subarray(start[c], start[c + 1])`, in no particular order. Two passes:
 * count, then fill.
 */
function columns(blocks: readonly Float64Array[], width: number, limit: number): { values: Float64Array; start: Int32Array } {
  const count = new Int32Array(width);
  for (const b of blocks) {
    for (let k = 0, c = 0; k < b.length; k++, c = c + 1 === width ? 0 : c + 1) if (b[k]! <= limit) count[c]!++;
  }
  const start = new Int32Array(width + 1);
  for (let c = 0; c < width; c++) start[c + 1] = start[c]! + count[c]!;
  const values = new Float64Array(start[width]!);
  const at = start.slice(0, width);
  for (const b of blocks) {
    for (let k = 0, c = 0; k < b.length; k++, c = c + 1 === width ? 0 : c + 1) {
      const x = b[k]!;
      if (x <= limit) values[at[c]!++] = x;
    }
  }
  return { values, start };
}

/** P50, P90, P99 of a column (reordered in place). */
function pctOf(xs: Float64Array): Percentiles {
  const [p50, p90, p99] = percentilesOf(xs, [0.5, 0.9, 0.99]);
  return { p50: roundMinutes(p50!), p90: roundMinutes(p90!), p99: roundMinutes(p99!) };
}

/** {@link summarize} from the model's {@link SummaryShape}: batches of trials [0, N) in any order. */
export function summarizeShape(shape: SummaryShape, seed: number, batches: readonly TrialBatch[]): MonteCarloResult {
  const sorted = [...batches].sort((a, b) => a.from - b.from);
  const trials = sorted.reduce((s, b) => s + (b.to - b.from), 0);
  const n = shape.ids.length;
  const u = shape.labels.length;
  const rel = shape.actions;
  const full = new Float64Array(trials);
  const affected = new Float64Array(trials);
  const samples = new Float64Array(trials * u);
  let off = 0;
  for (const b of sorted) {
    full.set(b.full, off);
    affected.set(b.affected, off);
    samples.set(b.samples, off * u);
    off += b.to - b.from;
  }
  // a recovery is kept when it is not NaN (Infinity: never recovered); an action time when it is within the horizon
  const svc = columns(sorted.map((b) => b.recovered), n, Infinity);
  const act = columns(sorted.map((b) => b.actionAt), rel.length, MAX_HORIZON);

  const fs = Float64Array.from(full).sort();
  let sum = 0;
  let finite = 0;
  for (const x of full) if (Number.isFinite(x)) { sum += x; finite++; }
  // Spearman against full recovery, a run that never recovers ranking above every finite one
  const fullRanks = ranks(Float64Array.from(full, (x) => (Number.isFinite(x) ? x : Number.MAX_VALUE)));
  const col = new Float64Array(trials);
  const sensitivity: Array<{ parameter: string; correlation: number }> = [];
  // a shared draw once, under its first parameter: its parameters take the same quantile in every trial
  const inDraw = new Map<string, number>();
  for (const d of shape.draws ?? []) if (d !== null) inDraw.set(d, (inDraw.get(d) ?? 0) + 1);
  const listed = new Set<string>();
  for (let j = 0; j < u; j++) {
    const draw = shape.draws?.[j] ?? null;
    if (draw !== null && listed.has(draw)) continue;
    const more = draw === null ? 0 : inDraw.get(draw)! - 1;
    if (draw !== null) listed.add(draw);
    for (let k = 0; k < trials; k++) col[k] = samples[k * u + j]!;
    const parameter = more > 0 ? `${shape.labels[j]!} and ${more} more (draw ${draw!})` : shape.labels[j]!;
    sensitivity.push({ parameter, correlation: Math.round(rankCorrelation(ranks(col), fullRanks) * 1000) / 1000 });
  }
  sensitivity.sort((a, b) => Math.abs(b.correlation) - Math.abs(a.correlation) || (a.parameter < b.parameter ? -1 : 1));
  const services = shape.ids.flatMap((id, i) => {
    if (id.includes('@')) return []; // a cell (`<service>@<cell>`, cells.ts): its service speaks for it
    const xs = svc.values.subarray(svc.start[i]!, svc.start[i + 1]!);
    return xs.length ? [{ id, recoveredMinutes: pctOf(xs), affectedShare: Math.round((xs.length / trials) * 1000) / 1000 }] : [];
  });
  return {
    trials,
    seed,
    fullRecoveryMinutes: {
      ...pctSorted(fs),
      mean: finite ? roundMinutes(sum / finite) : Infinity,
      min: roundMinutes(fs[0] ?? NaN),
      max: roundMinutes(fs[fs.length - 1] ?? NaN),
    },
    affected: pctSorted(affected.sort()),
    services,
    sensitivity,
    actions: rel.map((a, j) => {
      const xs = act.values.subarray(act.start[j]!, act.start[j + 1]!);
      return {
        service: a.service,
        do: a.do,
        after: a.after,
        firedShare: Math.round((xs.length / Math.max(1, trials)) * 1000) / 1000,
        atMinutes: xs.length ? pctOf(xs) : null,
      };
    }),
  };
}
