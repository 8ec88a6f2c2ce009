/**
 * Terminal explorer benchmark, in a real terminal: tmux runs `blast explore` on a private
 * server, and a tmux control-mode client (`tmux -C`) reports every chunk the explorer writes
 * to its terminal as it arrives. ink ends each frame with the end-of-synchronized-update
 * sequence (ESC [?2026l), so a frame is timed to the chunk that carries it.
 *
 * - First frame: from the key that starts the process (a shell waits for Enter, then execs
 *   the explorer) to the end of its first frame, on a power-law catalog of 20,000 services and
 *   100,000 dependencies (bench/power-law.ts, the catalog of issue 14). Reference: `blast
 *   validate` of the same catalog, whole process, in the same run. Target: under 1 s.
 * - The part of it that is the explorer's own (catalog loaded to first frame), measured in a
 *   fresh process that loads the catalog and renders the App into an in-memory terminal.
 * - Key to frame: from `send-keys` to the end of the frame it causes. Reference: the same
 *   measurement on a trivial program that answers every key with a one-character frame.
 *   Target: under 50 ms at 20,000 services (the median; the 95th percentile is shown).
 *
 * Built JS (`dist/`, after `npm run build`) when present, else the sources through tsx.
 * Run alone with `npx tsx bench/tui.ts`, or with the others through `npm run bench -- tui`.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { powerLaw, toYaml } from './power-law.js';
import { fmtMs, table, type Row } from './rows.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const COLS = 120;
const ROWS = 40;
const REPS = 30;
const RUNS = 3;
const ESU = '\\033[?2026l'; // as control mode writes it: non-printable bytes in octal
/** The list's title once ranked ("Services 20000 · by blast radius"; before: "… · ranking by blast radius…"), in ASCII (tmux passes UTF-8 through as bytes). */
const RANKED = /(?<!ranking )by blast radius/;

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p95 = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(0.95 * xs.length))]!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** How to run the CLI: built JS when there is a build, else the sources. */
function cli(): { argv: string[]; what: string } {
  const built = join(ROOT, 'dist/cli/main.js');
  return existsSync(built) ? { argv: [process.execPath, built], what: 'built JS' } : { argv: [process.execPath, '--import', 'tsx', join(ROOT, 'src/cli/main.ts')], what: 'sources through tsx' };
}

const shellQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** A program in a tmux pane, and a control-mode client timing what it writes. */
class Pane {
  private readonly socket = `blast-bench-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  private readonly client: ChildProcess;
  private buffered = '';
  /** Output since the last mark, and a waiter for a frame end. */
  private seen = '';
  private waiter: { pred: (s: string) => boolean; resolve: (t: number) => void } | null = null;

  /** Starts `argv` in a shell that waits for Enter first (so the start can be timed). */
  constructor(argv: readonly string[], env: Record<string, string> = {}) {
    const cmd = `read go; exec env ${Object.entries(env).map(([k, v]) => `${k}=${shellQuote(v)}`).join(' ')} ${argv.map(shellQuote).join(' ')}`;
    this.tmux('-f', '/dev/null', 'new-session', '-d', '-s', 'b', '-x', String(COLS), '-y', String(ROWS), '-c', ROOT, 'sh', '-c', cmd);
    this.tmux('set', '-g', 'window-size', 'manual');
    this.tmux('set', '-g', 'status', 'off');
    this.client = spawn('tmux', ['-L', this.socket, '-C', 'attach', '-t', 'b'], { stdio: ['pipe', 'pipe', 'ignore'] });
    this.client.stdout!.setEncoding('latin1');
    this.client.stdout!.on('data', (chunk: string) => this.onData(chunk, performance.now()));
  }

  private tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8' });
  }

  private onData(chunk: string, t: number): void {
    this.buffered += chunk;
    let nl: number;
    while ((nl = this.buffered.indexOf('\n')) >= 0) {
      const line = this.buffered.slice(0, nl);
      this.buffered = this.buffered.slice(nl + 1);
      if (!line.startsWith('%output ')) continue;
      this.seen += line;
      const w = this.waiter;
      if (w && line.includes(ESU) && w.pred(this.seen)) {
        this.waiter = null;
        w.resolve(t);
      }
    }
  }

  /** Sends a tmux command through the control client; returns when it was written. */
  private command(cmd: string): number {
    const t = performance.now();
    this.client.stdin!.write(`${cmd}\n`);
    return t;
  }

  /** The time of the next frame end after now whose output since now satisfies `pred`; `now` runs as it is seen. */
  private frame(pred: (s: string) => boolean, ms: number, now?: () => void): Promise<number> {
    this.seen = '';
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no frame within ${ms} ms; output:\n${this.seen.slice(-2000)}`)), ms);
      this.waiter = { pred, resolve: (t) => (now?.(), clearTimeout(timer), resolve(t)) };
    });
  }

  /**
   * Starts the program; resolves with milliseconds to the first frame matching `first`, then to
   * the one matching `then`, and the CPU the program had used when that first frame came in
   * (its main thread, and all its threads; the shell that waits for Enter execs it, same pid).
   */
  async start(first: (s: string) => boolean, then?: (s: string) => boolean): Promise<{ first: number; then: number | null; cpu: { main: number; all: number } }> {
    await sleep(300); // the control client attaches
    const pid = this.pid();
    let cpu = { main: Number.NaN, all: Number.NaN };
    const f = this.frame(first, 120_000, () => (cpu = { main: procCpuMs(`/proc/${pid}/task/${pid}/stat`), all: procCpuMs(`/proc/${pid}/stat`) }));
    const t0 = this.command('send-keys -t b Enter');
    const t1 = await f;
    if (!then) return { first: t1 - t0, then: null, cpu };
    const t2 = then(this.seen) ? t1 : await this.frame(then, 120_000);
    return { first: t1 - t0, then: t2 - t0, cpu };
  }

  /** The pid of the pane's program. */
  pid(): string {
    return this.tmux('display-message', '-p', '-t', 'b', '#{pane_pid}').trim();
  }

  /** Milliseconds from sending `keys` (tmux key names) to the end of the frame they cause. */
  async key(keys: string, pred: (s: string) => boolean = () => true, timeoutMs = 10_000): Promise<number> {
    const f = this.frame(pred, timeoutMs).catch((e: Error) => Promise.reject(new Error(`send-keys ${keys}: ${e.message}`)));
    const t0 = this.command(`send-keys -t b ${keys}`);
    return (await f) - t0;
  }

  /** CPU time (user + system) the program has used so far, in ms, from /proc (NaN where there is none); `main`: its main thread only. */
  cpuMs(main = false): number {
    const pid = this.pid();
    return procCpuMs(main ? `/proc/${pid}/task/${pid}/stat` : `/proc/${pid}/stat`);
  }

  /** Peak RSS of the program (MiB), from /proc, when there is one. */
  peakRss(): number | undefined {
    try {
      const pid = this.tmux('display-message', '-p', '-t', 'b', '#{pane_pid}').trim();
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      return m ? Number(m[1]) / 1024 : undefined;
    } catch {
      return undefined;
    }
  }

  close(): void {
    this.client.kill();
    spawnSync('tmux', ['-L', this.socket, 'kill-server']);
  }
}

/** CPU time (user + system) in ms of a process or thread, from its /proc stat file (NaN where there is none). */
function procCpuMs(statFile: string): number {
  try {
    const stat = readFileSync(statFile, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ 100)
  } catch {
    return Number.NaN;
  }
}

/** Key latencies of a script of keys; each key is sent once the previous frame is out. `cpu`: the program's CPU ms per key (`main`: its main thread's). */
async function keyLatencies(pane: Pane, keys: readonly string[]): Promise<number[] & { cpu?: number; mainCpu?: number }> {
  const out: number[] & { cpu?: number; mainCpu?: number } = [];
  const [c0, m0] = [pane.cpuMs(), pane.cpuMs(true)];
  for (const k of keys) {
    await sleep(30); // beyond ink's 60 fps throttle: every key is drawn on its own
    out.push(await pane.key(k));
  }
  out.cpu = (pane.cpuMs() - c0) / keys.length;
  out.mainCpu = (pane.cpuMs(true) - m0) / keys.length;
  return out;
}

const bounce = (fwd: string, back: string): string[] => Array.from({ length: REPS }, (_, i) => (Math.floor(i / 5) % 2 === 0 ? fwd : back));

/** A program that answers each key with a one-character synchronized frame: the terminal's own latency. */
const ECHO = `process.stdin.setRawMode(true);process.stdout.write('\\x1b[?2026hready\\x1b[?2026l');process.stdin.on('data',(d)=>{if(d[0]===113)process.exit(0);process.stdout.write('\\x1b[?2026h'+String(d.length)+'\\x1b[?2026l')})`;

/**
 * In-process split, run in a fresh process (`--split <catalog>`): load the catalog, then
 * time what `blast explore` does before its first frame (open the data, start the analysis,
 * import ink and React, render the App into an in-memory terminal of COLSxROWS).
 */
