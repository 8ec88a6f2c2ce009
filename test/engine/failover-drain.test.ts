/**
 * Gradual failover (docs/model.md, "Gradual failover"), on small catalogs whose numbers are
 * worked out by hand in the comments: the moved share rising linearly, the receiving cells'
 * headroom crossed part-way, a queue filling under a rising arrival (a quadratic), cells lost
 * one after the other, and the words.
 */
import { describe, expect, it } from 'vitest';
import { catalogOf, runScenario, spans, svc } from './helpers.js';
import { buildModel, prepareSimulation, run, simulate, type SimulationResult } from '../../src/engine/index.js';
import { CHORD_ERROR } from '../../src/engine/failover-drain.js';
import { drainText, fromResults, movedShare } from '../../src/engine/failover-drain-explain.js';

const cell = (r: SimulationResult, id: string, name: string) => svc(r, id).cells!.find((x) => x.cell === name)!;
const cellSpans = (r: SimulationResult, id: string, name: string) => cell(r, id, name).intervals.map((i) => [i.state, i.start, i.end, i.cause.kind]);

/** api over three zones of equal share, cell a lost 0–30; `fo` sets failover and headroom. */
const zones = (fo: string) => `
services:
  api:
    name: API
    cells: [a, b, c]
${fo}
  strict:
    name: Strict
    dependsOn: [{service: api, needs: 0.9}]
  lenient:
    name: Lenient
    dependsOn: [{service: api, needs: 0.6}]
scenarios:
  s:
    faults: [{service: api, cell: a, for: 30m}]
`;

/** Unserved minutes of every slot from a raw run (not rounded as the result is). */
function rawUnserved(yaml: string): Map<string, number> {
  const c = catalogOf(yaml);
  const m = buildModel(prepareSimulation(c), { scenario: c.scenarios.get('s')! });
  const out = run(m, m.params.medians());
  return new Map(m.graph.ids.map((id, i) => [id, out.unserved[i]!]));
}

