/** The optimiser's parts: Nelder–Mead in the unit box, and the seeded Latin hypercube. */
import { describe, expect, it } from 'vitest';
import { nelderMead } from '../../src/fit/nelder-mead.js';
import { latinHypercube } from '../../src/fit/lhs.js';

describe('nelderMead', () => {
  it('finds the centre of an anisotropic bowl', () => {
    const r = nelderMead((x) => (x[0]! - 0.3) ** 2 + 10 * (x[1]! - 0.7) ** 2, [0.9, 0.1]);
    expect(r.x[0]).toBeCloseTo(0.3, 3);
    expect(r.x[1]).toBeCloseTo(0.7, 3);
    expect(r.f).toBeLessThan(1e-6);
  });

  it('follows the Rosenbrock valley to its minimum (a = b = 1, at box coordinates 0.75)', () => {
    // (a, b) = 4x − 2 maps the box onto [−2, 2]²
    const f = (x: Float64Array) => {
      const a = 4 * x[0]! - 2;
      const b = 4 * x[1]! - 2;
      return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
    };
    const r = nelderMead(f, [0.2, 0.8], { maxEvals: 4000, restarts: 4 });
    expect(r.x[0]).toBeCloseTo(0.75, 2);
    expect(r.x[1]).toBeCloseTo(0.75, 2);
  });

  it('stays in the box when the unconstrained minimum is outside it', () => {
    const r = nelderMead((x) => (x[0]! + 1) ** 2 + (x[1]! - 2) ** 2, [0.5, 0.5]);
    expect([...r.x]).toEqual([0, 1]);
  });

  it('respects its evaluation budget and is deterministic', () => {
    let calls = 0;
    const f = (x: Float64Array) => { calls++; return Math.sin(9 * x[0]!) + Math.cos(7 * x[1]!) + x[2]!; };
    const a = nelderMead(f, [0.5, 0.5, 0.5], { maxEvals: 50 });
    expect(calls).toBe(a.evals);
    expect(a.evals).toBeLessThanOrEqual(50 + 3); // a shrink step may finish its vertex loop
    const b = nelderMead(f, [0.5, 0.5, 0.5], { maxEvals: 50 });
    expect([...b.x]).toEqual([...a.x]);
  });

  it('treats NaN as worse than anything', () => {
    const r = nelderMead((x) => (x[0]! < 0.5 ? NaN : (x[0]! - 0.6) ** 2), [0.9]);
    expect(r.x[0]).toBeCloseTo(0.6, 3);
  });
});

describe('latinHypercube', () => {
  it('puts exactly one point in each stratum of each coordinate', () => {
    const n = 17;
    const pts = latinHypercube(n, 3, 42);
    for (let k = 0; k < 3; k++) {
      const strata = pts.map((p) => Math.floor(p[k]! * n)).sort((a, b) => a - b);
      expect(strata).toEqual(Array.from({ length: n }, (_, i) => i));
    }
  });

  it('is seeded', () => {
    expect(latinHypercube(5, 2, 7).map((p) => [...p])).toEqual(latinHypercube(5, 2, 7).map((p) => [...p]));
    expect(latinHypercube(5, 2, 7).map((p) => [...p])).not.toEqual(latinHypercube(5, 2, 8).map((p) => [...p]));
  });
});
