/**
 * The engine against the frozen reference engine (test/engine/reference/, the engine before
 * capacity fractions) on catalogs that use none of the new fields: the ratio must stay ≤ 1.1
 * with and without curves (issue: engine v2 keeps old-style catalogs as fast as before); and
 * one simulation of 20,000 services using every mechanism under 300 ms.
 *
 * CPU time (process.cpuUsage), not wall time: on a shared machine wall time mostly measures
 * the neighbours. The ratio rows time each engine in processes of their own, the two taking
 * turns, ROUNDS pairs per row, and give the median of each, the median of the pairs' ratios
 * and their range; the target is judged on that median. Timing both engines in one process is
 * biased by several per cent in a direction that depends on what the process loaded and ran
 * first (docs/performance.md), so one such run could come out either side of 1.1 for the
 * same code. In each process the engine is warmed up first (the optimizing compiler is slow to
 * finish when the machine is busy) and the least of many measurements is kept (a run of about a
 * millisecond is measured five times in a row). Each process loads yaml first, as the CLI does.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { loadCatalog } from '../src/catalog/load.js';
import { buildModel, prepareSimulation, run } from '../src/engine/index.js';
import { mulberry32, trialSeed } from '../src/engine/rng.js';
import { run as referenceRun } from '../test/engine/reference/simulate.js';
import { syntheticCatalog } from './synthetic.js';
import { fmtInt, fmtMs, table, type Row } from './rows.js';
import { engineRunner, leastCpuMs, type EngineMode } from './timing.js';
import type { Catalog, Service } from '../src/catalog/model.js';

/**
 * The synthetic catalog with every engine-v2 mechanism in use: fraction edges, stale edges,
 * restarts, crash loops, clients, queues that shed load, cells with a gradual failover, cold-cache
 * fills (the scenario adds load faults, one of them growing).
 *
 * Fills are placed as a sized architecture has them: a cache in front of an origin with a queue
 * whose capacity has room for the misses of every cache in front of it refilling at once. The
 * edges of the 3 % band of the draw after the stale edges (0.35–0.38) whose target has a queue
 * become `fill: {hitRatio: 0.9, warm: 15m, share: 0.3}` (a = 0.3 · 0.9/0.1 = 2.7 per cache), and
 * each such origin's capacity is raised to at least arrival · (1 + Σ a) over its caches (provisioned
 * for its caches coming back cold, as the Google SRE book, "Slow startup and cold caching", advises
 * for a cache the origin's capacity relies on). A surge then queues at
 * an origin only while something else has cut its capacity. At 20,000 services: 338 caches in
 * front of 184 origins.
 *
 * Random placement (every edge of that band, origins with or without a queue, as they come) loops
 * to the 30-day cut, and so do fills on every queue of the band without the room. Three loops
 * were artefacts of the engine and are fixed (src/engine/cachefill.ts, test/engine/cachefill-loop.test.ts):
 * a warm-up after an outage the origin caused through a dependency and a collapse of the cache's
 * own queue each emptied a cache that the documented model keeps, and an emptied cache started its
 * refill while it was still down (its outage passed to the origin). What remains is what the model says for such catalogs
 * (docs/model.md, "Cold caches loading their origin", its limits): an origin without spare
 * capacity whose surge takes down, through `needs`, a cache that comes back empty: another
 * origin's cache (two caches taking turns), or its own cache when it crash-loops (its restarts
 * empty it). With the fixes, random placement runs to the cut (1,000 services: 1.6 million
 * changes, 12 s of CPU), and so do fills on queues without the room (2,000 services: 9.3 million
 * changes, 11 s); on queues without the room in front of caches without crash loops the run ends at
 * 2,000 services (15,522 changes, 0.2 s) but not at 20,000 (49 million changes to the cut, 200 s).
 * With the room it ends at both (one cold run at 20,000: 81,896 changes, the last at minute 947).
 */
