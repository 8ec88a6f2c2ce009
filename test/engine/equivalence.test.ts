/**
 * Catalogs that use none of the capacity-fraction fields mean exactly what they meant
 * before: the engine and the frozen reference engine (test/engine/reference/) produce the
 * same transitions (time, service, state, cause), recoveries, queues and collapses, on
 * every bundled scenario (at the medians and at random parameter draws) and on random
 * catalogs.
 *
 * One deliberate difference: while a cyclic block settles, the engine defers a service outside
 * that block to after the block's commit (src/engine/cycles.ts, `deferred`). The reference
 * evaluates it tentatively when a second block settles in the same instant, writes its new state
 * without logging it, and so can leave its label impaired for good (the stale-label bug of
 * test/engine/stuck-label.test.ts). The random catalogs are therefore compared by
 * `sameUpToReferenceStale` (exactly, unless they have two or more cyclic blocks);
 * test/engine/reference-stale.test.ts works one such catalog by hand.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadCatalog } from '../../src/catalog/load.js';
import { buildModel, prepareSimulation, run, type Model } from '../../src/engine/index.js';
import { trialSeed } from '../../src/engine/rng.js';
import { run as referenceRun } from './reference/simulate.js';
import { catalogFromShape, shapeArb } from '../analysis/random-catalog.js';
import { catalogOf } from './helpers.js';
import type { Catalog } from '../../src/catalog/model.js';
import { specArb, toYaml } from './cyclic-catalog.js';
import { oldStyleAws } from './aws-old-style.js';
import { blocksOf } from '../../src/graph/compile.js';
import { STATE_UP } from '../../src/engine/model.js';

function same(model: Model, v: Float64Array): void {
  const a = run(model, v);
  const b = referenceRun(model, v);
  expect(a.log.length).toBe(b.log.length);
  const rows = (o: typeof a.log) => Array.from({ length: o.length }, (_, k) => [o.time[k], o.service[k], o.state[k], o.causeKind[k], o.causeService[k]]);
  expect(rows(a.log)).toEqual(rows(b.log));
  for (const key of ['impactStart', 'recovered', 'impaired', 'worst', 'backlogPeak', 'backlogPeakAt', 'collapseStart', 'collapseEnd', 'collapseEndBy'] as const) {
    expect(Array.from(a[key])).toEqual(Array.from(b[key]));
  }
  expect(a.affected).toBe(b.affected);
  expect(a.fullRecovery).toBe(b.fullRecovery);
  expect(a.horizon).toBe(b.horizon);
}

type Row = [number, number, number, number, number];

/** Each service's log entries (time, state, cause kind, cause service), in log order. */
function entriesByService(o: ReturnType<typeof run>['log'], n: number): Row[][] {
  const by: Row[][] = Array.from({ length: n }, () => []);
  for (let k = 0; k < o.length; k++) by[o.service[k]!]!.push([o.time[k]!, o.service[k]!, o.state[k]!, o.causeKind[k]!, o.causeService[k]!]);
  return by;
}

/**
 * `same`, except where the reference leaves a label stale. Exactly the same log and results,
 * unless the catalog has two or more cyclic blocks (only then can a second block settle while a
 * service outside it waits in the worklist). Then, service by service: the reference's entries
 * are a prefix of the engine's; where the engine has more, the reference's last entry is impaired
 * and the engine's first extra entry, no earlier, is a recovery (the reference never logged
 * the recovery it computed); every other service has the same entries and the same results.
 * The interleaving of services within an instant may differ (the engine evaluates the deferred
 * services after the block's commit).
 */
