/**
 * The breaker of a delayed shedding (`shedding: {after: d}`, docs/model.md, "Load shedding and
 * panic mode"): it engages `d` after a collapse starts and closes when the queue has drained.
 * Expected numbers are worked out by hand in the comments, not read from the output.
 */
import { describe, expect, it } from 'vitest';
import { buildModel, prepareSimulation, run } from '../../src/engine/index.js';
import { catalogOf, runScenario, spans, svc } from './helpers.js';

// The case CI's fast-check seed (20251020) found (shedding-properties.test.ts' generator spec
// {arrival: 1, extra: 1, timeout: 1, retry: 1, edge: {soft, capacity: 0.1}, fault: 1,
// surge: {at: 3, for: 2, demand: 3.1}}). q: λ = 1/min, capacity 2/min, timeout 1 min; while dep
// is down (0–1) the soft edge leaves 10 %: μ = 0.2/min; a surge multiplies demand by 3.1 at 3–5.
const twoOverloads = (shedding: string) => `services:
  dep: {name: Dep}
  q:
    name: Q
    dependsOn: [{service: dep, type: soft, capacity: 0.1}]
    backlog: {arrival: 1/min, capacity: 2/min, timeout: 1m, retry: 1${shedding}}
  u: {name: U, dependsOn: [{service: q, type: hard}]}
scenarios:
  s:
    faults:
      - {service: dep, at: 0m, for: 1m}
      - {service: q, at: 3m, for: 2m, demand: 3.1}
`;
const rec = (shedding: string): number | null => svc(runScenario(twoOverloads(shedding)), 'q').recoveredMinutes;

