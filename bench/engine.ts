/**
 * Engine benchmarks: one simulation on synthetic power-law catalogs of 1k, 20k and
 * 100k services (Monte Carlo on the AWS catalog is bench/montecarlo.ts). Each figure
 * is also given as a ratio to a baseline measured in the same run: a plain
 * reverse-reachability BFS over the same compiled graph (the least any propagation
 * must do).
 */
import { compileGraph } from '../src/graph/compile.js';
import { buildModel, prepareSimulation, run, explain } from '../src/engine/index.js';
import { syntheticCatalog } from './synthetic.js';
import { time } from './timing.js';


export async function run_(): Promise<string> {
  const lines = ['## Engine', '', '| catalog | services | dependencies | affected | simulate (ms) | BFS baseline (ms) | ratio |', '|---|---:|---:|---:|---:|---:|---:|'];
  for (const n of [1_000, 20_000, 100_000]) {
    const catalog = syntheticCatalog(n, 7);
    const prep = prepareSimulation(catalog);
    const g = prep.graph;
    const model = buildModel(prep, { fail: ['s0'], forMinutes: 60 });
    const values = model.params.medians();
    let affected = 0;
    const simMs = time(() => { affected = run(model, values).affected; }, n >= 100_000 ? 5 : 11);
    const bfsMs = time(() => {
      const seen = new Uint8Array(g.n);
      const stack = [0];
      seen[0] = 1;
      while (stack.length) {
        const v = stack.pop()!;
        for (let k = g.revStart[v]!; k < g.revStart[v + 1]!; k++) {
          const o = g.reqOwner[g.revReqs[k]!]!;
          if (!seen[o]) { seen[o] = 1; stack.push(o); }
        }
      }
    }, 11);
    const explainMs = time(() => explain(model, run(model, values)), 3) - simMs;
    lines.push(`| synthetic power-law | ${n.toLocaleString('en-US')} | ${g.reqMembers.length.toLocaleString('en-US')} | ${affected.toLocaleString('en-US')} | ${simMs.toFixed(1)} (+${Math.max(0, explainMs).toFixed(1)} to build the full result) | ${bfsMs.toFixed(2)} | ${(simMs / bfsMs).toFixed(0)}x |`);
  }
  void compileGraph;
  return lines.join('\n');
}

export { run_ as run };

if (import.meta.url === `file://${process.argv[1]}`) console.log(await run_()); // npx tsx bench/engine.ts
