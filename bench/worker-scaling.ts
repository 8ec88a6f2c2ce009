/**
 * Monte Carlo's worker threads measured thread by thread (for bench/montecarlo.ts), so that the
 * scaling of 2 workers over one can be stated apart from what the neighbours on a shared
 * machine take: each worker's CPU time and its wait for a core (bench/thread-cpu.ts), its busy
 * fraction (event-loop utilization: running or waiting for a core, rather than waiting for a
 * job) and its trials; the CPU time of V8's background threads (garbage collection, optimising
 * compilation) and of the main thread while the workers ran. From these, two figures the load
 * moves little:
 *
 * - trials per CPU-second of each of 2 workers against one worker alone (1.0: a worker does
 *   the same work per trial whether or not another runs beside it);
 * - the scaling an idle 2-core machine would show, from the CPU times: with each thread on a
 *   core of its own while there are cores, a run takes at least its busiest thread's CPU time
 *   and at least all its threads' CPU time over 2 (V8's background threads and the main thread
 *   included: with 2 workers they take their time from a worker's core, with one they have
 *   the second core to themselves).
 */
import { performance } from 'node:perf_hooks';
import type { WorkerUsage } from '../src/engine/worker-pool.js';
import { fmtInt, type Row } from './rows.js';
import { newThreads, sumTimes, threadDelta, threadTimes, type ThreadTimes } from './thread-cpu.js';
import { median } from './timing.js';

/** One steady-state run of a pool. */
export interface Steady {
  readonly wall: number;
  /** CPU ms of the process, every thread. */
  readonly cpu: number;
  /** Per worker (empty when its threads could not be told apart): CPU and wait ms, busy fraction, trials. */
  readonly workers: ReadonlyArray<ThreadTimes & { readonly busy: number; readonly trials: number }>;
  readonly main: ThreadTimes;
  readonly background: ThreadTimes;
}

/**
 * Runs `work` (a pool's run, warmed up) and measures it by thread. `before` is the threads'
 * reading from before the pool was started: the threads new since then are its workers, in
 * the order they were started (each `new Worker` starts its thread at once), which is the
 * order of `usage()`.
 */
export async function steadyRun(work: () => Promise<unknown>, usage: () => WorkerUsage[], before: Map<number, ThreadTimes>, threads: number): Promise<Steady> {
  const t0 = threadTimes();
  const tids = newThreads(before, t0);
  const u0 = usage();
  const c0 = process.cpuUsage();
  const w0 = performance.now();
  await work();
  const wall = performance.now() - w0;
  const c = process.cpuUsage(c0);
  const u1 = usage();
  const d = threadDelta(t0, threadTimes());
  const known = tids.length === threads && u1.length === threads;
  const workers = known ? tids.map((tid, k) => ({ ...d.get(tid)!, busy: performance.eventLoopUtilization(u1[k]!.elu, u0[k]!.elu).utilization, trials: u1[k]!.done - u0[k]!.done })) : [];
  const main = d.get(process.pid) ?? { cpu: NaN, wait: NaN };
  const background = sumTimes(d, [...d.keys()].filter((t) => t !== process.pid && !tids.includes(t)));
  return { wall, cpu: (c.user + c.system) / 1000, workers, main, background };
}

/** A lower bound of the run's wall time with a core per thread on 2 cores: the busiest thread, or all CPU over 2. */
const idleWall = (s: Steady): number => Math.max(...s.workers.map((w) => w.cpu), (s.workers.reduce((x, w) => x + w.cpu, 0) + s.main.cpu + s.background.cpu) / 2);

const sec = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const pct = (x: number): string => `${(x * 100).toFixed(0)}%`;

/** One run's threads in words. */
function describe(s: Steady): string {
  const w = s.workers;
  const list = (f: (x: Steady['workers'][number]) => string): string => w.map(f).join(' + ');
  return `worker${w.length > 1 ? 's' : ''}: CPU ${list((x) => sec(x.cpu))} (${list((x) => `${((x.cpu / x.trials) * 1000).toFixed(0)}`)} µs/trial over ${list((x) => fmtInt(x.trials))} trials), waited ${list((x) => sec(x.wait))} for a core, busy ${list((x) => pct(x.busy))}; main thread CPU ${s.main.cpu.toFixed(0)} ms; V8 background threads CPU ${s.background.cpu.toFixed(0)} ms`;
}

/**
 * Rows for rounds of 1 and of 2 workers (round r of each ran one after the other): the median
 * round's threads, the per-CPU-second ratio and the idle-machine estimate (medians over the rounds).
 */
export function threadRows(ones: readonly Steady[], twos: readonly Steady[], trials: number): Row[] {
  if (ones.some((s) => s.workers.length !== 1) || twos.some((s) => s.workers.length !== 2)) {
    return [{ work: 'thread by thread', measured: 'not measured: the worker threads could not be told apart (Linux /proc needed)', reference: '' }];
  }
  const byWall = (xs: readonly Steady[]): Steady => [...xs].sort((a, b) => a.wall - b.wall)[Math.floor(xs.length / 2)]!;
  const perCpu = (w: Steady['workers'][number]): number => w.trials / w.cpu;
  const efficiency = median(twos.map((two, r) => Math.min(...two.workers.map(perCpu)) / perCpu(ones[r]!.workers[0]!)));
  const estimate = median(twos.map((two, r) => idleWall(ones[r]!) / idleWall(two)));
  const est1 = median(ones.map(idleWall));
  const est2 = median(twos.map(idleWall));
  return [
    { work: `the 1-worker runs thread by thread (median round by wall time; Linux schedstat per thread, event-loop utilization per worker)`, measured: describe(byWall(ones)), reference: '(the reference below)' },
    {
      work: 'the 2-worker runs thread by thread; ratio: trials per CPU-second of each worker (the lower of the two) against one worker alone (median over rounds)',
      measured: describe(byWall(twos)),
      reference: `1 worker: ${fmtInt(perCpu(byWall(ones).workers[0]!) * 1000)} trials per CPU-second`,
      ratio: efficiency,
    },
    {
      work: `${fmtInt(trials)} trials, scaling on an idle 2-core machine estimated from the CPU times above: a run takes at least its busiest thread's CPU and at least all its CPU (background and main threads too) over 2 cores; median over rounds`,
      measured: `2 workers: ${sec(est2)}`,
      reference: `1 worker: ${sec(est1)}`,
      ratio: estimate,
      target: '≥ 1.7× (estimate)',
      met: estimate >= 1.7,
    },
  ];
}
