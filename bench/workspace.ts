/**
 * The repeat-runners with and without a reused workspace (src/engine/workspace.ts): each runs
 * one model many times, and with the workspace its runs reuse the engine's arrays, event queue
 * and transition log instead of allocating them. One case each, on the AWS catalog, scenario
 * 2025-10-20-dynamodb-dns, the same work both ways in this thread, alternated over 7 rounds
 * after a warm-up of each; CPU time of the process (`process.cpuUsage()`, all threads, so the
 * garbage collector's helpers count), medians. The reference is the same work without a
 * workspace (each run allocates its own storage), measured in the same run; the numbers are
 * the same bytes either way (checked here, and by the tests of each command).
 *
 * - fit: the objective (the loss of the scenario's observed milestones) at 1,000 draws of its
 *   uncertain parameters (the catalog marks none free, so the draws stand for a search's
 *   points): what each of a fit's evaluations does (src/fit/problem.ts `runProblem`, `lossOf`);
 * - advise: 1,000 trials of the scenario (src/advise/evaluate.ts `sample`, what every candidate costs);
 * - replay: 1,000 trials' milestone times, in slices of 200 as `blast replay --trials` runs them;
 * - compare: 500 paired trials (1,000 runs) of the scenario against itself, in chunks of 200 as `blast compare --trials`.
 *
 * `npx tsx bench/workspace.ts` (or `npm run bench -- workspace`).
 */
import { loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { loadCatalog } from '../src/catalog/load.js';
import { buildModel, prepare } from '../src/engine/model.js';
import { fitProblem, lossOf, runProblem } from '../src/fit/problem.js';
import { trialSeed } from '../src/engine/rng.js';
import { sample } from '../src/advise/evaluate.js';
import { milestoneSpecs, milestoneTimes } from '../src/replay/milestones.js';
import { milestoneTrials } from '../src/replay/run.js';
import { runPairedTrials } from '../src/analysis/compare-trials.js';
import { fmtInt, table, type Row } from './rows.js';
import { median } from './timing.js';

const SCENARIO = '2025-10-20-dynamodb-dns';
const ROUNDS = 7;

/** CPU ms of the process (all threads) spent in `f`, and what it returned. */
function cpu<T>(f: () => T): { ms: number; value: T } {
  const c = process.cpuUsage();
  const value = f();
  const u = process.cpuUsage(c);
  return { ms: (u.user + u.system) / 1000, value };
}

/** Bytes of a list of typed arrays, to check that both ways gave the same numbers. */
const bytes = (xs: readonly Float64Array[]): Buffer => Buffer.concat(xs.map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength)));

interface Case {
  readonly work: string;
  /** Runs the case's work with or without a workspace; returns its numbers. */
  readonly run: (reuse: boolean) => Float64Array[];
  /** Engine runs in one go of the work. */
  readonly runs: number;
}

function cases(): Case[] {
  const { catalog } = loadCatalog('catalogs/aws-us-east-1');
  if (!catalog) throw new Error('the AWS catalog did not load');
  const scenario = catalog.scenarios.get(SCENARIO)!;
  const model = buildModel(prepare(catalog), { scenario });
  const specs = milestoneSpecs(model, scenario.observed ?? []);

  const probs = [fitProblem(catalog, scenario), fitProblem(catalog, scenario, false)] as const;
  const draws = Array.from({ length: 1000 }, (_, k) => {
    const v = new Float64Array(model.params.slots.length);
    model.params.sample(trialSeed(1, k), v);
    return v;
  });
  const loss = (reuse: boolean): Float64Array => {
    const prob = probs[reuse ? 0 : 1];
    return Float64Array.from(draws, (v) => lossOf(prob, milestoneTimes(prob.model, runProblem(prob, v), prob.specs), []));
  };

  const inSlices = (total: number, slice: number, f: (from: number, to: number) => Float64Array[]): Float64Array[] => {
    const out: Float64Array[] = [];
    for (let from = 0; from < total; from += slice) out.push(...f(from, Math.min(total, from + slice)));
    return out;
  };
  const models = [model, buildModel(prepare(catalog), { scenario })] as const;
  return [
    { work: `fit: the loss of ${specs.length} milestones at ${fmtInt(draws.length)} parameter draws (src/fit/problem.ts)`, runs: draws.length, run: (reuse) => [loss(reuse)] },
    { work: 'advise: 1,000 trials of one input (src/advise/evaluate.ts `sample`)', runs: 1000, run: (reuse) => { const s = sample(catalog, [{ scenario }], 1000, 1, undefined, reuse); return [...s.serviceHours, ...s.full, ...s.affected]; } },
    { work: `replay: 1,000 trials' times of ${specs.length} milestones, slices of 200 (src/replay/run.ts)`, runs: 1000, run: (reuse) => inSlices(1000, 200, (f, t) => [milestoneTrials(model, specs, 1, f, t, reuse)]) },
    { work: 'compare: 500 paired trials, the scenario against itself, chunks of 200 (src/analysis/compare-trials.ts)', runs: 1000, run: (reuse) => inSlices(500, 200, (f, t) => { const b = runPairedTrials(models, 1, f, t, reuse); return [...b.full, ...b.affected, ...b.hours]; }) },
  ];
}

export async function run(): Promise<string> {
  const loadStart = loadavg()[0]!;
  const rows: Row[] = [];
  for (const c of cases()) {
    const same = bytes(c.run(true)).equals(bytes(c.run(false))) && bytes(c.run(true)).equals(bytes(c.run(false))); // also the warm-up of both ways, twice
    if (!same) throw new Error(`${c.work}: different numbers with and without a workspace`);
    const ms: Record<'reused' | 'fresh', number[]> = { reused: [], fresh: [] };
    for (let r = 0; r < ROUNDS; r++) {
      ms.fresh.push(cpu(() => c.run(false)).ms);
      ms.reused.push(cpu(() => c.run(true)).ms);
    }
    const reused = median(ms.reused);
    const fresh = median(ms.fresh);
    const us = (x: number): string => `${((x / c.runs) * 1000).toFixed(0)} µs/run`;
    rows.push({ work: `${c.work}, with a workspace; same bytes`, measured: `CPU ${reused.toFixed(0)} ms (${us(reused)})`, reference: `without: CPU ${fresh.toFixed(0)} ms (${us(fresh)})`, ratio: reused / fresh });
  }
  return [
    '## Workspace reuse in fit, advise, replay and compare',
    '',
    `AWS catalog, scenario ${SCENARIO}; in this thread, CPU time of the process (all threads), medians of ${ROUNDS} alternated rounds; load average ${loadStart.toFixed(1)} at the start, ${loadavg()[0]!.toFixed(1)} at the end. Ratio: CPU with the workspace over CPU without.`,
    '',
    table(rows),
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) console.log(await run());
