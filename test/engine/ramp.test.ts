/**
 * Load faults that grow (docs/model.md, "Load faults that grow"; src/engine/ramp.ts): a
 * capacity that decays and a demand that climbs, `{from, to, over}`. Every expected number is
 * worked out by hand in the comments.
 */
import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/catalog/build.js';
import { runScenario, spans, svc } from './helpers.js';

describe('a capacity that decays', () => {
  it('crosses a dependent\'s need at the minute the line gives, and its unserved minutes are the triangle', () => {
    // c(t) = 1 − 0.8·(t − 10)/100 = 1 − 0.008·(t − 10) from 10 to 110, then 0.2 until 210.
    // No queue, demand 1: served = c. b needs 50 %: c < 0.5 when 0.008·(t − 10) > 0.5, at
    // t = 10 + 62.5 = 72.5. Unserved: ∫ 0.008·x dx over 0..100 = 0.004·100² = 40, then
    // 0.8 × 100 = 80 to 210: 120 minutes.
    const r = runScenario(`services:
  a: {name: A}
  b: {name: B, dependsOn: [{service: a, needs: 0.5}]}
scenarios:
  s:
    faults: [{service: a, at: 10m, for: 200m, capacity: {from: 1, to: 0.2, over: 100m}}]
`);
    expect(spans(r, 'a')).toEqual([['degraded', 10, 210, 'capacity']]);
    expect(spans(r, 'b')).toEqual([['down', 72.5, 210, 'dependency']]);
    expect(svc(r, 'a').unservedMinutes).toBe(120);
    expect(svc(r, 'a').intervals[0]!.cause.detail).toBe('capacity falling to 20 % over 1h40m by a load fault that grows (100 % → 20 % in this interval)');
    expect(svc(r, 'b').intervals[0]!.cause.detail).toBe('waiting for 50 % of A (it serves 50 %)');
  });

  it('makes a queue grow quadratically once processing falls below arrival, and collapse on the falling threshold', () => {
    // arrival λ = 100/min, capacity 200/min × c(t), c(t) = 1 − 0.008·t (to 0.2 at 100):
    // μ(t) = 200 − 1.6·t. μ = λ at t = 62.5: the queue is empty until then (served 100 %).
    // After, B(s) = ½·1.6·s² = 0.8·s² (s = t − 62.5) and the collapse threshold falls with μ:
    // μ·timeout = 100 − 1.6·s (timeout 1 min). 0.8·s² + 1.6·s − 100 = 0 →
    // s = (−1.6 + √(1.6² + 4·0.8·100)) / (2·0.8) = (−1.6 + √322.56) / 1.6 = (−1.6 + 17.96002) / 1.6
    // = 10.22501: collapse at 72.72501, where capacity is 1 − 0.008·72.72501 = 0.41820.
    const r = runScenario(`services:
  q: {name: Q, backlog: {arrival: 100/min, capacity: 200/min, timeout: 1m}}
scenarios:
  s:
    faults: [{service: q, at: 0m, capacity: {to: 0.2, over: 100m}}]
`);
    expect(spans(r, 'q')).toEqual([['degraded', 0, 72.725, 'capacity'], ['down', 72.725, null, 'collapse']]);
    const curve = svc(r, 'q').capacity!;
    expect(curve.find((p) => p.minute === 62.5)).toEqual({ minute: 62.5, capacity: 0.5, served: 1 });
    expect(curve.find((p) => p.minute === 72.725)!.capacity).toBeCloseTo(0.4182, 4);
  });

  it('two cuts: the lower rules until a falling one crosses it, and a cut that reaches 0 is an outage', () => {
    // A step to 0.5 from 0 for 200, and a ramp 1 → 0 over 100 from 0: cut = min(0.5, 1 − t/100):
    // 0.5 until the ramp crosses it at 50, then 1 − t/100, 0 at 100 (an outage, cause capacity)
    // until 200. Served < 5 % (down) from 1 − t/100 < 0.05, t > 95.
    // Unserved: 0.5 × 50 = 25; ∫ t/100 over 50..100 = (100² − 50²)/200 = 37.5; 100 to 200: 100.
    // Total 162.5.
    const r = runScenario(`services:
  a: {name: A}
scenarios:
  s:
    faults:
      - {service: a, at: 0m, for: 200m, capacity: 0.5}
      - {service: a, at: 0m, for: 200m, capacity: {from: 1, to: 0, over: 100m}}
`);
    expect(spans(r, 'a')).toEqual([['degraded', 0, 95, 'capacity'], ['down', 95, 200, 'capacity']]);
    expect(svc(r, 'a').unservedMinutes).toBe(162.5);
  });

  it('a falling `scales` bound passes below a level cut where the lines meet', () => {
    // a: capacity 1 → 0 over 100 from 0 (for 200): s_a = 1 − t/100, down once below 5 % (95).
    // b scales 0.5 on a: bound 1 − 0.5·(1 − s_a) = 1 − 0.005·t, and has its own cut of 0.8:
    // the cut rules until the falling bound meets it, 1 − 0.005·t = 0.8 at t = 40; then the
    // bound, 0.5 from 100. Unserved b: 0.2 × 40 = 8; ∫ 0.005·t over 40..100 = 0.0025·(100² − 40²)
    // = 21; 0.5 × 100 = 50 to 200: 79.
    const r = runScenario(`services:
  a: {name: A}
  b: {name: B, dependsOn: [{service: a, scales: 0.5}]}
scenarios:
  s:
    faults:
      - {service: a, at: 0m, for: 200m, capacity: {from: 1, to: 0, over: 100m}}
      - {service: b, at: 0m, for: 200m, capacity: 0.8}
`);
    expect(spans(r, 'a')).toEqual([['degraded', 0, 95, 'capacity'], ['down', 95, 200, 'capacity']]);
    // (b's label is the three-state one of a `scales` edge whose dependency serves less than all)
    expect(spans(r, 'b')).toEqual([['degraded', 0, 200, 'dependency']]);
    expect(svc(r, 'b').capacity).toEqual([
      { minute: 0, capacity: 1, served: 1 }, { minute: 0, capacity: 0.8, served: 0.8 },
      { minute: 40, capacity: 0.8, served: 0.8 }, { minute: 100, capacity: 0.5, served: 0.5 },
      { minute: 200, capacity: 0.5, served: 0.5 }, { minute: 200, capacity: 1, served: 1 },
    ]);
    expect(svc(r, 'b').unservedMinutes).toBe(79);
  });

  it('a capacity rising from 0 is down only until it serves 5 %', () => {
    // from 0 to 1 over 100 from 0, for 100: served = t/100: down below 5 %, until 5; then
    // degraded until 100. Unserved: ∫ (1 − t/100) over 0..100 = 50.
    const r = runScenario(`services:
  a: {name: A}
scenarios:
  s:
    faults: [{service: a, at: 0m, for: 100m, capacity: {from: 0, to: 1, over: 100m}}]
`);
    expect(spans(r, 'a')).toEqual([['down', 0, 5, 'capacity'], ['degraded', 5, 100, 'capacity']]);
    expect(svc(r, 'a').unservedMinutes).toBe(50);
  });
});

