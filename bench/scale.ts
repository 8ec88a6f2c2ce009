/**
 * Scale benchmark (issue: a loader near the speed of the data, a review whose size grows with
 * services, sweeps that shard). Every figure is printed as a ratio to a reference measured in
 * the same run on the same machine:
 *
 * - loading the power-law catalog of bench/power-law.ts (100k services / 1M dependencies, and
 *   20k / 100k with redundancy groups) in-process, against `JSON.parse` of the same catalog
 *   written as JSON;
 * - `blast validate` and `blast review` as whole processes (wall time, and peak RSS reported
 *   by the process itself at exit), against `node -e 0` (start-up) and against `blast validate`
 *   of the same file (loading alone);
 * - Monte Carlo on the AWS scenario: trials/s on worker threads against one thread, and a run
 *   split into shards and merged against the same run on one machine (bytes compared).
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
import { loadCatalog } from '../src/catalog/load.js';
import { buildModel, prepareSimulation } from '../src/engine/index.js';
import { runTrials } from '../src/engine/monte-carlo.js';
import { monteCarloParallel } from '../src/engine/parallel.js';
import { powerLaw, toJson, toYaml } from './power-law.js';
import { median } from './timing.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'bin', 'blast.js');
const rssHook = join(root, 'bench', 'rss-hook.mjs');

interface Proc {
  readonly ms: number;
  readonly rssMiB: number;
  readonly status: number | null;
  readonly stderr: string;
}

/** Runs node with `args`; the hook prints the process's own peak RSS to stderr at exit. */
function proc(args: string[]): Proc {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', pathToFileURL(rssHook).href, ...args], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, cwd: root });
  const ms = performance.now() - t0;
  const m = /blast-bench-maxrss (\d+)/.exec(r.stderr ?? '');
  return { ms, rssMiB: m ? Number(m[1]) / 1024 : NaN, status: r.status, stderr: r.stderr ?? '' };
}

/** Median of `runs` runs of a process (by wall time), with its peak RSS. */
function procMedian(runs: number, args: string[]): Proc {
  const all = Array.from({ length: runs }, () => proc(args)).sort((a, b) => a.ms - b.ms);
  const mid = all[Math.floor(all.length / 2)]!;
  if (mid.status !== 0 && mid.status !== 1) throw new Error(`node ${args.join(' ')} exited ${mid.status}: ${mid.stderr.slice(0, 400)}`);
  return mid;
}

function inProcess(runs: number, f: () => void): number {
  const ts: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    ts.push(performance.now() - t0);
  }
  return median(ts);
}

