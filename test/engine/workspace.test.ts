/**
 * Reusing a workspace (src/engine/workspace.ts) changes no number: Monte Carlo batches with and
 * without reuse are the same bytes on every bundled catalog and scenario (the AWS catalog with its
 * staged restarts and slow starts, example-regions with cells, the incident library), every field
 * of a run with a reused workspace (curves and log included) equals a fresh run's, also on
 * random catalogs with cycles and when the previous run left garbage in every array it owns; and an outcome of the default path is not touched by later runs.
 * The independent reference is the engine's own default path, which allocates fresh storage per run.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadCatalog } from '../../src/catalog/load.js';
import { buildModel, prepareSimulation } from '../../src/engine/index.js';
import type { Model } from '../../src/engine/model.js';
import { runTrials } from '../../src/engine/monte-carlo.js';
import { run, type RunOutcome } from '../../src/engine/simulate.js';
import { Workspace } from '../../src/engine/workspace.js';
import { Sim } from '../../src/engine/state.js';
import type { Cycles } from '../../src/engine/cycles.js';
import { BATCH_ARRAYS } from '../../src/engine/trial-batch.js';
import { catalogOf } from './helpers.js';
import { specArb, toYaml } from './cyclic-catalog.js';

const dirs = ['catalogs/aws-us-east-1', 'catalogs/example-regions', 'catalogs/example-shop', ...readdirSync('catalogs/incidents', { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => `catalogs/incidents/${e.name}`)];

/** Every scenario of every bundled catalog, as a model. */
const models: Array<[string, Model]> = [];
for (const dir of dirs) {
  const { catalog } = loadCatalog(dir);
  const prep = prepareSimulation(catalog!);
  for (const [id, scenario] of catalog!.scenarios) models.push([`${dir} ${id}`, buildModel(prep, { scenario })]);
}

const bytes = (a: ArrayBufferView): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/** Every field of an outcome as bytes (the log and the curves up to their lengths), read now. */
function snapshot(o: RunOutcome): Record<string, Buffer | number> {
  const s: Record<string, Buffer | number> = {};
  for (const k of ['impactStart', 'recovered', 'impaired', 'worst', 'backlogPeak', 'backlogPeakAt', 'collapseStart', 'collapseEnd', 'collapseEndBy', 'actionAt', 'anchorAt', 'unserved', 'herdClients'] as const) s[k] = Buffer.from(bytes(o[k]));
  for (const k of ['affected', 'fullRecovery', 'horizon', 'events'] as const) s[k] = o[k];
  const { log, curves } = o;
  for (const k of ['time', 'service', 'state', 'causeKind', 'causeService'] as const) s[`log.${k}`] = Buffer.from(bytes(log[k].subarray(0, log.length)));
  for (const k of ['time', 'service', 'capacity', 'served'] as const) s[`curves.${k}`] = Buffer.from(bytes(curves[k].subarray(0, curves.length)));
  return s;
}

/**
 * Fills every array a workspace owns with garbage (bytes 0xA7), as if a run had left anything
 * there: a run must not depend on what the previous one left. The caller's values and the
 * constants shared by every run of the model (the arrays of unused mechanisms, the cyclic blocks) are left alone: a fresh
 * Sim of the same model has the very same objects.
 */
function poison(ws: Workspace, model: Model, curves: boolean): void {
  const inner = ws as unknown as { S: Sim | null; cy: Cycles | null };
  if (inner.S === null) return;
  const probe = new Sim(model, model.params.medians(), curves);
  // the caller's parameter values, and the cyclic blocks (model constants)
  const constant = new Set(['v', 'blockOf', 'blockStart', 'blockMembers', 'bitOf']);
  const own = (o: object, ref: object | null): void => {
    for (const [k, x] of Object.entries(o)) {
      if (!ArrayBuffer.isView(x) || constant.has(k) || (ref !== null && (ref as Record<string, unknown>)[k] === x)) continue;
      new Uint8Array(x.buffer, x.byteOffset, x.byteLength).fill(0xa7);
    }
  };
  own(inner.S, probe);
  own(inner.S.log, null);
  own(inner.S.curves, null);
  if (inner.cy) own(inner.cy, null);
}

