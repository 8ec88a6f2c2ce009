/**
 * Point estimate against Monte Carlo median, for the incident library (docs/incidents.md,
 * "Point estimate or P50?"). The point estimate runs every parameter at its median; the P50 is
 * the median of the outputs of Monte Carlo trials. For a model whose output is a monotone
 * function of a single uncertain parameter the two agree; when several skewed durations add up,
 * or a duration is multiplied by a skewed factor, the P50 lies above the point estimate.
 *
 *   npx tsx scripts/mc-gap.ts                       # every incident: point vs P10/P50/P90 of full recovery, largest milestone gap
 *   npx tsx scripts/mc-gap.ts --milestones          # … and every milestone whose P50 differs from its point estimate
 *   npx tsx scripts/mc-gap.ts --pin datadog         # one incident (scenario id or part of it): which parameters make the gap
 *   npx tsx scripts/mc-gap.ts --trials 4000 --seed 7
 *
 * `--pin` reruns the trials with each uncertain parameter held at its median (the others
 * sampled), and with it alone sampled (the others at their medians); then holds parameters at
 * their medians one after another, each time the one that closes most of what is left of the
 * gap. Every set of trials uses the same seeds, and every parameter has its own random stream
 * (src/engine/params.ts), so holding one parameter leaves every other draw unchanged: the
 * differences between rows are not sampling noise between independent runs.
 */
import { buildModel, prepare, type Model } from '../src/engine/model.js';
import { run } from '../src/engine/simulate.js';
import { trialSeed } from '../src/engine/rng.js';
import { percentile } from '../src/engine/monte-carlo.js';
import { formatDuration } from '../src/catalog/units.js';
import { milestoneSpecs, milestoneTimes } from '../src/replay/milestones.js';
import { labelOf } from '../src/replay/compare.js';
import { mdText } from '../src/report/markdown/escape.js';
import type { LibraryEntry } from '../src/replay/library.js';
import { discoverIncidents } from './incidents.js';

/** Trials and seed of the tables (the coverage table of docs/incidents.md uses 500, seed 1). */
export const GAP_TRIALS = 2000;
export const GAP_SEED = 1;

export interface Quantiles {
  readonly p10: number;
  readonly p50: number;
  readonly p90: number;
}

export interface MilestoneGap {
  readonly label: string;
  /** Simulated minute with every parameter at its median. */
  readonly point: number;
  readonly p50: number;
}

export interface GapRow {
  readonly scenario: string;
  readonly name: string;
  readonly uncertain: number;
  /** Time to full recovery with every parameter at its median (Infinity: never recovers). */
  readonly point: number;
  readonly full: Quantiles;
  /** Simulated milestones, largest relative gap P50 − point first (milestones at minute 0 at the point left out). */
  readonly milestones: readonly MilestoneGap[];
  readonly trials: number;
}

const sortedQuantiles = (xs: Float64Array): Quantiles => {
  xs.sort();
  return { p10: percentile(xs, 0.1), p50: percentile(xs, 0.5), p90: percentile(xs, 0.9) };
};

/**
 * Runs `trials` trials of `model` (seeded as `blast simulate --trials`), with the slots in
 * `hold` set to their medians after sampling. Returns the full-recovery times and, per
 * milestone spec, the milestone times (NaN, never happened, counts as Infinity).
 */
function trialsOf(model: Model, trials: number, seed: number, hold: readonly number[], specs: ReturnType<typeof milestoneSpecs> = []): { full: Float64Array; milestones: Float64Array[] } {
  const medians = model.params.medians();
  const v = new Float64Array(medians.length);
  const full = new Float64Array(trials);
  const milestones = specs.map(() => new Float64Array(trials));
  const times = new Float64Array(specs.length);
  for (let k = 0; k < trials; k++) {
    model.params.sample(trialSeed(seed, k), v);
    for (const i of hold) v[i] = medians[i]!;
    const out = run(model, v);
    full[k] = out.fullRecovery;
    if (specs.length) {
      milestoneTimes(model, out, specs, times);
      for (let m = 0; m < specs.length; m++) milestones[m]![k] = Number.isNaN(times[m]!) ? Infinity : times[m]!;
    }
  }
  return { full, milestones };
}

/** Relative gap (P50 − point) / point; 0 when both are equal (e.g. both never). */
export const relativeGap = (point: number, p50: number): number => (p50 === point ? 0 : (p50 - point) / point);

