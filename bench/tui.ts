/**
 * Terminal explorer benchmark: key-to-frame latency. The real App is rendered by ink (the
 * options `blast explore` uses) into an in-memory terminal of 120x40; each key is written
 * to its stdin and timed until ink writes the next frame to its stdout. Measured on the
 * example shop (19 services, the baseline) and on a synthetic catalog of 20,000 services,
 * so the ratio shows what catalog size costs per key. Target: under 50 ms at 20,000.
 *
 * Run alone with `npx tsx bench/tui.ts`, or with the others through `npm run bench`.
 */
import { EventEmitter } from 'node:events';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadCatalog } from '../src/catalog/load.js';
import type { Catalog } from '../src/catalog/model.js';
import { buildExplorerData, type ExplorerData } from '../src/tui/state/data.js';
import { syntheticCatalog } from './synthetic.js';

// React and ink load on first use, with the build `blast explore` gets (src/tui/index.ts).
process.env.NODE_ENV ??= 'production';
const { createElement } = await import('react');
const { render } = await import('ink');
const { App } = await import('../src/tui/components/App.js');

const COLS = 120;
const ROWS = 40;
const REPS = 40;
const KEY = { down: '\u001b[B', up: '\u001b[A', pageDown: '\u001b[6~', pageUp: '\u001b[5~', right: '\u001b[C', left: '\u001b[D', backspace: '\u007f', enter: '\r' };

class FakeStdin extends EventEmitter {
  isTTY = true;
  private pending: string | null = null;
  setRawMode(): void {}
  setEncoding(): void {}
  ref(): void {}
  unref(): void {}
  resume(): void {}
  pause(): void {}
  read(): string | null {
    const d = this.pending;
    this.pending = null;
    return d;
  }
  press(data: string): void {
    this.pending = data;
    this.emit('readable');
  }
}

