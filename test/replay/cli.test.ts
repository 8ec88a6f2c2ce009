/** `blast replay` through the real CLI, in process: the table, JSON, exit codes, trials. */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { memoryIo } from '../cli/helpers.js';

const small = 'test/fixtures/replay/small.yaml';

describe('blast replay', () => {
  it('prints the table, the order check and the affected services', async () => {
    const io = memoryIo();
    expect(await runCli(['replay', small, '-s', 'db-outage'], io)).toBe(0);
    const out = io.out();
    expect(out).toContain('5 of 9 milestones within tolerance; 1 order pair reversed');
    expect(out).toMatch(/\n3 +api down +30m +never down +20m +no\n/);
    // the table fits 100 columns: the label wraps; the error is a duration like the times beside it
    expect(out).toMatch(/\n4 +all recovered \(time to full +2h +1h15m +-45m +-37 % +30m +yes +upper: met\n {3}recovery\)\n/);
    expect(out.split('\n').filter((l) => [...l].length > 100)).toEqual([]);
    expect(out.replace(/\n {2}(?=\S)/g, ' ')).toContain('Order reversed: "web recovered" (observed 1h40m) comes after "API back" (observed 2h) in the simulation');
    expect(out).toContain('named but not affected in the simulation: cache');
  });

  it('--fail-outside exits 1 when a milestone is outside its tolerance', async () => {
    expect(await runCli(['replay', small, '-s', 'db-outage', '--fail-outside'], memoryIo())).toBe(1);
  });

  it('--json is the documented result', async () => {
    const io = memoryIo();
    expect(await runCli(['replay', small, '-s', 'db-outage', '--json'], io)).toBe(0);
    const r = JSON.parse(io.out()) as { score: { within: number; scored: number }; rows: Array<{ simulated: number | null; status: string }> };
    expect(r.score.within).toBe(5);
    expect(r.rows.map((x) => x.simulated)).toEqual([5, 75, null, 75, 65, 5, 5, 65, 65]);
  });

  it('trials add P10/P50/P90, identical for identical seeds (all parameters fixed here: the point values)', async () => {
    const a = memoryIo();
    const b = memoryIo();
    expect(await runCli(['replay', small, '-s', 'db-outage', '--json', '--trials', '50', '--seed', '3'], a)).toBe(0);
    expect(await runCli(['replay', small, '-s', 'db-outage', '--json', '--trials', '50', '--seed', '3'], b)).toBe(0);
    expect(a.out()).toBe(b.out());
    const r = JSON.parse(a.out()) as { trials: { count: number }; rows: Array<{ distribution?: { p10: number | null; p50: number | null; p90: number | null } }> };
    expect(r.trials.count).toBe(50);
    expect(r.rows[1]!.distribution).toEqual({ p10: 75, p50: 75, p90: 75 });
    expect(r.rows[2]!.distribution).toEqual({ p10: null, p50: null, p90: null });
    // api's 50 % milestone: its served fraction is 50 % from its impact at 5 in every trial
    expect(r.rows[5]!.distribution).toEqual({ p10: 5, p50: 5, p90: 5 });
    // every parameter fixed: the P50s are the point values, and so is their score
    const full = JSON.parse(a.out()) as { score: unknown; trials: { p50: unknown } };
    expect(full.trials.p50).toEqual(full.score);
    const text = memoryIo();
    expect(await runCli(['replay', small, '-s', 'db-outage', '--trials', '50', '--seed', '3'], text)).toBe(0);
    expect(text.out()).toContain('At the P50s: 5 of 9 milestones within tolerance');
  });

  it.each([
    [['replay', small], 'give the scenario to replay'],
    [['replay', small, '-s', 'no-observations'], 'has no observed milestones'],
    [['replay', small, '-s', 'db-outag'], 'did you mean "db-outage"'],
  ])('refuses %j with exit 2', async (argv, message) => {
    const io = memoryIo();
    expect(await runCli(argv, io)).toBe(2);
    expect(io.err()).toContain(message);
  });

  it('the AWS 2025-10-20 scenario: every observed milestone within tolerance', async () => {
    const io = memoryIo();
    expect(await runCli(['replay', 'catalogs/aws-us-east-1', '-s', '2025-10-20-dynamodb-dns', '--fail-outside', '--json'], io)).toBe(0);
    const r = JSON.parse(io.out()) as { score: { within: number; scored: number; reversedPairs: number } };
    expect(r.score).toMatchObject({ within: 15, scored: 15, reversedPairs: 0 });
  });
});
