/**
 * Analyses benchmark, two parts.
 *
 * 1. Blast-radius ranking and SPOF sets on synthetic hard-dependency catalogs (20k services /
 *    100k dependencies and 100k / 1M), against python-igraph and networkx computing the same
 *    quantity on the same graph in the same run, results checked equal. Set BLAST_PYTHON to
 *    choose the Python with igraph and networkx (default /usr/bin/python3), BLAST_BENCH_SIZES
 *    to e.g. "20000:100000" for a subset, or to "none" to skip this part.
 * 2. `blast review` on a synthetic catalog with redundancy groups (`groupedCatalog`: 20k
 *    services, about 1,800 groups; BLAST_BENCH_GROUPED sets the size, "none" skips it): each
 *    finding builder and the whole review, against the single-failure sweep that feeds them
 *    (the same-run baseline), and the straightforward reference shared-fate builder of
 *    test/analysis/reference.ts, checked to give the same findings (BLAST_BENCH_REFERENCE=0
 *    skips it: it takes about half a minute at 20k). Then the whole review against the
 *    reference builders on a smaller catalog (BLAST_BENCH_REFERENCE_REVIEW, default 2000).
 *
 * `npx tsx bench/analysis.ts` (or `npm run bench -- analysis`).
 *
 * Quantities of part 1 (hard-only graph, edge u → v when u depends on v):
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
import { criticalServices, reviewCatalog } from '../src/analysis/review.js';
import { sharedFateFindings } from '../src/analysis/shared-fate.js';
import { spofFindings } from '../src/analysis/spof.js';
import { sweepSingleFailures } from '../src/analysis/sweep.js';
import { mulberry32 } from '../src/engine/rng.js';
import { referenceReview, referenceSharedFateFindings } from '../test/analysis/reference.js';
import { syntheticCatalog } from './synthetic.js';

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
  const parts = ['## Analyses'];
  if (process.env.BLAST_BENCH_SIZES !== 'none') parts.push(reachSection());
  const grouped = process.env.BLAST_BENCH_GROUPED ?? '20000';
  const withReference = process.env.BLAST_BENCH_REFERENCE !== '0';
  if (grouped !== 'none') parts.push(reviewSection(Number(grouped), withReference));
  const small = process.env.BLAST_BENCH_REFERENCE_REVIEW ?? '2000';
  if (withReference && small !== 'none') parts.push(referenceReviewSection(Number(small)));
  return parts.join('\n\n');
}

/** Part 1 (see the file header): ranking and SPOF counts against igraph and networkx. */
function reachSection(): string {
  const sizes = (process.env.BLAST_BENCH_SIZES ?? Object.keys(SAMPLES).join(',')).split(',');
  const lines = [
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

/**
 * `n` services from `syntheticCatalog` (bench/synthetic.ts: power-law fan-in, hard, soft and
 * async dependencies, no cycles, tiers i mod 4) with a redundancy group added to about 9% of
 * them: 2 to 4 earlier services, half picked by popularity (so members often share a hub, the
 * false redundancy shared fate is about), k from 1 to size - 1, mostly hard, some soft, some
 * `failOn: degraded`. Deterministic for a given size and seed; about 1,800 groups at 20k.
 */
export function groupedCatalog(n: number, seed = 7, share = 0.09): Catalog {
  const base = syntheticCatalog(n, seed);
  const rng = mulberry32(seed ^ 0x5eed);
  const pos = { file: 'synthetic.yaml', line: 1, col: 1 };
  const pool: number[] = []; // service i appears once plus once per dependent so far
  const services = new Map<string, Service>();
  let i = 0;
  for (const s of base.services.values()) {
    let dependsOn = s.dependsOn;
    if (i >= 8 && rng() < share) {
      const size = 2 + Math.floor(rng() * 3);
      const members = new Set<number>();
      for (let t = 0; members.size < size && t < 20; t++) members.add(rng() < 0.5 ? pool[Math.floor(rng() * pool.length)]! : Math.floor(rng() * i));
      if (members.size >= 2) {
        const of = [...members].map((m) => `s${m}`);
        const r = rng();
        const group: Dependency = {
          of,
          atLeast: 1 + Math.floor(rng() * (of.length - 1)),
          group: true,
          type: r < 0.8 ? 'hard' : 'soft',
          failOn: r > 0.9 ? 'degraded' : 'down',
          failover: false,
          pos,
          memberPos: of.map(() => pos),
        };
        dependsOn = [...dependsOn, group];
      }
    }
    for (const d of s.dependsOn) for (const m of d.of) pool.push(Number(m.slice(1)));
    pool.push(i);
    services.set(s.id, { ...s, dependsOn });
    i++;
  }
  return { ...base, meta: { name: `synthetic-grouped-${n}` }, services };
}

/** Wall time of `fn`: one run when it is slow, else the median of 5 after a warm-up run. */
function timeAdaptive<T>(fn: () => T): { ms: number; value: T } {
  const t0 = performance.now();
  const first = fn();
  const once = performance.now() - t0;
  if (once > 2000) return { ms: once, value: first };
  return timeMedian(5, fn);
}

/** Part 2 (see the file header): the review's finding builders on a catalog with groups. */
function reviewSection(n: number, withReference: boolean): string {
  const catalog = groupedCatalog(n);
  const cg = compileGraph(catalog);
  const targets = criticalServices(catalog).map((id) => cg.index.get(id)!);
  let groups = 0;
  for (let r = 0; r < cg.reqOwner.length; r++) if (catalog.services.get(cg.ids[cg.reqOwner[r]!]!)!.dependsOn[r - cg.reqStart[cg.reqOwner[r]!]!]!.group) groups++;
  const sweep = timeAdaptive(() => sweepSingleFailures(cg, { targets, groups: true, counts: false }));
  const sw = sweep.value;
  const causes = new Map(targets.map((t) => [t, sw.causes.get(t) ?? []] as const));
  const spof = timeAdaptive(() => spofFindings(catalog, cg, causes));
  const shared = timeAdaptive(() => sharedFateFindings(catalog, cg, sw.groupCauses));
  const review1 = timeAdaptive(() => reviewCatalog(catalog, { maxOrder: 1 }));
  const review2 = timeAdaptive(() => reviewCatalog(catalog));
  let pairs = 0;
  for (const cs of sw.groupCauses.values()) pairs += cs.length;
  const spofCount = [...causes.values()].reduce((a, cs) => a + cs.length, 0);
  const cutSets = review2.value.findings.filter((f) => f.kind === 'cut-set').length;
  const base = sweep.ms;
  const row = (what: string, ms: number, note = ''): string => `| ${what} | ${fmt(ms)} | ${ratio(ms / base)} | ${note} |`;
  const lines = [
    `\`blast review\` on \`groupedCatalog(${n})\` (${n.toLocaleString('en-US')} services, ${cg.reqMembers.length.toLocaleString('en-US')} dependency members, ${groups.toLocaleString('en-US')} redundancy groups, ${targets.length.toLocaleString('en-US')} tier 0-1 targets): each finding builder, and the whole review from the in-memory catalog, against the single-failure sweep that feeds them (targets and groups, no counts), measured in the same run. Medians of 5 runs after a warm-up, one run for anything over 2 s.`,
    '',
    '| step | time | × sweep | output |',
    '|---|---:|---:|---|',
    row('single-failure sweep (baseline)', base, `${spofCount.toLocaleString('en-US')} (target, cause) pairs, ${pairs.toLocaleString('en-US')} (group, cause) pairs`),
    row('SPOF findings', spof.ms, `${spof.value.length.toLocaleString('en-US')} findings`),
    row('shared-fate findings', shared.ms, `${shared.value.length.toLocaleString('en-US')} findings, ${shared.value.reduce((a, f) => a + f.evidence.length, 0).toLocaleString('en-US')} evidence paths`),
  ];
  if (withReference) {
    const t0 = performance.now();
    const ref = referenceSharedFateFindings(catalog, cg, sw.groupCauses);
    const refMs = performance.now() - t0;
    if (JSON.stringify(ref) !== JSON.stringify(shared.value)) throw new Error(`groupedCatalog(${n}): shared-fate findings differ from the reference implementation`);
    lines.push(row('shared-fate findings, reference (one evaluation per group and cause)', refMs, `identical findings (checked); ${ratio(refMs / shared.ms)} the time of the above`));
  }
  lines.push(row('whole review, `--max-order 1`', review1.ms, `${review1.value.findings.length.toLocaleString('en-US')} findings`));
  lines.push(row('whole review (default, `--max-order 2`)', review2.ms, `${review2.value.findings.length.toLocaleString('en-US')} findings, ${cutSets.toLocaleString('en-US')} cut sets`));
  lines.push('', `Reproduce: \`BLAST_BENCH_SIZES=none npx tsx bench/analysis.ts\` (\`BLAST_BENCH_GROUPED=5000\` for a smaller catalog, \`BLAST_BENCH_REFERENCE=0\` without the references).`);
  return lines.join('\n');
}

/**
 * The whole review against the reference builders of test/analysis/reference.ts (every
 * failure set evaluated alone on the whole graph, one search per evidence path), on a
 * catalog small enough for the reference to finish in seconds; findings checked identical.
 */
function referenceReviewSection(n: number): string {
  const catalog = groupedCatalog(n);
  const cg = compileGraph(catalog);
  const targets = criticalServices(catalog).map((id) => cg.index.get(id)!);
  const sweep = timeAdaptive(() => sweepSingleFailures(cg, { targets, groups: true, counts: false }));
  const ours = timeAdaptive(() => reviewCatalog(catalog));
  const t0 = performance.now();
  const ref = referenceReview(catalog);
  const refMs = performance.now() - t0;
  if (JSON.stringify(ref) !== JSON.stringify(ours.value)) throw new Error(`groupedCatalog(${n}): the review differs from the reference implementation`);
  const base = sweep.ms;
  return [
    `The whole review (default \`--max-order 2\`) on \`groupedCatalog(${n})\` (${ours.value.findings.length.toLocaleString('en-US')} findings), against the reference builders of \`test/analysis/reference.ts\` (every failure set evaluated alone on the whole graph, one search per evidence path); findings checked identical.`,
    '',
    '| step | time | × sweep |',
    '|---|---:|---:|',
    `| single-failure sweep (baseline) | ${fmt(base)} | 1.0× |`,
    `| whole review | ${fmt(ours.ms)} | ${ratio(ours.ms / base)} |`,
    `| whole review, reference | ${fmt(refMs)} | ${ratio(refMs / base)} |`,
    '',
    `Reference / ours: ${ratio(refMs / ours.ms)}. \`BLAST_BENCH_REFERENCE_REVIEW=5000\` for a larger catalog (minutes), \`none\` to skip.`,
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(await run());
}
