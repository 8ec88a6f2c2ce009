/**
 * `npm run bench -- rank`: `blast rank --for 1h` (service-hours of every single failure) on the
 * power-law catalogs of bench/power-law.ts, whole process (built CLI, worker threads one per
 * core), against the reference the command used before its replays shared work: one full
 * simulation per service (`simulate`, as src/analysis/service-hours.ts does). The reference is
 * measured in the same run on a random sample of services and extrapolated to all of them (a
 * full reference run would take hours at 100k); the sample's figures are also compared with
 * the command's output. Then the shard run: 4 shards (`--shard i/4`) one after another and
 * `blast merge`, against one run, byte for byte. `BLAST_RANK_BIG=0` skips the 100k catalog.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildCatalog } from '../src/catalog/build.js';
import { prepareSimulation, simulate } from '../src/engine/index.js';
import { mulberry32 } from '../src/engine/rng.js';
import { powerLaw, toYaml, type PowerLawOptions } from './power-law.js';
import { fmtMs, table, type Row } from './rows.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'bin', 'blast.js');
/** Prints the process's peak RSS (KiB) and CPU time (µs, every thread) to stderr at exit. */
const hook = `data:text/javascript,${encodeURIComponent("import { writeSync } from 'node:fs'; process.on('exit', () => { const u = process.resourceUsage(); writeSync(2, `\\nblast-bench-usage ${u.maxRSS} ${u.userCPUTime + u.systemCPUTime}\\n`); });")}`;

interface Proc {
  readonly ms: number;
  readonly cpuMs: number;
  readonly rssMiB: number;
  readonly stdout: string;
}

function proc(args: string[]): Proc {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', hook, cli, ...args], { encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024, cwd: root });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`blast ${args.join(' ')} exited ${r.status}: ${(r.stderr ?? '').slice(0, 400)}`);
  const m = /blast-bench-usage (\d+) (\d+)/.exec(r.stderr ?? '');
  return { ms, cpuMs: m ? Number(m[2]) / 1000 : NaN, rssMiB: m ? Number(m[1]) / 1024 : NaN, stdout: r.stdout };
}

interface Size {
  readonly n: number;
  readonly m: number;
  readonly options: PowerLawOptions;
  readonly sample: number;
  readonly target?: { readonly ms: number; readonly text: string };
}

const SIZES: Size[] = [
  { n: 10_000, m: 50_000, options: { groups: 0.09 }, sample: 40 },
  { n: 20_000, m: 100_000, options: { groups: 0.09 }, sample: 30, target: { ms: 30_000, text: '< 30 s' } },
  { n: 100_000, m: 1_000_000, options: { soft: 0, async: 0 }, sample: 8, target: { ms: 600_000, text: '< 10 min' } },
];

const label = (s: Size): string => `${s.n / 1000}k / ${s.m >= 1e6 ? `${s.m / 1e6}M` : `${s.m / 1000}k`}${s.options.groups ? `, groups ${s.options.groups}` : ', hard only'}`;

/** The reference on a random sample: mean time of one full simulation per service, and the sample's figures. */
function reference(yaml: string, size: Size): { perServiceMs: number; figures: Map<string, number> } {
  const { catalog } = buildCatalog([{ file: 'bench.yaml', bytes: new TextEncoder().encode(yaml) }]);
  if (!catalog) throw new Error('bench catalog does not load');
  const prep = prepareSimulation(catalog);
  const ids = [...catalog.services.keys()];
  const rng = mulberry32(7);
  const picks = new Set<string>();
  while (picks.size < Math.min(size.sample, ids.length)) picks.add(ids[Math.floor(rng() * ids.length)]!);
  const figures = new Map<string, number>();
  const t0 = performance.now();
  for (const id of picks) {
    // exactly src/analysis/service-hours.ts's work for one service
    const result = simulate(prep, { fail: [id], forMinutes: 60 });
    let minutes = 0;
    for (const s of result.services) if (s.id !== id) minutes += s.unservedMinutes === undefined ? s.impairedMinutes : (s.unservedMinutes ?? Infinity);
    figures.set(id, minutes / 60);
  }
  return { perServiceMs: (performance.now() - t0) / picks.size, figures };
}


