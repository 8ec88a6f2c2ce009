/**
 * The partial-result format of sharded Monte Carlo (src/engine/partial.ts): a round trip keeps
 * every bit of the trial arrays, version 1 files (plain base64) still read, and damaged files
 * are refused with a message.
 */
import { describe, expect, it } from 'vitest';
import { decodePartial, encodePartial, PARTIAL_FORMAT, PARTIAL_VERSION, type Partial } from '../../src/engine/partial.js';
import type { TrialBatch } from '../../src/engine/monte-carlo.js';

// 3 trials [10, 13) of a model with 2 services, 1 uncertain parameter, 1 relative action
const batch: TrialBatch = {
  from: 10,
  to: 13,
  full: Float64Array.of(61.5, Infinity, 0),
  affected: Float64Array.of(2, 2, 0),
  recovered: Float64Array.of(30, 61.5, NaN, Infinity, NaN, NaN),
  samples: Float64Array.of(0.1, -0, 1e-300),
  actionAt: Float64Array.of(12.25, NaN, 5e300),
};
const partial: Partial = {
  format: PARTIAL_FORMAT,
  version: PARTIAL_VERSION,
  key: 'k',
  shard: { index: 2, count: 3 },
  trials: 20,
  seed: 7,
  shape: { ids: ['a', 'b'], labels: ['a.time'], actions: [{ service: 'a', do: 'restart', after: 'detection' }] },
  batch,
  render: { never: Infinity },
};

const bytes = (a: Float64Array): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex');

describe('partial results', () => {
  it('round trip: every bit of every array, NaN, -0 and Infinity included', () => {
    const text = encodePartial(partial);
    expect(JSON.parse(text).version).toBe(2);
    const back = decodePartial(text);
    if ('error' in back) throw new Error(back.error);
    for (const k of ['full', 'affected', 'recovered', 'samples', 'actionAt'] as const) expect(bytes(back.partial.batch[k]), k).toBe(bytes(batch[k]));
    expect(back.partial.render).toEqual({ never: Infinity });
    expect(back.partial.shape).toEqual(partial.shape);
  });

  it('reads version 1 (arrays as plain base64)', () => {
    const v2 = JSON.parse(encodePartial(partial)) as Record<string, unknown>;
    const b64 = (a: Float64Array): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
    const v1 = { ...v2, version: 1, batch: { from: 10, to: 13, full: b64(batch.full), affected: b64(batch.affected), recovered: b64(batch.recovered), samples: b64(batch.samples), actionAt: b64(batch.actionAt) } };
    const back = decodePartial(JSON.stringify(v1));
    if ('error' in back) throw new Error(back.error);
    expect(bytes(back.partial.batch.recovered)).toBe(bytes(batch.recovered));
  });

  it('refuses damaged arrays and arrays of the wrong size', () => {
    const v2 = JSON.parse(encodePartial(partial)) as { batch: Record<string, unknown> };
    const damaged = decodePartial(JSON.stringify({ ...v2, batch: { ...v2.batch, recovered: 'bm90IGRlZmxhdGVk' } }));
    expect(damaged).toEqual({ error: 'batch.recovered is not an array of numbers in the encoding of version 2 (a damaged file?)' });
    // trials [10, 14) need 4 values in full, the file has 3
    const short = decodePartial(JSON.stringify({ ...v2, batch: { ...v2.batch, to: 14 } }));
    expect(short).toEqual({ error: 'batch.full does not hold trials 10 to 14 (a damaged file?)' });
    expect(decodePartial(JSON.stringify({ ...v2, version: 3 }))).toEqual({ error: 'unsupported partial version 3 (expected 1 or 2)' });
  });
});
