/**
 * The engine against the frozen reference engine (test/engine/reference/, the engine before
 * capacity fractions) on catalogs that use none of the new fields, in the same run: the
 * ratio must stay ≤ 1.1 (issue: engine v2 keeps old-style catalogs as fast as before).
 */
import { loadCatalog } from '../src/catalog/load.js';
import { buildModel, prepareSimulation, run } from '../src/engine/index.js';
import { mulberry32 } from '../src/engine/rng.js';
import { run as referenceRun } from '../test/engine/reference/simulate.js';
import { syntheticCatalog } from './synthetic.js';

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
  const { catalog } = loadCatalog('catalogs/aws-us-east-1');
  const model = buildModel(prepareSimulation(catalog!), { scenario: catalog!.scenarios.get('2025-10-20-dynamodb-dns')! });
  const draws: Float64Array[] = [];
  const rng = mulberry32(1);
  for (let k = 0; k < 200; k++) { const v = new Float64Array(model.params.slots.length); model.params.sample(rng, v); draws.push(v); }
  row('AWS 2025-10-20 scenario, 200 Monte Carlo trials (as Monte Carlo runs them: no curves)', () => { for (const v of draws) run(model, v, { curves: false }); }, () => { for (const v of draws) referenceRun(model, v); }, 3);
  return lines.join('\n');
}

export { run_ as run };

if (import.meta.url === `file://${process.argv[1]}`) console.log(run_()); // npx tsx bench/engine-reference.ts
