/** Sharded `rank --for`: `--shard i/n` partials merged by `blast merge` give one run's bytes. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { memoryIo } from './helpers.js';
import { tempDirs, writeShards } from './shards.js';

const tmp = tempDirs('rank-shard');
const shards = (args: string[], count: number, dir: string): Promise<string[]> => writeShards('rank', args, count, dir, 'rank');

describe('blast rank --for --shard, then blast merge', () => {
  it.each([
    ['text', ['catalogs/example-shop', '--for', '1h'], 4],
    ['JSON', ['catalogs/example-shop', '--for', '1h', '--json'], 3],
    ['markdown, --top 5', ['catalogs/example-shop', '--for', '90m', '--format', 'markdown', '--top', '5'], 2],
    // more shards than one per service: some shards are empty
    ['text, 25 shards of 19 services', ['catalogs/example-shop', '--for', '1h'], 25],
    ['AWS, JSON', ['catalogs/aws-us-east-1', '--for', '2h', '--json'], 4],
  ])('merged %s output is byte-identical to one run', async (_name, args, count) => {
    const one = memoryIo();
    expect(await runCli(['rank', ...args], one)).toBe(0);
    const files = await shards(args, count, tmp());
    const merged = memoryIo();
    // in any order
    expect(await runCli(['merge', ...[...files].reverse()], merged)).toBe(0);
    expect(merged.out()).toBe(one.out());
    expect(merged.out().length).toBeGreaterThan(100);
  });

  it('refuses: a missing shard, another run, partials of simulate and rank mixed, --shard without --for', async () => {
    const dir = tmp();
    const files = await shards(['catalogs/example-shop', '--for', '1h'], 2, dir);
    const missing = memoryIo();
    expect(await runCli(['merge', files[0]!], missing)).toBe(2);
    expect(missing.err()).toContain('missing shard 2/2');

    const other = await shards(['catalogs/example-shop', '--for', '2h'], 2, tmp());
    const mixedRuns = memoryIo();
    expect(await runCli(['merge', files[0]!, other[1]!], mixedRuns)).toBe(2);
    expect(mixedRuns.err()).toContain('from a different run');

    const sim = memoryIo();
    expect(await runCli(['simulate', 'catalogs/aws-us-east-1', '-s', '2025-10-20-dynamodb-dns', '--trials', '20', '--threads', '1', '--shard', '1/2'], sim)).toBe(0);
    const simFile = join(dir, 'sim-1.json');
    writeFileSync(simFile, sim.out());
    const mixed = memoryIo();
    expect(await runCli(['merge', files[0]!, simFile], mixed)).toBe(2);
    expect(mixed.err()).toMatch(/sim-1\.json is a partial of `blast simulate --trials .*rank-1\.json of `blast rank --for .*partials of different commands do not merge/);
    expect(mixed.out()).toBe('');

    const noFor = memoryIo();
    expect(await runCli(['rank', 'catalogs/example-shop', '--shard', '1/2'], noFor)).toBe(2);
    expect(noFor.err()).toContain('--shard splits the replays of --for');

    const broken = join(dir, 'broken.json');
    writeFileSync(broken, readFileSync(files[1]!, 'utf8').replace('"hours":"', '"hours":"AAAA'));
    const bad = memoryIo();
    expect(await runCli(['merge', files[0]!, broken], bad)).toBe(2);
    expect(bad.err()).toContain('broken.json:1:1');
  });
});
