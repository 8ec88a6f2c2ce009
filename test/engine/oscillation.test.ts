/**
 * Queues that take turns until the 30-day horizon cut (docs/model.md, "Termination";
 * src/engine/oscillation.ts): the services still changing state at the cut, their period and
 * since when, worked out by hand from the catalogs' rates. These runs go to the cut
 * (`repeatStop: false`); test/engine/repeat.test.ts stops them where their whole state repeats.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { catalogOf, TWO_QUEUES } from './helpers.js';
import { buildModel, explain, prepareSimulation, run } from '../../src/engine/index.js';
import type { RunOptions } from '../../src/engine/simulate.js';

const twoQueues = `${TWO_QUEUES}scenarios:
  s:
    faults: [{service: t, at: 0m, for: 10m}]
`;

function simulate(yaml: string, options: RunOptions = { repeatStop: false }) {
  const c = catalogOf(yaml);
  const model = buildModel(prepareSimulation(c), { scenario: c.scenarios.get('s')! });
  const out = run(model, model.params.medians(), options);
  return { model, out, r: explain(model, out) };
}

describe('services taking turns at the horizon cut', () => {
  it('two queues on async edges: period and start worked out by hand', () => {
    // A queue processes only while its async dependency is up; it is degraded while it drains.
    // 0–10: t down, A down; A's queue fills 100/min to its cap 240 (at 2.4); B waits on A: 1000.
    // 10: A drains 240 at 150 − 100 = 50/min → up at 14.8; B waits meanwhile: 1000 + 480 = 1480.
    // 14.8: B drains 1480 at 50/min → up at 44.4; A waits and refills to its cap, 240 (by 17.2).
    // 44.4: A drains 240 → 49.2 (4.8 min); B waits: 100 × 4.8 = 480.
    // 49.2: B drains 480 → 58.8 (9.6 min); A refills to 240 (2.4 min < 9.6).
    // 58.8: A holds 240 and B 0, as at 44.4: from 44.4 the run repeats every 4.8 + 9.6 = 14.4 min.
    // (14.8 is not the same state: B then held 1480, not 0.) B stays below its collapse
    // threshold (150 × 18 = 2700), A below its own (150 × 10 = 1500).
    const { out, r } = simulate(twoQueues);
    expect(out.oscillating.map((o) => o.service)).toEqual([1, 2]);
    for (const o of out.oscillating) {
      expect(o.periodMinutes).toBeCloseTo(14.4, 6);
      expect(o.since).toBeCloseTo(44.4, 6);
    }
    expect(r.oscillating).toEqual([{
      services: ['a', 'b'], periodMinutes: 14.4, sinceMinutes: 44.4,
      note: 'Queue A and Queue B took turns every 14.4 min from minute 44.4 until the 30-day cut (oscillating: they never settle)',
    }]);
    // the run still ends at the cut, as before: the last turn of B starts within a period of it
    const b = r.services.find((s) => s.id === 'b')!;
    expect(b.recovered).toBe(false);
    expect(b.intervals.at(-1)!.start).toBeCloseTo(49.2 + 14.4 * Math.floor((30 * 1440 - 49.2) / 14.4), 3);
  });

  it('the period follows c·μ / (μ − λ)² for other rates', () => {
    // A (cap c) drains c at μ − λ: c / (μ − λ) min, while B gathers λ · c / (μ − λ); B drains that
    // in λ · c / (μ − λ)² min while A refills to c (in c / λ, shorter whenever (μ − λ)² < λ²).
    // One turn: c / (μ − λ) · (1 + λ / (μ − λ)) = c · μ / (μ − λ)². Timeouts of 600 min keep both
    // far from collapse.
    const cases: Array<[number, number, number, number]> = [
      [100, 150, 240, 14.4], // 240 · 150 / 50² = 36 000 / 2 500
      [60, 100, 120, 7.5], //   120 · 100 / 40² = 12 000 / 1 600
      [80, 120, 200, 15], //    200 · 120 / 40² = 24 000 / 1 600
    ];
    for (const [lambda, mu, c, period] of cases) {
      const yaml = twoQueues
        .replace('{arrival: 100/min, capacity: 150/min, timeout: 10m, retry: 1, cap: 240}', `{arrival: ${lambda}/min, capacity: ${mu}/min, timeout: 600m, retry: 1, cap: ${c}}`)
        .replace('{arrival: 100/min, capacity: 150/min, timeout: 18m, retry: 1}', `{arrival: ${lambda}/min, capacity: ${mu}/min, timeout: 600m, retry: 1}`);
      const { r } = simulate(yaml);
      expect(r.oscillating?.map((o) => [o.services, o.periodMinutes])).toEqual([[['a', 'b'], period]]);
    }
  });

  it('the engine-hang fixture: s0 and s2 take turns every 14.4 min from minute 73.4', () => {
    // worked in test/engine/termination.test.ts: at 73.4 s0 is empty and up, s2 is at its cap
    // (240) and starts draining; at 87.8 the same again, and every 4.8 + 9.6 = 14.4 min after
    const { r } = simulate(readFileSync(new URL('../fixtures/advise/engine-hang.yaml', import.meta.url), 'utf8'));
    expect(r.oscillating?.map((o) => [o.services, o.periodMinutes, o.sinceMinutes])).toEqual([[['s0', 's2'], 14.4, 73.4]]);
  });

  it('a run that settles has no oscillation and no oscillating field', () => {
    // without the cycle (B no longer on A): A drains its 240 by 14.8 and the run ends there
    const { out, r } = simulate(twoQueues.replace('dependsOn: [{service: a, type: async}]', 'dependsOn: []'));
    expect(out.oscillating).toEqual([]);
    expect('oscillating' in r).toBe(false);
    expect(r.fullRecoveryMinutes).toBeCloseTo(14.8, 6);
  });
});