describe('a zone drained over 6 minutes', () => {
  it('within the headroom: served rises linearly, the dependent recovers part-way', () => {
    // W = 2/3 (b and c); a is out from 1 min; moved share m = (t − 1) / 6 until 7.
    // D = 1 + (1/3)·m / (2/3) = 1 + m/2 ≤ 1.5 = 1 + h: b and c absorb it (s_b = s_c = 1).
    // s = W · D = 2/3 + m/3 = 2/3 + (t − 1)/18 on [1, 7]; 2/3 on [0, 1]; 1 from 7.
    // unserved = 1 × 1/3 + ∫₀⁶ (1/3 − u/18) du = 1/3 + (2 − 1) = 4/3
    // strict (needs 0.9): 2/3 + (t − 1)/18 = 0.9 at t − 1 = 18 × 0.2333… = 4.2: up at 5.2
    const r = runScenario(zones('    failover: {after: 1m, over: 6m}\n    headroom: 0.5'));
    expect(spans(r, 'api')).toEqual([['degraded', 0, 7, 'cell']]);
    expect(svc(r, 'api').unservedMinutes).toBeCloseTo(4 / 3, 3);
    expect(rawUnserved(zones('    failover: {after: 1m, over: 6m}\n    headroom: 0.5')).get('api')).toBeCloseTo(4 / 3, 9);
    expect(spans(r, 'strict')).toEqual([['down', 0, 5.2, 'dependency']]);
    expect(spans(r, 'lenient')).toEqual([]);
    expect(cellSpans(r, 'api', 'b')).toEqual([]);
    // the served curve: 2/3 at 1, 2/3 + 3/18 = 5/6 halfway at 4, 1 at 7
    const curve = svc(r, 'api').capacity!;
    expect(curve.find((p) => p.minute === 1)!.served).toBeCloseTo(2 / 3, 6);
    expect(curve.find((p) => p.minute === 7)!.served).toBe(1);
    // between the step failover after 1 min (1/3 unserved) and one after 7 min (7/3)
    expect(svc(runScenario(zones('    failover: 1m\n    headroom: 0.5')), 'api').unservedMinutes).toBeCloseTo(1 / 3, 3);
    expect(svc(runScenario(zones('    failover: 7m\n    headroom: 0.5')), 'api').unservedMinutes).toBeCloseTo(7 / 3, 3);
    // words: the drain ahead at the impairment's start; the critical path says when it moved
    expect(svc(r, 'api').intervals[0]!.cause.detail).toBe("cell a down; a's traffic to fail over to b and c from 1 min to 7 min: 33 % of traffic failing");
    expect(r.criticalPath.map((s) => [s.id, s.atMinutes, s.what])).toEqual([
      ['api', 7, 'recovered'],
      ['api@a', 7, 'traffic failed over from 1 to 7 min (the cell is back at 30 min)'],
    ]);
  });

  it('beyond the headroom: the survivors are overloaded from halfway', () => {
    // headroom 0.25: D = 1 + (t − 1)/12 reaches 1.25 at t = 4; from there b and c serve
    // 1.25 / D of what they receive, and the service serves W · 1.25 = 5/6 (D cancels).
    // s = 2/3 + (t − 1)/18 on [1, 4] (5/6 at 4), then 5/6 until a is back at 30.
    // unserved = 1/3 + ∫₀³ (1/3 − u/18) du + 26/6 = 1/3 + (1 − 1/4) + 13/3 = 65/12
    // (the step failover after 1 min: 1/3 + 29/6 = 31/6; after 7 min: 7/3 + 23/6 = 37/6)
    const yaml = zones('    failover: {after: 1m, over: 6m}\n    headroom: 0.25');
    const r = runScenario(yaml);
    const raw = rawUnserved(yaml);
    expect(raw.get('api')).toBeCloseTo(65 / 12, 9);
    expect(cellSpans(r, 'api', 'b')).toEqual([['degraded', 4, 30, 'demand']]);
    expect(cell(r, 'api', 'b').intervals[0]!.cause.service).toBe('api@a');
    // b's own unserved share: ∫₄⁷ (1 − 1.25 / (1 + (t − 1)/12)) dt = 3 − 15 ln(1.5 / 1.25),
    // then 23 × (1 − 5/6); the chords overstate what is served by at most CHORD_ERROR a minute
    const exact = 3 - 15 * Math.log(1.2) + 23 / 6;
    const b = raw.get('api@b')!;
    expect(b).toBeLessThanOrEqual(exact + 1e-9);
    expect(exact - b).toBeLessThanOrEqual(3 * CHORD_ERROR);
    expect(spans(r, 'strict')).toEqual([['down', 0, 30, 'dependency']]);
    expect(cell(r, 'api', 'b').intervals[0]!.cause.detail).toBe("failover of a's traffic, moved gradually: load up to 120 % of its capacity, 83 % of requests served at worst");
    expect(svc(r, 'api').intervals.map((i) => [i.start, i.end, i.cause.detail])).toEqual([
      [0, 7, "cell a down; a's traffic to fail over to b and c from 1 min to 7 min: 33 % of traffic failing"],
      [7, 30, "cell a down; failover of a's traffic overloads b and c (120 % of their capacity): 17 % of traffic failing"],
    ]);
  });
});

const queues = (fo: string, dur: string) => `
services:
  api:
    name: API
    cells: [a, b, c]
${fo}
    backlog: {arrival: 300/min, capacity: 390/min, timeout: 5m}
scenarios:
  s:
    faults: [{service: api, cell: a, for: ${dur}}]
`;

