/**
 * Monte Carlo on worker threads: the schedule of chunks covers every trial once, and the
 * trials and the summary are the same bytes for any number of threads, with this thread
 * taking part (the default) or not.
 */
import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.js';
import { buildModel, prepareSimulation } from '../../src/engine/index.js';
import { runTrials, summarize } from '../../src/engine/monte-carlo.js';
import { monteCarloParallel, poolRunner, threadsFor, trialJobs } from '../../src/engine/parallel.js';
import { BATCH_ARRAYS } from '../../src/engine/trial-batch.js';

const { catalog } = loadCatalog('catalogs/aws-us-east-1');
const input = { scenario: catalog!.scenarios.get('2025-10-20-dynamodb-dns')! };
const aws = buildModel(prepareSimulation(catalog!), input);

describe('chunks', () => {
  it('a quarter of what is left per thread, at least 50, at most 1000, the last ones small', () => {
    // 500 trials on 2 threads: ⌈500/8⌉ = 63, ⌈437/8⌉ = 55, then ⌈382/8⌉ = 48 → 50 (and so on
    // down to 82 → 50), and the 32 left over
    expect(trialJobs(1, 0, 500, 2).map((j) => j.to - j.from)).toEqual([63, 55, 50, 50, 50, 50, 50, 50, 50, 32]);
    // 20,000 on 2: ⌈20000/8⌉ = 2500 → capped at 1000
    expect(trialJobs(1, 0, 20_000, 2)[0]).toEqual({ seed: 1, from: 0, to: 1000 });
    expect(trialJobs(1, 5, 5, 2)).toEqual([]);
  });

  it('jobs are contiguous and cover [from, to) once', () => {
    for (const [from, to, threads] of [[0, 20_000, 2], [123, 4567, 3], [10, 11, 8]] as const) {
      const jobs = trialJobs(7, from, to, threads);
      expect(jobs[0]!.from).toBe(from);
      expect(jobs[jobs.length - 1]!.to).toBe(to);
      for (let k = 1; k < jobs.length; k++) expect(jobs[k]!.from).toBe(jobs[k - 1]!.to);
    }
  });

  it('threads: as asked, but at least one chunk of 50 trials each; by default one per core and 2,000 trials each', () => {
    expect(threadsFor(120, 4)).toBe(2); // ⌊120 / 50⌋
    expect(threadsFor(30, 4)).toBe(1);
    expect(threadsFor(100_000, 4)).toBe(4);
    expect(threadsFor(3999)).toBe(1);
    expect(threadsFor(4000)).toBe(Math.min(availableParallelism(), 2));
    expect(threadsFor(1_000_000)).toBe(availableParallelism());
  });
});

describe('worker threads', () => {
  it('2 threads (this one and a worker) give the same trials, bit for bit, as this thread alone, and the same summary bytes', async () => {
    const from = 100;
    const to = 1400;
    const local = runTrials(aws, 5, from, to);
    const runner = poolRunner(catalog!, input, 2);
    let last = 0;
    const progress: number[] = [];
    try {
      await runner.ready();
      const batches = await runner.run(5, from, to, (d) => { progress.push(d); last = d; });
      // in trial order, contiguous
      expect(batches[0]!.from).toBe(from);
      for (let k = 1; k < batches.length; k++) expect(batches[k]!.from).toBe(batches[k - 1]!.to);
      const bytes = (k: 'full' | 'affected' | 'recovered' | 'samples' | 'actionAt'): Buffer => Buffer.concat(batches.map((b) => Buffer.from(b[k].buffer, b[k].byteOffset, b[k].byteLength)));
      for (const k of ['full', 'affected', 'recovered', 'samples', 'actionAt'] as const) expect(bytes(k).equals(Buffer.from(local[k].buffer)), k).toBe(true);
      expect(JSON.stringify(summarize(aws, 5, batches))).toBe(JSON.stringify(summarize(aws, 5, [local])));
      expect(last).toBe(to - from);
      expect(progress).toEqual([...progress].sort((a, b) => a - b));
    } finally {
      await runner.close();
    }
  });

  it.each([
    ['2 workers, this thread idle', 2, false],
    ['this thread and 2 workers', 3, true],
  ] as const)('%s: the same trials, bit for bit, as this thread alone; every trial run once', async (_, threads, thisThread) => {
    const local = runTrials(aws, 6, 0, 900);
    const runner = poolRunner(catalog!, input, threads, {}, { thisThread });
    try {
      await runner.ready();
      const batches = await runner.run(6, 0, 900);
      for (const k of BATCH_ARRAYS) {
        const joined = Buffer.concat(batches.map((b) => Buffer.from(b[k].buffer, b[k].byteOffset, b[k].byteLength)));
        expect(joined.equals(Buffer.from(local[k].buffer)), k).toBe(true);
      }
      // the workers' share, counted by the pool: with this thread taking part, the rest is its own
      const usage = runner.usage();
      expect(usage.length).toBe(thisThread ? threads - 1 : threads);
      const byWorkers = usage.reduce((s, u) => s + u.done, 0);
      if (thisThread) expect(byWorkers).toBeLessThan(900);
      else expect(byWorkers).toBe(900);
    } finally {
      await runner.close();
    }
  }, 60_000);

  it('monteCarloParallel: 1, 2 and 3 threads give the same bytes', async () => {
    const results = [];
    for (const threads of [1, 2, 3]) results.push(JSON.stringify(await monteCarloParallel(catalog!, input, { trials: 1300, seed: 8, threads })));
    expect(results[1]).toBe(results[0]);
    expect(results[2]).toBe(results[0]);
  });
});