const ms = (x: number): string => (x >= 10_000 ? `${(x / 1000).toFixed(0)} s` : x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(0)} ms`);
const ratio = (x: number): string => `${x >= 10 ? x.toFixed(0) : x.toFixed(2)}×`;

export async function run(): Promise<string> {
  if (!existsSync(join(root, 'dist', 'cli', 'main.js'))) execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'ignore' });
  const dir = mkdtempSync(join(tmpdir(), 'blast-scale-'));
  const out: string[] = [
    '## Scale',
    '',
    `Node ${process.version}, ${cpus().length} cores, load average ${loadavg()[0]!.toFixed(1)} at the start (the machine is shared: wall times move with its load; the ratios less).`,
    '',
    '| work | measured | reference (same run) | ratio | peak RSS |',
    '|---|---:|---:|---:|---:|',
  ];
  try {
    const sizes: Array<[number, number, number]> = [[20_000, 100_000, 0.09]];
    if (process.env.BLAST_SCALE_BIG !== '0') sizes.push([100_000, 1_000_000, 0]);
    const node0 = procMedian(3, ['-e', '0']);
    for (const [n, m, groups] of sizes) {
      const c = powerLaw(n, m, groups ? { groups } : { soft: 0, async: 0 });
      const yaml = toYaml(c);
      const json = toJson(c);
      const file = join(dir, `power-law-${n}.yaml`);
      writeFileSync(file, yaml);
      const label = `${n / 1000}k / ${m >= 1e6 ? `${m / 1e6}M` : `${m / 1000}k`}${groups ? `, ${c.groupCount.toLocaleString('en-US')} groups` : ''} (${(yaml.length / 1048576).toFixed(1)} MiB YAML)`;
      const bytes = new TextEncoder().encode(yaml);
      const runs = n >= 100_000 ? 3 : 5;
      const parse = inProcess(runs, () => JSON.parse(json));
      let services = 0;
      const load = inProcess(runs, () => {
        services = buildCatalog([{ file, bytes }]).catalog?.services.size ?? -1;
      });
      if (services !== n) throw new Error(`expected ${n} services, got ${services}`);
      out.push(`| load (parse, schema, compose, rules), ${label}, in-process | ${ms(load)} | JSON.parse of the same catalog as JSON: ${ms(parse)} | ${ratio(load / parse)} | |`);
      const validate = procMedian(runs, [cli, 'validate', file]);
      out.push(`| \`blast validate\`, ${label}, whole process | ${ms(validate.ms)} | \`node -e 0\`: ${ms(node0.ms)} | ${ratio(validate.ms / node0.ms)} | ${validate.rssMiB.toFixed(0)} MiB |`);
      if (n <= 20_000) {
        const review = procMedian(1, [cli, 'review', file, '-o', join(dir, 'review.txt')]);
        const size = readFileSync(join(dir, 'review.txt')).length;
        out.push(`| \`blast review\` (default order; cut sets timed and skipped, see the note), ${label}, whole process to its output (${(size / 1048576).toFixed(1)} MiB of text) | ${ms(review.ms)} | \`blast validate\` of the same file: ${ms(validate.ms)} | ${ratio(review.ms / validate.ms)} | ${review.rssMiB.toFixed(0)} MiB |`);
      }
    }

    const { catalog } = loadCatalog(join(root, 'catalogs', 'aws-us-east-1'));
    const input = { scenario: catalog!.scenarios.get('2025-10-20-dynamodb-dns')! };
    const model = buildModel(prepareSimulation(catalog!), input);
    runTrials(model, 1, 0, 300); // warm-up
    const trials = 5_000;
    const single = inProcess(3, () => runTrials(model, 1, 0, trials));
    const threads = cpus().length;
    const t0 = performance.now();
    await monteCarloParallel(catalog!, input, { trials: 20_000, seed: 1, threads });
    const parallel = performance.now() - t0;
    const singleRate = (trials / single) * 1000;
    const parallelRate = (20_000 / parallel) * 1000;
    out.push(`| Monte Carlo, AWS 2025-10-20 scenario, ${threads} worker threads (20,000 trials, start-up included) | ${Math.round(parallelRate).toLocaleString('en-US')} trials/s | one thread: ${Math.round(singleRate).toLocaleString('en-US')} trials/s | ${ratio(parallelRate / singleRate)} | |`);

    // Sharded run: 4 shards merged, against one run; bytes compared.
    const args = ['simulate', join(root, 'catalogs', 'aws-us-east-1'), '-s', '2025-10-20-dynamodb-dns', '--trials', '4000', '--seed', '3', '--json'];
    const one = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const t1 = performance.now();
    const files: string[] = [];
    for (let i = 1; i <= 4; i++) {
      const r = spawnSync(process.execPath, [cli, ...args, '--shard', `${i}/4`], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      const f = join(dir, `part-${i}.json`);
      writeFileSync(f, r.stdout);
      files.push(f);
    }
    const merged = spawnSync(process.execPath, [cli, 'merge', ...files], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const shardMs = performance.now() - t1;
    const same = merged.stdout === one.stdout && merged.status === 0;
    if (!same) throw new Error('merged shards differ from the single run');
    const partSize = files.reduce((s, f) => s + readFileSync(f).length, 0);
    out.push(`| 4,000 trials as 4 shards run one after another, then \`blast merge\` (${(partSize / 1024).toFixed(0)} KiB of partials) | ${ms(shardMs)} | output byte-identical to one run: ${same ? 'yes' : 'NO'} | | |`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) console.log(await run());
