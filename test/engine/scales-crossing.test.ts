/**
 * Several `scales` bounds on one service (docs/model.md, "Capacity as a fraction"): the capacity
 * is the least of them at every instant, also while a dependency's staged restart lifts its
 * bound past the bound of another dependency still down. Expected numbers are worked out in the
 * comments.
 */
import { describe, expect, it } from 'vitest';
import { runScenario, spans, svc } from './helpers.js';

/** The counterexample of the property "a faster restart never makes any service recover later". */
const queued = (rate: number): string => `services:
  s1: {name: Service 1, restart: {units: 1, rate: ${rate}/min, coldStart: 1}}
  s2: {name: Service 2}
  s3:
    name: Service 3
    dependsOn:
      - {service: s2, type: hard, scales: 0.45}
      - {service: s1, type: hard, scales: 0.55}
    backlog: {arrival: 46/min, capacity: 101/min}
scenarios:
  s:
    faults:
      - {service: s1, at: 26m, for: 46m}
      - {service: s2, at: 0m, for: 73m}
`;

describe('a dependency coming back does not lift capacity past the bound of one still down', () => {
  // s3: λ = 46/min, capacity 101/min. Bounds: s2 down 0–73 → 1 − 0.45 = 0.55; s1 down 26–72 → 1 − 0.55 = 0.45.
  // 0–26: c = 0.55, μ = 55.55 ≥ 46, no queue. 26–72: c = 0.45, μ = 45.45, served 45.45/46 = 0.988043,
  //   the queue grows 0.55/min: B(72) = 46 × 0.55 = 25.3.
  // From 72 s1 restarts over D = 1/rate min: its bound 0.45 + 0.55·u/D (u = t − 72) meets s2's 0.55 at
  //   u₁ = 0.1·D/0.55 = D/5.5, and c stays 0.55 until s2 is back at 73.
  //   Over [0, u₁]: dB/du = 46 − 101·(0.45 + 0.55·u/D) = 0.55 − 55.55·u/D,
  //   ∫ = 0.55·D/5.5 − 55.55·D/(2 × 5.5²) = 0.1·D − 0.918182·D = −(9/11)·D.
  //   Over [u₁, 1]: dB/dt = 46 − 55.55 = −9.55.
  //   rate 1 (D = 1):   B(73) = 25.3 − 0.818182 − 9.55 × (1 − 0.181818) = 16.668182
  //   rate 2 (D = 0.5): B(73) = 25.3 − 0.409091 − 9.55 × (1 − 0.090909) = 16.209091
  // From 73 c = 1, μ = 101, the queue drains at 55/min:
  //   rate 1: 16.668182 / 55 = 0.303058 → up at 73.303; rate 2: 16.209091 / 55 = 0.294711 → up at 73.295.
  // (The engine before followed s1's line past 0.55 until its next event: the queue emptied at 72.964
  // with rate 1, up at 73; with rate 2 capacity reached 1 at 72.5, up at 73.126, later than rate 1.)
  it('the slower restart: the capacity bends at 72.182, the queue drains at 73.303', () => {
    const r = runScenario(queued(1));
    expect(spans(r, 's3')).toEqual([['degraded', 0, 73, 'dependency'], ['degraded', 73, 73.303, 'backlog']]);
    expect(svc(r, 's3').recoveredMinutes).toBe(73.303);
    expect(svc(r, 's3').capacity).toEqual([
      { minute: 0, capacity: 1, served: 1 },
      { minute: 0, capacity: 0.55, served: 1 },
      { minute: 26, capacity: 0.55, served: 1 },
      { minute: 26, capacity: 0.45, served: 0.988043 },
      { minute: 72, capacity: 0.45, served: 0.988043 },
      // μ = λ: 0.45 + 0.55·u = 46/101 = 0.455446 at u = 0.0099
      { minute: 72.01, capacity: 0.455446, served: 1 },
      { minute: 72.182, capacity: 0.55, served: 1 },
      { minute: 73, capacity: 0.55, served: 1 },
      { minute: 73, capacity: 1, served: 1 },
    ]);
  });

  it('the faster restart: the capacity bends at 72.091, the queue drains at 73.295 (earlier)', () => {
    const r = runScenario(queued(2));
    expect(spans(r, 's3')).toEqual([['degraded', 0, 73, 'dependency'], ['degraded', 73, 73.295, 'backlog']]);
    expect(svc(r, 's3').recoveredMinutes).toBe(73.295);
    const before73 = svc(r, 's3').capacity!.filter((p) => p.minute > 0 && p.minute < 73); // after the step down at 0
    expect(Math.max(...before73.map((p) => p.capacity))).toBe(0.55);
    expect(before73.some((p) => p.minute === 72.091 && p.capacity === 0.55)).toBe(true);
  });
});

describe('two dependencies restarting at different paces', () => {
  // x scales fully on a (down 0–10, restart over 10 min) and b (down 0–14, restart over 2 min).
  // c = min(s_a, s_b). At 10 both serve 0 and a starts rising: the level bound (b) binds.
  // At 14 s_a = 0.4 and b rises at 0.5/min: s_b = 0.5·(t − 14) meets s_a = 0.4 + 0.1·(t − 14) at t = 15
  // (0.5); then s_a binds, 1 at 20.
  // Down while c < 5 %: until 14 + 0.05/0.5 = 14.1.
  // Unserved: 14 min at 0, 14–15 from 0 to 0.5 (0.75), 15–20 from 0.5 to 1 (1.25): 16.
  // (The engine before followed a's line from 10 — b still down — and b's line past a's from 14 to 16.)
  const y = `services:
  a: {name: A, restart: {units: 10, rate: 1/min}}
  b: {name: B, restart: {units: 2, rate: 1/min}}
  x: {name: X, dependsOn: [{service: a, scales: 1}, {service: b, scales: 1}]}
scenarios:
  s:
    faults:
      - {service: a, at: 0m, for: 10m}
      - {service: b, at: 0m, for: 14m}
`;
  it('the capacity is the lower of the two lines at every instant', () => {
    const r = runScenario(y);
    const x = svc(r, 'x');
    expect(x.recoveredMinutes).toBe(20);
    expect(x.unservedMinutes).toBe(16);
    expect(spans(r, 'x').at(-1)).toEqual(['degraded', 14.1, 20, 'dependency']);
    expect(spans(r, 'x')[0]![0]).toBe('down');
    // the points the curve passes through (a point on a straight stretch, 16: 0.6, is allowed)
    const at = (m: number): number => {
      const ps = x.capacity!;
      const j = ps.findIndex((p) => p.minute >= m);
      const p = ps[j]!;
      if (p.minute === m) return p.capacity;
      const q = ps[j - 1]!;
      return q.capacity + ((p.capacity - q.capacity) * (m - q.minute)) / (p.minute - q.minute);
    };
    expect(at(12)).toBe(0); // b still down
    expect(at(14.5)).toBeCloseTo(0.25, 6);
    expect(at(15)).toBeCloseTo(0.5, 6);
    expect(at(16)).toBeCloseTo(0.6, 6);
    expect(at(18)).toBeCloseTo(0.8, 6);
  });
});
