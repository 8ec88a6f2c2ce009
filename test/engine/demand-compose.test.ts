/**
 * Demand lines that compose (docs/model.md, "Cold caches loading their origin" and "Gradual
 * failover"): a cell that receives a drained cell's traffic while a cold cache in front of its
 * service refills carries the product of the two factors, D(t) · F(t), neither slope lost.
 * Expected numbers are worked out by hand in the comments.
 */
import { describe, expect, it } from 'vitest';
import { catalogOf, runScenario, spans, svc } from './helpers.js';
import { buildModel, prepareSimulation, run, type SimulationResult } from '../../src/engine/index.js';

/**
 * db: two cells of a half each, no headroom, `failover` as given; cdn in front of it with
 * `fill: {hitRatio: 0.5, warm: 20m, share: 1}` (a = 1 · 0.5/0.5 = 1), down 0–10, so its refill
 * runs 10–30: F(t) = 1 + (1 − (t − 10)/20) = 2 − (t − 10)/20 on each cell of db (a global
 * origin with cells takes the same factor on each). Cell a is lost `lost`.
 */
const dbZones = (failover: string, lost: string) => `services:
  db:
    name: DB
    cells: [a, b]
${failover}
  cdn:
    name: CDN
    dependsOn:
      - {service: db, type: soft, fill: {hitRatio: 0.5, warm: 20m, share: 1}}
  reader: {name: Reader, dependsOn: [{service: db, needs: 0.4}]}
scenarios:
  s:
    faults:
      - {service: cdn, at: 0m, for: 10m}
${lost}`;

const cellOf = (r: SimulationResult, id: string, name: string) => svc(r, id).cells!.find((x) => x.cell === name)!;

/** Raw unserved minutes of every slot (not rounded as the result is). */
function rawUnserved(yaml: string): Map<string, number> {
  const c = catalogOf(yaml);
  const m = buildModel(prepareSimulation(c), { scenario: c.scenarios.get('s')! });
  const out = run(m, m.params.medians());
  return new Map(m.graph.ids.map((id, i) => [id, out.unserved[i]!]));
}

