/**
 * Analyses benchmark: blast-radius ranking and SPOF sets on synthetic hard-dependency
 * catalogs (20k services / 100k dependencies and 100k / 1M), against python-igraph and
 * networkx computing the same quantity on the same graph in the same run, results checked
 * equal. `npx tsx bench/analysis.ts` (or `npm run bench -- analysis`); set BLAST_PYTHON to
 * choose the Python with igraph and networkx (default /usr/bin/python3), BLAST_BENCH_SIZES
 * to e.g. "20000:100000" for a subset.
 *
 * Quantities (hard-only graph, edge u → v when u depends on v):
 * - rank: for every service, the number of other services its failure takes down, which on
 *   such a graph is the number of services that reach it (igraph: neighborhood_size with
 *   mode "in" and unbounded order; networkx: len(ancestors)).
 * - SPOF: for every critical (tier 0-1) service, the number of services whose failure alone
 *   takes it down: the services it reaches (mode "out"; networkx: descendants).
 * End to end means from the in-memory catalog (ours: compile + sweep + result rows) and from
 * the in-memory edge list (theirs: graph construction + computation). Where a baseline would
 * take minutes it runs on a random sample of vertices and its time is extrapolated to all
 * of them (marked "est."); the sample's results are still checked against ours.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Catalog, Dependency, Service, Tier } from '../src/catalog/model.js';
import { compileGraph, type CompiledGraph } from '../src/graph/compile.js';
import { rankServices } from '../src/analysis/rank.js';
import { sweepSingleFailures } from '../src/analysis/sweep.js';
import { mulberry32 } from '../src/engine/rng.js';

const PY_SCRIPT = fileURLToPath(new URL('./py/reach.py', import.meta.url));
const PYTHON = process.env.BLAST_PYTHON ?? '/usr/bin/python3';

/**
 * A catalog of `n` services and exactly `m` plain hard dependencies: each service depends on
 * about m/n earlier ones picked by preferential attachment (popular platform services
 * collect most dependents, as measured service graphs show), plus 0.1% of edges pointing
 * to later services, which closes some cycles. Tiers are random: 5% tier 0, 15% tier 1.
 */
export function hardOnlyCatalog(n: number, m: number, seed = 1): Catalog {
  const rng = mulberry32(seed);
  const pos = { file: 'synthetic.yaml', line: 1, col: 1 };
  const deps: Array<Set<number>> = Array.from({ length: n }, () => new Set<number>());
  const back = Math.floor(m * 0.001);
  const perService = (m - back) / n;
  const pool: number[] = [];
  let edges = 0;
  for (let i = 0; i < n; i++) {
    const want = Math.min(i, Math.floor(perService) + (rng() < perService % 1 ? 1 : 0));
    for (let tries = 0; deps[i]!.size < want && tries < want * 20; tries++) {
      // Mostly preferential attachment; some uniform picks keep the tail connected.
      const t = rng() < 0.8 && pool.length ? pool[Math.floor(rng() * pool.length)]! : Math.floor(rng() * i);
      if (deps[i]!.has(t)) continue;
      deps[i]!.add(t);
      pool.push(t);
      edges++;
    }
    pool.push(i);
  }
  // Top up to exactly m: more forward edges, then the backward ones.
  while (edges < m - back) {
    const i = 1 + Math.floor(rng() * (n - 1));
    const t = Math.floor(rng() * i);
    if (!deps[i]!.has(t)) {
      deps[i]!.add(t);
      edges++;
    }
  }
  while (edges < m) {
    const i = Math.floor(rng() * (n - 1));
    const t = i + 1 + Math.floor(rng() * (n - i - 1));
    if (!deps[i]!.has(t)) {
      deps[i]!.add(t);
      edges++;
    }
  }
  const services = new Map<string, Service>();
  for (let i = 0; i < n; i++) {
    const r = rng();
    const tier: Tier = r < 0.05 ? 0 : r < 0.2 ? 1 : r < 0.6 ? 2 : 3;
    const dependsOn: Dependency[] = [...deps[i]!].map((t) => ({ of: [`s${t}`], atLeast: 1, group: false, type: 'hard', failOn: 'down', failover: false, pos, memberPos: [pos] }));
    services.set(`s${i}`, { id: `s${i}`, name: `Service ${i}`, tier, links: [], labels: new Map(), dependsOn, partial: false, pos });
  }
  return { meta: { name: `synthetic-${n}-${m}` }, services, scenarios: new Map(), files: ['synthetic.yaml'] };
}

/** The compiled graph's requirement edges (owner → member) as little-endian uint32 pairs. */
function edgeList(cg: CompiledGraph): Uint32Array {
  const out = new Uint32Array(cg.reqMembers.length * 2);
  let k = 0;
  for (let r = 0; r < cg.reqOwner.length; r++) {
    for (let j = cg.memberStart[r]!; j < cg.memberStart[r + 1]!; j++) {
      out[k++] = cg.reqOwner[r]!;
      out[k++] = cg.reqMembers[j]!;
    }
  }
  return out;
}

interface PyRun {
  readonly lib: string;
  readonly version: string;
  readonly build_ms: number;
  readonly compute_ms: number;
  readonly counts: Uint32Array;
}

function python(dir: string, lib: string, quantity: 'rank' | 'spof', n: number, vertices: Uint32Array): PyRun {
  const vfile = join(dir, `${lib}-${quantity}-vertices.bin`);
  const ofile = join(dir, `${lib}-${quantity}-out.bin`);
  writeFileSync(vfile, vertices);
  const stdout = execFileSync(PYTHON, [PY_SCRIPT, '--lib', lib, '--quantity', quantity, '--n', String(n), '--edges', join(dir, 'edges.bin'), '--vertices', vfile, '--out', ofile], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const buf = readFileSync(ofile);
  return { ...(JSON.parse(stdout) as Omit<PyRun, 'counts'>), counts: new Uint32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4) };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function timeMedian<T>(reps: number, fn: () => T): { ms: number; value: T } {
  let value = fn(); // warm-up
  const ts: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    value = fn();
    ts.push(performance.now() - t0);
  }
  return { ms: median(ts), value };
}

