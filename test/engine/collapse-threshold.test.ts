/**
 * A queue reaching its collapse threshold `B = μ·T` at a scheduled backlog event collapses there,
 * also when floating point lands the queue a few ulps short of the threshold (docs/model.md,
 * "Queues"). Before the fix, the third episode below stayed degraded until the fault ended: the
 * root left to the threshold was under firstPositiveRoot's 1e-12 and was never scheduled.
 */
import { describe, expect, it } from 'vitest';
import { runScenario, spans } from './helpers.js';

const catalog = `services:
  q:
    name: Q
    backlog: {arrival: 1000/min, capacity: 2000/min, timeout: 1m}
scenarios:
  s:
    faults:
      - {service: q, at: 0m, for: 3000m, capacity: 0.15}
    actions:
      - {service: q, at: 743m, do: restart, drop: true}
      - {service: q, at: 1583m, do: restart, drop: true}
`;

describe('collapse threshold reached at a scheduled event', () => {
  it('collapses after each reset at the same offset', () => {
    // μ = 0.15 × 2000 = 300/min, λ = 1000/min: an empty queue grows 700/min and reaches μ·T = 300
    // after 300 / 700 = 3/7 min = 0.428571 min, at 0, 743 and 1583 (each reset drops the queue).
    const r = runScenario(catalog);
    const down = spans(r, 'q').filter(([state, , , kind]) => state === 'down' && kind === 'collapse');
    expect(down.map(([, start]) => start)).toEqual([0.429, 743.429, 1583.429]);
    expect(down.map(([, , end]) => end)).toEqual([743, 1583, null]);
  });
});