/** A terminal that resolves promises when the next whole frame is written. */
class FakeStdout extends EventEmitter {
  readonly isTTY = true;
  readonly columns = COLS;
  readonly rows = ROWS;
  private waiters: Array<() => void> = [];
  write(chunk: string): boolean {
    // Frames are one write of the whole screen; small writes are cursor and sync markers.
    if (chunk.length > 200 && this.waiters.length) {
      const ws = this.waiters;
      this.waiters = [];
      for (const w of ws) w();
    }
    return true;
  }
  nextFrame(timeoutMs = 5000): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no frame after the key')), timeoutMs);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;

interface Sample {
  readonly wall: number;
  readonly cpu: number;
}

interface Session {
  /** Milliseconds from the key to the frame: wall clock, and this process's CPU time. */
  press(key: string): Promise<Sample>;
  /** Milliseconds until the next frame, whatever causes it. */
  nextFrame(): Promise<number>;
  close(): void;
}

async function open(data: ExplorerData): Promise<Session> {
  const stdin = new FakeStdin();
  const stdout = new FakeStdout();
  const first = stdout.nextFrame(60_000);
  const inst = render(createElement(App, { data, color: true, tickMs: 3_600_000 }), {
    stdin: stdin as unknown as NodeJS.ReadStream,
    stdout: stdout as unknown as NodeJS.WriteStream,
    exitOnCtrlC: false,
    patchConsole: false,
    maxFps: 60,
    incrementalRendering: false,
  });
  await first;
  await sleep(50);
  return {
    async press(key) {
      // Keys spaced beyond the 60 fps render throttle: each one is rendered on its own.
      await sleep(25);
      const frame = stdout.nextFrame();
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      stdin.press(key);
      await frame;
      const wall = performance.now() - t0;
      const c = process.cpuUsage(c0);
      return { wall, cpu: (c.user + c.system) / 1000 };
    },
    async nextFrame() {
      const t0 = performance.now();
      await stdout.nextFrame(60_000);
      return performance.now() - t0;
    },
    close: () => inst.unmount(),
  };
}

interface Row {
  readonly action: string;
  readonly small: Sample[];
  readonly large: Sample[];
}

/** Latencies of one scripted interaction, `reps` times, on a list of `n` services. */
type Script = (s: Session, reps: number, n: number) => Promise<Sample[]>;

/** Presses `fwd` while the selection can move that way, then `back`, and so on: every key changes the frame. */
const bounce = (fwd: string, back: string, stride: number): Script => async (s, reps, n) => {
  const out: Sample[] = [];
  let pos = 0;
  let dir = 1;
  for (let i = 0; i < reps; i++) {
    if ((dir > 0 && pos >= n - 1) || (dir < 0 && pos <= 0)) dir = -dir;
    out.push(await s.press(dir > 0 ? fwd : back));
    pos = Math.max(0, Math.min(n - 1, pos + dir * stride));
  }
  return out;
};

/** Enter to the timeline frame when failing the top service, per catalog measured. */
const simulationMs: number[] = [];

const SCRIPTS: ReadonlyArray<readonly [string, Script]> = [
  ['↓ move (trees of each newly selected service computed)', bounce(KEY.down, KEY.up, 1)],
  ['PgDn / PgUp', bounce(KEY.pageDown, KEY.pageUp, ROWS - 6)],
  [
    'type in the search (refilters every service)',
    async (s, reps) => {
      await s.press('/');
      const out: Sample[] = [];
      for (let i = 0; i < reps; i++) out.push(await s.press(i % 2 === 0 ? '1' : KEY.backspace));
      await s.press(KEY.enter);
      return out;
    },
  ],
  [
    '→ / ← scrub the timeline (after failing the top service)',
    async (s, reps) => {
      await s.press('f');
      // Enter shows "simulating…" at once; the timeline frame follows the simulation.
      const shown = s.nextFrame().then(() => s.nextFrame());
      const t0 = performance.now();
      await s.press(KEY.enter);
      await shown;
      simulationMs.push(performance.now() - t0);
      await sleep(500);
      const out: Sample[] = [];
      for (let i = 0; i < reps; i++) out.push(await s.press(i % 2 === 0 ? KEY.right : KEY.left));
      return out;
    },
  ],
];

async function measure(catalog: Catalog, title: string): Promise<{ rows: Map<string, Sample[]>; buildMs: number; services: number }> {
  const t0 = performance.now();
  const data = buildExplorerData(catalog, title);
  const buildMs = performance.now() - t0;
  const rows = new Map<string, Sample[]>();
  for (const [name, script] of SCRIPTS) {
    const s = await open(data);
    try {
      rows.set(name, await script(s, REPS, data.rows.length));
    } finally {
      s.close();
    }
  }
  return { rows, buildMs, services: data.rows.length };
}

const ms = (x: number): string => x.toFixed(1);

export async function run(): Promise<string> {
  const shop = loadCatalog(fileURLToPath(new URL('../catalogs/example-shop', import.meta.url))).catalog!;
  const small = await measure(shop, 'example-shop');
  const large = await measure(syntheticCatalog(20_000, 7), 'synthetic-20000');
  const table: Row[] = SCRIPTS.map(([name]) => ({ action: name, small: small.rows.get(name)!, large: large.rows.get(name)! }));
  const wall = (xs: Sample[]) => xs.map((x) => x.wall);
  const cpu = (xs: Sample[]) => xs.map((x) => x.cpu);
  const lines = [
    '## Terminal explorer',
    '',
    `Key-to-frame latency at ${COLS}x${ROWS}: from writing a key to the explorer's stdin to ink writing the next frame, ${REPS} keys per action; wall-clock median and 95th percentile, and the median CPU time the process spent. Baseline: the same keys on the example shop (${small.services} services); the large catalog is bench/synthetic.ts with ${large.services.toLocaleString('en')} services. Target: under 50 ms at 20,000 services.`,
    '',
    `| action | ${small.services} services: wall p50 / p95, CPU p50 (ms) | ${large.services.toLocaleString('en')} services: wall p50 / p95, CPU p50 (ms) | wall p50 ratio | CPU p50 ratio |`,
    '|---|---:|---:|---:|---:|',
    ...table.map((r) => {
      const [a, b] = [pct(wall(r.small), 0.5), pct(wall(r.large), 0.5)];
      const [ca, cb] = [pct(cpu(r.small), 0.5), pct(cpu(r.large), 0.5)];
      return `| ${r.action} | ${ms(a)} / ${ms(pct(wall(r.small), 0.95))}, ${ms(ca)} | ${ms(b)} / ${ms(pct(wall(r.large), 0.95))}, ${ms(cb)} | ${(b / a).toFixed(1)}× | ${(cb / ca).toFixed(1)}× |`;
    }),
    '',
    `Failing the top-ranked service (Enter to the first timeline frame, the simulation included): ${ms(simulationMs[0]!)} ms for ${small.services} services, ${ms(simulationMs[1]!)} ms for ${large.services.toLocaleString('en')}.`,
    '',
    `Opening (ranking, review badges and display strings, before the first frame): ${ms(small.buildMs)} ms for ${small.services} services, ${ms(large.buildMs)} ms for ${large.services.toLocaleString('en')}.`,
  ];
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(await run());
}