describe('a demand that climbs', () => {
  it('fills a queue with a quadratic, then a line, and it drains after the fault', () => {
    // arrival 100·d(t), d = 1 + 2·t/60 to 3 at 60, held until 100; capacity 200. λ = μ at d = 2,
    // t = 30. From 30 to 60, λ' = 100·2/60 = 10/3 per min²: B = ½·(10/3)·30² = 1500 at 60. From
    // 60 to 100, λ = 300: B grows 100/min to 5500 at 100. Then λ = 100: drained at 100/min in
    // 55 min, up at 155. Served 100 % until 30 (the queue is empty), blamed on demand while it
    // grows (30 to 100), on the backlog while it drains.
    const r = runScenario(`services:
  q: {name: Q, backlog: {arrival: 100/min, capacity: 200/min}}
scenarios:
  s:
    faults: [{service: q, at: 0m, for: 100m, demand: {to: 3, over: 60m}}]
`);
    expect(spans(r, 'q')).toEqual([['degraded', 30, 100, 'demand'], ['degraded', 100, 155, 'backlog']]);
    expect(svc(r, 'q').backlogPeak).toEqual({ value: 5500, atMinutes: 100, unit: 'units of work' });
    expect(svc(r, 'q').intervals[0]!.cause.detail).toMatch(/^demand above capacity: 100 % of requests served; demand rising to 300 % of normal over 1h \(200 % → 300 % in this interval\)$/);
    // unserved: ∫ (1 − 2/d) over 30..60 = 30 − 60·ln(1.5) = 5.6720; (1 − 2/3)·40 = 13.3333 over
    // 60..100; 19.0053 in all, followed by chords within 1e-3: off by at most 1e-3 × 30 min
    expect(Math.abs(svc(r, 'q').unservedMinutes! - (30 - 60 * Math.log(1.5) + 40 / 3))).toBeLessThan(0.03);
  });

  it('served fraction c/d of a service without a queue, by chords within 1e-3, crossing into degraded exactly', () => {
    // capacity 0.5 (a step) and demand 1 → 3 over 60 from 0: served = 0.5/d... below 1 from the
    // start. Take capacity 1 instead and demand from 0.5: served = 1/d, d = 0.5 + t/24 (to 3 at
    // 60): below 1 once d > 1, at t = 12 exactly. Unserved: ∫ (1 − 1/d) over 12..60 =
    // 48 − 24·ln(3/1) = 48 − 26.3667 = 21.6333; then (1 − 1/3) × 40 = 26.6667 to 100: 48.3000.
    const r = runScenario(`services:
  a: {name: A}
scenarios:
  s:
    faults: [{service: a, at: 0m, for: 100m, demand: {from: 0.5, to: 3, over: 60m}}]
`);
    expect(spans(r, 'a')).toEqual([['degraded', 12, 100, 'demand']]);
    expect(Math.abs(svc(r, 'a').unservedMinutes! - (48 - 24 * Math.log(3) + 80 / 3))).toBeLessThan(0.048);
  });
});

