import { describe, expect, it } from 'vitest';
import type { ServiceResult, SimulationResult } from '../../src/engine/index.js';
import { cascadeOrder, clockAt, countsAt, cursorColumn, eventTimes, niceStep, seekEvent, sparkline, stateAt, timelineSpan, zoneOf } from '../../src/tui/state/timeline.js';
import { loadCatalog } from '../../src/catalog/load.js';
import { recoverySummary } from '../../src/tui/state/curve.js';
import { prepareSimulation, simulate } from '../../src/engine/index.js';

const cause = (service: string) => ({ kind: 'dependency' as const, service, detail: `${service} is down` });

function svc(id: string, intervals: ServiceResult['intervals']): ServiceResult {
  const first = intervals[0];
  const last = intervals[intervals.length - 1];
  return {
    id,
    name: id,
    tier: 1,
    impactStartMinutes: first ? first.start : null,
    recoveredMinutes: last && last.end !== null ? last.end : null,
    recovered: !last || last.end !== null,
    worstState: intervals.some((i) => i.state === 'down') ? 'down' : intervals.length ? 'degraded' : 'up',
    impairedMinutes: intervals.reduce((m, i) => m + ((i.end ?? 0) - i.start), 0),
    intervals,
    partial: false,
    backlogPeak: null,
    collapse: null,
  };
}

// Three services: a fails 0–10; b is down 0–10 then degraded 10–25; c is never affected.
const result: SimulationResult = {
  scenario: 'hand',
  scenarioName: null,
  start: '2025-10-19T23:48:00-07:00',
  horizonMinutes: 25,
  servicesTotal: 3,
  affected: 2,
  fullRecoveryMinutes: 25,
  services: [
    svc('a', [{ state: 'down', start: 0, end: 10, cause: { kind: 'fault', service: 'a', detail: 'failed' } }]),
    svc('b', [
      { state: 'down', start: 0, end: 10, cause: cause('a') },
      { state: 'degraded', start: 10, end: 25, cause: { kind: 'warmup', service: 'b', detail: 'warming up' } },
    ]),
    svc('c', []),
  ],
  criticalPath: [],
  recoveryCurve: [
    { minute: 0, up: 1, degraded: 0, down: 2 },
    { minute: 10, up: 2, degraded: 1, down: 0 },
    { minute: 25, up: 3, degraded: 0, down: 0 },
  ],
  faults: [],
  actions: [],
  detectionMinutes: null,
};

describe('stateAt', () => {
  it.each([
    [0, 'b', 'down'],
    [9.99, 'b', 'down'],
    [10, 'b', 'degraded'], // the end of an interval belongs to the next state
    [24, 'b', 'degraded'],
    [25, 'b', 'up'],
    [5, 'c', 'up'],
    [10, 'a', 'up'],
  ] as const)('at %s, %s is %s', (t, id, state) => {
    expect(stateAt(result.services.find((s) => s.id === id)!, t).state).toBe(state);
  });
  it('an interval without an end lasts forever', () => {
    const s = svc('x', [{ state: 'down', start: 3, end: null, cause: cause('y') }]);
    expect(stateAt(s, 2).state).toBe('up');
    expect(stateAt(s, 1e9).state).toBe('down');
  });
});

describe('counts, events and steps', () => {
  it('reads the counts of the step function at any time', () => {
    expect(countsAt(result, 0)).toMatchObject({ up: 1, degraded: 0, down: 2 });
    expect(countsAt(result, 12)).toMatchObject({ up: 2, degraded: 1, down: 0 });
    expect(countsAt(result, 100)).toMatchObject({ up: 3 });
  });
  it('lists change times and seeks between them', () => {
    const times = eventTimes(result);
    expect(times).toEqual([0, 10, 25]);
    expect(seekEvent(times, 0, 1)).toBe(10);
    expect(seekEvent(times, 10, 1)).toBe(25);
    expect(seekEvent(times, 25, 1)).toBe(25);
    expect(seekEvent(times, 12, -1)).toBe(10);
    expect(seekEvent(times, 0, -1)).toBe(0);
  });
  it.each([
    [25, 0.5],
    [60, 1],
    [114, 2],
    [900, 15],
    [100_000, 1440],
  ])('a span of %s minutes steps by %s', (span, step) => {
    expect(niceStep(span)).toBe(step);
  });
  it('ends at the last change, not at the engine horizon beyond it', () => {
    // b is degraded until 25, the last point of the curve
    expect(timelineSpan({ ...result, horizonMinutes: 1000 })).toBe(25);
    // a cause that changes without changing the counts is a change too
    const later = svc('c', [{ state: 'down', start: 3, end: 40, cause: cause('a') }]);
    expect(timelineSpan({ ...result, services: [...result.services.slice(0, 2), later] })).toBe(40);
  });
  it('gives a failure that never clears an hour of timeline', () => {
    const never = svc('a', [{ state: 'down', start: 0, end: null, cause: { kind: 'fault', service: 'a', detail: 'failed' } }]);
    expect(timelineSpan({ ...result, horizonMinutes: 0, services: [never], recoveryCurve: [{ minute: 0, up: 0, degraded: 0, down: 1 }] })).toBe(60);
  });
});