async function split(file: string): Promise<void> {
  process.env.NODE_ENV ??= 'production';
  const { loadCatalog } = await import('../src/catalog/load.js');
  const { openExplorerData } = await import('../src/tui/state/data.js');
  const { startAnalysis } = await import('../src/tui/analyse.js');
  const t0 = performance.now();
  const catalog = loadCatalog(file).catalog!;
  const t1 = performance.now();
  // as `blast explore` opens it: no compiled graph before the first frame
  const { data, pending } = startAnalysis(openExplorerData(catalog, file, null));
  const t2 = performance.now();
  // the UI as `blast explore` loads it: the bundle of an installed package when built, else the modules
  const bundle = join(ROOT, 'dist/tui/ui.bundle.js');
  const ui = (existsSync(bundle) ? await import(pathToFileURL(bundle).href) : await import('../src/tui/run.js')) as typeof import('../src/tui/run.js');
  const { render, App } = ui;
  const { createElement } = ui.React;
  const t3 = performance.now();
  let first = 0;
  let ranked = 0;
  const stdout = Object.assign(new EventEmitter(), {
    isTTY: true,
    columns: COLS,
    rows: ROWS,
    write(chunk: string) {
      const now = performance.now();
      if (chunk.length > 200 && !first) first = now;
      if (RANKED.test(chunk) && !ranked) ranked = now;
      return true;
    },
  });
  const stdin = Object.assign(new EventEmitter(), { isTTY: true, setRawMode() {}, setEncoding() {}, ref() {}, unref() {}, resume() {}, pause() {}, read: () => null });
  const inst = render(createElement(App, { data, color: true, ...(pending ? { analysis: pending } : {}) }), {
    stdin: stdin as unknown as NodeJS.ReadStream,
    stdout: stdout as unknown as NodeJS.WriteStream,
    exitOnCtrlC: false,
    patchConsole: false,
    maxFps: 60,
    incrementalRendering: false,
  });
  while (!ranked) await sleep(5);
  inst.unmount();
  console.log(JSON.stringify({ load: t1 - t0, open: t2 - t1, ui: t3 - t2, first: first - t1, ranked: ranked - t1 }));
  process.exit(0);
}