describe('the moved share in words', () => {
  it('is read off the curves part-way through', () => {
    // headroom 0.5, {after: 1m, over: 6m}: at 4 min m = (4 − 1)/6 = 1/2, at 2.5 min 1/4
    const c = catalogOf(zones('    failover: {after: 1m, over: 6m}\n    headroom: 0.5'));
    const prep = prepareSimulation(c);
    const model = buildModel(prep, { scenario: c.scenarios.get('s')! });
    const r = simulate(prep, { scenario: c.scenarios.get('s')! });
    const bySlot = model.graph.ids.map((id) => r.services.find((x) => x.id === id) ?? r.services.flatMap((x) => x.cells ?? []).find((x) => x.id === id)!);
    const { states, curves } = fromResults(bySlot);
    const api = model.graph.index.get('api')!;
    expect(movedShare(model, api, 4, states, curves)).toBeCloseTo(0.5, 5);
    expect(movedShare(model, api, 2.5, states, curves)).toBeCloseTo(0.25, 5);
    expect(drainText(model, api, 4, "a's traffic", 'b and c', states, curves)).toBe("failing over a's traffic to b and c (50 % moved, all by 7 min)");
    expect(drainText(model, api, 0.5, "a's traffic", 'b and c', states, curves)).toBe("a's traffic to fail over to b and c from 1 min to 7 min");
    expect(drainText(model, api, 8, "a's traffic", 'b and c', states, curves)).toBeNull(); // all moved
  });
});

describe('queues under a rising arrival', () => {
  it('fill as a quadratic: the collapse comes 4.8 min later than with the step failover', () => {
    // per cell: arrival 100/min, capacity 130/min, collapse above 130 × 5 = 650.
    // over 6 min from 0: λ(t) = 100 · (1 + t/12) reaches 130 at t = 3.6; the queue then grows
    // as ∫ (λ − 130) = (25/6)(t − 3.6)², 24 at t = 6, then at 150 − 130 = 20/min:
    // 650 at 6 + (650 − 24)/20 = 37.3 (the step failover: 650 / 20 = 32.5; 96/20 = 4.8 later)
    const r = runScenario(queues('    failover: {over: 6m}', '60m'));
    expect(cell(r, 'api', 'b').collapse?.startMinutes).toBe(37.3);
    expect(cellSpans(r, 'api', 'b')).toEqual([['degraded', 3.6, 37.3, 'demand'], ['down', 37.3, null, 'collapse']]);
    expect(runScenario(queues('    failover: true', '60m')).services[0]!.cells!.find((c) => c.cell === 'b')!.collapse?.startMinutes).toBe(32.5);
  });

  it('drain once the failed cell is back', () => {
    // a down 0–5 (its own queue, 100 × 5 = 500 < 650, does not collapse it): at 5, b's queue is
    // (25/6)(5 − 3.6)² = (25/6) × 1.96 = 8.1667 and a's traffic returns at once (λ = 100 < 130):
    // it drains at 30/min, empty at 5 + 8.1667/30 = 5.272 (a queue draining: cause backlog)
    const r = runScenario(queues('    failover: {over: 6m}', '5m'));
    expect(cellSpans(r, 'api', 'b')).toEqual([['degraded', 3.6, 5, 'demand'], ['degraded', 5, 5.272, 'backlog']]);
    expect(cell(r, 'api', 'b').backlogPeak!.value).toBe(8); // reported in whole units
    expect(cell(r, 'api', 'b').backlogPeak!.atMinutes).toBe(5);
  });
});

describe('cells lost one after the other', () => {
  it('each drain moves its own cell; a cell back mid-drain takes its traffic back at once', () => {
    // four cells of 1/4, failover {after: 1m, over: 4m}, headroom 0.5; a down 0–3, b 2–22.
    // [0,1] s = 3/4. [1,2] a drains, m = (t − 1)/4, W = 3/4: s = W·(1 + m/4/W) = 3/4 + (t − 1)/16.
    // [2,3] b down within its delay, still a receiver serving nothing: s = (1/2)(1 + m/3) = 1/2 + (t − 1)/24.
    // [3,7] a back; b out from 3, m = (t − 3)/4: s = 3/4 + (t − 3)/16, 1 at 7.
    // unserved = 1/4 + (1/4 − 1/32) + (1/2 − 1.5/24) + (1 − 16/32) = 45/32
    // x (needs 0.95): 3/4 + (t − 3)/16 = 0.95 at t = 6.2
    const yaml = `
services:
  api:
    name: API
    cells: [a, b, c, d]
    failover: {after: 1m, over: 4m}
    headroom: 0.5
  x:
    name: X
    dependsOn: [{service: api, needs: 0.95}]
scenarios:
  s:
    faults: [{service: api, cell: a, for: 3m}, {service: api, cell: b, at: 2m, for: 20m}]
`;
    expect(rawUnserved(yaml).get('api')).toBeCloseTo(45 / 32, 9);
    const r = runScenario(yaml);
    expect(spans(r, 'api')).toEqual([['degraded', 0, 3, 'cell'], ['degraded', 3, 7, 'cell']]);
    expect(spans(r, 'x')).toEqual([['down', 0, 6.2, 'dependency']]);
    expect(svc(r, 'api').intervals[1]!.cause.detail).toBe("cell b down; b's traffic to fail over to a, c and d from 3 min to 7 min: 25 % of traffic failing");
  });
});

