import { describe, expect, it } from 'vitest';
import { orderShards } from '../../src/util/shards.js';

const part = (file: string, index: number, count = 3, key = 'k') => ({ file, partial: { key, shard: { index, count } } });

describe('the shards of one run', () => {
  it('orders them by index whatever the order given', () => {
    const r = orderShards([part('c', 3), part('a', 1), part('b', 2)], 'x');
    expect('sorted' in r && r.sorted.map((p) => p.shard.index)).toEqual([1, 2, 3]);
  });
  it('names what is wrong: nothing, another run, a shard twice, shards missing', () => {
    expect(orderShards([], 'x')).toEqual({ error: 'no partial results given' });
    expect(orderShards([part('a', 1), part('b', 2, 3, 'other')], 'seed differs')).toEqual({ error: 'b is from a different run than a (seed differs)' });
    expect(orderShards([part('a', 1), part('b', 1)], 'x')).toEqual({ error: 'b and a are both shard 1/3' });
    expect(orderShards([part('b', 2)], 'x')).toEqual({ error: 'missing shards 1/3, 3/3' });
  });
});
