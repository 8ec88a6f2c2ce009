/**
 * Where fit jobs run: an Executor takes a list of jobs and gives back their results in
 * the same order. The in-process one runs them one after the other (yielding between
 * jobs so a progress bar can paint); src/fit/pool.ts spreads them over worker threads.
 * Both give identical results: a job is a pure function of the problem.
 */
import { runJob, type FitJob, type JobResult } from './jobs.js';
import type { FitProblem } from './problem.js';

export interface Executor {
  run(jobs: readonly FitJob[], onDone?: (done: number) => void): Promise<JobResult[]>;
  close(): Promise<void>;
}

export function inProcessExecutor(prob: FitProblem, yieldBetween: () => Promise<void> = () => Promise.resolve()): Executor {
  return {
    async run(jobs, onDone) {
      const out: JobResult[] = [];
      for (const job of jobs) {
        out.push(runJob(prob, job));
        onDone?.(out.length);
        await yieldBetween();
      }
      return out;
    },
    close: () => Promise.resolve(),
  };
}
