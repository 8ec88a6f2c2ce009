/**
 * `blast advise` benchmark: the AWS 2025-10-20 scenario with 1,000 paired Monte Carlo trials
 * per candidate (the 12 best of the screening run once at the medians), as
 * `blast advise catalogs/aws-us-east-1 --trials 1000` runs it: in this thread, and on two
 * worker threads. Target: under 60 s on 2 cores (issue 16). The reference, measured in the same
 * run, is 1,000 trials of the baseline alone (the engine's Monte Carlo): the ratio is about the
 * number of catalogs the advisor simulates. Wall time and CPU time (`process.cpuUsage()`, all
 * threads) are both given: on a shared machine the wall time includes waiting for a core.
 */
import { loadavg } from 'node:os';
import { loadCatalog } from '../src/catalog/load.js';
import { advise } from '../src/advise/advise.js';
import { workerSampler } from '../src/advise/pool.js';
import { buildModel, monteCarlo, prepareSimulation } from '../src/engine/index.js';
import { fmtInt, fmtMs, table, type Row } from './rows.js';

const TARGET_MS = 60_000;
const TRIALS = 1000;

const cpuMs = (since: NodeJS.CpuUsage): number => {
  const c = process.cpuUsage(since);
  return (c.user + c.system) / 1000;
};
const peakRssMiB = (): number => process.resourceUsage().maxRSS / 1024;

export async function run(): Promise<string> {
  const catalog = loadCatalog('catalogs/aws-us-east-1').catalog!;
  const sc = catalog.scenarios.get('2025-10-20-dynamodb-dns')!;
  const inputs = [{ label: sc.id, input: { scenario: sc } }];

  // the reference: the baseline's own Monte Carlo, 1,000 trials, in this thread
  const cpuRef = process.cpuUsage();
  const tRef = performance.now();
  monteCarlo(buildModel(prepareSimulation(catalog), { scenario: sc }), TRIALS, 1);
  const refWall = performance.now() - tRef;
  const refCpu = cpuMs(cpuRef);

  const rows: Row[] = [];
  let best = '';
  for (const threads of [1, 2]) {
    const pool = threads > 1 ? workerSampler(catalog, [inputs[0]!.input], 1, threads) : undefined;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    let runs = 0;
    const a = await advise(catalog, {
      inputs,
      trials: TRIALS,
      seed: 1,
      screen: 12,
      bundle: 0,
      runbookMinutes: 10,
      onProgress: (done) => {
        runs = done;
      },
      ...(pool ? { sampler: pool.sampler } : {}),
    });
    const wall = performance.now() - t0;
    await pool?.close();
    const cpu = cpuMs(cpu0);
    const trials = (a.ranked.length + 1) * a.trials;
    rows.push({
      work: `\`blast advise\` AWS 2025-10-20, ${a.generated} candidates screened at the medians, ${a.ranked.length} + baseline × ${fmtInt(TRIALS)} trials (${fmtInt(trials)} trials, ${runs} catalog simulations), ${threads} thread${threads > 1 ? 's' : ''}: wall (CPU, all threads)`,
      measured: `${fmtMs(wall)} (${fmtMs(cpu)})`,
      reference: `baseline Monte Carlo, ${fmtInt(TRIALS)} trials, 1 thread: ${fmtMs(refWall)} (${fmtMs(refCpu)})`,
      ratio: wall / refWall,
      target: '< 60 s wall',
      met: wall < TARGET_MS,
      rssMiB: peakRssMiB(),
    });
    best = `${a.ranked[0]?.candidate.title ?? 'none'} (${a.ranked[0]?.benefit.serviceHours.toFixed(1) ?? 0} service-hours saved)`;
  }
  const load = loadavg().map((x) => x.toFixed(1)).join(', ');
  return [
    '## blast advise (AWS us-east-1, 2025-10-20 scenario, 1,000 trials per candidate)',
    '',
    table(rows),
    '',
    `Load average during the run: ${load}. Best change: ${best}.`,
  ].join('\n');
}
