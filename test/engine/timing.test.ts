/**
 * Relative action times (`at: {after: <event>, plus: <duration>}`) and detection, on small
 * catalogs whose timelines are worked out by hand in each test.
 */
import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/catalog/build.js';
import { buildModel, monteCarlo, prepareSimulation, simulate } from '../../src/engine/index.js';
import { reportContext } from '../../src/report/context.js';
import { catalogOf, runScenario, spans } from './helpers.js';

// web reaches the primary through an automatic failover: disabling the failed primary
// switches web to the replica, so web is down exactly until the disable action fires.
const FAILOVER = `services:
  primary: {name: Primary}
  web: {name: Web, dependsOn: [{service: primary, failover: true}]}
`;

describe('relative action times', () => {
  it('counts from a stated detection: fault at 5m, detection at 10m, disable 40m later → web down [5, 50]', () => {
    const r = runScenario(`${FAILOVER}scenarios:
  s:
    detection: 10m
    faults: [{service: primary, at: 5m}]
    actions: [{at: {after: detection, plus: 40m}, service: primary, do: disable}]
`);
    expect(spans(r, 'web')).toEqual([['down', 5, 50, 'dependency']]);
    expect(r.detectionMinutes).toBe(10);
    expect(r.actions).toEqual([{ service: 'primary', do: 'disable', atMinutes: 50, after: 'detection', explanation: 'disable Primary 40m after detection at 10m' }]);
  });

  it('default detection is the first impact plus the detect prior (median 3m): 5 + 3 + 10 = 18', () => {
    const yaml = `${FAILOVER}scenarios:
  s:
    faults: [{service: primary, at: 5m}]
    actions: [{at: {after: detection, plus: 10m}, service: primary, do: disable}]
`;
    expect(spans(runScenario(yaml), 'web')).toEqual([['down', 5, 18, 'dependency']]);
    // a fitter's prior replaces the default: detection 7m after the first impact → 5 + 7 + 10 = 22
    const c = catalogOf(yaml);
    const r = simulate(prepareSimulation(c), { scenario: c.scenarios.get('s')! }, { priors: { detect: { kind: 'const', value: 7 } } });
    expect(spans(r, 'web')).toEqual([['down', 5, 22, 'dependency']]);
    expect(r.detectionMinutes).toBe(12);
  });

  it('plus may be a list of durations, added: detection at 10m, plus [5m, 20m] → 35', () => {
    const r = runScenario(`${FAILOVER}scenarios:
  s:
    detection: {after: primary down, plus: [2m, 3m]}
    faults: [{service: primary, at: 5m}]
    actions: [{at: {after: detection, plus: [5m, 20m]}, service: primary, do: disable}]
`);
    expect(r.detectionMinutes).toBe(10);
    expect(spans(r, 'web')).toEqual([['down', 5, 35, 'dependency']]);
    expect(r.actions[0]!.explanation).toBe('disable Primary 25m after detection at 10m');
  });

  it('a list of priors: diagnose then mitigate after detection → 10 + 45 + 20 = 75 at the medians, each a named slot', () => {
    const c = catalogOf(`${FAILOVER}scenarios:
  s:
    detection: 10m
    faults: [{service: primary, at: 5m}]
    actions: [{at: {after: detection, plus: [{prior: diagnose}, {prior: mitigate}]}, service: primary, do: disable}]
`);
    const prep = prepareSimulation(c);
    const input = { scenario: c.scenarios.get('s')! };
    expect(spans(simulate(prep, input), 'web')).toEqual([['down', 5, 75, 'dependency']]);
    expect(buildModel(prep, input).params.slots.filter((x) => x.prior).map((x) => x.label)).toEqual([
      'prior:diagnose (scenario: action 1 (disable primary) delay after detection)',
      'prior:mitigate (scenario: action 1 (disable primary) delay after detection, term 2)',
    ]);
  });

  it('detection may itself count from an event: primary down at 5m, detection 4m later, disable 6m after that → 15', () => {
    const r = runScenario(`${FAILOVER}scenarios:
  s:
    detection: {after: primary down, plus: 4m}
    faults: [{service: primary, at: 5m}]
    actions: [{at: {after: detection, plus: 6m}, service: primary, do: disable}]
`);
    expect(r.detectionMinutes).toBe(9);
    expect(spans(r, 'web')).toEqual([['down', 5, 15, 'dependency']]);
  });

  it('counts from a recovery: db down 0–30m, warm-up 10m → recovered 40; enable the cache 5m later → 45', () => {
    const r = runScenario(`services:
  db: {name: DB, recovery: {time: 10m}}
  cache: {name: Cache}
  web: {name: Web, dependsOn: [{service: cache, type: soft}]}
scenarios:
  s:
    faults: [{service: db, for: 30m}]
    actions:
      - {at: 0, service: cache, do: disable}
      - {at: {after: db recovered, plus: 5m}, service: cache, do: enable}
`);
    expect(spans(r, 'db')).toEqual([['down', 0, 30, 'fault'], ['down', 30, 40, 'warmup']]);
    expect(spans(r, 'web')).toEqual([['degraded', 0, 45, 'dependency']]);
    expect(r.actions.map((a) => a.explanation)).toEqual(['disable Cache at 0m', 'enable Cache 5m after DB recovered at 40m']);
  });

  it('counts from the first fault clearing: fault 10m–30m → disable at 30 (plus 0)', () => {
    const r = runScenario(`${FAILOVER}  other: {name: Other}
scenarios:
  s:
    faults: [{service: other, at: 10m, for: 20m}, {service: primary, at: 0}]
    actions: [{at: {after: fault-end}, service: primary, do: disable}]
`);
    expect(spans(r, 'web')).toEqual([['down', 0, 30, 'dependency']]);
    expect(r.actions[0]!.explanation).toBe('disable Primary when the first fault cleared at 30m');
  });

  it('impact fires on degraded, down only on down; an action whose event never happens never fires and says why', () => {
    const r = runScenario(`services:
  db: {name: DB}
  api: {name: API, dependsOn: [{service: db, type: soft}]}
  cache: {name: Cache}
  x: {name: X, dependsOn: [{service: cache, type: soft}]}
scenarios:
  s:
    faults: [{service: db, at: 1m, for: 9m}]
    actions:
      - {at: {after: api impact, plus: 2m}, service: cache, do: disable}
      - {at: {after: api down, plus: 2m}, service: cache, do: enable}
`);
    // api degraded 1–10; cache disabled at 1 + 2 = 3 and never enabled: x degraded from 3 on
    expect(spans(r, 'api')).toEqual([['degraded', 1, 10, 'dependency']]);
    expect(spans(r, 'x')).toEqual([['degraded', 3, null, 'dependency']]);
    expect(r.actions[1]).toEqual({ service: 'cache', do: 'enable', atMinutes: null, after: 'api down', explanation: 'enable Cache never: it waits for API first went down, but API never went down' });
  });

  it('without any impact there is no detection, and what counts from it never fires', () => {
    const r = runScenario(`${FAILOVER}scenarios:
  s:
    faults: []
    actions: [{at: {after: detection, plus: 1m}, service: primary, do: disable}]
`);
    expect(r.detectionMinutes).toBeNull();
    expect(r.actions[0]!.atMinutes).toBeNull();
    expect(r.actions[0]!.explanation).toContain('never: it waits for detection, but the incident was never detected');
    expect(r.affected).toBe(0);
  });

  it('a relax waiting for an event that never happens keeps the throttle on', () => {
    const base = `services:
  db: {name: DB}
  q: {name: Q, backlog: {arrival: 10/min, capacity: 20/min}}
scenarios:
  s:
    actions:
      - {at: 1m, service: q, do: throttle, rate: 15/min}
`;
    // no relax to come: with an empty queue the throttle lifts itself at once, nothing is impaired
    expect(runScenario(base).affected).toBe(0);
    // a relax after "db down", which never happens: the throttle stays, q degraded from minute 1 on
    const r = runScenario(`${base}      - {at: {after: db down}, service: q, do: relax, over: 5m}\n`);
    expect(spans(r, 'q')).toEqual([['degraded', 1, null, 'throttle']]);
    expect(r.fullRecoveryMinutes).toBeNull();
  });

  it('Monte Carlo samples the delay and names its prior; a stated detection adds no prior', () => {
    // the primary never comes back: marked partial, so the time to full recovery is web's
    const c = catalogOf(`${FAILOVER.replace('primary: {name: Primary}', 'primary: {name: Primary, partial: true}')}scenarios:
  s:
    detection: 10m
    faults: [{service: primary, at: 5m}]
    actions: [{at: {after: detection, plus: {prior: failover}}, service: primary, do: disable}]
`);
    const m = buildModel(prepareSimulation(c), { scenario: c.scenarios.get('s')! });
    const mc = monteCarlo(m, 2000, 1);
    expect(mc.sensitivity).toEqual([{ parameter: 'prior:failover (scenario: action 1 (disable primary) delay after detection)', correlation: 1 }]);
    // web recovers at 10 + failover delay: the median of lognormal(15m, 60m) is 15 → about 25
    expect(mc.fullRecoveryMinutes.p50).toBeGreaterThan(23);
    expect(mc.fullRecoveryMinutes.p50).toBeLessThan(27);
    // the point estimate: 10 + 15 = 25
    expect(simulate(prepareSimulation(c), { scenario: c.scenarios.get('s')! }).fullRecoveryMinutes).toBe(25);
    // the action fires in every trial, at 10 + a draw of the prior: P50 about 25
    expect(mc.actions).toHaveLength(1);
    expect(mc.actions[0]).toMatchObject({ service: 'primary', do: 'disable', after: 'detection', firedShare: 1 });
    expect(mc.actions[0]!.atMinutes!.p50).toBeCloseTo(mc.fullRecoveryMinutes.p50, 6);
  });

  it('Monte Carlo counts the trials in which an action fired', () => {
    // q queues its work while db is out; whether it collapses (goes down) depends on the draw
    const c = catalogOf(`services:
  db: {name: DB}
  q: {name: Q, dependsOn: [{service: db, type: async}], backlog: {arrival: 10/min, capacity: 20/min, timeout: 10m}}
  spare: {name: Spare}
scenarios:
  s:
    faults: [{service: db, for: {min: 10m, max: 30m}}]
    actions:
      - {at: {after: q down, plus: 1m}, service: spare, do: restart}
      - {at: 5m, service: spare, do: restart}
`);
    const mc = monteCarlo(buildModel(prepareSimulation(c), { scenario: c.scenarios.get('s')! }), 2000, 5);
    // after a fault of T minutes q's queue holds 10 × T; it can serve 20 × 10 = 200 within the
    // timeout, so it collapses (goes down) when 10T > 200, i.e. T > 20: half of U(10, 30)
    expect(mc.actions).toHaveLength(1);
    expect(mc.actions[0]!.after).toBe('q down');
    expect(mc.actions[0]!.firedShare).toBeGreaterThan(0.45);
    expect(mc.actions[0]!.firedShare).toBeLessThan(0.55);
  });

  it('the default detection is a sampled prior too', () => {
    const c = catalogOf(`${FAILOVER}scenarios:
  s:
    faults: [{service: primary, at: 5m}]
    actions: [{at: {after: detection, plus: 10m}, service: primary, do: disable}]
`);
    const mc = monteCarlo(buildModel(prepareSimulation(c), { scenario: c.scenarios.get('s')! }), 500, 2);
    expect(mc.sensitivity.map((s) => s.parameter)).toEqual(['prior:detect (scenario: detection)']);
  });
});