function sample(all: readonly number[], k: number, seed: number): Uint32Array {
  if (k >= all.length) return Uint32Array.from(all);
  const rng = mulberry32(seed);
  const a = [...all];
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(rng() * (a.length - i));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return Uint32Array.from(a.slice(0, k)).sort();
}

/** How many vertices each baseline computes for, per size: all of them, or a sample. */
const SAMPLES: Record<string, { igraph: number; networkx: number }> = {
  '20000:100000': { igraph: Infinity, networkx: 400 },
  '100000:1000000': { igraph: 2_000, networkx: 100 },
};

const fmt = (ms: number): string => (ms >= 10_000 ? `${(ms / 1000).toFixed(0)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(0)} ms`);
const ratio = (x: number): string => (x >= 10 ? `${x.toFixed(0)}×` : `${x.toFixed(1)}×`);

export async function run(): Promise<string> {
  const sizes = (process.env.BLAST_BENCH_SIZES ?? Object.keys(SAMPLES).join(',')).split(',');
  const lines = [
    '## Analyses',
    '',
    'Blast-radius ranking and SPOF sets (`src/analysis/sweep.ts`) on synthetic hard-dependency catalogs, against python-igraph and networkx computing the same quantity on the same graph in the same run; every count checked equal. Times are end to end (ours: compile the catalog, sweep, build the result; theirs: build the graph from the edge list, compute), medians of repeated runs for ours. "est." marks a baseline run on a random sample of vertices and extrapolated to all.',
    '',
    '| graph | quantity | blast-radius | python-igraph | networkx | vs igraph | vs networkx |',
    '|---|---|---:|---:|---:|---:|---:|',
  ];
  let versions = '';
  for (const size of sizes) {
    const [n, m] = size.split(':').map(Number) as [number, number];
    const samples = SAMPLES[size] ?? { igraph: Infinity, networkx: 200 };
    const catalog = hardOnlyCatalog(n, m, 42);
    const cg0 = compileGraph(catalog);
    const critical = cg0.ids.flatMap((_, i) => (cg0.tier[i]! <= 1 ? [i] : []));
    const reps = n >= 100_000 ? 3 : 7;
    const rank = timeMedian(reps, () => rankServices(catalog, compileGraph(catalog)));
    const spof = timeMedian(reps, () => sweepSingleFailures(compileGraph(catalog), { targets: critical, targetMode: 'count', counts: false }).causeCount);
    const byId = new Map(rank.value.map((r) => [r.id, r.blastRadius]));
    const ourRank = Uint32Array.from(cg0.ids.map((id) => byId.get(id)!));
    const ourSpof = new Map(critical.map((t) => [t, spof.value.get(t)!]));

    const dir = mkdtempSync(join(tmpdir(), 'blast-bench-'));
    try {
      writeFileSync(join(dir, 'edges.bin'), edgeList(cg0));
      const all = cg0.ids.map((_, i) => i);
      for (const quantity of ['rank', 'spof'] as const) {
        const universe = quantity === 'rank' ? all : critical;
        const cells: string[] = [];
        const totals: number[] = [];
        for (const lib of ['igraph', 'networkx'] as const) {
          const vs = sample(universe, samples[lib], 7);
          // Repeat cheap baseline runs and keep the median, as for ours.
          let res = python(dir, lib, quantity, n, vs);
          if (res.build_ms + res.compute_ms < 2000) {
            const runs = [res, python(dir, lib, quantity, n, vs), python(dir, lib, quantity, n, vs)];
            runs.sort((a, b) => a.build_ms + a.compute_ms - (b.build_ms + b.compute_ms));
            res = runs[1]!;
          }
          if (!versions.includes(lib)) versions += `${versions ? ', ' : ''}${lib === 'igraph' ? 'python-igraph' : 'networkx'} ${res.version}`;
          vs.forEach((v, i) => {
            const ours = quantity === 'rank' ? ourRank[v]! : ourSpof.get(v)!;
            if (res.counts[i] !== ours) throw new Error(`${lib} ${quantity} ${size}: vertex ${cg0.ids[v]}: ${lib} ${res.counts[i]} vs ours ${ours}`);
          });
          const scaled = vs.length < universe.length;
          const total = res.build_ms + res.compute_ms * (universe.length / vs.length);
          totals.push(total);
          cells.push(`${scaled ? 'est. ' : ''}${fmt(total)}${scaled ? ` (${vs.length} of ${universe.length})` : ''}`);
        }
        const ours = quantity === 'rank' ? rank.ms : spof.ms;
        lines.push(`| ${(n / 1000).toFixed(0)}k / ${m >= 1e6 ? `${m / 1e6}M` : `${m / 1000}k`} | ${quantity === 'rank' ? `rank (${universe.length} services)` : `SPOF (${universe.length} targets)`} | ${fmt(ours)} | ${cells[0]} | ${cells[1]} | ${ratio(totals[0]! / ours)} | ${ratio(totals[1]! / ours)} |`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  lines.push('', `Baselines: ${versions}, Python ${execFileSync(PYTHON, ['-c', 'import sys; print(sys.version.split()[0])'], { encoding: 'utf8' }).trim()}. Ratios are baseline time / ours (higher is better for us).`);
  lines.push('', 'Reproduce: `apt-get install -y python3-igraph python3-networkx && npx tsx bench/analysis.ts`.');
  return lines.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(await run());
}
