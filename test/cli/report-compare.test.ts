/**
 * `blast report --compare-with`: the report as without it, then the comparison section that
 * `blast compare --format markdown` writes for the same two scenarios.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { memoryIo } from './helpers.js';

const SHOP = 'catalogs/example-shop';
async function run(...argv: string[]) {
  const io = memoryIo();
  const exit = await runCli(argv, io);
  return { exit, out: io.out(), err: io.err() };
}

describe('blast report --compare-with', () => {
  it('appends the comparison of the report scenario (A) with the other (B)', async () => {
    const plain = await run('report', SHOP, '-s', 'payment-gateway-brownout');
    const withCmp = await run('report', SHOP, '-s', 'payment-gateway-brownout', '--compare-with', 'storage-outage');
    const cmp = await run('compare', SHOP, '-s', 'payment-gateway-brownout', '-s', 'storage-outage', '--format', 'markdown');
    expect(withCmp.exit).toBe(0);
    expect(withCmp.out).toBe(`${plain.out}\n${cmp.out}`);
    expect(withCmp.out).toContain('| Affected services | 3 of 19 | 14 of 19 | +11 |');
  });

  it('an unknown scenario: exit 2, no report', async () => {
    const r = await run('report', SHOP, '-s', 'storage-outage', '--compare-with', 'nope');
    expect(r.exit).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/no scenario "nope"/);
  });
});
