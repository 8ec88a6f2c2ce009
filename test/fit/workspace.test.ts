/**
 * A fit's evaluations share one workspace (src/engine/workspace.ts) and give the same numbers as
 * evaluations that each allocate their own storage (the engine's default path, the independent
 * reference): the whole fit of test/fixtures/replay/fit.yaml, the AWS scenario's 14 milestones
 * over sampled parameter values, and the shared problem of the incident
 * library at a few points.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.js';
import { fitProblem, runProblem, type FitProblem } from '../../src/fit/problem.js';
import { milestoneTimes } from '../../src/replay/milestones.js';
import { trialSeed } from '../../src/engine/rng.js';
import { fit } from '../../src/fit/fit.js';
import { inProcessExecutor } from '../../src/fit/executor.js';
import { latinHypercube } from '../../src/fit/lhs.js';
import { sharedProblem, sharedTimes } from '../../src/fit/shared.js';

const bytes = (a: Float64Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/** The problem of `scenario` in catalog `dir`, with and without a workspace. */
function problems(dir: string, scenario: string): [FitProblem, FitProblem] {
  const { catalog } = loadCatalog(dir);
  const sc = catalog!.scenarios.get(scenario)!;
  return [fitProblem(catalog!, sc), fitProblem(catalog!, sc, false)];
}

describe('fit evaluations with and without a workspace', () => {
  it('the problem holds a workspace by default and none when asked not to', () => {
    const [reused, fresh] = problems('test/fixtures/replay/fit.yaml', 's');
    expect(reused.workspace).toBeDefined();
    expect(fresh.workspace).toBeUndefined();
  });

  it('the whole fit of test/fixtures/replay/fit.yaml: the same result', async () => {
    const [reused, fresh] = problems('test/fixtures/replay/fit.yaml', 's');
    const a = await fit(reused, inProcessExecutor(reused), { seed: 3 });
    const b = await fit(fresh, inProcessExecutor(fresh), { seed: 3 });
    expect(a.evaluations).toBeGreaterThan(100); // many runs of one model went through the workspace
    expect(a).toEqual(b);
  }, 60_000);

  it('AWS 2025-10-20 (no free parameter: its uncertain ones sampled instead): milestone times of 40 runs, the same bytes', () => {
    const [reused, fresh] = problems('catalogs/aws-us-east-1', '2025-10-20-dynamodb-dns');
    const values = new Float64Array(reused.model.params.slots.length);
    const times = (prob: FitProblem): Buffer => bytes(milestoneTimes(prob.model, runProblem(prob, values), prob.specs));
    for (let k = 0; k < 40; k++) {
      reused.model.params.sample(trialSeed(11, k), values);
      expect(times(reused).equals(times(fresh)), `draw ${k}`).toBe(true);
    }
  }, 60_000);

  it('the incident library as one shared problem: milestone times at 6 points, the same bytes', () => {
    const dirs = readdirSync('catalogs/incidents', { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => `catalogs/incidents/${e.name}`);
    const pairs = dirs.flatMap((dir) => {
      const { catalog } = loadCatalog(dir);
      return [...catalog!.scenarios.values()].filter((sc) => (sc.observed ?? []).length > 0).map((sc) => [fitProblem(catalog!, sc), fitProblem(catalog!, sc, false)] as const);
    });
    expect(pairs.length).toBeGreaterThan(3);
    const reused = sharedProblem(pairs.map((p) => p[0]));
    const fresh = sharedProblem(pairs.map((p) => p[1]));
    expect(reused.shared.length).toBeGreaterThan(0);
    for (const x of latinHypercube(6, reused.shared.length, 2)) {
      for (let p = 0; p < pairs.length; p++) expect(bytes(sharedTimes(reused, p, x)).equals(bytes(sharedTimes(fresh, p, x))), `problem ${p}`).toBe(true);
    }
  }, 60_000);
});
