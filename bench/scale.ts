/**
 * Scale benchmark: loading and reviewing the power-law catalogs of bench/power-law.ts (100k
 * services / 1M dependencies, hard edges; 20k / 100k with redundancy groups and soft and async
 * edges) against references measured in the same run:
 *
 * - loading in-process (`buildCatalog`: read, check, compose, rules) against `JSON.parse` of the
 *   same catalog written as JSON, both in CPU time (`process.cpuUsage()`, every thread of the
 *   process, garbage collection included): the machine may be shared, and wall time moves with
 *   its load;
 * - `blast validate` and `blast review` as whole processes: wall time, CPU time and peak RSS
 *   reported by the process itself at exit (bench/rss-hook.mjs), against `node -e 0` (start-up)
 *   and against `blast validate` of the same file.
 *
 * Targets (issue 14, "Loading"): loading 100k / 1M ≤ 8× JSON.parse; `blast validate` of it ≤ 2 s
 * and < 1 GiB; of 20k / 100k ≤ 0.5 s. A time target is judged on CPU time, which on a shared
 * machine is the closer estimate of the wall time an idle one gives.
 *
 * `npx tsx bench/scale.ts` (or `npm run bench -- scale`); BLAST_SCALE_BIG=0 skips 100k / 1M.
 * Processes run the built CLI (`npm run build` first; the benchmark builds it if missing).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildCatalog } from '../src/catalog/build.js';
import { powerLaw, toJson, toYaml } from './power-law.js';
import { median } from './timing.js';
import { fmtMs, table, type Row } from './rows.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'bin', 'blast.js');
const rssHook = join(root, 'bench', 'rss-hook.mjs');

interface Proc {
  readonly ms: number;
  readonly cpuMs: number;
  readonly rssMiB: number;
  readonly status: number | null;
  readonly stderr: string;
}

/** Runs node with `args`; the hook prints the process's own peak RSS and CPU time to stderr at exit. */
function proc(args: string[]): Proc {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', pathToFileURL(rssHook).href, ...args], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, cwd: root });
  const ms = performance.now() - t0;
  const rss = /blast-bench-maxrss (\d+)/.exec(r.stderr ?? '');
  const cpu = /blast-bench-cpu (\d+)/.exec(r.stderr ?? '');
  return { ms, cpuMs: cpu ? Number(cpu[1]) / 1000 : NaN, rssMiB: rss ? Number(rss[1]) / 1024 : NaN, status: r.status, stderr: r.stderr ?? '' };
}

/** The run of median CPU time among `runs` runs of a process, with its wall time and peak RSS. */
function procMedian(runs: number, args: string[]): Proc {
  const all = Array.from({ length: runs }, () => proc(args)).sort((a, b) => a.cpuMs - b.cpuMs);
  const mid = all[Math.floor(all.length / 2)]!;
  if (mid.status !== 0 && mid.status !== 1) throw new Error(`node ${args.join(' ')} exited ${mid.status}: ${mid.stderr.slice(0, 400)}`);
  return mid;
}

/** Median CPU time and wall time (ms) of `runs` runs of `f` in this process, after one warm-up run. */
function inProcess(runs: number, f: () => void): { cpu: number; wall: number } {
  f();
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    f();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { cpu: median(cpu), wall: median(wall) };
}

const both = (p: { cpuMs: number; ms: number }): string => `${fmtMs(p.cpuMs)} CPU (${fmtMs(p.ms)} wall)`;