describe('a drain onto a cell whose cache refills', () => {
  it('with no cell lost, a service that could drain gradually takes the surge as one that fails over at once', () => {
    // nothing drains: each cell carries F(t) = 2 − u/20 (u = t − 10), capacity 1, serves 1/F.
    // unserved = ∫₀²⁰ (1 − 1/(2 − u/20)) du = 20 − 20·ln 2 = 6.1371 (both cells alike, so the
    // service too); reader needs 40 %: 1/F ≥ 0.4 always (F ≤ 2), it never notices.
    const exact = 20 - 20 * Math.LN2;
    const drain = rawUnserved(dbZones('    failover: {over: 10m}', ''));
    const step = rawUnserved(dbZones('    failover: true', ''));
    // the chords (RAMP_EPS = 0.001) overstate what is served by at most 0.001 per minute of the refill
    for (const u of [drain, step]) {
      expect(u.get('db')!).toBeLessThanOrEqual(exact + 1e-9);
      expect(exact - u.get('db')!).toBeLessThanOrEqual(0.001 * 20);
      expect(u.get('db@b')!).toBeCloseTo(u.get('db')!, 9);
    }
    // (the service's cause names its cells; each cell's names the cache)
    const r = runScenario(dbZones('    failover: {over: 10m}', ''));
    expect(spans(r, 'db')).toEqual([['degraded', 10, 30, 'cell']]);
    expect(svc(r, 'db').cells!.map((x) => x.intervals.map((i) => [i.start, i.end, i.cause.kind, i.cause.service]))).toEqual([[[10, 30, 'fill', 'cdn']], [[10, 30, 'fill', 'cdn']]]);
  });

  it('a cell lost as the refill starts: the receiving cell carries D(t)·F(t), the service serves 1/(2F)', () => {
    // cell a lost 10–70, drained over 10 min from 10: m = (t − 10)/10, W = 1/2,
    // D_b = 1 + (1/2)·m/(1/2) = 1 + u/10 for u = t − 10 in [0, 10], then 2 (1/W).
    // b's demand: D·F = (1 + u/10)(2 − u/20) on [0, 10] (at u = 5: 1.5 · 1.75 = 2.625, served
    // 1/2.625 = 0.381), 2·(2 − u/20) on [10, 20], 2 from 30 to 70.
    // The service serves what b serves of its traffic: w_b · D · (1/(D·F)) = 1/(2F) — D cancels:
    // on [10, 30] 1/(2(2 − u/20)), then 1/2 until a is back at 70.
    // unserved = ∫₀²⁰ (1 − 1/(2(2 − u/20))) du + 40 · 1/2 = 20 − 10·ln 2 + 20 = 33.0685
    // reader (needs 40 %): 1/(2F) ≥ 0.4 ⇔ F ≤ 1.25 ⇔ u ≥ 15: down 10 → 25 (from 30 on 1/2 ≥ 0.4)
    const yaml = dbZones('    failover: {over: 10m}', '      - {service: db, cell: a, at: 10m, for: 60m}\n');
    const exact = 40 - 10 * Math.LN2;
    const raw = rawUnserved(yaml);
    // tangents of the product (re-based within RAMP_EPS of the demand) and chords: 0.001 per minute
    expect(Math.abs(raw.get('db')! - exact)).toBeLessThanOrEqual(0.001 * 20);
    const r = runScenario(yaml);
    expect(spans(r, 'reader').map(([s, a, , k]) => [s, a, k])).toEqual([['down', 10, 'dependency']]);
    const end = svc(r, 'reader').intervals[0]!.end!;
    // the crossing of 40 % is read off a chord: within 0.001/|s'| of 25 (s' = 1/(2F²)·(1/20) = 0.016 at u = 15)
    expect(Math.abs(end - 25)).toBeLessThanOrEqual(0.001 / 0.016 + 0.0005);
    // the cell's served curve at 15 (u = 5): 1/2.625 = 0.381; at 25 (u = 15): 1/(2·1.25) = 0.4
    const b = cellOf(r, 'db', 'b').capacity!;
    // the curve is a line between its points (the chords): read it at t
    const at = (t: number): number => {
      const k = b.findIndex((x) => x.minute > t);
      const p = b[k - 1]!;
      const q = b[k]!;
      return p.served + ((q.served - p.served) * (t - p.minute)) / (q.minute - p.minute);
    };
    expect(Math.abs(at(15) - 1 / 2.625)).toBeLessThanOrEqual(0.002);
    expect(Math.abs(at(25) - 0.4)).toBeLessThanOrEqual(0.002);
    expect(Math.abs(at(50) - 0.5)).toBeLessThanOrEqual(1e-9);
  });

  it('the step failover on the same catalog: D = 2 at once, the service 1/(2F) just the same', () => {
    // a out at 10, b carries 2·F(t) at once: the service serves w_b·2·1/(2F) = 1/(2F): the same
    // unserved minutes, 40 − 10·ln 2 (the two failovers differ only in b's own demand on [10, 20])
    const exact = 40 - 10 * Math.LN2;
    const raw = rawUnserved(dbZones('    failover: true', '      - {service: db, cell: a, at: 10m, for: 60m}\n'));
    expect(Math.abs(raw.get('db')! - exact)).toBeLessThanOrEqual(0.001 * 20);
    // b's own: ∫₀²⁰ (1 − 1/(2F)) du + 40 · 1/2, as the service's (it carries all of it)
    expect(Math.abs(raw.get('db@b')! - exact)).toBeLessThanOrEqual(0.001 * 20);
  });

  it('b\'s own unserved minutes with the drain: ∫ (1 − 1/(D·F)), worked out by hand', () => {
    // u in [0, 10]: D·F = (1 + u/10)(2 − u/20) = 2 + 0.15u − 0.005u², always ≥ 1 (b overloaded
    // from u = 0, where it is 2). ∫₀¹⁰ du / (2 + 0.15u − 0.005u²): with −0.005(u² − 30u − 400)
    // = −0.005(u − 40)(u + 10), the integral is 200 ∫ du / ((40 − u)(u + 10))
    // = 200/50 · [ln((u + 10)/(40 − u))]₀¹⁰ = 4 · (ln(20/30) − ln(10/40)) = 4 ln(8/3) = 3.9233
    // u in [10, 20]: ∫ du / (2(2 − u/20)) = 10 · ln(1.5/1) = 4.0547
    // unserved = (10 − 3.9233) + (10 − 4.0547) + 40 · 1/2 = 32.0220
    const exact = 20 - 4 * Math.log(8 / 3) - 10 * Math.log(1.5) + 20;
    const raw = rawUnserved(dbZones('    failover: {over: 10m}', '      - {service: db, cell: a, at: 10m, for: 60m}\n'));
    expect(Math.abs(raw.get('db@b')! - exact)).toBeLessThanOrEqual(0.001 * 20);
  });
});