describe('a delayed shedding: the breaker closes when the queue has drained', () => {
  it('engaging sooner closes the breaker before a second overload, which collapses again (after: 1m)', () => {
    // 0: μ = 0.2, L = μ · timeout = 0.2; B grows at λ − μ = 0.8/min and reaches L at 0.25: collapse.
    // Collapsed, goodput 0: B grows at λ = 1/min. Dep is back at 1 (μ = 2, L = 2).
    // 1.25: shedding engages, B = 0.2 + 1 × 1 = 1.2 ≤ L = 2: nothing dropped; drains at μ − λ = 1/min:
    //   empty at 1.25 + 1.2 = 2.45, and the breaker closes.
    // 3: surge, λ = 3.1: B grows at 1.1/min from 0 and reaches L = 2 at 3 + 2/1.1 = 4.818 (4.8182):
    //   the breaker is closed, so the queue collapses again; shedding waits 1 min more, to 5.818.
    // B(5) = 2 + 0.1818 × 3.1 = 2.5636; B(5.818) = 2.5636 + 0.8182 × 1 = 3.3818.
    // 5.818: engages, drops 3.3818 − 2 = 1.3818; 2 drain at 1/min: up at 7.818.
    const r = runScenario(twoOverloads(', shedding: {after: 1m}'));
    expect(spans(r, 'q')).toEqual([
      ['degraded', 0, 0.25, 'dependency'], ['down', 0.25, 1.25, 'collapse'], ['degraded', 1.25, 2.45, 'backlog'],
      ['degraded', 3, 4.818, 'demand'], ['down', 4.818, 5.818, 'collapse'], ['degraded', 5.818, 7.818, 'backlog'],
    ]);
    // arrived: 1/min over 7.818 min + the surge's 2.1/min over 2 min = 7.818 + 4.2 = 12.018;
    // shed 1.382 (all at 5.818); served 12.018 − 1.382 = 10.636
    expect(svc(r, 'q').shedding).toEqual({ arrived: 12.018, served: 10.636, shed: 1.382, unit: 'units of work' });
    // two collapses (0.25–1.25 and 4.818–5.818): the summary spans both and says so
    expect(svc(r, 'q').collapse).toMatchObject({ startMinutes: 0.25, endMinutes: 5.818, episodes: 2 });
  });

  it('each collapse names its own largest queue (after: 1m)', () => {
    // worked above: the first collapse (0.25–1.25) grows from 0.2 at 1/min to B(1.25) = 1.2, where
    // shedding ends it; the second (4.818–5.818) to B(5.818) = 3.3818, the run's peak. Each names
    // its own (rounded to whole units), not the run's peak for both or a figure for one only.
    const c = catalogOf(twoOverloads(', shedding: {after: 1m}'));
    const model = buildModel(prepareSimulation(c), { scenario: c.scenarios.get('s')! });
    const peaks = run(model, model.params.medians()).collapsePeaks!;
    expect(peaks.start.map((x) => Math.round(x * 1000) / 1000)).toEqual([0.25, 4.818]);
    expect(peaks.peak[0]).toBeCloseTo(1.2, 9);
    expect(peaks.at[0]).toBeCloseTo(1.25, 9);
    // the second collapse begins at c = 3 + 2/1.1 (the queue reaches L = 2 growing at 1.1/min);
    // goodput 0: it grows at λ = 3.1 to 5 and at 1 after, until shedding engages at c + 1
    const c2 = 3 + 2 / 1.1;
    expect(peaks.peak[1]).toBeCloseTo(2 + (5 - c2) * 3.1 + (c2 + 1 - 5) * 1, 9);
    expect(peaks.at[1]).toBeCloseTo(c2 + 1, 9);
    const r = runScenario(twoOverloads(', shedding: {after: 1m}'));
    const details = svc(r, 'q').intervals.filter((iv) => iv.causes![0]!.kind === 'collapse').map((iv) => iv.causes![0]!.detail);
    expect(details).toEqual([
      'metastable collapse: 1 units of work queued cannot be served within their timeout; work expires and is retried',
      'metastable collapse: 3 units of work queued cannot be served within their timeout; work expires and is retried',
    ]);
  });

  it('engaging later leaves the breaker engaged through the second overload, which it sheds (after: 2m)', () => {
    // collapse at 0.25 as above; 2.25: B = 0.2 + 2 × 1 = 2.2 > L = 2: 0.2 dropped; drains at 1/min.
    // 3: B = 2 − 0.75 = 1.25, not drained: the breaker is still engaged when the surge comes.
    // Surge: B grows at 1.1/min to L = 2 at 3 + 0.75/1.1 = 3.682 (3.6818); held there, shedding
    // 1.1/min to 5 (1.3182 × 1.1 = 1.45); 5: λ = 1, 2 drain at 1/min: up at 7.
    const r = runScenario(twoOverloads(', shedding: {after: 2m}'));
    expect(spans(r, 'q')).toEqual([
      ['degraded', 0, 0.25, 'dependency'], ['down', 0.25, 2.25, 'collapse'], ['degraded', 2.25, 3, 'backlog'],
      // from 3 the queue grows because of the surge (λ = 3.1 > μ = 2), not because of Dep (up since 1)
      ['degraded', 3, 3.682, 'demand'], ['degraded', 3.682, 5, 'shedding'], ['degraded', 5, 7, 'backlog'],
    ]);
    // what it sheds and then drains piled up under the surge, with every dependency up: its own
    // load is named, not Dep, which held the queue before its collapse
    expect(svc(r, 'q').collapse).toMatchObject({ startMinutes: 0.25, endMinutes: 2.25 });
    expect(svc(r, 'q').collapse!.episodes).toBeUndefined(); // one collapse
    const named = svc(r, 'q').intervals.filter((iv) => iv.start >= 3).map((iv) => iv.cause.service);
    expect(named).toEqual(['q', 'q', 'q']);
    expect(svc(r, 'q').intervals.at(-1)!.cause.detail).not.toMatch(/during its collapse|while Dep/);
    // arrived 7 + 4.2 = 11.2; shed 0.2 + 1.45 = 1.65; served 11.2 − 1.65 = 9.55
    expect(svc(r, 'q').shedding).toEqual({ arrived: 11.2, served: 9.55, shed: 1.65, unit: 'units of work' });
  });

  it('recovery against the delay d: 7, then 6.818 + d, then 7 again, then 2.25 + d', () => {
    // Always engaged (d = 0): held at L = 0.2 from 0.25 to 1, drained at 1.2; the surge is held at
    // L = 2 from 4.818 to 5; 2 drain at 1/min: up at 7. No shedding: collapsed at 0.25, never back.
    expect(rec(', shedding: true')).toBe(7);
    expect(rec('')).toBeNull();
    // First episode: engaged at 0.25 + d with B = 0.2 + d. d < 0.75 (dep still down): cut to
    // L = 0.2, held to 1, empty at 1.2. d ≥ 0.75: L = 2, B drains at 1/min (cut to 2 first once
    // 0.2 + d > 2): empty at 0.25 + d + 0.2 + d = 0.45 + 2d, before the surge at 3 iff d < 1.275.
    // d < 1.275: the surge collapses q at 4.818 and shedding engages at 4.818 + d:
    //   d ≤ 0.1818 (= 5 − 4.818): still in the surge, cut to 2 and held to 5: up at 7;
    //   d > 0.1818: after it, cut to 2 and drained at 1/min: up at 4.818 + d + 2 = 6.818 + d.
    expect(rec(', shedding: {after: 6s}')).toBe(7); // d = 0.1
    expect(rec(', shedding: {after: 30s}')).toBe(7.318); // 6.818 + 0.5
    expect(rec(', shedding: {after: 72s}')).toBe(8.018); // 6.818 + 1.2
    // 1.275 ≤ d ≤ 4.75: still engaged when the surge comes (or engaging within it): held at 2 to 5, up at 7.
    // d = 1.3: engaged at 1.55 with B = 1.5; at 3, B = 1.5 − 1.45 = 0.05 > 0; held from 4.773.
    expect(rec(', shedding: {after: 78s}')).toBe(7);
    // d = 4: collapsed 0.25–4.25 (B = 0.2 + 2.75 × 1 + 1.25 × 3.1 = 6.825), cut to 2, held to 5.
    expect(rec(', shedding: {after: 4m}')).toBe(7);
    // d > 4.75: engaged after the surge, B > 2 cut to 2, drained at 1/min: up at 0.25 + d + 2.
    expect(rec(', shedding: {after: 6m}')).toBe(8.25);
  });
});