export async function run(): Promise<string> {
  if (!existsSync(join(root, 'dist', 'cli', 'main.js'))) execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'ignore' });
  const dir = mkdtempSync(join(tmpdir(), 'blast-scale-'));
  const rows: Row[] = [];
  const loadAtStart = loadavg()[0]!;
  try {
    const sizes: Array<[number, number, number]> = [[20_000, 100_000, 0.09]];
    if (process.env.BLAST_SCALE_BIG !== '0') sizes.push([100_000, 1_000_000, 0]);
    const node0 = procMedian(5, ['-e', '0']);
    // What the CLI costs before it reads anything: `validate` of a one-service catalog loads
    // the command, the catalog reader and commander, and reads a file of four lines.
    const one = join(dir, 'one.yaml');
    writeFileSync(one, 'version: 1\nservices:\n  a:\n    name: A\n');
    const start = procMedian(5, [cli, 'validate', one]);
    rows.push({
      work: '`blast validate` of a one-service catalog (the start-up of the command), whole process',
      measured: both(start),
      reference: `\`node -e 0\`: ${both(node0)}`,
      ratio: start.cpuMs / node0.cpuMs,
    });
    for (const [n, m, groups] of sizes) {
      const big = n >= 100_000;
      const c = powerLaw(n, m, groups ? { groups } : { soft: 0, async: 0 });
      const yaml = toYaml(c);
      const json = toJson(c);
      const file = join(dir, `power-law-${n}.yaml`);
      writeFileSync(file, yaml);
      const label = `${n / 1000}k / ${m >= 1e6 ? `${m / 1e6}M` : `${m / 1000}k`}${groups ? `, ${c.groupCount.toLocaleString('en-US')} groups, soft and async edges` : ', hard edges'} (${(yaml.length / 1048576).toFixed(1)} MiB YAML)`;
      const bytes = new TextEncoder().encode(yaml);
      const runs = big ? 3 : 5;
      const parse = inProcess(runs, () => JSON.parse(json));
      let services = 0;
      const load = inProcess(runs, () => {
        services = buildCatalog([{ file, bytes }]).catalog?.services.size ?? -1;
      });
      if (services !== n) throw new Error(`expected ${n} services, got ${services}`);
      const loadRatio = load.cpu / parse.cpu;
      rows.push({
        work: `load (read, check, compose, rules), ${label}, in-process`,
        measured: `${fmtMs(load.cpu)} CPU (${fmtMs(load.wall)} wall)`,
        reference: `JSON.parse of the same catalog as JSON: ${fmtMs(parse.cpu)} CPU`,
        ratio: loadRatio,
        ...(big ? { target: '≤ 8×', met: loadRatio <= 8 } : {}),
      });
      const validate = procMedian(runs, [cli, 'validate', file]);
      const limitMs = big ? 2000 : 500;
      rows.push({
        work: `\`blast validate\`, ${label}, whole process`,
        measured: both(validate),
        reference: `\`node -e 0\`: ${both(node0)}`,
        ratio: validate.cpuMs / node0.cpuMs,
        target: big ? '≤ 2 s and < 1 GiB' : '≤ 0.5 s',
        met: validate.cpuMs <= limitMs && (!big || validate.rssMiB < 1024),
        rssMiB: validate.rssMiB,
      });
      if (!big) {
        const review = procMedian(1, [cli, 'review', file, '-o', join(dir, 'review.txt')]);
        const size = readFileSync(join(dir, 'review.txt')).length;
        rows.push({
          work: `\`blast review\` (default order; cut sets timed and skipped, see the note), ${label}, whole process to its output (${(size / 1048576).toFixed(1)} MiB of text)`,
          measured: both(review),
          reference: `\`blast validate\` of the same file: ${both(validate)}`,
          ratio: review.cpuMs / validate.cpuMs,
          target: '< 30 s and < 1.5 GiB',
          met: review.cpuMs < 30_000 && review.rssMiB < 1536,
          rssMiB: review.rssMiB,
        });
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return [
    '## Scale',
    '',
    `Node ${process.version}, ${cpus().length} cores, load average ${loadAtStart.toFixed(1)} at the start and ${loadavg()[0]!.toFixed(1)} at the end (the machine may be shared: wall times move with its load; CPU times and the ratios less). Ratios are of CPU times; time targets are judged on CPU time.`,
    '',
    table(rows),
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) console.log(await run());
