/**
 * What the page asks of a simulation, on the hand-worked chain fixture: db down 0–30 min; api
 * waits for it, then warms up to 35; web waits for api, then warms up to 45; search is degraded
 * while api is impaired (soft); other is never affected.
 */
import { describe, expect, it } from 'vitest';
import { prepareSimulation, simulate } from '../../src/engine/index.js';
import { changeTimes, countsAt, searchServices, shownAt, timeSpan, whyAt } from '../../src/web/sim.js';
import { load } from './helpers.js';

const chain = load('test/fixtures/report/chain');
const result = simulate(prepareSimulation(chain), { scenario: chain.scenarios.get('db-outage')! });
const svc = (id: string) => result.services.find((s) => s.id === id)!;

describe('the page over a simulation', () => {
  it('counts the states at a moment', () => {
    expect(countsAt(result, 10)).toEqual({ up: 1, degraded: 1, down: 3, impairedFull: 4, impairedPartial: 0 });
    expect(countsAt(result, 40)).toEqual({ up: 4, degraded: 0, down: 1, impairedFull: 1, impairedPartial: 0 });
    expect(countsAt(result, 45)).toEqual({ up: 5, degraded: 0, down: 0, impairedFull: 0, impairedPartial: 0 });
  });

  it('draws a service grey until it is affected, then by state, green once up again', () => {
    expect(shownAt(svc('other'), 10)).toBe('idle');
    expect(shownAt(svc('search'), 10)).toBe('degraded');
    expect(shownAt(svc('web'), 40)).toBe('down');
    expect(shownAt(svc('search'), 40)).toBe('up');
    expect(shownAt(undefined, 0)).toBe('idle');
  });

  it('knows the moments of change and where the time axis ends', () => {
    expect(changeTimes(result)).toEqual([0, 30, 35, 45]);
    expect(changeTimes(result, [12, Infinity])).toEqual([0, 12, 30, 35, 45]);
    expect(timeSpan(result)).toBe(45);
    // something that never recovers: the axis runs on past the last change (at least an hour)
    const lost = simulate(prepareSimulation(chain), { scenario: chain.scenarios.get('db-lost')! });
    expect(timeSpan(lost)).toBe(5 + 60);
  });

  it('explains an impairment back to the trigger', () => {
    const why = whyAt(result, 'web', 10);
    expect(why.map((w) => [w.id, w.state])).toEqual([['web', 'down'], ['api', 'down'], ['db', 'down']]);
    expect(why[2]!.detail).toBe('failed (scenario fault)');
    expect(why[0]!.detail).toBe('API is down');
    // at 32 the database is back: the chain ends at the warming API
    expect(whyAt(result, 'web', 32).map((w) => w.id)).toEqual(['web', 'api']);
    expect(whyAt(result, 'web', 50)).toEqual([]);
    expect(whyAt(result, 'other', 10)).toEqual([]);
  });

  it('searches exact ids first, then names, prefixes and substrings', () => {
    const services = [...chain.services.values()].map((s) => ({ id: s.id, name: s.name }));
    expect(searchServices(services, 'api')[0]!.id).toBe('api');
    expect(searchServices(services, 'Database')[0]!.id).toBe('db');
    expect(searchServices(services, 'we').map((s) => s.id)).toEqual(['web']);
    expect(searchServices(services, 'a').map((s) => s.id)).toEqual(['api', 'search', 'db']);
    expect(searchServices(services, '  ')).toEqual([]);
  });
});