/** The newest modification time of a file under `dir`. */
function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

export async function run(): Promise<string> {
  // the command runs from dist/: built when missing or older than a source file
  const main = join(root, 'dist', 'cli', 'main.js');
  if (!existsSync(main) || statSync(main).mtimeMs < newest(join(root, 'src'))) execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'ignore' });
  const dir = mkdtempSync(join(tmpdir(), 'blast-rank-'));
  const rows: Row[] = [];
  const notes: string[] = [];
  const load0 = loadavg()[0]!;
  try {
    const sizes = SIZES.filter((s) => s.n < 100_000 || process.env.BLAST_RANK_BIG !== '0');
    for (const size of sizes) {
      const c = powerLaw(size.n, size.m, size.options);
      const yaml = toYaml(c);
      const file = join(dir, `power-law-${size.n}.yaml`);
      writeFileSync(file, yaml);
      const ref = reference(yaml, size);
      const refMs = ref.perServiceMs * size.n;
      const loadAt = loadavg()[0]!;
      const ours = proc(['rank', file, '--for', '1h', '--json']);
      const got = new Map((JSON.parse(ours.stdout) as Array<{ id: string; serviceHours: number | null }>).map((r) => [r.id, r.serviceHours]));
      // the command prints service-hours rounded to 3 decimals (null for Infinity)
      const agree = [...ref.figures].every(([id, h]) => got.get(id) === (Number.isFinite(h) ? Math.round(h * 1000) / 1000 : null));
      rows.push({
        work: `\`blast rank --for 1h --json\`, ${label(size)}, whole process, default threads (${cpus().length} cores; workers when there are enough replays to share), load average ${loadAt.toFixed(1)} (CPU time of all threads: ${fmtMs(ours.cpuMs)}; sample figures equal the reference's: ${agree ? 'yes' : 'NO'})`,
        measured: fmtMs(ours.ms),
        reference: `one full simulation per service, est. ${fmtMs(refMs)} (${fmtMs(ref.perServiceMs)} × ${size.n.toLocaleString('en-US')}, sample of ${ref.figures.size})`,
        ratio: ours.ms / refMs,
        ...(size.target ? { target: size.target.text, met: ours.ms < size.target.ms } : {}),
        rssMiB: ours.rssMiB,
      });
      if (!agree) notes.push(`${label(size)}: a sampled figure differs from the reference: this is a bug.`);
    }

    // shards: 4 one after another, then merge, against one run (the 20k catalog)
    const file = join(dir, 'power-law-20000.yaml');
    const one = proc(['rank', file, '--for', '1h']);
    const t0 = performance.now();
    const parts: string[] = [];
    for (let i = 1; i <= 4; i++) {
      const part = join(dir, `rank-${i}.json`);
      writeFileSync(part, proc(['rank', file, '--for', '1h', '--shard', `${i}/4`]).stdout);
      parts.push(part);
    }
    const merged = proc(['merge', ...parts]);
    const shardMs = performance.now() - t0;
    const bytes = parts.reduce((a, p) => a + readFileSync(p).length, 0);
    const same = merged.stdout === one.stdout;
    rows.push({
      work: `4 shards of \`blast rank --for 1h\` (20k / 100k) run one after another, then \`blast merge\` (${(bytes / 1048576).toFixed(1)} MiB of partials)`,
      measured: fmtMs(shardMs),
      reference: `one run: ${fmtMs(one.ms)}; output byte-identical to it: ${same ? 'yes' : 'NO'}`,
      ratio: shardMs / one.ms,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return [
    '## rank --for',
    '',
    `Node ${process.version}, ${cpus().length} cores, load average ${load0.toFixed(1)} at the start, ${loadavg()[0]!.toFixed(1)} at the end (the machine is shared: wall times move with its load; CPU times and ratios less).`,
    '',
    table(rows),
    ...(notes.length ? ['', ...notes] : []),
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) console.log(await run());