it('the bundled catalogs include cells, staged restarts and slow starts (what the comparisons below must cover)', () => {
  expect(models.some(([, m]) => m.cells !== undefined)).toBe(true);
  expect(models.some(([, m]) => m.services.some((s) => s.restart !== null))).toBe(true);
  expect(models.length).toBeGreaterThan(10);
});

describe('Monte Carlo batches: the same bytes with and without a reused workspace', () => {
  it.each(models)('%s', (_, model) => {
    const trials = model.params.uncertain().length > 0 ? 40 : 3;
    const a = runTrials(model, 7, 5, 5 + trials, true);
    const b = runTrials(model, 7, 5, 5 + trials, false);
    for (const k of BATCH_ARRAYS) expect(bytes(a[k]).equals(bytes(b[k])), k).toBe(true);
  }, 60_000);

  it('AWS 2025-10-20, 400 trials', () => {
    const model = models.find(([name]) => name.endsWith('aws-us-east-1 2025-10-20-dynamodb-dns'))![1];
    const a = runTrials(model, 1, 0, 400);
    const b = runTrials(model, 1, 0, 400, false);
    for (const k of BATCH_ARRAYS) expect(bytes(a[k]).equals(bytes(b[k])), k).toBe(true);
  }, 60_000);
});

describe('runs with a reused workspace equal fresh runs, field by field', () => {
  it.each(models)('%s: curves on and off, alternating, over sampled values', (_, model) => {
    const ws = new Workspace(model);
    const values = new Float64Array(model.params.slots.length);
    for (let k = 0; k < 6; k++) {
      model.params.sample(1000 + k, values);
      // curves off, off, on, on, off, on: the workspace rebuilds its state when the option changes
      const curves = k === 2 || k === 3 || k === 5;
      const fresh = snapshot(run(model, values, { curves }));
      if (k === 1 || k === 3) poison(ws, model, curves);
      const reused = snapshot(run(model, values, { curves, workspace: ws }));
      expect(reused).toEqual(fresh);
    }
  }, 60_000);

  // the two mixes of test/engine/cycles.test.ts (health checks with warm-ups too can make runs of
  // hundreds of thousands of events: slow, not wrong)
  it.each([
    ['health checks (failOn: degraded), queues', true, false],
    ['warm-ups, queues', false, true],
  ])('random catalogs with cycles, %s: a second run in the same workspace equals a fresh one', (_, failOn, warm) => {
    fc.assert(
      fc.property(specArb(true, failOn, warm), (spec) => {
        const c = catalogOf(toYaml(spec, false));
        const model = buildModel(prepareSimulation(c), { scenario: c.scenarios.get('s')! });
        const v = model.params.medians();
        const ws = new Workspace(model);
        const fresh = snapshot(run(model, v));
        run(model, v, { workspace: ws });
        poison(ws, model, true);
        expect(snapshot(run(model, v, { workspace: ws }))).toEqual(fresh);
      }),
      { numRuns: 60 },
    );
  }, 120_000);

  it('a workspace refuses a run of another model (a bug of the caller)', () => {
    const ws = new Workspace(models[0]![1]);
    const other = models[1]![1];
    expect(() => run(other, other.params.medians(), { workspace: ws })).toThrow(/another model; this is a bug/);
  });
});

describe('the default path: an outcome is not corrupted by later runs', () => {
  it.each(models.filter(([, m]) => m.params.uncertain().length > 0).slice(0, 6))('%s', (_, model) => {
    const v1 = new Float64Array(model.params.slots.length);
    model.params.sample(11, v1);
    const first = run(model, v1);
    const expected = snapshot(run(model, v1));
    // later runs, with other values, with and without curves, and in a workspace
    const v2 = new Float64Array(model.params.slots.length);
    const ws = new Workspace(model);
    for (let k = 0; k < 4; k++) {
      model.params.sample(20 + k, v2);
      run(model, v2, { curves: k % 2 === 0 });
      run(model, v2, { workspace: ws, curves: false });
    }
    v1.fill(NaN); // the caller's values may change too: the outcome does not read them afterwards
    // the curves and unserved minutes of `first` are derived from its log only now, on first read
    expect(snapshot(first)).toEqual(expected);
  }, 60_000);
});