describe('a second cell lost after the first has moved', () => {
  it('the first stays moved while the second drains', () => {
    // three cells of 1/3, headroom 10 (ample), failover {over: 0.5m}; a down 0–2, b down 1–2.
    // [0, 0.5] a drains: s = 2/3 + m/3, m = t/0.5: unserved 0.5 × (1/3)/2 = 1/12.
    // [1, 1.5] b drains while a's third stays on c: W = 1/3, D_c = 1 + (1/3 + m_b/3)/(1/3) =
    // 2 + m_b, s = (1/3)(2 + m_b) = 2/3 + m_b/3: unserved 1/12 again; total 1/6.
    const yaml = `
services:
  api:
    name: API
    cells: [a, b, c]
    failover: {over: 0.5m}
    headroom: 10
scenarios:
  s:
    faults: [{service: api, cell: a, for: 2m}, {service: api, cell: b, at: 1m, for: 1m}]
`;
    expect(rawUnserved(yaml).get('api')).toBeCloseTo(1 / 6, 12);
  });
});

describe('cost', () => {
  it('a queue cell restarting during a drain takes chords, not chains of wake-ups', () => {
    // b (5/6 of the traffic) restarts over 34 min while a's sixth drains onto it over 27 min:
    // what b serves, μ(t)/λ(t), is a ratio of two lines for half an hour, followed by chords of
    // about 0.03 min (some 1,000 steps); every evaluation between two steps reuses the wake-up
    // already due instead of starting a chain of its own (before, this ran to 16,412 events)
    const yaml = `
services:
  api:
    name: API
    cells: {a: 0.1666666667, b: 0.8333333333}
    failover: {after: 3m, over: 27m}
    backlog: {arrival: 54/min, capacity: 105/min, timeout: 2m, mitigation: 10m}
    restart: {units: 34, rate: 1/min}
scenarios:
  s:
    faults: [{service: api, cell: a, at: 22m, for: 50m}, {service: api, cell: b, at: 10m, for: 19m}]
`;
    const c = catalogOf(yaml);
    const m = buildModel(prepareSimulation(c), { scenario: c.scenarios.get('s')! });
    expect(run(m, m.params.medians()).events).toBeLessThan(2000);
  });
});

describe('the catalog', () => {
  it('takes distributions and priors for both durations, and refuses a drain without `over`', () => {
    const ok = catalogOf(zones('    failover: {after: {p50: 1m, p90: 3m}, over: {prior: drain}}\n    headroom: 0.5'));
    expect(ok.services.get('api')!.cells!.failoverOver).toEqual({ kind: 'prior', name: 'drain' });
    expect(() => catalogOf(zones('    failover: {after: 1m}'))).toThrow(/failover/);
    expect(() => catalogOf(zones('    failover: {over: 6}'))).toThrow(/duration/);
  });

  it('`failover: {over: 0m}` is the step failover', () => {
    const a = runScenario(zones('    failover: {after: 2m, over: 0m}\n    headroom: 0.25'));
    const b = runScenario(zones('    failover: 2m\n    headroom: 0.25'));
    expect(a.services).toEqual(b.services);
  });
});
