/**
 * The explorer's `f` at 20,000 services: how long the main thread stops answering keys while a
 * failure is simulated and shown. The App renders into an in-memory terminal
 * (ink-testing-library) in this process; `f` then Enter fails the top-ranked service of the
 * power-law catalog of bench/power-law.ts (20k services / 100k dependencies, redundancy groups,
 * every service affected). From Enter to the frame with the timeline, a 1 ms timer watches the
 * event loop: the figure is the most CPU time the main thread spent in one stall of it (from
 * /proc schedstat), the longest it ran without answering a key; on a shared machine a stall's
 * wall time also holds the time the thread waited for a core. The wall-time view,
 * `perf_hooks.monitorEventLoopDelay`'s longest delay, is the second row.
 *
 * Reference, in the same run: the simulation in the main thread (`inThreadSimulator`, what the
 * explorer did before the worker: the engine runs between two frames). Measured: the
 * simulation on the explorer's worker thread (`workerSimulator`: the worker loads the catalog's
 * files itself, and the result comes back in parts read one per turn of the event loop). Each
 * after one simulation of another service (the engine prepared and compiled in both threads);
 * the median of RUNS.
 *
 * `npx tsx bench/explorer-sim.ts` (or `npm run bench -- explorer-sim`).
 */
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { powerLaw, toYaml } from './power-law.js';
import { median } from './timing.js';
import { fmtMs, table, type Row } from './rows.js';
import type { Simulator } from '../src/tui/simulator.js';

const RUNS = 3;
const COLS = 100;
const ROWS = 40;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Measured {
  /** Longest event-loop delay from Enter to the timeline frame (ms). */
  readonly longest: number;
  /** Its 99th percentile (ms). */
  readonly p99: number;
  /** Enter to the timeline frame (ms). */
  readonly wall: number;
  /** The pane's text, to check that both draw the same. */
  readonly frame: string;
  /** The most CPU time (ms) the main thread ran without yielding: in all, before the result was in (the simulation and reading its parts) and after it (the reducer and the first timeline frame). */
  readonly ran: { readonly all: number; readonly before: number; readonly after: number };
}

/** The main thread's time on a core so far (ms), from /proc (its schedstat); NaN where there is none. */
function mainThreadCpu(): number {
  try {
    return Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return Number.NaN;
  }
}

/** One stall of the event loop: when it ended, how long it was, and how much of it the main thread ran (the rest it waited for a core). */
interface Gap {
  readonly end: number;
  readonly ms: number;
  readonly cpu: number;
}

/**
 * Stalls of the event loop, as the gaps between turns of a 1 ms timer, each with the time it
 * ended (which part of the work it belongs to) and the main thread's CPU time in it: on a
 * shared machine a gap is also the time the thread waited for a core, its CPU time only the
 * time it ran without yielding.
 */
function stallWatch(): { stop(): Gap[] } {
  const gaps: Gap[] = [];
  let last = performance.now();
  let lastCpu = mainThreadCpu();
  let timer: NodeJS.Timeout | null = null;
  const tick = (): void => {
    const now = performance.now();
    const cpu = mainThreadCpu();
    gaps.push({ end: now, ms: now - last, cpu: cpu - lastCpu });
    last = now;
    lastCpu = cpu;
    timer = setTimeout(tick, 1);
  };
  timer = setTimeout(tick, 1);
  return { stop: () => (clearTimeout(timer!), gaps) };
}

/** `simulator`, noting when each result is in (before the reducer sees it). */
function noting(simulator: Simulator, resultIn: (t: number) => void): Simulator {
  return {
    ...simulator,
    simulate(data, request) {
      const run = simulator.simulate(data, request);
      return { result: run.result.then((r) => (resultIn(performance.now()), r)), cancel: () => run.cancel() };
    },
  };
}

