/**
 * The engine against the frozen reference engine (test/engine/reference/, the engine before
 * capacity fractions) on catalogs that use none of the new fields, in the same run: the
 * ratio must stay ≤ 1.1 (issue: engine v2 keeps old-style catalogs as fast as before).
 */
import { loadCatalog } from '../src/catalog/load.js';
import { buildModel, prepareSimulation, run } from '../src/engine/index.js';
import { mulberry32, trialSeed } from '../src/engine/rng.js';
import { run as referenceRun } from '../test/engine/reference/simulate.js';
import { syntheticCatalog } from './synthetic.js';
import type { Catalog, Service } from '../src/catalog/model.js';

/** The synthetic catalog with every engine-v2 mechanism in use: fraction edges, restarts, crash loops, clients. */
function withAllMechanisms(c: Catalog): Catalog {
  const rng = mulberry32(11);
  const services = new Map<string, Service>();
  for (const [id, s] of c.services) {
    const dependsOn = s.dependsOn.map((d) => {
      const r = rng();
      if (d.group || d.type === 'async') return d;
      return r < 0.15 ? { ...d, needs: 0.8 } : r < 0.3 ? { ...d, scales: 0.5 } : d;
    });
    const m = rng();
    services.set(id, {
      ...s,
      dependsOn,
      ...(m < 0.1 ? { restart: { units: { kind: 'const', value: 100 }, rate: { kind: 'const', value: 10 }, coldStart: { kind: 'const', value: 2 } } } : {}),
      ...(m > 0.1 && m < 0.15 ? { crashLoop: { base: { kind: 'const', value: 1 / 6 }, cap: { kind: 'const', value: 5 }, jitter: true } } : {}),
      ...(m > 0.15 && m < 0.2 ? { clients: { count: { kind: 'const', value: 50 }, retry: { kind: 'const', value: 2 } } } : {}),
    } as Service);
  }
  return { ...c, services };
}

/** CPU time of one call in ms: on a shared machine, wall time mostly measures the neighbours. */
function cpuMs(fn: () => void): number {
  const c0 = process.cpuUsage();
  fn();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
}

export function run_(): string {
  const lines = ['## Engine against the reference engine (old-style catalogs)', '', '| case | engine (ms) | reference (ms) | ratio |', '|---|---:|---:|---:|'];
  const row = (name: string, a: () => void, b: () => void, reps: number): void => {
    a(); b();
    // interleaved, best of many CPU-time measurements: the least noisy estimate on a shared machine
    let ta = Infinity;
    let tb = Infinity;
    for (let k = 0; k < 9; k++) {
      for (let r = 0; r < reps; r++) {
        ta = Math.min(ta, cpuMs(a));
        tb = Math.min(tb, cpuMs(b));
      }
    }
    lines.push(`| ${name} | ${ta.toFixed(2)} | ${tb.toFixed(2)} | ${(ta / tb).toFixed(3)} |`);
  };
  for (const n of [1_000, 20_000]) {
    const prep = prepareSimulation(syntheticCatalog(n, 7));
    const model = buildModel(prep, { fail: ['s0'], forMinutes: 60 });
    const v = model.params.medians();
    row(`synthetic power-law, ${n.toLocaleString('en-US')} services, one simulation with curves`, () => run(model, v), () => referenceRun(model, v), n >= 20_000 ? 5 : 21);
    row(`synthetic power-law, ${n.toLocaleString('en-US')} services, one simulation without curves`, () => run(model, v, { curves: false }), () => referenceRun(model, v), n >= 20_000 ? 5 : 21);
  }
  {
    const prep = prepareSimulation(withAllMechanisms(syntheticCatalog(20_000, 7)));
    const sc = { id: 'load', faults: [{ service: 's0', at: { kind: 'const' as const, value: 0 }, for: { kind: 'const' as const, value: 60 }, pos: { file: 'b', line: 1, col: 1 } }, { service: 's1', at: { kind: 'const' as const, value: 10 }, for: { kind: 'const' as const, value: 30 }, capacity: { kind: 'const' as const, value: 0.4 }, pos: { file: 'b', line: 1, col: 1 } }, { service: 's2', at: { kind: 'const' as const, value: 0 }, for: { kind: 'const' as const, value: 20 }, demand: { kind: 'const' as const, value: 3 }, pos: { file: 'b', line: 1, col: 1 } }], actions: [], pos: { file: 'b', line: 1, col: 1 } };
    const model = buildModel(prep, { scenario: sc });
    const v = model.params.medians();
    let best = Infinity;
    let affected = 0;
    for (let k = 0; k < 5; k++) best = Math.min(best, cpuMs(() => { affected = run(model, v).affected; }));
    lines.push(`| synthetic power-law, 20,000 services using every engine-v2 mechanism (needs, scales, restarts, crash loops, clients, load faults), one simulation with curves: ${affected.toLocaleString('en-US')} affected | ${best.toFixed(2)} | – | target < 300 ms |`);
  }
  const { catalog } = loadCatalog('catalogs/aws-us-east-1');
  const model = buildModel(prepareSimulation(catalog!), { scenario: catalog!.scenarios.get('2025-10-20-dynamodb-dns')! });
  const draws: Float64Array[] = [];
  for (let k = 0; k < 200; k++) { const v = new Float64Array(model.params.slots.length); model.params.sample(trialSeed(1, k), v); draws.push(v); }
  row('AWS 2025-10-20 scenario, 200 Monte Carlo trials (as Monte Carlo runs them: no curves)', () => { for (const v of draws) run(model, v, { curves: false }); }, () => { for (const v of draws) referenceRun(model, v); }, 3);
  return lines.join('\n');
}

export { run_ as run };

if (import.meta.url === `file://${process.argv[1]}`) console.log(run_()); // npx tsx bench/engine-reference.ts
