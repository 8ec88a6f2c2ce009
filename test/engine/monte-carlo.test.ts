/**
 * The Monte Carlo summary and its parts: ranks and Spearman's rho, percentiles by selection,
 * the summary against the direct reference (test/engine/reference/monte-carlo-summary.ts) for
 * any split of the trials into batches, and a batch sent to another thread (buffers
 * transferred) arriving bit for bit.
 */
import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadCatalog } from '../../src/catalog/load.js';
import { buildModel, prepareSimulation } from '../../src/engine/index.js';
import { batchBuffers, runTrials, summarize, summaryShape, type TrialBatch } from '../../src/engine/monte-carlo.js';
import { percentilesOf, rankIndex } from '../../src/engine/order-stats.js';
import { ranks, spearman } from '../../src/engine/spearman.js';
import { referenceSummary } from './reference/monte-carlo-summary.js';
import { catalogOf } from './helpers.js';

const { catalog } = loadCatalog('catalogs/aws-us-east-1');
const aws = buildModel(prepareSimulation(catalog!), { scenario: catalog!.scenarios.get('2025-10-20-dynamodb-dns')! });

describe('ranks and Spearman', () => {
  it('averages the ranks of ties', () => {
    // sorted: 10 (position 0), 20 20 (1..2), 30 (3) → ranks 1, (1 + 2) / 2 + 1 = 2.5, 4
    expect([...ranks(Float64Array.of(30, 10, 20, 20))]).toEqual([4, 1, 2.5, 2.5]);
    // +0 and -0 are one value (positions 0..1 → 1.5)
    expect([...ranks(Float64Array.of(0, -0, 1))]).toEqual([1.5, 1.5, 3]);
  });

  it('rho by hand', () => {
    // ranks a = 1 2 3, b = 1 3 2; deviations from the mean 2: (-1 0 1), (-1 1 0);
    // Σxy = 1, Σx² = Σy² = 2 → 1 / √(2 · 2) = 0.5
    expect(spearman(Float64Array.of(1, 2, 3), Float64Array.of(10, 30, 20))).toBe(0.5);
    expect(spearman(Float64Array.of(1, 2, 3), Float64Array.of(5, 6, 70))).toBe(1);
    expect(spearman(Float64Array.of(1, 2, 3), Float64Array.of(3, 2, 1))).toBe(-1);
    expect(spearman(Float64Array.of(1, 2, 3), Float64Array.of(4, 4, 4))).toBe(0); // constant
  });
});

describe('percentiles by selection', () => {
  it('by hand: nearest rank of 5 values', () => {
    // sorted 1 2 3 4 5: P50 at ⌈2.5⌉ − 1 = 2 → 3; P90 at ⌈4.5⌉ − 1 = 4 → 5; P99 at ⌈4.95⌉ − 1 = 4 → 5
    expect(percentilesOf(Float64Array.of(5, 1, 4, 2, 3), [0.5, 0.9, 0.99])).toEqual([3, 5, 5]);
    expect(percentilesOf(new Float64Array(0), [0.5])).toEqual([NaN]);
    expect(rankIndex(1, 0.99)).toBe(0);
  });

  it('equals sorting and indexing, ties and infinities included', () => {
    // −0 and +0 are equal ties: selection may return either, so the values are read with −0 as +0 (x + 0)
    const value = fc.oneof(fc.integer({ min: 0, max: 6 }), fc.double({ noNaN: true }).map((x) => x + 0), fc.constant(Infinity));
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 300 }), (xs) => {
        const sorted = Float64Array.from(xs).sort();
        const ps = [0.01, 0.5, 0.9, 0.99, 1];
        expect(percentilesOf(Float64Array.from(xs), ps)).toEqual(ps.map((p) => sorted[rankIndex(sorted.length, p)]));
      }),
    );
  });
});

/** Trials [0, total) cut at `cuts` (sorted, within range) into batches, listed in `order`. */
function split(b: TrialBatch, cuts: number[], u: number, n: number, r: number): TrialBatch[] {
  const bounds = [0, ...cuts, b.to];
  return bounds.slice(1).map((to, k) => {
    const from = bounds[k]!;
    return {
      from,
      to,
      full: b.full.slice(from, to),
      affected: b.affected.slice(from, to),
      recovered: b.recovered.slice(from * n, to * n),
      samples: b.samples.slice(from * u, to * u),
      actionAt: b.actionAt.slice(from * r, to * r),
    };
  });
}