describe('sparkline', () => {
  it('scales services up between the fewest up and all of them', () => {
    // 6 columns at t = 0, 5, 10, 15, 20, 25: up = 1, 1, 2, 2, 2, 3 → levels 0, 0, 3.5→4, 4, 4, 7
    expect(sparkline(result, 6)).toBe('▁▁▅▅▅█');
  });
  it('is full when nothing ever goes down', () => {
    expect(sparkline({ ...result, recoveryCurve: [{ minute: 0, up: 3, degraded: 0, down: 0 }] }, 4)).toBe('████');
  });
  it('places the cursor proportionally', () => {
    expect(cursorColumn(0, 25, 6)).toBe(0);
    expect(cursorColumn(25, 25, 6)).toBe(5);
    expect(cursorColumn(10, 25, 6)).toBe(2);
  });
});

describe('clockAt', () => {
  it('adds minutes in the offset the scenario states', () => {
    // 23:48 PDT plus 2h37m is 02:25 PDT the next day (the published restoration time).
    expect(clockAt('2025-10-19T23:48:00-07:00', 157)).toBe('02:25 20 Oct');
    // rounded to the nearest minute, as durations are: 23:48 + 915.6 min is 15:04 (15h16m later)
    expect(clockAt('2025-10-19T23:48:00-07:00', 915.6)).toBe('15:04 20 Oct');
    expect(clockAt('2025-10-20T06:48:00Z', 0)).toBe('06:48 20 Oct');
  });
  it('is null for a start without an offset', () => {
    expect(clockAt('2025-10-20T06:48:00', 0)).toBeNull();
    expect(clockAt('not a date', 0)).toBeNull();
  });
});

describe('cascadeOrder', () => {
  it('orders affected services by first impact, ties by the ranking', () => {
    expect(cascadeOrder(result, [1, 0, 2])).toEqual([1, 0]);
    expect(cascadeOrder(result, [0, 1, 2])).toEqual([0, 1]);
  });
});

describe('with the engine', () => {
  const { catalog } = loadCatalog('catalogs/example-shop');
  const prep = prepareSimulation(catalog!);
  it.each(['storage-outage', 'payment-gateway-brownout'])('%s: the curve agrees with the per-service intervals at every step', (id) => {
    const res = simulate(prep, { scenario: catalog!.scenarios.get(id)! });
    const span = timelineSpan(res);
    for (let t = 0; t <= span; t += niceStep(span)) {
      const tally = { up: 0, degraded: 0, down: 0 };
      for (const s of res.services) tally[stateAt(s, t).state]++;
      expect(countsAt(res, t), `t=${t}`).toMatchObject(tally);
    }
  });
});

describe('zoneOf', () => {
  it.each([
    ['2025-10-19T23:48:00-07:00', 'UTC-07:00'],
    ['2025-10-19T23:48:00+0530', 'UTC+05:30'],
    ['2025-10-20T06:48:00Z', 'UTC'],
  ])('%s is in %s', (start, zone) => {
    expect(zoneOf(start)).toBe(zone);
  });
});

describe('recoverySummary', () => {
  it('says when all is back', () => {
    expect(recoverySummary(result)).toBe('2 affected; all back at 25m');
  });
  it('does not claim all is back while a partial impact lasts', () => {
    // b is partial: full recovery is a's, at 10, and b lingers until 25
    const b = { ...result.services[1]!, partial: true };
    expect(recoverySummary({ ...result, fullRecoveryMinutes: 10, services: [result.services[0]!, b, result.services[2]!] })).toBe(
      '2 affected; full recovery at 10m; 1 partial impact lasts until 25m',
    );
    const never = { ...svc('b', [{ state: 'degraded', start: 0, end: null, cause: cause('a') }]), partial: true };
    expect(recoverySummary({ ...result, fullRecoveryMinutes: 10, services: [result.services[0]!, never, result.services[2]!] })).toBe(
      '2 affected; full recovery at 10m; 1 partial impact never ends',
    );
  });
  it('says when something never recovers', () => {
    expect(recoverySummary({ ...result, fullRecoveryMinutes: null })).toBe('2 affected; not everything recovers');
  });
});
