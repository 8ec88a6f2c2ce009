/**
 * Heap allocation per Monte Carlo trial (issue 14): the garbage V8 collects on its background
 * threads, which keeps a second worker thread from doubling the rate. Measured with V8's
 * sampling heap profiler (through node:inspector), counting objects later collected too, over
 * trials run in this thread after a warm-up; with the main thread's GC pauses and the CPU of
 * V8's background threads (Linux per-thread schedstat) meanwhile.
 */
import { Session } from 'node:inspector/promises';
import { PerformanceObserver } from 'node:perf_hooks';
import { threadDelta, threadTimes } from './thread-cpu.js';

interface ProfileNode {
  readonly selfSize: number;
  readonly children: readonly ProfileNode[];
}

const total = (n: ProfileNode): number => n.children.reduce((s, c) => s + total(c), n.selfSize);

/** Bytes allocated per trial by `f(trials)`, sampled every 128 bytes on average. */
export async function bytesPerTrial(trials: number, f: (trials: number) => unknown): Promise<number> {
  const s = new Session();
  s.connect();
  try {
    await s.post('HeapProfiler.startSampling', { samplingInterval: 128, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
    f(trials);
    const { profile } = (await s.post('HeapProfiler.stopSampling')) as unknown as { profile: { head: ProfileNode } };
    return total(profile.head) / trials;
  } finally {
    s.disconnect();
  }
}

/** The main thread's GC pauses and the other threads' CPU (V8's background threads) during `f()`, in ms. */
export async function gcCost(f: () => unknown): Promise<{ pauses: number; background: number }> {
  let pauses = 0;
  const obs = new PerformanceObserver((l) => { for (const e of l.getEntries()) pauses += e.duration; });
  obs.observe({ entryTypes: ['gc'] });
  const before = threadTimes();
  f();
  await new Promise((r) => setTimeout(r, 50)); // the observer's entries and the collector's last work
  const d = threadDelta(before, threadTimes());
  obs.disconnect();
  let background = 0;
  for (const [tid, t] of d) if (tid !== process.pid) background += t.cpu;
  return { pauses, background };
}
