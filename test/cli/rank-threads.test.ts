/** `rank --for` on worker threads gives the bytes of one thread (every figure depends only on its own failure). */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { powerLaw, toYaml } from '../../bench/power-law.js';
import { memoryIo } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'blast-rank-threads-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('blast rank --for --threads', () => {
  it('2 worker threads print exactly what one thread prints (2,500 services, groups, soft and async edges, a cycle)', async () => {
    const file = join(dir, 'power-law.yaml');
    writeFileSync(file, toYaml(powerLaw(2500, 10000, { groups: 0.09 })));
    const one = memoryIo();
    expect(await runCli(['rank', file, '--for', '1h', '--json', '--threads', '1'], one)).toBe(0);
    const two = memoryIo();
    expect(await runCli(['rank', file, '--for', '1h', '--json', '--threads', '2'], two)).toBe(0);
    expect(two.out()).toBe(one.out());
    expect((JSON.parse(one.out()) as unknown[]).length).toBe(2500);
  }, 120_000);

  it('a catalog whose failures are nearly all in closed form (hard edges only) prints the same with 2 threads as with one', async () => {
    // fewer replays than are worth starting workers for: computed in this thread (src/cli/rank-pool.ts)
    const file = join(dir, 'power-law-hard.yaml');
    writeFileSync(file, toYaml(powerLaw(2500, 10000, { soft: 0, async: 0 })));
    const one = memoryIo();
    expect(await runCli(['rank', file, '--for', '1h', '--json', '--threads', '1'], one)).toBe(0);
    const two = memoryIo();
    expect(await runCli(['rank', file, '--for', '1h', '--json', '--threads', '2'], two)).toBe(0);
    expect(two.out()).toBe(one.out());
  }, 120_000);
});
