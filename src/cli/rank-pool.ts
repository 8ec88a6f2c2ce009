/**
 * Shell: `blast rank --for` on worker threads (src/engine/worker-pool.ts). The failures are
 * handed out in chunks of consecutive services as workers become free (the expensive ones,
 * platform services near the top of a catalog, spread over the threads), and every figure
 * depends only on its own service, so the result is the same for any number of threads.
 */
import type { Catalog } from '../catalog/model.js';
import { ServiceHours, type ServiceHoursStats, type SweepCounts } from '../analysis/rank-hours.js';
import { workerPool } from '../engine/worker-pool.js';

/** Services per job: small enough to balance, large enough that messages cost nothing. */
const CHUNK = 64;
/** Below this many failures one thread is quicker than starting workers. */
const MIN_FOR_WORKERS = 2_000;
/**
 * Below this many replays, too: the failures in closed form cost next to nothing, while each
 * worker copies the catalog and builds its own plan (at 100k / 1M, seconds of CPU time each).
 */
const MIN_REPLAYS_FOR_WORKERS = 500;

/** Service-hours of catalog indices from .. to-1 (see src/analysis/rank-hours.ts), on `threads` threads. */
export async function serviceHoursOnThreads(
  catalog: Catalog,
  forMinutes: number,
  range: { from: number; to: number },
  threads: number,
  counts?: SweepCounts,
  onProgress?: (done: number) => void,
): Promise<{ hours: Float64Array; stats: ServiceHoursStats }> {
  const { from, to } = range;
  if (threads <= 1 || to - from < MIN_FOR_WORKERS) return new ServiceHours(catalog, forMinutes, counts).range(from, to, (done) => onProgress?.(done));
  const session = new ServiceHours(catalog, forMinutes, counts);
  if (session.replays(from, to) < MIN_REPLAYS_FOR_WORKERS) return session.range(from, to, (done) => onProgress?.(done));
  const jobs: Array<{ from: number; to: number }> = [];
  for (let f = from; f < to; f += CHUNK) jobs.push({ from: f, to: Math.min(to, f + CHUNK) });
  const url = new URL(import.meta.url.endsWith('.ts') ? './rank-worker.ts' : './rank-worker.js', import.meta.url);
  const pool = workerPool<{ from: number; to: number }, { hours: Float64Array; stats: ServiceHoursStats }>(url, { catalog, forMinutes, counts }, threads, 'rank');
  try {
    const parts = await pool.run(jobs, (done) => onProgress?.(Math.min(to - from, done * CHUNK)));
    const hours = new Float64Array(to - from);
    const stats = { closed: 0, proven: 0, checked: 0, plain: 0, engine: 0 };
    parts.forEach((p, k) => {
      hours.set(p.hours, jobs[k]!.from - from);
      for (const key of ['closed', 'proven', 'checked', 'plain', 'engine'] as const) stats[key] += p.stats[key];
    });
    return { hours, stats };
  } finally {
    await pool.close();
  }
}