export async function run(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'blast-bench-tui-'));
  try {
    const file = join(dir, 'power-law-20000.yaml');
    writeFileSync(file, toYaml(powerLaw(20_000, 100_000, { groups: 0.09 })));
    // a catalog at rest, as one is when explored: the explorer's workers read files unchanged for a while (src/tui/advice-protocol.ts)
    const past = new Date(Date.now() - 3_600_000);
    utimesSync(file, past, past);
    const { argv, what } = cli();
    const rows: Row[] = [];

    // first frame, against `blast validate` of the same catalog (whole processes, alternating)
    const firsts: number[] = [];
    const firstCpu: Array<{ main: number; all: number }> = [];
    const rankedAt: number[] = [];
    const validates: number[] = [];
    let rss: number | undefined;
    for (let k = 0; k < RUNS; k++) {
      const t0 = performance.now();
      spawnSync(argv[0]!, [...argv.slice(1), 'validate', file], { stdio: 'ignore' });
      validates.push(performance.now() - t0);
      const pane = new Pane([...argv, 'explore', file]);
      try {
        const t = await pane.start((s) => s.includes('blast explore'), (s) => RANKED.test(s));
        firsts.push(t.first);
        firstCpu.push(t.cpu);
        rankedAt.push(t.then!);
        rss = pane.peakRss();
      } finally {
        pane.close();
      }
    }
    const [first, ranked, validate] = [median(firsts), median(rankedAt), median(validates)];
    rows.push({ work: `\`blast explore\`, 20k services / 100k deps: process start to first frame (tmux, ${what}, median of ${RUNS})`, measured: fmtMs(first), reference: `\`blast validate\` of the same catalog, whole process: ${fmtMs(validate)}`, ratio: first / validate, target: '< 1 s', met: first < 1000, ...(rss !== undefined ? { rssMiB: rss } : {}) });
    const [cpuMain, cpuAll] = [median(firstCpu.map((c) => c.main)), median(firstCpu.map((c) => c.all))];
    rows.push({ work: `… its CPU time at that first frame (from /proc when the frame comes in: a little after it, under load): main thread ${fmtMs(cpuMain)}, all threads ${fmtMs(cpuAll)}`, measured: fmtMs(cpuMain), reference: `wall time to the first frame: ${fmtMs(first)}`, ratio: cpuMain / first, target: '< 1 s', met: cpuMain < 1000 });
    rows.push({ work: '… to the frame ranked by blast radius, with the review markers (sweeps on a worker thread)', measured: fmtMs(ranked), reference: `\`blast validate\`: ${fmtMs(validate)}`, ratio: ranked / validate });

    // the explorer's own part, in a fresh process
    const splits = Array.from({ length: RUNS }, () => JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--split', file], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })) as { load: number; open: number; ui: number; first: number; ranked: number });
    const part = median(splits.map((s) => s.first));
    const load = median(splits.map((s) => s.load));
    rows.push({
      work: `catalog loaded to first frame, in process (open ${fmtMs(median(splits.map((s) => s.open)))}, import the UI ${fmtMs(median(splits.map((s) => s.ui)))}${existsSync(join(ROOT, 'dist/tui/ui.bundle.js')) ? ' (the bundle)' : ''}, then the first render; the rest from the sources through tsx)`,
      measured: fmtMs(part),
      reference: `loading the catalog in the same process: ${fmtMs(load)}`,
      ratio: part / load,
    });

    // key to frame, against the terminal's own echo
    const echo = new Pane([process.execPath, '-e', ECHO]);
    let ref: number[];
    try {
      await echo.start((s) => s.includes('ready'));
      ref = await keyLatencies(echo, bounce('Down', 'Up'));
    } finally {
      echo.close();
    }
    const refMs = median(ref);
    const pane = new Pane([...argv, 'explore', file], { NO_COLOR: '' });
    try {
      await pane.start((s) => RANKED.test(s));
      await sleep(300);
      // steady state: the first keys after start-up also compile the code that draws a frame
      await keyLatencies(pane, bounce('Down', 'Up').slice(0, 10));
      const measure = (work: string, xs: number[] & { cpu?: number }): void => {
        const m = median(xs);
        const cpu = xs.cpu !== undefined && Number.isFinite(xs.cpu) ? `; explorer CPU ${fmtMs(xs.cpu)} per key` : '';
        rows.push({ work: `${work}, 20k services (median of ${xs.length}; p95 ${fmtMs(p95(xs))}${cpu})`, measured: fmtMs(m), reference: `tmux echoing a key in a trivial program: ${fmtMs(refMs)}`, ratio: m / refMs, target: '< 50 ms', met: m < 50 });
      };
      measure('key to frame: ↓ ↑ move the selection (the service pane shows the newly selected service)', await keyLatencies(pane, bounce('Down', 'Up')));
      measure('key to frame: PgDn PgUp', await keyLatencies(pane, bounce('PageDown', 'PageUp')));
      await pane.key('-l /');
      measure('key to frame: typing in the search (every service refiltered)', await keyLatencies(pane, Array.from({ length: REPS }, (_, i) => (i % 2 === 0 ? '-l 1' : 'BSpace'))));
      await pane.key('Escape');
      await sleep(100);
      await pane.key('-l f');
      const sim = await pane.key('Enter', (s) => s.includes('Timeline'), 120_000);
      rows.push({ work: 'fail the top-ranked service: Enter to the timeline frame (the simulation included)', measured: fmtMs(sim), reference: `tmux echo: ${fmtMs(refMs)}`, ratio: sim / refMs });
      await sleep(300);
      measure('key to frame: → ← scrub the timeline', await keyLatencies(pane, bounce('Right', 'Left')));
      await pane.key('-l x');
      await sleep(100);
      // the advisor on its worker thread: keys meanwhile, then its candidates (m again shows the same run)
      const a0 = performance.now();
      await pane.key('-l m', (s) => s.includes('computing'), 60_000);
      await pane.key('Escape');
      await sleep(100);
      const during = await keyLatencies(pane, bounce('Down', 'Up'));
      const m = median(during);
      rows.push({ work: `key to frame: ↓ ↑ while the advisor computes on its worker thread, 20k services (median of ${during.length}; p95 ${fmtMs(p95(during))}; explorer's main thread CPU ${fmtMs(during.mainCpu ?? Number.NaN)} per key, all threads ${fmtMs(during.cpu ?? Number.NaN)})`, measured: fmtMs(m), reference: `tmux echoing a key in a trivial program: ${fmtMs(refMs)}`, ratio: m / refMs, target: '< 50 ms', met: m < 50 });
      await pane.key('-l m', (s) => s.includes('Ranked by') || s.includes('saves anything'), 600_000);
      const adv = performance.now() - a0;
      rows.push({ work: 'advisor (m) on the top-ranked service: key to its ranked candidates (on a worker thread; the keys above meanwhile)', measured: fmtMs(adv), reference: `tmux echo: ${fmtMs(refMs)}`, ratio: adv / refMs });
    } finally {
      pane.close();
    }

    const load1 = loadavg()[0]!.toFixed(1);
    return ['## Terminal explorer', '', `${COLS}x${ROWS} tmux pane; load average ${load1} when the section ended.`, '', table(rows)].join('\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const k = process.argv.indexOf('--split');
  if (k > 0) await split(process.argv[k + 1]!);
  else console.log(await run());
}