describe('a delayed shedding against none: the mitigation throttle also lasts until the queue drains', () => {
  // Another case of CI's seed (5,000 runs): q: λ = 3/min, capacity 5/min, timeout 1 min, mitigation
  // 1 min; the soft edge leaves 10 % (μ = 0.5) while dep is down (0–9); demand × 3.4 at 23–24.
  const y = (shedding: string) => `services:
  dep: {name: Dep}
  q:
    name: Q
    dependsOn: [{service: dep, type: soft, capacity: 0.1}]
    backlog: {arrival: 3/min, capacity: 5/min, timeout: 1m, retry: 1, mitigation: 1m${shedding}}
scenarios:
  s:
    faults:
      - {service: dep, at: 0m, for: 9m}
      - {service: q, at: 23m, for: 1m, demand: 3.4}
`;
  it('no shedding: throttled from 10 to 28.55, the surge finds the throttle in place and cannot collapse q', () => {
    // 0: L = 0.5 · 1 = 0.5; B grows at 3 − 0.5 = 2.5/min, reaches L at 0.2: collapse; B grows at 3/min.
    // 9: dep back (the causes clear); 10: mitigation, B = 0.5 + 9.8 × 3 = 29.9, throttled at 5:
    // drains at 2/min; B(23) = 29.9 − 13 × 2 = 3.9; 23–24: λ = 10.2, B grows at 5.2/min (throttled:
    // no collapse) to 9.1; then drains at 2/min: up at 24 + 4.55 = 28.55.
    const r = runScenario(y(''));
    expect(spans(r, 'q')).toEqual([['degraded', 0, 0.2, 'dependency'], ['down', 0.2, 10, 'collapse'], ['degraded', 10, 28.55, 'throttle']]);
  });

  it('after: 1m recovers later (29.1): its breaker closed at 9.25, the surge collapses q again', () => {
    // collapse at 0.2; 1.2: engages, B = 0.5 + 1 × 3 = 3.5 cut to L = 0.5 (3 shed), held there
    // while dep is down, shedding 2.5/min to 9 (19.5); 9: L = 5, 0.5 drains at 2/min: empty at
    // 9.25, the breaker closes (and no mitigation throttle: shedding ended the collapse).
    // 23: λ = 10.2, B grows at 5.2/min to L = 5 at 23 + 5/5.2 = 23.962 (23.9615): collapse.
    // B(24) = 5 + 0.0385 × 10.2 = 5.3923; B(24.9615) = 5.3923 + 0.9615 × 3 = 8.2769.
    // 24.962: mitigation (1 min) and the engagement (1 min) are both due; the mitigation is applied
    // first, so the engagement finds no collapse to end: throttled at 5, 8.2769 drain at 2/min in
    // 4.1385: up at 29.1, 0.55 later than without shedding.
    const r = runScenario(y(', shedding: {after: 1m}'));
    expect(spans(r, 'q')).toEqual([
      ['degraded', 0, 0.2, 'dependency'], ['down', 0.2, 1.2, 'collapse'], ['degraded', 1.2, 9, 'shedding'], ['degraded', 9, 9.25, 'backlog'],
      ['degraded', 23, 23.962, 'demand'], ['down', 23.962, 24.962, 'collapse'], ['degraded', 24.962, 29.1, 'throttle'],
    ]);
    // arrived 3 × 29.1 + 7.2 × 1 (the surge's extra) = 94.5; shed 3 + 19.5 = 22.5; served 72
    expect(svc(r, 'q').shedding).toEqual({ arrived: 94.5, served: 72, shed: 22.5, unit: 'units of work' });
    // always engaged: held at 0.5 from 0.2 to 9, empty at 9.25; the surge is held at L = 5 from
    // 23.962 to 24, then 5 drain at 2/min: up at 26.5
    expect(svc(runScenario(y(', shedding: true')), 'q').recoveredMinutes).toBe(26.5);
  });
});

