/**
 * Monte Carlo benchmark on the AWS catalog, scenario 2025-10-20-dynamodb-dns (issue 14:
 * ≥ 10,000 trials/s on 2 cores; 2 worker threads ≥ 1.7× one). Rows, each against a reference
 * measured in the same run:
 *
 * - trials/s in this thread (runTrials after a warm-up): the reference for what follows;
 * - the heap allocated per trial in this thread (bench/alloc.ts), with the main thread's GC
 *   pauses and V8's background threads' CPU, against the same trials without a workspace;
 * - the worker pool's start-up (threads started, modules loaded, model built), on its own;
 * - trials/s on 1 and on 2 worker threads in steady state (pool started and warmed up, the same
 *   trial count), alternated over several rounds, medians; with the CPU time of the process;
 * - the same runs thread by thread, which the neighbours on a shared machine do not move much:
 *   each worker's CPU time and its wait for a core (Linux's per-thread schedstat,
 *   bench/thread-cpu.ts), its busy fraction (event-loop utilization) and its trials; the
 *   trials per CPU-second of each of 2 workers against one worker alone; the CPU of V8's
 *   background threads and of the main thread meanwhile; and from these, the scaling an idle
 *   2-core machine would show;
 * - `blast simulate ... --trials 20000` as a whole process (built CLI), against --threads 1,
 *   with the CPU time of its threads by kind (bench/thread-hook.mjs);
 * - the same run as 4 shards and `blast merge`, output compared byte for byte with one run.
 *
 * Workers run the built JS (dist/, rebuilt when a source is newer), as an installed `blast`
 * does. `npx tsx bench/montecarlo.ts` (or `npm run bench -- montecarlo`).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { fmtInt, fmtMs, table, type Row } from './rows.js';
import { threadTimes } from './thread-cpu.js';
import { bytesPerTrial, gcCost } from './alloc.js';
import { median } from './timing.js';
import { steadyRun, threadRows, type Steady } from './worker-scaling.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'bin', 'blast.js');
const CATALOG = join(root, 'catalogs', 'aws-us-east-1');
const SCENARIO = '2025-10-20-dynamodb-dns';
const TARGET_RATE = 10_000;
const TARGET_SCALING = 1.7;

/** Newest modification time under `dir` (ms). */
function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** Builds dist/ when it is missing or older than a source file. */
function ensureBuilt(): void {
  const main = join(root, 'dist', 'cli', 'main.js');
  if (existsSync(main) && statSync(main).mtimeMs >= newest(join(root, 'src'))) return;
  execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'ignore' });
}

/** Process-wide CPU time (all threads) in ms since `from`. */
const cpuMs = (from: NodeJS.CpuUsage): number => {
  const u = process.cpuUsage(from);
  return (u.user + u.system) / 1000;
};

/** Wall and CPU ms of an async piece of work. */
async function measure(f: () => Promise<unknown>): Promise<{ wall: number; cpu: number }> {
  const c = process.cpuUsage();
  const t = performance.now();
  await f();
  return { wall: performance.now() - t, cpu: cpuMs(c) };
}

/** Prints the child's peak RSS, CPU time and CPU time by thread to stderr at exit. */
const HOOK = pathToFileURL(join(root, 'bench', 'thread-hook.mjs')).href;

interface Proc {
  readonly wall: number;
  readonly cpu: number;
  readonly rssMiB: number;
  readonly stdout: string;
  /** CPU ms of the main thread, of each worker thread, and of V8's background threads. */
  readonly threads: { readonly main: number; readonly workers: number[]; readonly background: number };
}

function blast(args: string[]): Proc {
  const t = performance.now();
  const r = spawnSync(process.execPath, ['--import', HOOK, cli, ...args], { cwd: root, encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024 });
  const wall = performance.now() - t;
  if (r.status !== 0) throw new Error(`blast ${args.join(' ')} exited ${r.status}: ${(r.stderr ?? '').slice(0, 400)}`);
  const m = /blast-bench (\d+) (\d+) main=(\S+) workers=(\S*) background=(\S+)/.exec(r.stderr ?? '');
  const threads = { main: Number(m?.[3] ?? NaN), workers: m?.[4] ? m[4].split(',').map(Number) : [], background: Number(m?.[5] ?? NaN) };
  return { wall, cpu: m ? Number(m[2]) / 1000 : NaN, rssMiB: m ? Number(m[1]) / 1024 : NaN, stdout: r.stdout, threads };
}

/** "main 0.32 s, workers 0.89 + 0.88 s, V8 background 0.87 s" */
const byThread = (p: Proc): string =>
  `main ${(p.threads.main / 1000).toFixed(2)} s${p.threads.workers.length ? `, worker${p.threads.workers.length > 1 ? 's' : ''} ${p.threads.workers.map((w) => (w / 1000).toFixed(2)).join(' + ')} s` : ''}, V8 background ${(p.threads.background / 1000).toFixed(2)} s`;