export function withAllMechanisms(c: Catalog): Catalog {
  const rng = mulberry32(11);
  const services = new Map<string, Service>();
  const k = (value: number) => ({ kind: 'const' as const, value });
  const pos = { file: 'b', line: 1, col: 1 };
  const h = 0.9;
  const fill = { hitRatio: k(h), warm: k(15), share: 0.3, pos };
  const surge = new Map<string, number>(); // per origin: Σ a of the caches in front of it
  for (const [id, s] of c.services) {
    const dependsOn = s.dependsOn.map((d) => {
      const r = rng();
      if (d.group || d.type === 'async') return d;
      if (r < 0.35) return r < 0.15 ? { ...d, needs: 0.8 } : r < 0.3 ? { ...d, scales: 0.5 } : { ...d, staleFor: k(5) };
      const o = d.of[0]!;
      if (r >= 0.38 || !c.services.get(o)?.backlog) return d;
      surge.set(o, (surge.get(o) ?? 0) + (fill.share * h) / (1 - h));
      return { ...d, fill };
    });
    const m = rng();
    const named = /^s\d$/.test(id); // s0…s9 carry the scenario's faults: no cells there
    services.set(id, {
      ...s,
      dependsOn,
      ...(s.backlog && m < 0.5 ? { backlog: { ...s.backlog, shedding: { after: k(0) } } } : {}),
      ...(m > 0.2 && m < 0.22 && !named ? { cells: { names: ['a', 'b', 'c'], shares: [1 / 3, 1 / 3, 1 / 3], failover: true, failoverOver: k(5), headroom: 0.5, pos } } : {}),
      ...(m < 0.1 ? { restart: { units: { kind: 'const', value: 100 }, rate: { kind: 'const', value: 10 }, coldStart: { kind: 'const', value: 2 } } } : {}),
      ...(m > 0.1 && m < 0.15 ? { crashLoop: { base: { kind: 'const', value: 1 / 6 }, cap: { kind: 'const', value: 5 }, jitter: true } } : {}),
      ...(m > 0.15 && m < 0.2 ? { clients: { count: { kind: 'const', value: 50 }, retry: { kind: 'const', value: 2 } } } : {}),
    } as Service);
  }
  // room for the misses: every draw of the origin's capacity at least arrival · (1 + Σ a)
  for (const [o, a] of surge) {
    const s = services.get(o)!;
    const b = s.backlog!;
    if (b.arrival.kind !== 'const') throw new Error(`bench: ${o}'s arrival is not a constant`);
    const need = b.arrival.value * (1 + a);
    const cap = b.capacity;
    const room = cap.kind === 'uniform' ? { kind: 'uniform' as const, min: Math.max(cap.min, need), max: Math.max(cap.max, need) } : cap.kind === 'const' ? k(Math.max(cap.value, need)) : null;
    if (room === null) throw new Error(`bench: ${o}'s capacity is neither a constant nor uniform`);
    services.set(o, { ...s, backlog: { ...b, capacity: room } });
  }
  return { ...c, services };
}

/** CPU time of one call in ms, averaged over `batch` calls in a row. */
function cpuMs(fn: () => void, batch = 1): number {
  const c0 = process.cpuUsage();
  for (let k = 0; k < batch; k++) fn();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000 / batch;
}

/**
 * Least CPU time of `a` and of `b` over `reps` interleaved measurements, after `warm` calls of
 * each; each measurement averages `batch` calls (a run of a millisecond is measured as several,
 * so one preemption or one collection weighs less in it).
 */
function bestOf(a: () => void, b: () => void, reps: number, warm: number, batch = 1): [number, number] {
  for (let k = 0; k < warm; k++) { a(); b(); }
  let ta = Infinity;
  let tb = Infinity;
  for (let k = 0; k < reps; k++) {
    if (k % 2 === 0) { ta = Math.min(ta, cpuMs(a, batch)); tb = Math.min(tb, cpuMs(b, batch)); }
    else { tb = Math.min(tb, cpuMs(b, batch)); ta = Math.min(ta, cpuMs(a, batch)); }
  }
  return [ta, tb];
}

/** Pairs of processes per ratio row. */
const ROUNDS = 5;
type Mode = Exclude<EngineMode, 'uns'>;
const CHILD = 'BENCH_ENGINE_REFERENCE_CHILD';

