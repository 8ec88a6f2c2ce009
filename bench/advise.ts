/**
 * `blast advise` benchmark: the AWS 2025-10-20 scenario with 1,000 paired Monte Carlo trials
 * per candidate (the 12 best of the screening run once at the medians), as
 * `blast advise catalogs/aws-us-east-1 --trials 1000` runs it: in this thread, and on two
 * worker threads. Target: under 60 s on 2 cores (issue 16). Wall time and CPU time are both
 * reported: on a shared machine the wall time includes waiting for a core.
 */
import { loadCatalog } from '../src/catalog/load.js';
import { advise } from '../src/advise/advise.js';
import { workerSampler } from '../src/advise/pool.js';

export async function run(): Promise<string> {
  const catalog = loadCatalog('catalogs/aws-us-east-1').catalog!;
  const sc = catalog.scenarios.get('2025-10-20-dynamodb-dns')!;
  const inputs = [{ label: sc.id, input: { scenario: sc } }];
  const rows: string[] = [];
  let best = '';
  for (const threads of [1, 2]) {
    const pool = threads > 1 ? workerSampler(catalog, [inputs[0]!.input], 1, threads) : undefined;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    let runs = 0;
    const a = await advise(catalog, {
      inputs,
      trials: 1000,
      seed: 1,
      screen: 12,
      bundle: 0,
      runbookMinutes: 10,
      onProgress: (done) => {
        runs = done;
      },
      ...(pool ? { sampler: pool.sampler } : {}),
    });
    const wall = (performance.now() - t0) / 1000;
    await pool?.close();
    const cpu = process.cpuUsage(cpu0);
    const cpuS = (cpu.user + cpu.system) / 1e6;
    const trials = (a.ranked.length + 1) * a.trials;
    rows.push(`| ${threads} | ${a.generated} | ${a.ranked.length} | ${trials.toLocaleString('en-US')} | ${runs} | ${wall.toFixed(1)} s | ${cpuS.toFixed(1)} s |`);
    best = `${a.ranked[0]?.candidate.title ?? 'none'} (${a.ranked[0]?.benefit.serviceHours.toFixed(1) ?? 0} service-hours saved)`;
  }
  return [
    '## blast advise (AWS us-east-1, 2025-10-20 scenario, 1,000 trials per candidate)',
    '',
    '| threads | candidates (all screened at medians) | with 1,000 trials | trials | catalog simulations | wall | CPU (all threads) |',
    '|---:|---:|---:|---:|---:|---:|---:|',
    ...rows,
    '',
    `Target: under 60 s on 2 cores. Best change: ${best}.`,
  ].join('\n');
}
