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
import { buildCatalog } from '../../src/catalog/build.js';

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
    [6, 5, -55, 20, false, 'outside'], // api degraded from 5 serves capFrac 0.5 (no edge capacity): 50 % from its impact
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
      // api reaches 50 % at its impact, 5, with the first impact and web's
      'first impact < api at 50 % capacity',
      'web impact < api at 50 % capacity',
      'db at 100 % capacity < db recovered',
      'db at 100 % capacity < API back',
      'db recovered < API back',
    ]);
  });

  it('compares the named services with the simulated ones', () => {
    expect(result.affected).toEqual({ listed: true, named: ['web', 'cache', 'api', 'db'], both: ['web', 'api', 'db'], missed: ['cache'], extra: [], simulatedCount: 3 });
  });

  it('scores milestones within tolerance over those simulated', () => {
    expect(result.score).toEqual({ within: 5, scored: 9, total: 9, notSimulated: 0, boundsBroken: 0, fullRecovery: null, reversedPairs: 1, tiedPairs: 6 });
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

describe('capacity milestones below 1: the served fraction read on the curves', () => {
  // dep is down 0 → 10. pops restart over 100 / (10/min) = 10 min: served (t − 10)/10 from
  // 10 to 20. cdn scales with pops at 0.85: served 1 − 0.85 (1 − s_pops) = 0.15 from 0 to 10,
  // then 0.15 + 0.85 (t − 10)/10. side has no dependency on anything that fails.
  const text = (obs: string) => `services:
  dep: {name: Dep}
  pops: {name: POPs, dependsOn: [dep], restart: {units: 100, rate: 10/min}}
  cdn: {name: CDN, dependsOn: [{service: pops, type: soft, scales: 0.85}]}
  side: {name: Side}
scenarios:
  s:
    faults: [{service: dep, at: 0m, for: 10m}]
    observed:
${obs}`;
  const sim = (obs: string) => {
    const { catalog, diagnostics } = buildCatalog([{ file: 'c.yaml', bytes: new TextEncoder().encode(text(obs)) }]);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    return replayScenario(catalog!, catalog!.scenarios.get('s')!).result.rows.map((r) => [r.simulated, r.status]);
  };
  const src = 'source: "https://e.x/pm"';

  it('a ramp crosses the fraction between two points', () => {
    const rows = sim([
      `      - {service: pops, event: capacity, fraction: 0.5, at: 15m, ${src}}`, // 10 + 0.5 × 10 = 15
      `      - {service: pops, event: capacity, fraction: 0.95, at: 20m, ${src}}`, // 10 + 9.5 = 19.5
      // cdn: 0.15 + 0.85 (t − 10)/10 = 0.95 → t = 10 + 10 × 0.8 / 0.85 = 19.411765
      `      - {service: cdn, event: capacity, fraction: 0.95, at: 20m, ${src}}`,
    ].join('\n') + '\n');
    expect(rows.slice(0, 2)).toEqual([[15, 'within'], [19.5, 'within']]);
    expect(rows[2]![0]).toBeCloseTo(10 + 8 / 0.85, 9);
  });

  it('a second outage after the return does not move the milestone; a fraction the service never falls below is reached at its impact', () => {
    // pops is restarted and then taken down again by a second dep outage 25 → 30: it serves
    // 1 again at 20, falls to 0 at 25, ramps back over 30 → 40. A 0.95 milestone: it is below
    // 0.95 from 10 (its first impact) and back at 19.5, before the second outage.
    // cdn with fraction 0.1: serves 0.15 from its impact at 0 (never below 0.1), so at 0.
    const two = text('').replace('faults: [{service: dep, at: 0m, for: 10m}]', 'faults: [{service: dep, at: 0m, for: 10m}, {service: dep, at: 25m, for: 5m}]');
    const { catalog } = buildCatalog([{ file: 'c.yaml', bytes: new TextEncoder().encode(two + [
      `      - {service: pops, event: capacity, fraction: 0.95, at: 20m, ${src}}`,
      `      - {service: cdn, event: capacity, fraction: 0.1, at: 0m, ${src}}`,
      // a 20 % edge floor: cdn serves 0.15 from 0 to 10, above 0.1, so at 0; with 0.2 it is below from 0: back at 10 + 10 × 0.05 / 0.85
      `      - {service: cdn, event: capacity, fraction: 0.2, at: 11m, ${src}}`,
    ].join('\n') + '\n') }]);
    const rows = replayScenario(catalog!, catalog!.scenarios.get('s')!).result.rows.map((r) => r.simulated);
    expect(rows[0]).toBe(19.5);
    expect(rows[1]).toBe(0);
    expect(rows[2]).toBeCloseTo(10 + 0.5 / 0.85, 9);
  });

  it('a service first impaired above the fraction that then falls below reaches it when it comes back', () => {
    // x: a load fault leaves it 60 % for 0 → 10 (above 0.5), then dep takes it down 10 → 20,
    // then it restarts over 100 / (10/min) = 10 min: serves (t − 20)/10, 50 % at 25 (not at 0).
    const yaml = `services:
  dep: {name: Dep}
  x: {name: X, dependsOn: [dep], restart: {units: 100, rate: 10/min}}
scenarios:
  s:
    faults: [{service: x, at: 0m, for: 10m, capacity: 0.6}, {service: dep, at: 10m, for: 10m}]
    observed:
      - {service: x, event: capacity, fraction: 0.5, at: 25m, ${src}}
`;
    const { catalog } = buildCatalog([{ file: 'c.yaml', bytes: new TextEncoder().encode(yaml) }]);
    expect(replayScenario(catalog!, catalog!.scenarios.get('s')!).result.rows.map((r) => r.simulated)).toEqual([25]);
  });

  it('a service already at the fraction just after its impact reaches it then; one never impacted never does', () => {
    expect(sim([
      `      - {service: cdn, event: capacity, fraction: 0.1, at: 0m, ${src}}`, // serves 0.15 from its impact at 0
      `      - {service: side, event: capacity, fraction: 0.5, at: 0m, ${src}}`,
    ].join('\n') + '\n')).toEqual([[0, 'within'], [null, 'never-happened']]);
  });
});
