/** Sharded Monte Carlo: `simulate --shard i/n` partials merged by `blast merge` give one run's bytes. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { shardRange } from '../../src/engine/parallel.js';
import { memoryIo } from './helpers.js';
import { tempDirs, writeShards } from './shards.js';

const AWS = ['catalogs/aws-us-east-1', '-s', '2025-10-20-dynamodb-dns'];
const tmp = tempDirs('merge');
const shards = (args: string[], count: number, dir: string): Promise<string[]> => writeShards('simulate', args, count, dir, 'part');

describe('blast merge', () => {
  it('shard ranges cover every trial once, in contiguous ranges differing by at most one', () => {
    expect([1, 2, 3].map((i) => shardRange(10, i, 3))).toEqual([{ from: 0, to: 3 }, { from: 3, to: 6 }, { from: 6, to: 10 }]);
    expect([1, 2].map((i) => shardRange(1, i, 2))).toEqual([{ from: 0, to: 0 }, { from: 0, to: 1 }]);
  });

  it.each([
    ['text', ['--trials', '300', '--seed', '7', '--threads', '1']],
    ['JSON', ['--trials', '300', '--seed', '7', '--threads', '1', '--json']],
  ])('merged %s output is byte-identical to one machine\'s', async (_name, opts) => {
    const one = memoryIo();
    expect(await runCli(['simulate', ...AWS, ...opts], one)).toBe(0);
    const dir = tmp();
    const files = await shards([...AWS, ...opts], 3, dir);
    const merged = memoryIo();
    // In any order.
    expect(await runCli(['merge', files[2]!, files[0]!, files[1]!], merged)).toBe(0);
    expect(merged.out()).toBe(one.out());
    expect(merged.out()).toMatch(/300 trials|"trials": 300/);
  });

  it('shards run on worker threads merge into the bytes of one run in this thread', async () => {
    // 2,000 trials in 2 shards of 1,000: each shard starts 2 workers (≥ 400 trials per worker)
    const opts = ['--trials', '2000', '--seed', '5', '--json'];
    const one = memoryIo();
    expect(await runCli(['simulate', ...AWS, ...opts, '--threads', '1'], one)).toBe(0);
    const files = await shards([...AWS, ...opts, '--threads', '2'], 2, tmp());
    const merged = memoryIo();
    expect(await runCli(['merge', ...files], merged)).toBe(0);
    expect(merged.out()).toBe(one.out());
  });

  it('refuses partials that do not make one run: a missing shard, a duplicate, another run, not a partial', async () => {
    const dir = tmp();
    const files = await shards([...AWS, '--trials', '40', '--threads', '1'], 2, dir);
    const missing = memoryIo();
    expect(await runCli(['merge', files[0]!], missing)).toBe(2);
    expect(missing.err()).toContain('missing shard 2/2');
    const dup = memoryIo();
    expect(await runCli(['merge', files[0]!, files[0]!], dup)).toBe(2);
    expect(dup.err()).toContain('are both shard 1/2');
    const other = join(dir, 'other.json');
    const io = memoryIo();
    await runCli(['simulate', ...AWS, '--trials', '40', '--seed', '2', '--threads', '1', '--shard', '2/2'], io);
    writeFileSync(other, io.out());
    const mixed = memoryIo();
    expect(await runCli(['merge', files[0]!, other], mixed)).toBe(2);
    expect(mixed.err()).toContain('is from a different run');
    const junk = join(dir, 'junk.json');
    writeFileSync(junk, '{"a": 1}');
    const bad = memoryIo();
    expect(await runCli(['merge', junk], bad)).toBe(2);
    expect(bad.err()).toContain('junk.json:1:1: not a partial result');
    for (const x of [missing, dup, mixed, bad]) expect(x.err()).not.toMatch(/\n\s+at /);
    expect(readFileSync(files[0]!, 'utf8')).toContain('"format":"blast-radius/monte-carlo-partial"');
  });

  it('--shard needs --trials and a valid i/n', async () => {
    const no = memoryIo();
    expect(await runCli(['simulate', ...AWS, '--shard', '1/2'], no)).toBe(2);
    expect(no.err()).toContain('give --trials');
    const bad = memoryIo();
    expect(await runCli(['simulate', ...AWS, '--trials', '10', '--shard', '3/2'], bad)).toBe(2);
    expect(bad.err()).toContain('expected i/n');
  });
});
