/**
 * Hand-computed cases for every rule of the engine (docs/model.md). Expected numbers
 * are derived in the comments from the parameters, not read off the output.
 */
import { describe, expect, it } from 'vitest';
import { runScenario, spans, svc } from './helpers.js';

const fault = (service: string, at: string, dur: string) => `    faults:\n      - service: ${service}\n        at: ${at}\n        for: ${dur}\n`;

describe('state propagation', () => {
  it('a hard dependency down takes the dependent down for exactly the fault window', () => {
    const r = runScenario(`services:\n  a: {name: A, dependsOn: [b]}\n  b: {name: B}\n  c: {name: C}\nscenarios:\n  s:\n${fault('b', '10m', '30m')}`);
    expect(spans(r, 'b')).toEqual([['down', 10, 40, 'fault']]);
    expect(spans(r, 'a')).toEqual([['down', 10, 40, 'dependency']]);
    expect(svc(r, 'c').impactStartMinutes).toBeNull();
    expect(r.affected).toBe(2);
    expect(r.fullRecoveryMinutes).toBe(40);
  });

  it('a soft dependency down only degrades', () => {
    const r = runScenario(`services:\n  a: {name: A, dependsOn: [{service: b, type: soft}]}\n  b: {name: B}\nscenarios:\n  s:\n${fault('b', '0m', '30m')}`);
    expect(spans(r, 'a')).toEqual([['degraded', 0, 30, 'dependency']]);
  });

  it('a hard dependency degraded degrades, unless the edge fails on degradation', () => {
    const y = `services:
  c: {name: C}
  b: {name: B, dependsOn: [{service: c, type: soft}]}
  a: {name: A, dependsOn: [b]}
  h: {name: H, dependsOn: [{service: b, failOn: degraded}]}
scenarios:
  s:
${fault('c', '0m', '20m')}`;
    const r = runScenario(y);
    expect(spans(r, 'b')).toEqual([['degraded', 0, 20, 'dependency']]);
    expect(spans(r, 'a')).toEqual([['degraded', 0, 20, 'dependency']]);
    expect(spans(r, 'h')).toEqual([['down', 0, 20, 'dependency']]);
  });

  it('a redundancy group is down only when fewer than atLeast members are up', () => {
    const y = (faults: string) => `services:
  m1: {name: M1}
  m2: {name: M2}
  m3: {name: M3}
  q: {name: Q, dependsOn: [{atLeast: 2, of: [m1, m2, m3]}]}
scenarios:
  s:
    faults:
${faults}`;
    const one = runScenario(y('      - {service: m1, at: 0m, for: 30m}'));
    expect(svc(one, 'q').impactStartMinutes).toBeNull();
    const two = runScenario(y('      - {service: m1, at: 0m, for: 30m}\n      - {service: m2, at: 10m, for: 40m}'));
    // quorum lost from 10 (m1 and m2 down) until 30 (m1 back: m1 and m3 up)
    expect(spans(two, 'q')).toEqual([['down', 10, 30, 'group']]);
  });
});

describe('recovery time', () => {
  it('a service warms up after its causes clear', () => {
    const r = runScenario(`services:\n  a: {name: A, dependsOn: [b], recovery: {time: 10m}}\n  b: {name: B}\nscenarios:\n  s:\n${fault('b', '0m', '30m')}`);
    // down 0-30 because of b, then down 10 more minutes warming up
    expect(spans(r, 'a')).toEqual([['down', 0, 30, 'dependency'], ['down', 30, 40, 'warmup']]);
    expect(svc(r, 'a').recoveredMinutes).toBe(40);
  });

  it('warm-up can be a degraded state, and restarts if the cause returns', () => {
    const r = runScenario(`services:
  a: {name: A, dependsOn: [b], recovery: {time: 10m, state: degraded}}
  b: {name: B}
scenarios:
  s:
    faults:
      - {service: b, at: 0m, for: 20m}
      - {service: b, at: 25m, for: 5m}
`);
    // down 0-20, warming 20-25, down again 25-30, warming 30-40
    expect(spans(r, 'a')).toEqual([
      ['down', 0, 20, 'dependency'],
      ['degraded', 20, 25, 'warmup'],
      ['down', 25, 30, 'dependency'],
      ['degraded', 30, 40, 'warmup'],
    ]);
  });
});

