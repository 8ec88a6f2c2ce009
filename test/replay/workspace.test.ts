/**
 * Replay's Monte Carlo trials share one workspace (src/engine/workspace.ts) and give the same
 * milestone times, byte for byte, as trials that each allocate their own storage (the engine's
 * default path, the independent reference): the AWS scenario's 14 milestones and every
 * scenario with observations in the incident library.
 */
import { readdirSync } from 'node:fs';
import { expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.js';
import { buildModel, prepare } from '../../src/engine/model.js';
import { milestoneSpecs } from '../../src/replay/milestones.js';
import { milestoneTrials } from '../../src/replay/run.js';

const dirs = ['catalogs/aws-us-east-1', ...readdirSync('catalogs/incidents', { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => `catalogs/incidents/${e.name}`)];
const cases = dirs.flatMap((dir) => {
  const { catalog } = loadCatalog(dir);
  return [...catalog!.scenarios.values()].filter((sc) => (sc.observed ?? []).length > 0).map((sc) => [`${dir} ${sc.id}`, catalog!, sc] as const);
});

const bytes = (a: Float64Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

it('the library has scenarios with observations to replay', () => {
  expect(cases.length).toBeGreaterThan(4);
});

it.each(cases)('%s: 60 trials, the same bytes with and without a workspace', (_, catalog, sc) => {
  const model = buildModel(prepare(catalog), { scenario: sc });
  const specs = milestoneSpecs(model, sc.observed!);
  const reused = milestoneTrials(model, specs, 9, 20, 80);
  const fresh = milestoneTrials(model, specs, 9, 20, 80, false);
  expect(reused.length).toBe(60 * specs.length);
  expect(bytes(reused).equals(bytes(fresh))).toBe(true);
}, 60_000);