/** Point estimate and Monte Carlo quantiles of the full recovery and of each simulated milestone of one incident. */
export function gapRow(e: LibraryEntry, trials = GAP_TRIALS, seed = GAP_SEED): GapRow {
  const model = buildModel(prepare(e.catalog), { scenario: e.scenario });
  const observed = e.scenario.observed ?? [];
  const specs = milestoneSpecs(model, observed);
  const pointOut = run(model, model.params.medians());
  const pointTimes = milestoneTimes(model, pointOut, specs);
  const t = trialsOf(model, trials, seed, [], specs);
  const milestones: MilestoneGap[] = [];
  specs.forEach((s, m) => {
    const point = pointTimes[m]!;
    if (s.event === 'unsupported' || Number.isNaN(point) || point === 0) return;
    milestones.push({ label: labelOf(observed[m]!), point, p50: sortedQuantiles(t.milestones[m]!).p50 });
  });
  milestones.sort((a, b) => relativeGap(b.point, b.p50) - relativeGap(a.point, a.p50) || b.p50 - b.point - (a.p50 - a.point));
  return { scenario: e.scenario.id, name: e.scenario.name ?? e.scenario.id, uncertain: model.params.uncertain().length, point: pointOut.fullRecovery, full: sortedQuantiles(t.full), milestones, trials };
}

const pct = (point: number, p50: number): string => {
  const g = Math.round(100 * relativeGap(point, p50));
  return Number.isFinite(g) ? `${g > 0 ? '+' : g < 0 ? '−' : ''}${Math.abs(g)} %` : '–';
};

/** The library table (markdown): one row per incident. */
export function gapTable(rows: readonly GapRow[], seed = GAP_SEED): string {
  return [
    `| incident | uncertain parameters | full recovery: point | P10 | P50 | P90 | P50 − point | largest milestone gap (point → P50) |`,
    '|---|:-:|--:|--:|--:|--:|--:|---|',
    ...rows.map((r) => {
      const top = r.milestones[0];
      const m = top && relativeGap(top.point, top.p50) !== 0 ? `${mdText(top.label)}: ${formatDuration(top.point)} → ${formatDuration(top.p50)} (${pct(top.point, top.p50)})` : 'none';
      return `| \`${r.scenario}\` | ${r.uncertain} | ${formatDuration(r.point)} | ${formatDuration(r.full.p10)} | ${formatDuration(r.full.p50)} | ${formatDuration(r.full.p90)} | ${pct(r.point, r.full.p50)} | ${m} |`;
    }),
    `\n${rows[0]?.trials ?? GAP_TRIALS} trials each, seed ${seed}; the point estimate runs every parameter at its median.`,
  ].join('\n');
}

/** Every simulated milestone whose P50 differs from its point estimate (markdown), largest relative gap first per incident. */
export function milestoneTable(rows: readonly GapRow[]): string {
  return [
    '| incident | milestone | point | P50 | P50 − point |',
    '|---|---|--:|--:|--:|',
    ...rows.flatMap((r) => r.milestones.filter((m) => relativeGap(m.point, m.p50) !== 0).map((m) => `| \`${r.scenario}\` | ${mdText(m.label)} | ${formatDuration(m.point)} | ${formatDuration(m.p50)} | ${pct(m.point, m.p50)} |`)),
  ].join('\n');
}

export interface PinRow {
  readonly slot: number;
  readonly label: string;
  readonly median: number;
  /** P50 of full recovery with this slot held at its median and every other uncertain slot sampled. */
  readonly heldP50: number;
  /** P50 with only this slot sampled. */
  readonly aloneP50: number;
}

export interface PinAnalysis {
  readonly scenario: string;
  readonly point: number;
  /** P50 with every uncertain slot sampled. */
  readonly p50: number;
  readonly rows: readonly PinRow[];
  /** Slots held one after another (the one closing most of the remaining gap first), with the P50 after each. */
  readonly greedy: ReadonlyArray<{ readonly slot: number; readonly label: string; readonly p50: number }>;
  readonly trials: number;
}