describe('relative times: explanations', () => {
  // the primary never comes back (partial: it does not hold back full recovery); web is back at 50
  const yaml = `${FAILOVER.replace('primary: {name: Primary}', 'primary: {name: Primary, partial: true}')}  other: {name: Other}
scenarios:
  s:
    detection: 10m
    faults: [{service: primary, at: 5m}]
    actions:
      - {at: {after: detection, plus: 40m}, service: primary, do: disable}
      - {at: {after: other down}, service: other, do: restart}
`;

  it('the critical path names the action that switched the failover, not a repair that never came', () => {
    const r = runScenario(yaml);
    expect(r.fullRecoveryMinutes).toBe(50);
    expect(r.criticalPath.map((s) => [s.id, s.atMinutes, s.what])).toEqual([
      ['web', 50, 'recovered'],
      ['primary', 50, 'operators acted: disable Primary 40m after detection at 10m'],
    ]);
  });

  it('a report places the action at the minute it fired and leaves out the one that never did', () => {
    const c = catalogOf(yaml);
    const prep = prepareSimulation(c);
    const input = { scenario: c.scenarios.get('s')! };
    const ctx = reportContext(c, buildModel(prep, input), simulate(prep, input));
    expect(ctx.actions.map((a) => [a.service, a.kind, a.atMinutes])).toEqual([['primary', 'disable', 50]]);
  });
});