/** The median (by wall time) of `runs` runs of a process. */
function blastMedian(runs: number, args: string[]): Proc {
  const all = Array.from({ length: runs }, () => blast(args)).sort((a, b) => a.wall - b.wall);
  return all[Math.floor(runs / 2)]!;
}

/**
 * Linux's autogroup scheduling shares the cores between sessions, not threads: while other
 * sessions keep the cores busy, a second thread of ours gets no more CPU than the first had.
 */
function autogroup(): string {
  try {
    if (readFileSync('/proc/sys/kernel/sched_autogroup_enabled', 'utf8').trim() !== '1') return '';
  } catch {
    return '';
  }
  return ' The kernel shares the cores between sessions (autogroup scheduling): under load, a second thread adds cores busy only when another session leaves one idle; "cores busy" is CPU time over wall time.';
}

const rate = (trials: number, ms: number): number => (trials / ms) * 1000;
const perSec = (x: number): string => `${fmtInt(x)} trials/s`;

export async function run(): Promise<string> {
  ensureBuilt();
  const dist = (p: string): string => pathToFileURL(join(root, 'dist', p)).href;
  const { loadCatalog } = (await import(dist('catalog/load.js'))) as typeof import('../src/catalog/load.js');
  const { buildModel, prepare } = (await import(dist('engine/model.js'))) as typeof import('../src/engine/model.js');
  const { runTrials } = (await import(dist('engine/monte-carlo.js'))) as typeof import('../src/engine/monte-carlo.js');
  const { poolRunner } = (await import(dist('engine/parallel.js'))) as typeof import('../src/engine/parallel.js');

  const loadStart = loadavg()[0]!;
  const { catalog } = loadCatalog(CATALOG);
  if (!catalog) throw new Error('the AWS catalog did not load');
  const input = { scenario: catalog.scenarios.get(SCENARIO)! };
  const model = buildModel(prepare(catalog), input);
  const rows: Row[] = [];
  const seed = 1;

  // In this thread: the reference.
  runTrials(model, seed, 0, 2000); // warm-up
  const T = 20_000;
  const inThread = await measure(async () => runTrials(model, seed, 0, T));
  const single = rate(T, inThread.wall);
  rows.push({ work: `${fmtInt(T)} trials in this thread, after a warm-up (runTrials)`, measured: `${perSec(single)} (CPU ${(inThread.cpu / T * 1000).toFixed(0)} µs/trial)`, reference: '(the reference below)' });

  // Heap allocation per trial and what collecting it costs, with the workspace and without.
  const A = 4000;
  const kb = (b: number): string => `${(b / 1024).toFixed(1)} KB/trial`;
  const gcText = (g: { pauses: number; background: number }): string => `GC over ${fmtInt(T)} trials: main-thread pauses ${fmtMs(g.pauses)}, V8 background threads CPU ${fmtMs(g.background)}`;
  // (the runs with a workspace first: the garbage of the runs without one is collected during their own)
  const gcWith = await gcCost(() => runTrials(model, seed, 0, T));
  const withWs = await bytesPerTrial(A, (k) => runTrials(model, seed, 0, k));
  runTrials(model, seed, 0, 2000, false); // warm-up of the path without a workspace
  const gcWithout = await gcCost(() => runTrials(model, seed, 0, T, false));
  const withoutWs = await bytesPerTrial(A, (k) => runTrials(model, seed, 0, k, false));
  rows.push({
    work: `heap allocated per trial in this thread, runs sharing a workspace (runTrials; V8's sampling heap profiler over ${fmtInt(A)} trials, collected objects counted)`,
    measured: `${kb(withWs)}; ${gcText(gcWith)}`,
    reference: `each run allocating its own storage: ${kb(withoutWs)}; ${gcText(gcWithout)}`,
    ratio: withWs / withoutWs,
  });

  // Start-up of the pool, and steady state on 1 and 2 workers, alternated.
  const starts = new Map<number, number[]>();
  const steady = new Map<number, Steady[]>();
  const ROUNDS = 3;
  for (let round = 0; round < ROUNDS; round++) {
    for (const threads of [1, 2]) {
      const t = performance.now();
      const before = threadTimes();
      const runner = poolRunner(catalog, input, threads, {}, { thisThread: false });
      try {
        await runner.ready();
        starts.set(threads, [...(starts.get(threads) ?? []), performance.now() - t]);
        await runner.run(seed, 0, 2000 * threads); // warm-up: every worker past the JIT's first tiers
        steady.set(threads, [...(steady.get(threads) ?? []), await steadyRun(() => runner.run(seed, 0, T), runner.usage, before, threads)]);
      } finally {
        await runner.close();
      }
    }
  }
  const med = (threads: number): { wall: number; cpu: number } => ({ wall: median(steady.get(threads)!.map((m) => m.wall)), cpu: median(steady.get(threads)!.map((m) => m.cpu)) });
  const one = med(1);
  const two = med(2);
  for (const threads of [1, 2]) {
    rows.push({ work: `worker pool start-up, ${threads} thread${threads > 1 ? 's' : ''} (start, load modules, build the model; median of ${ROUNDS})`, measured: fmtMs(median(starts.get(threads)!)), reference: `${fmtInt(T)} trials in this thread: ${fmtMs(inThread.wall)}`, ratio: median(starts.get(threads)!) / inThread.wall });
  }
  rows.push({
    work: `${fmtInt(T)} trials on 1 worker thread, steady state (median of ${ROUNDS})`,
    measured: `${perSec(rate(T, one.wall))} (CPU ${(one.cpu / T * 1000).toFixed(0)} µs/trial; ${(one.cpu / one.wall).toFixed(2)} cores busy)`,
    reference: `in this thread: ${perSec(single)}`,
    ratio: rate(T, one.wall) / single,
  });
  const scaling = one.wall / two.wall;
  rows.push({
    work: `${fmtInt(T)} trials on 2 worker threads, steady state (median of ${ROUNDS}), wall time at load average ${loadavg()[0]!.toFixed(1)}`,
    measured: `${perSec(rate(T, two.wall))} (CPU ${(two.cpu / T * 1000).toFixed(0)} µs/trial; ${(two.cpu / two.wall).toFixed(2)} cores busy)`,
    reference: `1 worker thread: ${perSec(rate(T, one.wall))}`,
    ratio: scaling,
    target: `≥ ${TARGET_SCALING}× on an idle machine`,
    met: scaling >= TARGET_SCALING,
  });
  rows.push(...threadRows(steady.get(1)!, steady.get(2)!, T));
  // Whole processes: the default (one thread per core) against --threads 1.
  const N = 20_000;
  const args = ['simulate', CATALOG, '-s', SCENARIO, '--trials', String(N), '--json'];
  const p1 = blastMedian(3, [...args, '--threads', '1']);
  const pN = blastMedian(3, args);
  if (pN.stdout !== p1.stdout) throw new Error('simulate --threads 1 and the default gave different bytes');
  const e2e = rate(N, pN.wall);
  rows.push({
    work: `\`blast simulate\` AWS ${SCENARIO} \`--trials ${N} --json\`, whole process, ${availableParallelism()} threads (default; median of 3)`,
    measured: `${perSec(e2e)} (${fmtMs(pN.wall)}, CPU ${fmtMs(pN.cpu)}: ${byThread(pN)})`,
    reference: `\`--threads 1\`: ${perSec(rate(N, p1.wall))} (${fmtMs(p1.wall)}, CPU ${fmtMs(p1.cpu)}: ${byThread(p1)}); same bytes`,
    ratio: p1.wall / pN.wall,
    target: `≥ ${fmtInt(TARGET_RATE)} trials/s`,
    met: e2e >= TARGET_RATE,
    rssMiB: pN.rssMiB,
  });

  // Sharded: 4 shards one after another, then merge; bytes compared with one run.
  const dir = mkdtempSync(join(tmpdir(), 'blast-mc-bench-'));
  try {
    const S = 4_000;
    const sargs = ['simulate', CATALOG, '-s', SCENARIO, '--trials', String(S), '--seed', '3', '--json'];
    const whole = blast(sargs);
    const t = performance.now();
    const files: string[] = [];
    let cpu = 0;
    for (let i = 1; i <= 4; i++) {
      const part = blast([...sargs, '--shard', `${i}/4`]);
      cpu += part.cpu;
      const f = join(dir, `part-${i}.json`);
      writeFileSync(f, part.stdout);
      files.push(f);
    }
    const merged = blast(['merge', ...files]);
    const wall = performance.now() - t;
    cpu += merged.cpu;
    if (merged.stdout !== whole.stdout) throw new Error('merged shards differ from the single run');
    const size = files.reduce((s, f) => s + readFileSync(f).length, 0);
    rows.push({
      work: `${fmtInt(S)} trials as 4 shards run one after another, then \`blast merge\` (${(size / 1048576).toFixed(1)} MiB of partials); output byte-identical to one run`,
      measured: `${fmtMs(wall)} (CPU ${fmtMs(cpu)})`,
      reference: `one run: ${fmtMs(whole.wall)} (CPU ${fmtMs(whole.cpu)})`,
      ratio: wall / whole.wall,
      rssMiB: merged.rssMiB,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  return [
    '## Monte Carlo',
    '',
    `AWS catalog (${catalog.services.size} services), scenario ${SCENARIO}, seed ${seed}; Node ${process.version}, ${availableParallelism()} cores; load average ${loadStart.toFixed(1)} at the start, ${loadavg()[0]!.toFixed(1)} at the end (the machine is shared: wall times move with its load; CPU times less).${autogroup()}`,
    '',
    table(rows),
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) console.log(await run());