/** Which uncertain parameters of `e` make its P50 of full recovery differ from its point estimate. */
export function pinAnalysis(e: LibraryEntry, trials = GAP_TRIALS, seed = GAP_SEED): PinAnalysis {
  const model = buildModel(prepare(e.catalog), { scenario: e.scenario });
  const medians = model.params.medians();
  const uncertain = model.params.uncertain();
  const p50 = (hold: readonly number[]): number => sortedQuantiles(trialsOf(model, trials, seed, hold).full).p50;
  const point = run(model, medians).fullRecovery;
  const all = p50([]);
  const rows = uncertain.map((i): PinRow => ({
    slot: i,
    label: model.params.slots[i]!.label,
    median: medians[i]!,
    heldP50: p50([i]),
    aloneP50: p50(uncertain.filter((j) => j !== i)),
  }));
  const greedy: Array<{ slot: number; label: string; p50: number }> = [];
  const held: number[] = [];
  let current = all;
  // the first step is the single-hold row already computed
  while (held.length < uncertain.length - 1 && current !== point) {
    let best = -1;
    let bestP50 = current;
    for (const i of uncertain) {
      if (held.includes(i)) continue;
      const x = held.length === 0 ? rows.find((r) => r.slot === i)!.heldP50 : p50([...held, i]);
      if (best < 0 || Math.abs(x - point) < Math.abs(bestP50 - point)) {
        best = i;
        bestP50 = x;
      }
    }
    held.push(best);
    current = bestP50;
    greedy.push({ slot: best, label: model.params.slots[best]!.label, p50: current });
  }
  return { scenario: e.scenario.id, point, p50: all, rows, greedy, trials };
}

/** Share of the gap P50 − point that holding a parameter closes, in per cent. */
const closed = (a: PinAnalysis, heldP50: number): string => (a.p50 === a.point ? '–' : `${Math.round((100 * (a.p50 - heldP50)) / (a.p50 - a.point))} %`);

/** The pinning analysis as markdown. */
export function pinTable(a: PinAnalysis, seed = GAP_SEED): string {
  const lines = [
    `\`${a.scenario}\`: full recovery, point estimate ${formatDuration(a.point)}, P50 ${formatDuration(a.p50)} (${pct(a.point, a.p50)}); ${a.trials} trials, seed ${seed}.`,
    '',
    '| parameter | median | P50, this one held at its median | gap closed | P50, this one alone sampled |',
    '|---|--:|--:|--:|--:|',
    ...a.rows.map((r) => `| ${mdText(r.label)} | ${Number.isInteger(r.median) ? r.median : r.median.toFixed(3)} | ${formatDuration(r.heldP50)} | ${closed(a, r.heldP50)} | ${formatDuration(r.aloneP50)} |`),
    '',
    'Held one after another (each time the parameter that brings the P50 closest to the point estimate):',
    '',
    '| held so far | P50 | gap closed |',
    '|---|--:|--:|',
    ...a.greedy.map((g, k) => `| ${k === 0 ? '' : '… + '}${mdText(g.label)} | ${formatDuration(g.p50)} | ${closed(a, g.p50)} |`),
  ];
  return lines.join('\n');
}

function option(name: string): string | undefined {
  const k = process.argv.indexOf(name);
  return k >= 0 ? process.argv[k + 1] : undefined;
}

function intOption(name: string, fallback: number, min: number): number {
  const s = option(name);
  if (s === undefined) return fallback;
  const n = Number(s);
  if (!Number.isInteger(n) || n < min || n > 2 ** 32 - 1) {
    console.error(`${name} wants a whole number from ${min} to ${2 ** 32 - 1}, got "${s}"`);
    process.exit(2);
  }
  return n;
}

function main(): void {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    console.log('usage: npx tsx scripts/mc-gap.ts [--milestones | --pin <scenario>] [--trials <n>] [--seed <n>]');
    return;
  }
  const trials = intOption('--trials', GAP_TRIALS, 1);
  const seed = intOption('--seed', GAP_SEED, 0);
  const entries = discoverIncidents();
  const pin = option('--pin');
  if (process.argv.includes('--pin')) {
    const matches = entries.filter((e) => pin !== undefined && e.scenario.id.includes(pin));
    if (matches.length !== 1) {
      console.error(`--pin wants one scenario of the library (${matches.length} match "${pin ?? ''}"): ${entries.map((e) => e.scenario.id).join(', ')}`);
      process.exit(2);
    }
    console.log(pinTable(pinAnalysis(matches[0]!, trials, seed), seed));
    return;
  }
  const rows = entries.map((e) => gapRow(e, trials, seed));
  console.log(gapTable(rows, seed));
  if (process.argv.includes('--milestones')) console.log(`\n${milestoneTable(rows)}`);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
