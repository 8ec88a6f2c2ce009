/**
 * `blast compare --trials`: each side's trials share one workspace (src/engine/workspace.ts) and
 * give the same paired batches, byte for byte, as trials that each allocate their own storage
 * (the engine's default path, the independent reference). The two sides are the AWS scenario
 * and the same scenario on the catalog's own model built a second time, and a pair of
 * different scenarios of the incident library.
 */
import { expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.js';
import { buildModel, prepare, type Model } from '../../src/engine/model.js';
import { runPairedTrials, type PairedBatch } from '../../src/analysis/compare-trials.js';

const modelOf = (dir: string, scenario?: string): Model => {
  const { catalog } = loadCatalog(dir);
  const sc = scenario ? catalog!.scenarios.get(scenario)! : [...catalog!.scenarios.values()][0]!;
  return buildModel(prepare(catalog!), { scenario: sc });
};

const bytes = (b: PairedBatch): Buffer => Buffer.concat([...b.full, ...b.affected, ...b.hours].map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength)));

it.each([
  ['AWS 2025-10-20 against itself', 'catalogs/aws-us-east-1', '2025-10-20-dynamodb-dns', 'catalogs/aws-us-east-1', '2025-10-20-dynamodb-dns'],
  ['Roblox against Slack', 'catalogs/incidents/2021-10-28-roblox-consul', undefined, 'catalogs/incidents/2021-01-04-slack-transit-gateway', undefined],
])('%s: 50 paired trials, the same bytes with and without a workspace', (_, a, sa, b, sb) => {
  const models = [modelOf(a, sa), modelOf(b, sb)] as const;
  const reused = runPairedTrials(models, 4, 10, 60);
  const fresh = runPairedTrials(models, 4, 10, 60, false);
  expect(reused.full[0].length).toBe(50);
  expect(bytes(reused).equals(bytes(fresh))).toBe(true);
}, 60_000);
