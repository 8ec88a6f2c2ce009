/**
 * The explorer's `f` at 20,000 services: how long the main thread stops answering keys while a
 * failure is simulated and shown. The App renders into an in-memory terminal
 * (ink-testing-library) in this process; `f` then Enter fails the top-ranked service of the
 * power-law catalog of bench/power-law.ts (20k services / 100k dependencies, redundancy groups,
 * every service affected), and `perf_hooks.monitorEventLoopDelay` records the event loop's
 * delays from Enter to the frame with the timeline. The figure is the longest delay: the
 * longest the explorer could leave a key unanswered.
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
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { powerLaw, toYaml } from './power-law.js';
import { median } from './timing.js';
import { fmtMs, table, type Row } from './rows.js';

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
    type Simulator = import('../src/tui/simulator.js').Simulator;

    const loadStartedMs = Date.now();
    const data = buildExplorerData(loadCatalog(file).catalog!, file);
    const top = data.rows[data.ranked[0]!]!.rawId;

    /** `f`, Enter on the top-ranked service (after `f` on the second, to warm up), in a fresh App. */
    const measure = async (simulator: Simulator): Promise<Measured> => {
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
        const t0 = performance.now();
        inst.stdin.write('\r');
        const frame = await waitFor((f) => f.includes('Timeline') && !f.includes('simulating…'));
        const wall = performance.now() - t0;
        h.disable();
        return { longest: h.max / 1e6, p99: h.percentile(99) / 1e6, wall, frame };
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
    const [b, a] = [median(before.map((m) => m.longest)), median(after.map((m) => m.longest))];
    const rows: Row[] = [
      {
        work: `\`f\` Enter at 20k services / 100k deps (the top-ranked service fails, every service affected): longest event-loop delay from Enter to the timeline frame (monitorEventLoopDelay; median of ${RUNS}; p99 ${fmtMs(median(after.map((m) => m.p99)))}; Enter to timeline ${fmtMs(median(after.map((m) => m.wall)))}), simulation on the worker thread`,
        measured: fmtMs(a),
        reference: `simulation in the main thread (before): ${fmtMs(b)} (p99 ${fmtMs(median(before.map((m) => m.p99)))}; Enter to timeline ${fmtMs(median(before.map((m) => m.wall)))})`,
        ratio: a / b,
        target: '< 50 ms',
        met: a < 50,
      },
    ];
    return ['## Explorer: simulating without blocking', '', `In-memory terminal ${COLS}x${ROWS}, React production build, the sources through tsx; load average ${load0.toFixed(1)} at the start and ${loadavg()[0]!.toFixed(1)} at the end. Both timeline frames are the same text.`, '', table(rows)].join('\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) console.log(await run());
