/**
 * Per-thread CPU time of this process, from Linux's `/proc/self/task/<tid>/schedstat`: for each
 * thread, the nanoseconds it ran on a core and the nanoseconds it waited, runnable, for a core
 * that another thread (of this process or of anyone else) held. On a shared machine the first
 * is what the work cost and the second what the neighbours cost it, so a benchmark can report
 * both instead of a wall time that mixes them. Node 20 has no per-thread CPU clock of its own
 * (`process.cpuUsage()` sums every thread). Empty where /proc is missing.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** One thread's clocks, in ms. */
export interface ThreadTimes {
  /** Time on a core. */
  readonly cpu: number;
  /** Time runnable but waiting for a core (the run queue). */
  readonly wait: number;
}

/** Every thread of this process now, by thread id. */
export function threadTimes(): Map<number, ThreadTimes> {
  const out = new Map<number, ThreadTimes>();
  let tids: string[];
  try {
    tids = readdirSync('/proc/self/task');
  } catch {
    return out;
  }
  for (const tid of tids) {
    try {
      const [cpu, wait] = readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8').trim().split(/\s+/).map(Number);
      if (Number.isFinite(cpu) && Number.isFinite(wait)) out.set(Number(tid), { cpu: cpu! / 1e6, wait: wait! / 1e6 });
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return out;
}

/** What each thread of `after` spent since `before` (a thread new since then counts from zero). */
export function threadDelta(before: Map<number, ThreadTimes>, after: Map<number, ThreadTimes>): Map<number, ThreadTimes> {
  const out = new Map<number, ThreadTimes>();
  for (const [tid, a] of after) {
    const b = before.get(tid) ?? { cpu: 0, wait: 0 };
    out.set(tid, { cpu: a.cpu - b.cpu, wait: a.wait - b.wait });
  }
  return out;
}

/** The ids of threads in `after` that were not in `before` (e.g. the threads of workers started in between). */
export const newThreads = (before: Map<number, ThreadTimes>, after: Map<number, ThreadTimes>): number[] => [...after.keys()].filter((t) => !before.has(t)).sort((a, b) => a - b);

/** The sum of `times` over `tids`. */
export function sumTimes(times: Map<number, ThreadTimes>, tids: Iterable<number>): ThreadTimes {
  let cpu = 0;
  let wait = 0;
  for (const t of tids) {
    const x = times.get(t);
    if (x) {
      cpu += x.cpu;
      wait += x.wait;
    }
  }
  return { cpu, wait };
}
