/**
 * The advisor's trials share one workspace per input (src/engine/workspace.ts) and give the
 * same samples, byte for byte, as trials that each allocate their own storage (the engine's
 * default path, the independent reference): the AWS catalog over two of its scenarios, and the
 * regions example (services with cells).
 */
import { expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.js';
import { sample, type Samples } from '../../src/advise/evaluate.js';

const bytes = (s: Samples): Buffer => Buffer.concat([...s.serviceHours, ...s.full, ...s.affected].map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength)));

it.each([['catalogs/aws-us-east-1'], ['catalogs/example-regions']])('%s: 40 trials of each of two scenarios, the same bytes with and without a workspace', (dir) => {
  const { catalog } = loadCatalog(dir);
  const inputs = [...catalog!.scenarios.values()].slice(0, 2).map((scenario) => ({ scenario }));
  const counted = new Set(catalog!.services.keys());
  const reused = sample(catalog!, inputs, 40, 6, counted);
  const fresh = sample(catalog!, inputs, 40, 6, counted, false);
  expect(reused.full.length).toBe(inputs.length);
  expect(reused.full[0]!.length).toBe(40);
  expect(bytes(reused).equals(bytes(fresh))).toBe(true);
}, 60_000);
