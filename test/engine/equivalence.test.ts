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
import { shapeArb } from '../analysis/random-catalog.js';
import { cyclicModel, failureModel } from './helpers.js';
import type { Catalog } from '../../src/catalog/model.js';
import { specArb } from './cyclic-catalog.js';
import { oldStyleAws } from './aws-old-style.js';
import { blocksOf } from '../../src/graph/compile.js';
import { STATE_UP } from '../../src/engine/model.js';

// The frozen reference has no stop at a repeat of the whole state (src/engine/repeat.ts): both run
// to the end of their events or the 30-day cut (test/engine/repeat-properties.test.ts compares the two modes).
const noStop = { repeatStop: false } as const;

function same(model: Model, v: Float64Array): void {
  const a = run(model, v, noStop);
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

type Row = [number, number, number, number];

/**
 * Each service's settled history: its (time, state, cause kind, cause service) at the end of
 * every instant in which it was logged, leaving out those that repeat the settled entry before
 * (a service that went through an intermediate state within an instant and came back).
 */
function settledHistory(o: ReturnType<typeof run>['log'], n: number): Row[][] {
  const by: Row[][] = Array.from({ length: n }, () => []);
  const initial: Row[] = Array.from({ length: n }, () => [-1, STATE_UP, 0, -1]);
  const close = (i: number): void => {
    const h = by[i]!; const last = h.at(-1);
    if (last === undefined) return;
    const before = h.length > 1 ? h[h.length - 2]! : initial[i]!;
    if (last[1] === before[1] && last[2] === before[2] && last[3] === before[3]) h.pop();
  };
  for (let k = 0; k < o.length; k++) {
    const i = o.service[k]!; const h = by[i]!;
    const row: Row = [o.time[k]!, o.state[k]!, o.causeKind[k]!, o.causeService[k]!];
    if (h.length > 0 && h.at(-1)![0] === row[0]) h[h.length - 1] = row;
    else { close(i); h.push(row); }
  }
  for (let i = 0; i < n; i++) close(i);
  return by;
}

/**
 * `same`, except where the evaluation order around a settling block differs. Exactly the same
 * log and results, unless the catalog has two or more cyclic blocks (only then can a second
 * block settle while a service outside it waits in the worklist). Then the raw logs may differ
 * within an instant (the engine evaluates the deferred services after the block's commit, so a
 * member can pass through an intermediate state), and the comparison is, service by service, of
 * the settled histories. They are equal, or they agree up to the reference's last settled entry
 * (or up to its end), that entry is impaired, the engine's settled entry at that point is a
 * recovery no earlier than it, and the reference records no recovery (its stale label). Every other service has the
 * same impact, recovery, impaired minutes, worst state, queues and collapses.
 */
function sameUpToReferenceStale(model: Model, v: Float64Array): void {
  const a = run(model, v, noStop);
  const b = referenceRun(model, v);
  const blocks = blocksOf(model.graph).blockStart.length - 1;
  if (blocks < 2) { same(model, v); return; }
  const n = model.graph.ids.length;
  const ea = settledHistory(a.log, n);
  const eb = settledHistory(b.log, n);
  const stale = new Set<number>();
  const eq = (r: Row, q: Row): boolean => r[0] === q[0] && r[1] === q[1] && r[2] === q[2] && r[3] === q[3];
  for (let i = 0; i < n; i++) {
    const x = ea[i]!; const y = eb[i]!;
    let p = 0;
    while (p < x.length && p < y.length && eq(x[p]!, y[p]!)) p++;
    if (p === x.length && p === y.length) continue;
    // the reference stops at an impaired entry (at most one past the common prefix) and never
    // recovers; the engine's next settled entry is a recovery, no earlier
    stale.add(i);
    expect(y.length - p).toBeLessThanOrEqual(1);
    expect(y.length).toBeGreaterThan(0);
    expect(y.at(-1)![1]).not.toBe(STATE_UP);
    expect(p).toBeLessThan(x.length);
    expect(x[p]![1]).toBe(STATE_UP);
    expect(x[p]![0]).toBeGreaterThanOrEqual(y.at(-1)![0]);
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
        const model = failureModel(shape, src, dur);
        sameUpToReferenceStale(model, model.params.medians());
      }),
      { numRuns: 300 },
    );
  }, 120_000);

  it('random catalogs with warm-ups and queues, cycles of every type', () => {
    fc.assert(
      fc.property(specArb(true), (spec) => {
        const model = cyclicModel(spec);
        sameUpToReferenceStale(model, model.params.medians());
      }),
      { numRuns: 80 },
    );
  }, 120_000);
});