describe('relative times: collapse ended by a timed action', () => {
  it('names the action that ended a collapse: restart 30m after the queue went down', () => {
    // q queues 10/min while db is out for 30m: 300 queued, more than 20/min × 10m = 200 can be
    // served within the timeout, so q collapses at 30; operators restart it (dropping the queue)
    // 30m after it went down, at 60, with 300 + 30 × 10 = 600 queued; q is then up with an empty queue
    const r = runScenario(`services:
  db: {name: DB}
  q: {name: Q, dependsOn: [{service: db, type: async}], backlog: {arrival: 10/min, capacity: 20/min, timeout: 10m}}
scenarios:
  s:
    faults: [{service: db, for: 30m}]
    actions: [{at: {after: q down, plus: 30m}, service: q, do: restart, drop: true}]
`);
    const q = r.services.find((s) => s.id === 'q')!;
    expect(q.collapse).toEqual({ startMinutes: 30, endMinutes: 60, endedBy: 'restarted by operators (restart Q 30m after Q first went down at 30m)', queued: { value: 600, atMinutes: 60 } });
    expect(q.recoveredMinutes).toBe(60);
  });
});

describe('relative times: validation', () => {
  const diag = (yaml: string) => {
    const res = buildCatalog([{ file: 'c.yaml', bytes: new TextEncoder().encode(yaml) }]);
    expect(res.catalog).toBeUndefined();
    return res.diagnostics.filter((d) => d.severity === 'error').map((d) => ({ code: d.code, line: d.pos?.line, col: d.pos?.col, message: d.message, hint: d.hint }));
  };

  it('an unknown service in an event is reported where it is written, with a suggestion', () => {
    expect(diag(`${FAILOVER}scenarios:
  s:
    actions: [{at: {after: primery down, plus: 1m}, service: primary, do: disable}]
`)).toEqual([{ code: 'scenario-unknown-service', line: 6, col: 28, message: 'scenario s: "primery down" names an unknown service', hint: 'did you mean "primary"?' }]);
  });

  it('an event that is not one is reported where it is written', () => {
    expect(diag(`${FAILOVER}scenarios:
  s:
    detection: {after: primary}
    actions:
      - at: {after: first-alert, plus: 1m}
        service: primary
        do: disable
`)).toEqual([
      { code: 'invalid-value', line: 6, col: 24, message: '"primary" is not an event to count from', hint: 'write "primary impact", "primary down" or "primary recovered"' },
      { code: 'invalid-value', line: 8, col: 21, message: '"first-alert" is not an event to count from', hint: 'write "first-alert impact", "first-alert down" or "first-alert recovered"' },
    ]);
  });

  it('a misspelt event gets a suggestion', () => {
    expect(diag(`${FAILOVER}scenarios:
  s:
    actions: [{at: {after: detecton}, service: primary, do: disable}]
`)).toEqual([{ code: 'invalid-value', line: 6, col: 28, message: '"detecton" is not an event to count from', hint: 'did you mean "detection"?' }]);
  });

  it('detection cannot count from itself', () => {
    expect(diag(`${FAILOVER}scenarios:
  s:
    detection: {after: detection, plus: 5m}
`)).toEqual([{ code: 'invalid-value', line: 6, col: 24, message: 'scenario s: detection cannot count from detection', hint: "count from start, fault-end or a service's impact" }]);
  });

  it('plus takes a duration: a bare number is refused', () => {
    const d = diag(`${FAILOVER}scenarios:
  s:
    actions: [{at: {after: start, plus: 15}, service: primary, do: disable}]
`);
    expect(d.map((x) => [x.code, x.line, x.col])).toEqual([['invalid-duration', 6, 41]]);
  });
});