/** In a child process: least CPU ms per run of one engine ('v2' or 'reference') in one mode. */
async function child(engine: 'v2' | 'reference', mode: Mode, n: number): Promise<void> {
  await import('yaml'); // as the CLI: a CommonJS package loaded moves an engine's times by several per cent
  const model = buildModel(prepareSimulation(syntheticCatalog(n, 7)), { fail: ['s0'], forMinutes: 60 });
  const v = model.params.medians();
  const f = engine === 'reference' ? () => { referenceRun(model, v); } : engineRunner(run, model, v, mode);
  process.stdout.write(`${leastCpuMs(f, n >= 20_000)}\n`);
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** The engine in `mode` against the reference, ROUNDS pairs of processes taking turns. */
function ratioRow(work: string, mode: Mode, n: number, target = 1.1): Row {
  const tsx = join(import.meta.dirname, '..', 'node_modules', '.bin', 'tsx');
  const measure = (engine: 'v2' | 'reference'): number =>
    Number(execFileSync(tsx, [import.meta.filename], { env: { ...process.env, [CHILD]: JSON.stringify([engine, mode, n]) }, encoding: 'utf8' }).trim());
  const ours: number[] = [];
  const ref: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    if (r % 2 === 0) { ours.push(measure('v2')); ref.push(measure('reference')); }
    else { ref.push(measure('reference')); ours.push(measure('v2')); }
  }
  const pairs = ours.map((x, k) => x / ref[k]!);
  const ratio = median(pairs);
  const range = `${Math.min(...pairs).toFixed(2)}–${Math.max(...pairs).toFixed(2)}`;
  return {
    work: `${work} (${ROUNDS} pairs of processes; ratio: the median pair, range ${range})`,
    measured: `${fmtMs(median(ours))} CPU`, reference: `reference engine: ${fmtMs(median(ref))} CPU`, ratio, target: `≤ ${target}×`, met: ratio <= target,
  };
}

export async function run_(): Promise<string> {
  const rows: Row[] = [];
  for (const n of [1_000, 20_000]) {
    const size = `synthetic power-law, ${fmtInt(n)} services (none of the new fields), s0 down 1 h`;
    // with curves: the result reads them (the curves derived from the log are built too)
    rows.push(ratioRow(`${size}: one simulation with capacity curves and unserved minutes, read`, 'read', n));
    // curves recorded, not read: the curves that follow the labels are never built
    rows.push(ratioRow(`${size}: one simulation with capacity curves, not read`, 'rec', n));
    rows.push(ratioRow(`${size}: one simulation without curves (as Monte Carlo runs it)`, 'none', n));
  }
  {
    const prep = prepareSimulation(withAllMechanisms(syntheticCatalog(20_000, 7)));
    const pos = { file: 'b', line: 1, col: 1 };
    const c = (value: number) => ({ kind: 'const' as const, value });
    const sc = { id: 'load', faults: [{ service: 's0', at: c(0), for: c(60), pos }, { service: 's1', at: c(10), for: c(30), capacity: c(0.4), pos }, { service: 's2', at: c(0), for: c(20), demand: c(3), pos }, { service: 's3', at: c(5), for: c(60), capacity: c(0.3), capacityRamp: { over: c(30), pos }, pos }], actions: [], pos };
    const model = buildModel(prep, { scenario: sc });
    const v = model.params.medians();
    let affected = 0;
    const go = (): void => { const o = run(model, v); affected = o.affected; void o.curves.length; };
    for (let k = 0; k < 5; k++) go();
    let best = Infinity;
    for (let k = 0; k < 8; k++) best = Math.min(best, cpuMs(go));
    rows.push({
      work: `synthetic power-law, 20,000 services using every engine-v2 mechanism (needs, scales, stale edges, restarts, crash loops, clients, shedding queues, cells with a gradual failover, cold-cache fills in front of queues with room for their misses, load faults, one growing): one simulation with curves, ${fmtInt(affected)} affected`,
      measured: `${fmtMs(best)} CPU`, reference: '–', target: '< 300 ms', met: best < 300,
    });
  }
  {
    const { catalog } = loadCatalog('catalogs/aws-us-east-1');
    const model = buildModel(prepareSimulation(catalog!), { scenario: catalog!.scenarios.get('2025-10-20-dynamodb-dns')! });
    const draws: Float64Array[] = [];
    for (let k = 0; k < 200; k++) { const v = new Float64Array(model.params.slots.length); model.params.sample(trialSeed(1, k), v); draws.push(v); }
    const [ta, tb] = bestOf(() => { for (const v of draws) run(model, v, { curves: false }); }, () => { for (const v of draws) referenceRun(model, v); }, 20, 4);
    // the reference ignores the fields the catalog uses since engine v2: an indication, no target
    rows.push({ work: 'AWS 2025-10-20 scenario, 200 Monte Carlo trials without curves (the catalog uses engine-v2 fields, which the reference ignores)', measured: `${fmtMs(ta)} CPU`, reference: `reference engine: ${fmtMs(tb)} CPU`, ratio: ta / tb });
  }
  return ['## Engine against the reference engine', '', table(rows)].join('\n');
}

export { run_ as run };

if (process.env[CHILD]) {
  const [engine, mode, n] = JSON.parse(process.env[CHILD]) as ['v2' | 'reference', Mode, number];
  await child(engine, mode, n);
} else if (import.meta.url === `file://${process.argv[1]}`) console.log(await run_()); // npx tsx bench/engine-reference.ts