describe('the syntax', () => {
  const check = (fault: string, cells = ''): string[] =>
    buildCatalog([{ file: 't.yaml', bytes: new TextEncoder().encode(`services:\n  a: {name: A${cells}}\nscenarios:\n  s:\n    faults: [${fault}]\n`) }]).diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.pos?.line}:${d.pos?.col} ${d.message}`);

  it('accepts {from, to, over} and {to, over}, with distributions', () => {
    expect(check('{service: a, capacity: {to: 0.2, over: 3h}}')).toEqual([]);
    expect(check('{service: a, capacity: {from: 0.9, to: {min: 0.1, max: 0.2}, over: {p50: 2h, p90: 6h}}}')).toEqual([]);
    expect(check('{service: a, demand: {from: 1, to: 4, over: 1h}}')).toEqual([]);
  });

  it('refuses a ramp without its length, a capacity above 1, and a ramp on a service with cells', () => {
    expect(check('{service: a, capacity: {to: 0.2}}')).toEqual(['5:37 missing required field "over"']);
    expect(check('{service: a, capacity: {from: 1.5, to: 0.2, over: 1h}}')).toEqual(['5:27 scenario s: a capacity ramp starts from a fraction of capacity, from 0 to 1']);
    expect(check('{service: a, capacity: {to: 0.2, over: 1h}}', ', cells: [x, y]')).toEqual(['5:14 scenario s: a fault that grows (from, to, over) on a, a service with cells, is not supported']);
  });
});