describe('backlog', () => {
  const svcWith = (backlog: string) => `services:
  b: {name: B}
  a:
    name: A
    dependsOn: [b]
    backlog: {${backlog}}
scenarios:
  s:
${fault('b', '0m', '60m')}`;

  it('work piles up at the arrival rate while down and drains at capacity minus arrival', () => {
    // 100/min x 60 min = 6000 queued; drains at 300 - 100 = 200/min: 30 minutes
    const r = runScenario(svcWith('arrival: 100/min, capacity: 300/min'));
    expect(spans(r, 'a')).toEqual([['down', 0, 60, 'dependency'], ['degraded', 60, 90, 'backlog']]);
    expect(svc(r, 'a').backlogPeak).toEqual({ value: 6000, atMinutes: 60, unit: 'units of work' });
  });

  it('client retries multiply the arrival while down', () => {
    // 100 x 2 x 60 = 12000; 12000 / 200 = 60 minutes
    const r = runScenario(svcWith('arrival: 100/min, capacity: 300/min, retry: 2'));
    expect(svc(r, 'a').recoveredMinutes).toBe(120);
  });

  it('the queue stops growing at its cap', () => {
    // capped at 3000: 3000 / 200 = 15 minutes
    const r = runScenario(svcWith('arrival: 100/min, capacity: 300/min, cap: 3000'));
    expect(svc(r, 'a').recoveredMinutes).toBe(75);
    expect(svc(r, 'a').backlogPeak?.value).toBe(3000);
  });

  it('a degraded dependency leaves a fraction of capacity, per edge or per service', () => {
    // b degraded 0-60 (soft dependency on c): a processes at 0.25 x 300 = 75 < 100, so 25/min piles up:
    // 1500 at 60, then drains at 200/min: 7.5 minutes
    const r = runScenario(`services:
  c: {name: C}
  b: {name: B, dependsOn: [{service: c, type: soft}]}
  a:
    name: A
    dependsOn: [{service: b, capacity: 0.25}]
    backlog: {arrival: 100/min, capacity: 300/min}
scenarios:
  s:
${fault('c', '0m', '60m')}`);
    expect(spans(r, 'a')).toEqual([['degraded', 0, 60, 'dependency'], ['degraded', 60, 67.5, 'backlog']]);
  });

  it('an async dependency queues work without impairing the service until the queue drains', () => {
    const r = runScenario(`services:
  b: {name: B}
  a:
    name: A
    dependsOn: [{service: b, type: async}]
    backlog: {arrival: 100/min, capacity: 300/min}
scenarios:
  s:
${fault('b', '0m', '60m')}`);
    expect(spans(r, 'a')).toEqual([['degraded', 60, 90, 'backlog']]);
    expect(svc(r, 'a').intervals[0]!.cause.service).toBe('b');
  });
});

