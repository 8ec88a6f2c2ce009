/**
 * Shared draws (`draw: <name>`, docs/catalog.md "Shared draws"): the parameters naming one draw
 * take the same quantile of their own distributions in every Monte Carlo trial; the others draw
 * on their own. The catalog's rules refuse a draw whose parameters are of different kinds, or free.
 */
import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/catalog/build.js';
import { buildModel, prepareSimulation, run } from '../../src/engine/index.js';
import { monteCarlo } from '../../src/engine/monte-carlo.js';
import { trialSeed } from '../../src/engine/rng.js';
import { catalogOf } from './helpers.js';

const yaml = (c: string, d = '{prior: restart-fleet}') => `
services:
  db: {name: DB}
  a: {name: A, dependsOn: [db], recovery: {time: {prior: restart-fleet, draw: fleet}}}
  b: {name: B, dependsOn: [db], recovery: {time: {prior: restart-fleet, draw: fleet}}}
  c: {name: C, dependsOn: [db], recovery: {time: ${c}}}
  d: {name: D, dependsOn: [db], recovery: {time: ${d}}}
scenarios:
  s:
    faults: [{service: db, at: 0m, for: 60m}]
`;

/** Recovery minute of each of a, b, c, d in `trials` Monte Carlo trials. */
function recoveries(text: string, trials: number): number[][] {
  const cat = catalogOf(text);
  const model = buildModel(prepareSimulation(cat), { scenario: cat.scenarios.get('s')! });
  const idx = ['a', 'b', 'c', 'd'].map((id) => model.graph.ids.indexOf(id));
  const v = new Float64Array(model.params.slots.length);
  const rows: number[][] = [];
  for (let k = 0; k < trials; k++) {
    model.params.sample(trialSeed(1, k), v);
    const o = run(model, v, { curves: false });
    rows.push(idx.map((i) => o.recovered[i]!));
  }
  return rows;
}

describe('shared draws', () => {
  it('parameters of one draw take the same quantile in every trial; the others draw on their own', () => {
    // restart-fleet is lognormal p50 90 min, p90 300 min; c's {p50: 45m, p90: 150m} is half of it
    // at every quantile (the same σ = ln(300/90)/z90 = ln(150/45)/z90), so c's warm-up is half of
    // a's in each trial: recovery 60 + w against 60 + w/2.
    const rows = recoveries(yaml('{p50: 45m, p90: 150m, draw: fleet}'), 200);
    let dDiffers = 0;
    for (const [a, b, c, d] of rows) {
      expect(b).toBe(a);
      expect(c! - 60).toBeCloseTo((a! - 60) / 2, 9);
      if (Math.abs(d! - a!) > 1e-6) dDiffers++;
    }
    expect(dDiffers).toBeGreaterThan(190); // d draws on its own: equal to a only by chance (never, here)
    // the draws are spread as the prior says: about a tenth of the trials above p90 (300 min)
    const above = rows.filter(([a]) => a! - 60 > 300).length;
    expect(above).toBeGreaterThan(8);
    expect(above).toBeLessThan(40);
  });

  it('the point estimate is the medians, as without a draw', () => {
    const cat = catalogOf(yaml('{p50: 45m, p90: 150m, draw: fleet}'));
    const model = buildModel(prepareSimulation(cat), { scenario: cat.scenarios.get('s')! });
    const o = run(model, model.params.medians(), { curves: false });
    const at = (id: string) => o.recovered[model.graph.ids.indexOf(id)]!;
    expect([at('a'), at('b'), at('c'), at('d')]).toEqual([150, 150, 105, 150]); // 60 + 90, 60 + 45
  });

  it('a catalog without draws samples as before (the draw only changes the streams of its own parameters)', () => {
    const withDraw = recoveries(yaml('{p50: 45m, p90: 150m}'), 50);
    const without = recoveries(yaml('{p50: 45m, p90: 150m}').replaceAll(', draw: fleet', ''), 50);
    // c and d name no draw in either: identical draws; a and b lose theirs
    expect(withDraw.map((r) => [r[2], r[3]])).toEqual(without.map((r) => [r[2], r[3]]));
    expect(without.some((r) => r[0] !== r[1])).toBe(true);
  });

  it('the sensitivity lists a draw once, under its first parameter', () => {
    const cat = catalogOf(yaml('{p50: 45m, p90: 150m, draw: fleet}'));
    const model = buildModel(prepareSimulation(cat), { scenario: cat.scenarios.get('s')! });
    const names = monteCarlo(model, 200, 1).sensitivity.map((x) => x.parameter);
    // a, b and c are one draw (three parameters), d its own: two entries
    expect(names.sort()).toEqual(['prior:restart-fleet (a.recovery.time) and 2 more (draw fleet)', 'prior:restart-fleet (d.recovery.time)']);
  });

  const diagnostics = (text: string) => buildCatalog([{ file: 'draw.yaml', bytes: new TextEncoder().encode(text) }]).diagnostics;

  it('refuses a draw whose parameters are of different kinds, at the second one, naming the first', () => {
    const text = yaml('{min: 30m, max: 2h, draw: fleet}');
    const d = diagnostics(text).filter((x) => x.severity === 'error');
    expect(d).toHaveLength(1);
    // line 6 of the text (it starts with a newline): "  c: {... recovery: {time: {min: 30m, max: 2h, draw: fleet}}}"
    const line = text.split('\n')[5]!;
    expect(d[0]!.pos).toMatchObject({ file: 'draw.yaml', line: 6, col: line.indexOf('draw: fleet') + 1 });
    expect(d[0]!.message).toBe(`draw fleet: a uniform here and a lognormal at draw.yaml:4:${text.split('\n')[3]!.indexOf('draw: fleet') + 1}; the parameters of one draw take the same quantile, so they must be of one kind`);
  });

  it('refuses a free parameter in a draw', () => {
    const d = diagnostics(yaml('{p50: 45m, p90: 150m, draw: fleet, free: true}')).filter((x) => x.severity === 'error');
    expect(d.map((x) => x.message)).toEqual(['draw fleet: a shared draw cannot be free (blast fit moves each parameter on its own)']);
  });

  it('a draw name is an id', () => {
    const d = diagnostics(yaml('{p50: 45m, p90: 150m, draw: "Fleet Restart"}')).filter((x) => x.severity === 'error');
    expect(d.length).toBeGreaterThan(0);
    expect(d[0]!.pos?.line).toBe(6);
  });
});
