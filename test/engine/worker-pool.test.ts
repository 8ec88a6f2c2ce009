/**
 * The shared worker pool (src/engine/worker-pool.ts) with this thread taking part
 * (PoolOptions.local): results in job order whoever ran each job, every job run once, the
 * work of each worker counted, a failure in this thread's share rejecting the run, and a pool
 * of no workers at all running everything here.
 */
import { describe, expect, it } from 'vitest';
import { workerPool } from '../../src/engine/worker-pool.js';

const url = new URL('../fixtures/engine/square-worker.ts', import.meta.url);
const jobs = Array.from({ length: 100 }, (_, k) => k);
const squares = jobs.map((k) => k * k);

describe('a pool whose jobs this thread shares', () => {
  it('gives the results in job order; the jobs run here and the workers\' add up to all of them', async () => {
    const here: number[] = [];
    const pool = workerPool<number, number>(url, null, 1, 'test', { depth: 2, size: (j) => j, local: (j) => (here.push(j), j * j) });
    try {
      const progress: number[] = [];
      expect(await pool.run(jobs, (d) => void progress.push(d))).toEqual(squares);
      expect(progress).toEqual(jobs.map((k) => k + 1));
      // the worker's first two jobs are sent before this thread takes any, so both ran some
      expect(here.length).toBeGreaterThan(0);
      expect(here.length).toBeLessThan(100);
      // size(j) = j: the worker's count is the sum of the jobs it ran, the rest of 0 + … + 99 = 4950
      expect(pool.usage()[0]!.done + here.reduce((s, j) => s + j, 0)).toBe(4950);
      // a second run on the same pool
      expect(await pool.run([3, 4])).toEqual([9, 16]);
    } finally {
      await pool.close();
    }
  }, 30_000);

  it('a job failing in this thread rejects the run', async () => {
    const pool = workerPool<number, number>(url, null, 1, 'test', {
      local: (j) => {
        throw new Error(`job ${j} failed here`);
      },
    });
    try {
      await expect(pool.run(jobs)).rejects.toThrow(/failed here/);
    } finally {
      await pool.close();
    }
  }, 30_000);

  it('with no worker, `each` answers at once and this thread runs every job', async () => {
    const pool = workerPool<number, number>(url, null, 0, 'test', { local: (j) => j * j });
    try {
      expect(await pool.each(1)).toEqual([]);
      expect(await pool.run(jobs)).toEqual(squares);
      expect(pool.usage()).toEqual([]);
    } finally {
      await pool.close();
    }
  });
});