describe('a delayed shedding: an engagement belongs to its collapse', () => {
  // q: λ = 100/min, capacity 200/min (μ), timeout 1 min, mitigation 10 min; demand × 3 at 0–10
  // and at 45–55; shedding 50 min after a collapse starts.
  const y = `services:
  q:
    name: Q
    backlog: {arrival: 100/min, capacity: 200/min, timeout: 1m, mitigation: 10m, shedding: {after: 50m}}
scenarios:
  s:
    faults:
      - {service: q, at: 0m, for: 10m, demand: 3}
      - {service: q, at: 45m, for: 10m, demand: 3}
`;
  it('a collapse that mitigation ended does not lend its pending engagement to the next collapse', () => {
    // 0: λ = 300 > μ = 200, L = 200: B grows at 100/min, collapse at 2 (engagement due at 52).
    // Collapsed, B grows at λ: B(10) = 200 + 8 × 300 = 2,600, B(12) = 2,600 + 2 × 100 = 2,800.
    // 12: mitigation (10 min after the collapse started, its causes being clear: the surge is a
    //   load, not a broken cause) throttles at capacity: drains at 100/min, empty at 40. The
    //   collapse is over, so is its engagement.
    // 45: the second surge: B reaches L = 200 at 47: collapse, engagement due at 97.
    //   B(55) = 200 + 8 × 300 = 2,600, B(57) = 2,800; 57: mitigation, drained at 100/min: up at 85.
    // (The engagement left over from the first collapse fired at 52: B = 200 + 5 × 300 = 1,700,
    // 1,500 dropped, up at 57, shedding only 5 min into a collapse that waits 50.)
    const r = runScenario(y);
    expect(spans(r, 'q')).toEqual([
      ['degraded', 0, 2, 'demand'], ['down', 2, 12, 'collapse'], ['degraded', 12, 40, 'throttle'],
      ['degraded', 45, 47, 'demand'], ['down', 47, 57, 'collapse'], ['degraded', 57, 85, 'throttle'],
    ]);
    // arrived 100 × 85 + 2 × 200 × 10 (the surges' extra) = 12,500, all served: nothing shed
    expect(svc(r, 'q').shedding).toEqual({ arrived: 12_500, served: 12_500, shed: 0, unit: 'units of work' });
  });
});