describe('summary', () => {
  const trials = 1500;
  const whole = runTrials(aws, 11, 0, trials);
  const shape = summaryShape(aws);
  const expected = JSON.stringify(referenceSummary(shape, 11, [whole]));

  it('matches the direct reference byte for byte on the AWS scenario', () => {
    expect(JSON.stringify(summarize(aws, 11, [whole]))).toBe(expected);
    expect(shape.labels.length).toBeGreaterThan(5);
  });

  it('matches the reference for actions timed from an event, fired in some trials', () => {
    // q collapses (and the restart fires) in about half of the trials: see test/engine/timing.test.ts
    const c = catalogOf(`services:
  db: {name: DB}
  q: {name: Q, dependsOn: [{service: db, type: async}], backlog: {arrival: 10/min, capacity: 20/min, timeout: 10m}}
  spare: {name: Spare}
scenarios:
  s:
    faults: [{service: db, for: {min: 10m, max: 30m}}]
    actions: [{at: {after: q down, plus: {min: 1m, max: 3m}}, service: spare, do: restart}]
`);
    const m = buildModel(prepareSimulation(c), { scenario: c.scenarios.get('s')! });
    const b = runTrials(m, 4, 0, 900);
    const got = summarize(m, 4, [b]);
    expect(JSON.stringify(got)).toBe(JSON.stringify(referenceSummary(summaryShape(m), 4, [b])));
    expect(got.actions[0]!.firedShare).toBeGreaterThan(0.3);
    expect(got.actions[0]!.firedShare).toBeLessThan(0.7);
  });

  it('does not depend on how the trials are cut into batches, nor on their order', () => {
    const u = shape.labels.length;
    const n = shape.ids.length;
    const r = shape.actions.length;
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: trials - 1 }), { maxLength: 6 }), fc.integer(), (cuts, rot) => {
        const parts = split(whole, [...cuts].sort((a, b) => a - b), u, n, r);
        const k = Math.abs(rot) % parts.length;
        const shuffled = [...parts.slice(k), ...parts.slice(0, k)].reverse();
        expect(JSON.stringify(summarize(aws, 11, shuffled))).toBe(expected);
      }),
      { numRuns: 15 },
    );
  });

  it('a batch of trials [from, to) is the same trials as in the whole run', () => {
    const part = runTrials(aws, 11, 700, 900);
    const n = aws.graph.n;
    expect(part.from).toBe(700);
    expect([...part.full]).toEqual([...whole.full.subarray(700, 900)]);
    expect(Buffer.from(part.recovered.buffer).equals(Buffer.from(whole.recovered.buffer, 700 * n * 8, 200 * n * 8))).toBe(true);
  });
});

describe('transfer between threads', () => {
  it('a batch posted with its buffers transferred arrives bit for bit, and leaves the sender', async () => {
    const b = runTrials(aws, 3, 40, 60);
    // special values travel too: never recovered, never affected, negative zero
    b.full[0] = Infinity;
    b.recovered[1] = NaN;
    b.actionAt[0] = -0;
    const copy = (a: Float64Array): Buffer => Buffer.from(Buffer.from(a.buffer, a.byteOffset, a.byteLength));
    const before = { full: copy(b.full), affected: copy(b.affected), recovered: copy(b.recovered), samples: copy(b.samples), actionAt: copy(b.actionAt) };
    const { port1, port2 } = new MessageChannel();
    const got = new Promise<TrialBatch>((resolve) => port2.once('message', (m: { result: TrialBatch }) => resolve(m.result)));
    const buffers = batchBuffers(b);
    expect(buffers).toHaveLength(5);
    port1.postMessage({ id: 0, result: b }, buffers);
    const r = await got;
    port1.close();
    expect([r.from, r.to]).toEqual([40, 60]);
    for (const k of ['full', 'affected', 'recovered', 'samples', 'actionAt'] as const) {
      expect(copy(r[k]).equals(before[k]), k).toBe(true);
      expect(b[k].byteLength, `${k} detached`).toBe(0);
    }
  });
});
