/**
 * A catalog with a single scenario (each incident of catalogs/incidents) needs no
 * `--scenario`: simulate, report, replay and fit run that scenario, exactly as when it is
 * named. A catalog with several still asks which one. And graph spells --depth -d, as show does.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { memoryIo } from './helpers.js';

const SLACK = 'catalogs/incidents/2021-01-04-slack-transit-gateway';
const ID = '2021-01-04-slack-transit-gateway';

const run = async (argv: string[]): Promise<{ code: number; out: string; err: string }> => {
  const io = memoryIo();
  const code = await runCli(argv, io);
  return { code, out: io.out(), err: io.err() };
};

describe('the only scenario of a catalog is the default', () => {
  it.each([
    ['simulate', []],
    ['simulate', ['--json']],
    ['report', []],
    ['replay', []],
    ['replay', ['--json']],
  ])('blast %s %j without -s runs it, as with -s', async (command, extra) => {
    const named = await run([command, SLACK, '-s', ID, ...extra]);
    const unnamed = await run([command, SLACK, ...extra]);
    expect(named.code).toBe(0);
    expect(unnamed).toEqual(named);
  }, 60_000);

  it('blast fit without -s fits it (test/fixtures/replay/fit.yaml has the one scenario s)', async () => {
    const named = await run(['fit', 'test/fixtures/replay/fit.yaml', '-s', 's', '--threads', '1', '--json']);
    const unnamed = await run(['fit', 'test/fixtures/replay/fit.yaml', '--threads', '1', '--json']);
    expect(named.code).toBe(0);
    expect(unnamed).toEqual(named);
  }, 60_000);

  it('a catalog with several scenarios still asks, naming them', async () => {
    const r = await run(['simulate', 'catalogs/example-shop']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('nothing to simulate');
    expect(r.err).toContain('storage-outage, payment-gateway-brownout, bad-config-push');
  });

  it('the help says so', async () => {
    for (const command of ['simulate', 'report', 'replay', 'fit']) {
      const r = await run([command, '--help']);
      expect(r.out.replace(/\s+/g, ' ')).toContain("only one, if it has one)");
    }
  });
});

describe('options spelled as in the other commands', () => {
  it('graph takes -d for --depth, as show does', async () => {
    const long = await run(['graph', 'catalogs/example-shop', '--format', 'mermaid', '--focus', 'checkout', '--depth', '2']);
    const short = await run(['graph', 'catalogs/example-shop', '--format', 'mermaid', '--focus', 'checkout', '-d', '2']);
    expect(long.code).toBe(0);
    expect(short).toEqual(long);
  });
});