function sameUpToReferenceStale(model: Model, v: Float64Array): void {
  const a = run(model, v);
  const b = referenceRun(model, v);
  const blocks = blocksOf(model.graph).blockStart.length - 1;
  if (blocks < 2) { same(model, v); return; }
  const n = model.graph.ids.length;
  const ea = entriesByService(a.log, n);
  const eb = entriesByService(b.log, n);
  const stale = new Set<number>();
  for (let i = 0; i < n; i++) {
    const x = ea[i]!; const y = eb[i]!;
    expect(x.slice(0, y.length)).toEqual(y);
    if (x.length === y.length) continue;
    stale.add(i);
    const last = y.at(-1)!;
    expect(last[2]).not.toBe(STATE_UP);
    expect(x[y.length]![2]).toBe(STATE_UP);
    expect(x[y.length]![0]).toBeGreaterThanOrEqual(last[0]);
    expect(Number.isNaN(b.recovered[i]!)).toBe(true);
  }
  for (let i = 0; i < n; i++) {
    const keys = stale.has(i) ? (['impactStart', 'worst'] as const) : (['impactStart', 'recovered', 'impaired', 'worst', 'backlogPeak', 'backlogPeakAt', 'collapseStart', 'collapseEnd', 'collapseEndBy'] as const);
    for (const key of keys) expect([i, key, a[key][i]]).toEqual([i, key, b[key][i]]);
  }
  expect(a.affected).toBe(b.affected);
  expect(a.horizon).toBe(b.horizon);
  if (stale.size === 0) expect(a.fullRecovery).toBe(b.fullRecovery);
}

/**
 * Inputs whose run impairs a service using a field the reference engine predates (a staged
 * restart, a crash loop, a queue with reconnecting clients) are left out: the rest of a
 * catalog that uses them somewhere must still match exactly.
 */
function touchesNewFields(catalog: Catalog, model: Model): boolean {
  const clientsOf = new Set([...catalog.services.values()].filter((s) => s.clients).flatMap((s) => s.dependsOn.flatMap((d) => [...d.of])));
  const o = run(model, model.params.medians());
  return model.graph.ids.some((id, i) => {
    const s = catalog.services.get(id)!;
    return (s.restart !== undefined || s.crashLoop !== undefined || (s.backlog !== undefined && clientsOf.has(id))) && !Number.isNaN(o.impactStart[i]!);
  });
}

describe('old-style catalogs give exactly the results of the reference engine', () => {
  // the AWS catalog as it was before its scenario used staged restarts and priors (aws-old-style.ts)
  for (const [dir, catalog] of [['catalogs/aws-us-east-1 (old style)', oldStyleAws()], ['catalogs/example-shop', loadCatalog('catalogs/example-shop').catalog]] as const) {
    const prep = prepareSimulation(catalog!);
    for (const sc of catalog!.scenarios.values()) {
      if (touchesNewFields(catalog!, buildModel(prep, { scenario: sc }))) continue;
      it(`${dir}: ${sc.id}, medians and 50 random draws`, () => {
        const model = buildModel(prep, { scenario: sc });
        same(model, model.params.medians());
        const v = new Float64Array(model.params.slots.length);
        for (let k = 0; k < 50; k++) {
          model.params.sample(trialSeed(7, k), v);
          same(model, v);
        }
      }, 120_000);
    }
    it(`${dir}: every service failed alone for 1h`, () => {
      for (const id of catalog!.services.keys()) {
        const model = buildModel(prep, { fail: [id], forMinutes: 60 });
        if (touchesNewFields(catalog!, model)) continue;
        same(model, model.params.medians());
      }
    }, 120_000);
  }

  it('random catalogs (any mix of hard, soft, async, groups, failOn, cycles)', () => {
    fc.assert(
      fc.property(shapeArb({ maxServices: 9 }), fc.nat(), fc.integer({ min: 1, max: 120 }), (shape, src, dur) => {
        const catalog = catalogFromShape(shape);
        const ids = [...catalog.services.keys()];
        const model = buildModel(prepareSimulation(catalog), { fail: [ids[src % ids.length]!], forMinutes: dur });
        sameUpToReferenceStale(model, model.params.medians());
      }),
      { numRuns: 300 },
    );
  }, 120_000);

  it('random catalogs with warm-ups and queues, cycles of every type', () => {
    fc.assert(
      fc.property(specArb(true), (spec) => {
        const c = catalogOf(toYaml(spec, false));
        const model = buildModel(prepareSimulation(c), { scenario: c.scenarios.get('s')! });
        sameUpToReferenceStale(model, model.params.medians());
      }),
      { numRuns: 80 },
    );
  }, 120_000);
});
