/**
 * Replay of test/fixtures/replay/small.yaml, every number worked out by hand from the
 * engine's rules (docs/model.md): db is down 5 → 65; web (hard) is down 5 → 65 and warms
 * up for 10 minutes, so it recovers at 75; api (soft) is degraded 5 → 65 and never down;
 * cache is untouched. Time to full recovery: 75.
 */
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.js';
import { replayScenario } from '../../src/replay/run.js';
import { compareMilestone, orderCheck } from '../../src/replay/compare.js';
import type { Observation } from '../../src/catalog/model.js';

const { catalog } = loadCatalog('test/fixtures/replay/small.yaml');
const { result } = replayScenario(catalog!, catalog!.scenarios.get('db-outage')!);
const row = (k: number) => result.rows[k - 1]!;

describe('replay rows', () => {
  it.each<[number, number | null, number | null, number, boolean, string]>([
    // k, simulated, error, tolerance, within, status
    [1, 5, -5, 20, true, 'within'],
    [2, 75, -25, 25, true, 'within'], // |−25| ≤ 25 % of 100
    [3, null, null, 20, false, 'never-happened'], // a soft dependency never takes api down
    [4, 75, -45, 30, true, 'within'], // an upper bound: earlier is fine
    [5, 65, -25, 10, false, 'outside'],
    [6, null, null, 20, false, 'not-simulated'], // a capacity fraction below 1
    [7, 5, 5, 20, true, 'within'],
    [8, 65, -5, 20, true, 'within'], // capacity 1 is recovered
    [9, 65, -55, 30, false, 'outside'],
  ])('milestone %i', (k, simulated, error, tolerance, within, status) => {
    const r = row(k);
    expect([r.simulated, r.error, r.tolerance, r.within, r.status]).toEqual([simulated, error, tolerance, within, status]);
  });

  it('gives the error in percent of the observed time, none at minute 0', () => {
    expect(row(2).errorPercent).toBe(-25);
    expect(row(5).errorPercent).toBeCloseTo((-25 / 90) * 100, 10);
    expect(row(7).errorPercent).toBeNull();
  });

  it('labels: as written, or service and event', () => {
    expect([row(1).label, row(4).label, row(6).label, row(7).label, row(9).label]).toEqual([
      'web impact', 'all recovered (time to full recovery)', 'api at 50 % capacity', 'first impact', 'API back',
    ]);
  });

  it('bounds: only the bounded milestone has a verdict', () => {
    expect(result.rows.map((r) => r.boundRespected)).toEqual([null, null, null, true, null, null, null, null, null]);
  });
});

describe('order, affected services and score', () => {
  it('finds the reversed pair and the ties', () => {
    const pairs = (ps: readonly { first: string; second: string }[]) => ps.map((p) => `${p.first} < ${p.second}`);
    expect(pairs(result.order.reversed)).toEqual(['web recovered < API back']);
    expect(pairs(result.order.tied)).toEqual([
      'first impact < web impact',
      'db at 100 % capacity < db recovered',
      'db at 100 % capacity < API back',
      'db recovered < API back',
    ]);
  });

  it('compares the named services with the simulated ones', () => {
    expect(result.affected).toEqual({ listed: true, named: ['web', 'cache', 'api', 'db'], both: ['web', 'api', 'db'], missed: ['cache'], extra: [], simulatedCount: 3 });
  });

  it('scores milestones within tolerance over those simulated', () => {
    expect(result.score).toEqual({ within: 5, scored: 8, total: 9, notSimulated: 1, boundsBroken: 0, fullRecovery: null, reversedPairs: 1, tiedPairs: 4 });
  });
});

describe('single milestones', () => {
  const obs = (o: Partial<Observation>): Observation => ({ service: 'x', event: 'recovered', at: 100, source: 'https://e.x', pos: { file: 'f', line: 1, col: 1 }, ...o });
  it.each<[string, Partial<Observation>, number, boolean, boolean | null, string]>([
    ['upper bound broken within tolerance', { bound: 'upper' }, 110, true, false, 'within'],
    ['upper bound broken beyond tolerance', { bound: 'upper' }, 130, false, false, 'outside'],
    ['lower bound met', { bound: 'lower' }, 300, true, true, 'within'],
    ['lower bound, never recovers', { bound: 'lower' }, Infinity, true, true, 'within'],
    ['upper bound, never recovers', { bound: 'upper' }, Infinity, false, false, 'never-recovered'],
    ['exact, never recovers', {}, Infinity, false, null, 'never-recovered'],
    ['tolerance as stated', { tolerance: 5 }, 106, false, null, 'outside'],
    ['25 % of a long time', { at: 1000 }, 1250, true, null, 'within'],
  ])('%s', (_n, o, sim, within, bound, status) => {
    const r = compareMilestone(obs(o), 0, sim);
    expect([r.within, r.boundRespected, r.status]).toEqual([within, bound, status]);
  });

  it('never-recovered sorts after every time in the order check', () => {
    const rows = [compareMilestone(obs({ at: 200, label: 'b' }), 1, 150), compareMilestone(obs({ at: 100, label: 'a' }), 0, Infinity)];
    expect(orderCheck(rows).reversed.map((p) => [p.first, p.second])).toEqual([['a', 'b']]);
  });
});