describe('metastable collapse and operator actions', () => {
  const collapsing = (extra: string, actions = '') => `services:
  b: {name: B}
  a:
    name: A
    dependsOn: [b]
    backlog: {arrival: 100/min, capacity: 300/min, timeout: 10m${extra}}
scenarios:
  s:
${fault('b', '0m', '60m')}${actions}`;

  it('a queue that cannot be served within its timeout collapses and stays down until an intervention', () => {
    // at 60: 6000 queued, 6000 / 300 = 20 min > 10 min timeout: collapse; queue keeps growing at 100/min.
    // throttle at 90 ends it: 9000 queued, drains at 300 - 100 = 200/min: 45 min -> 135.
    const r = runScenario(collapsing('', '    actions:\n      - {at: 90m, service: a, do: throttle, rate: 300/min}\n'));
    expect(spans(r, 'a')).toEqual([
      ['down', 0, 60, 'dependency'],
      ['down', 60, 90, 'collapse'],
      ['degraded', 90, 135, 'throttle'],
    ]);
    expect(svc(r, 'a').collapse).toEqual({ startMinutes: 60, endMinutes: 90, endedBy: 'admission throttled by operators', queued: { value: 9000, atMinutes: 90 } });
  });

  it('without operators, a modelled detection-and-mitigation delay ends the collapse', () => {
    // collapse at 60, mitigation after 20 min: 8000 queued at 80, 40 min -> 120
    const r = runScenario(collapsing(', mitigation: 20m'));
    expect(svc(r, 'a').recoveredMinutes).toBe(120);
    expect(svc(r, 'a').collapse?.endedBy).toBe('detection and mitigation');
  });

  it('no intervention: the service never recovers', () => {
    const r = runScenario(collapsing(''));
    expect(svc(r, 'a').recovered).toBe(false);
    expect(r.fullRecoveryMinutes).toBeNull();
  });

  it('a restart that drops the queue ends the collapse at once', () => {
    const r = runScenario(collapsing('', '    actions:\n      - {at: 90m, service: a, do: restart, drop: true}\n'));
    expect(svc(r, 'a').recoveredMinutes).toBe(90);
  });

  it('a restart that keeps the queue collapses again', () => {
    const r = runScenario(collapsing('', '    actions:\n      - {at: 90m, service: a, do: restart}\n'));
    expect(svc(r, 'a').recovered).toBe(false);
  });

  it('collapse breaks monotonicity: a longer outage can avoid a collapse by resuming at full capacity', () => {
    // b fails 0-20, warms up 20-30 in a degraded state. a (hard on b) queues 100/min while down;
    // timeout 12 min. Short fault on a (0-5): a resumes at 20 while b is degraded, at half capacity:
    // 2000 queued / 150 per min = 13.3 min > 12: collapse, and nothing ends it. Long fault on a (0-32):
    // it resumes at 32 with b up: 3200 / 300 = 10.7 min < 12: no collapse; drains at 200/min: 16 min -> 48.
    const y = (aFor: string) => `services:
  b: {name: B, recovery: {time: 10m, state: degraded}}
  a:
    name: A
    dependsOn: [b]
    backlog: {arrival: 100/min, capacity: 300/min, timeout: 12m}
scenarios:
  s:
    faults:
      - {service: b, at: 0m, for: 20m}
      - {service: a, at: 0m, for: ${aFor}}
`;
    const short = runScenario(y('5m'));
    const long = runScenario(y('32m'));
    expect(svc(short, 'a').recovered).toBe(false);
    expect(svc(short, 'a').collapse?.startMinutes).toBe(20);
    expect(svc(long, 'a').recoveredMinutes).toBe(48);
    expect(svc(long, 'a').collapse).toBeNull();
  });

  it('a throttle relaxed linearly drains the queue along the ramp (closed form)', () => {
    // fault 0-90: 9000 queued. Throttle at 90 admits 100/min (net 0), relaxed 90 -> 150 up to 300/min:
    // admitted(s) = 100 + 200 s / 60, drained over the ramp = integral of 200 s / 60 = 6000.
    // 3000 left at 150, drained at 200/min: 15 min -> 165.
    const r = runScenario(`services:
  b: {name: B}
  a:
    name: A
    dependsOn: [b]
    backlog: {arrival: 100/min, capacity: 300/min}
scenarios:
  s:
${fault('b', '0m', '90m')}    actions:
      - {at: 90m, service: a, do: throttle, rate: 100/min}
      - {at: 90m, service: a, do: relax, over: 60m}
`);
    expect(spans(r, 'a')).toEqual([['down', 0, 90, 'dependency'], ['degraded', 90, 150, 'throttle'], ['degraded', 150, 165, 'backlog']]);
  });

  it('disabling a failover suspends its effect; the failover itself stays impaired until enabled', () => {
    const r = runScenario(`services:
  n: {name: NM}
  hc: {name: Health checks, dependsOn: [{service: n, type: soft}]}
  fo: {name: Failover, dependsOn: [{service: hc, failOn: degraded}]}
  lb: {name: LB, dependsOn: [{service: fo, failover: true, failOn: degraded}]}
  user: {name: User, dependsOn: [lb]}
scenarios:
  s:
${fault('n', '10m', '100m')}    actions:
      - {at: 50m, service: fo, do: disable}
      - {at: 200m, service: fo, do: enable}
`);
    expect(spans(r, 'lb')).toEqual([['down', 10, 50, 'dependency']]);
    expect(spans(r, 'user')).toEqual([['down', 10, 50, 'dependency']]);
    expect(spans(r, 'fo')).toEqual([['down', 10, 50, 'dependency'], ['down', 50, 200, 'disabled']]);
  });
});

describe('explanations', () => {
  it('the critical path walks from the last recovery back to the trigger', () => {
    const r = runScenario(`services:
  d: {name: D}
  c: {name: C, dependsOn: [d], recovery: {time: 5m}}
  b: {name: B, dependsOn: [c], backlog: {arrival: 10/min, capacity: 20/min}}
  a: {name: A, dependsOn: [{service: b, type: soft}]}
scenarios:
  s:
${fault('d', '0m', '10m')}`);
    // d 0-10; c down to 10, warming to 15; b down 0-15, queue 150 drains at 10/min -> 30; a degraded to 30
    expect(r.fullRecoveryMinutes).toBe(30);
    expect(r.criticalPath.map((s) => s.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(r.criticalPath[0]!.atMinutes).toBe(30);
  });

  it('a fault that never clears gives a critical path that says so', () => {
    const r = runScenario(`services:\n  a: {name: A, dependsOn: [b]}\n  b: {name: B}\nscenarios:\n  s:\n    faults:\n      - {service: b, at: 5m}\n`);
    expect(r.fullRecoveryMinutes).toBeNull();
    expect(r.criticalPath.map((s) => [s.id, s.atMinutes, s.what])).toEqual([
      ['a', Infinity, 'never recovers'],
      ['b', Infinity, 'fault never clears'],
    ]);
  });

  it('the recovery curve counts every service in each state', () => {
    const r = runScenario(`services:\n  a: {name: A, dependsOn: [b]}\n  b: {name: B}\n  c: {name: C, dependsOn: [{service: a, type: soft}]}\nscenarios:\n  s:\n${fault('b', '0m', '30m')}`);
    expect(r.recoveryCurve).toEqual([
      { minute: 0, up: 0, degraded: 1, down: 2 },
      { minute: 30, up: 3, degraded: 0, down: 0 },
    ]);
  });
});