export async function run(): Promise<string> {
  process.env.NODE_ENV ??= 'production';
  const load0 = loadavg()[0]!;
  const dir = mkdtempSync(join(tmpdir(), 'blast-bench-explorer-sim-'));
  try {
    const file = join(dir, 'power-law-20000.yaml');
    writeFileSync(file, toYaml(powerLaw(20_000, 100_000, { groups: 0.09 })));
    // a catalog at rest, as one is when explored: the worker reads files unchanged for a while (src/tui/catalog-source.ts)
    const past = new Date(Date.now() - 3_600_000);
    utimesSync(file, past, past);
    const React = await import('react');
    const { render } = await import('ink-testing-library');
    const { App } = await import('../src/tui/components/App.js');
    const { loadCatalog } = await import('../src/catalog/load.js');
    const { buildExplorerData } = await import('../src/tui/state/data.js');
    const { inThreadSimulator, workerSimulator } = await import('../src/tui/simulator.js');
    const { explorerWorker } = await import('../src/tui/explorer-thread.js');

    const loadStartedMs = Date.now();
    const data = buildExplorerData(loadCatalog(file).catalog!, file);
    const top = data.rows[data.ranked[0]!]!.rawId;

    /** `f`, Enter on the top-ranked service (after `f` on the second, to warm up), in a fresh App. */
    const measure = async (plain: Simulator): Promise<Measured> => {
      let resultAt = Number.NaN;
      const simulator = noting(plain, (t) => (resultAt = t));
      const inst = render(React.createElement(App, { data, color: false, size: { cols: COLS, rows: ROWS }, tickMs: 3_600_000, simulator }));
      const waitFor = async (pred: (f: string) => boolean): Promise<string> => {
        for (const end = Date.now() + 300_000; Date.now() < end; await sleep(2)) {
          const f = inst.lastFrame() ?? '';
          if (pred(f)) return f;
        }
        throw new Error(`no such frame; last:\n${inst.lastFrame()}`);
      };
      const fail = async (): Promise<Measured> => {
        inst.stdin.write('f');
        await waitFor((f) => f.includes('for how long?'));
        await sleep(50);
        const h = monitorEventLoopDelay({ resolution: 1 });
        h.enable();
        const watch = stallWatch();
        const t0 = performance.now();
        inst.stdin.write('\r');
        const frame = await waitFor((f) => f.includes('Timeline') && !f.includes('simulating…'));
        const wall = performance.now() - t0;
        h.disable();
        const gaps = watch.stop();
        const most = (xs: Gap[]): number => Math.max(0, ...xs.map((g) => g.cpu));
        // a gap ending after the result was in ran the reducer and the frame (and the last part read, or, in this thread, the whole simulation)
        const ran = { all: most(gaps), before: most(gaps.filter((g) => g.end < resultAt)), after: most(gaps.filter((g) => g.end >= resultAt)) };
        return { longest: h.max / 1e6, p99: h.percentile(99) / 1e6, wall, frame, ran };
      };
      try {
        await waitFor((f) => f.includes('blast explore'));
        await sleep(50);
        // warm-up: the second-ranked service (the top one is then the selection's first row again)
        inst.stdin.write('\u001b[B');
        await sleep(50);
        await fail();
        inst.stdin.write('x');
        await sleep(50);
        inst.stdin.write('g');
        await waitFor((f) => new RegExp(`▸ ${top} `).test(f));
        await sleep(50);
        return await fail();
      } finally {
        inst.unmount();
      }
    };

    const before: Measured[] = [];
    const after: Measured[] = [];
    const worker = explorerWorker(data.catalog, { path: file, loadStartedMs });
    try {
      if ((await worker.source()) !== 'files') throw new Error('the worker did not load the catalog from its file');
      const onWorker = workerSimulator(worker);
      for (let k = 0; k < RUNS; k++) {
        // alternating, so that the machine's load weighs on both alike
        before.push(await measure(inThreadSimulator()));
        after.push(await measure(onWorker));
      }
    } finally {
      worker.close();
    }
    if (after.some((m) => m.frame !== before[0]!.frame)) throw new Error('the worker\'s timeline frame differs from this thread\'s');
    const med = (xs: readonly Measured[], f: (m: Measured) => number): number => median(xs.map(f));
    const [b, a] = [med(before, (m) => m.ran.all), med(after, (m) => m.ran.all)];
    const [bw, aw] = [med(before, (m) => m.longest), med(after, (m) => m.longest)];
    const rows: Row[] = [
      {
        work: `\`f\` Enter at 20k services / 100k deps (the top-ranked service fails, every service affected), simulation on the explorer's worker thread: the longest the main thread ran without yielding, from Enter to the timeline frame (its CPU time in one stall of the event loop, from /proc schedstat; median of ${RUNS}): ${fmtMs(med(after, (m) => m.ran.before))} while the worker simulated and its parts were read, ${fmtMs(med(after, (m) => m.ran.after))} once the result was in (the reducer and the first timeline frame, the same work as before)`,
        measured: fmtMs(a),
        reference: `the simulation in the main thread (before): ${fmtMs(b)}`,
        ratio: a / b,
        target: '< 50 ms',
        met: a < 50,
      },
      {
        work: `… the same, as wall time: the longest event-loop delay (monitorEventLoopDelay; includes waiting for a core on a busy machine; p99 ${fmtMs(med(after, (m) => m.p99))}); Enter to the timeline frame ${fmtMs(med(after, (m) => m.wall))} (before: ${fmtMs(med(before, (m) => m.wall))})`,
        measured: fmtMs(aw),
        reference: `the simulation in the main thread (before): ${fmtMs(bw)}`,
        ratio: aw / bw,
      },
    ];
    return ['## Explorer: simulating without blocking', '', `In-memory terminal ${COLS}x${ROWS}, React production build, the sources through tsx; load average ${load0.toFixed(1)} at the start and ${loadavg()[0]!.toFixed(1)} at the end. Both timeline frames are the same text.`, '', table(rows)].join('\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) console.log(await run());
