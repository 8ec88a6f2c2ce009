/** Timing helpers shared by the benchmarks: median of repeated runs after a warm-up. */

export const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Median wall time in ms of `reps` runs of `fn`, after one warm-up run. */
export function time(fn: () => void, reps: number): number {
  fn();
  const ts: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    fn();
    ts.push(performance.now() - t0);
  }
  return median(ts);
}

/**
 * What one timed run of the engine does, by mode: `read` reads the result's curves and unserved
 * minutes (as `blast simulate` does), `uns` only the unserved minutes (`blast rank --hours`,
 * `blast advise`), `rec` records curves and reads nothing, `none` runs without curves (as Monte
 * Carlo does). `run` is passed in so that an engine loaded from another tree can be timed.
 */
export type EngineMode = 'read' | 'rec' | 'uns' | 'none';
export function engineRunner<M>(run: (model: M, v: Float64Array, options?: { curves?: boolean }) => { readonly curves: { readonly length: number }; readonly unserved: Float64Array }, model: M, v: Float64Array, mode: EngineMode): () => void {
  return mode === 'read' ? () => { const o = run(model, v); void o.curves.length; void o.unserved[0]; }
    : mode === 'uns' ? () => { void run(model, v).unserved[0]; }
    : mode === 'rec' ? () => { run(model, v); }
    : () => { run(model, v, { curves: false }); };
}

/**
 * Least CPU ms per call of `f` over many measurements, after a warm-up: a run of about a
 * millisecond is measured five calls at a time; `big` (tens of ms) one call at a time.
 */
export function leastCpuMs(f: () => void, big: boolean, reps = big ? 30 : 150): number {
  const batch = big ? 1 : 5;
  for (let k = 0; k < (big ? 10 : 300); k++) f();
  let best = Infinity;
  for (let k = 0; k < reps; k++) {
    const c0 = process.cpuUsage();
    for (let j = 0; j < batch; j++) f();
    const c = process.cpuUsage(c0);
    best = Math.min(best, (c.user + c.system) / 1000 / batch);
  }
  return best;
}
