/** `blast simulate` through the real CLI, in process: the text summary, the JSON contract, errors. */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { memoryIo } from './helpers.js';

const shop = 'catalogs/example-shop';

describe('blast simulate', () => {
  it('an ad-hoc failure: storage down 40 minutes takes the database quorum and its dependents down', async () => {
    const io = memoryIo();
    expect(await runCli(['simulate', shop, '--fail', 'storage', '--for', '40m', '--json'], io)).toBe(0);
    const r = JSON.parse(io.out()) as { scenario: string; servicesTotal: number; affected: number; fullRecoveryMinutes: number; services: Array<{ id: string; impactStartMinutes: number | null; recoveredMinutes: number | null; intervals: unknown[] }>; criticalPath: unknown[] };
    expect(r.scenario).toBe('fail storage for 40m');
    expect(r.servicesTotal).toBe(19);
    const byId = new Map(r.services.map((s) => [s.id, s]));
    // storage is under all three db nodes (so the 2-of-3 group fails), users-db and the queue
    for (const id of ['storage', 'db-node-a', 'db-node-b', 'db-node-c', 'catalog-db', 'users-db', 'queue', 'auth', 'checkout']) {
      expect(byId.get(id)!.impactStartMinutes, id).toBe(0);
    }
    // nothing in the edge tier depends on storage
    expect(byId.get('dns')!.impactStartMinutes).toBeNull();
    expect(byId.get('cdn')!.recoveredMinutes).toBeNull();
    // auth warms up 2 minutes after users-db is back at 40
    expect(byId.get('auth')!.recoveredMinutes).toBe(42);
    expect(r.criticalPath.length).toBeGreaterThan(0);
  });

  it('prints a readable summary with the critical path', async () => {
    const io = memoryIo();
    expect(await runCli(['simulate', shop, '--scenario', 'payment-gateway-brownout'], io)).toBe(0);
    const out = io.out();
    expect(out).toContain('Payment gateway outage with retry storm');
    expect(out).toMatch(/Affected: \d+ of 19 services/);
    expect(out).toContain('Why it took that long');
    // the chain as a sentence: checkout waited on payments, which waited on the gateway's repair at 35
    expect(out.replace(/\s+/g, ' ')).toContain('Checkout recovered at +1h46m, because Payments recovered at +1h46m, because External payment gateway was repaired at +35m.');
    // gateway back at 35: 30 min x 300/min x 2 retries = 18,000 queued > 900/min x 10 min timeout: collapse,
    // until the throttle at 50
    expect(out).toMatch(/Metastable collapses[^\n]*\n {2}Payments: \+35m to \+50m, ended by admission throttled by operators/);
    // Payments waited on three causes in turn: the gateway (down 5–35), its collapse (35–50), the throttle
    expect(out).toMatch(/Payments recovered, after waiting in turn on:\n +down 30m: External payment gateway is down\n +down 15m: metastable collapse[^]*?\n +degraded \d+m: admission throttled by operators/);
  });

  it('Monte Carlo is reproducible with a seed and independent of the thread count', async () => {
    const run = async (threads: string) => {
      const io = memoryIo();
      expect(await runCli(['simulate', 'catalogs/aws-us-east-1', '-s', '2025-10-20-dynamodb-dns', '--trials', '1200', '--seed', '9', '--threads', threads, '--json'], io)).toBe(0);
      return JSON.parse(io.out()).monteCarlo as { trials: number; seed: number; fullRecoveryMinutes: { p50: number; p90: number; p99: number } };
    };
    const one = await run('1');
    const two = await run('2');
    expect(two).toEqual(one);
    expect(one.trials).toBe(1200);
    expect(one.fullRecoveryMinutes.p50).toBeLessThanOrEqual(one.fullRecoveryMinutes.p90);
    expect(one.fullRecoveryMinutes.p90).toBeLessThanOrEqual(one.fullRecoveryMinutes.p99);
  });

  it('--for never: a fault that does not clear leaves its dependents impaired for good', async () => {
    const io = memoryIo();
    expect(await runCli(['simulate', shop, '--fail', 'dns', '--for', 'never', '--json'], io)).toBe(0);
    const r = JSON.parse(io.out()) as { fullRecoveryMinutes: number | null; services: Array<{ id: string; recovered: boolean; recoveredMinutes: number | null }> };
    expect(r.fullRecoveryMinutes).toBeNull();
    // dns <- cdn <- web <- checkout
    for (const id of ['dns', 'cdn', 'web', 'checkout']) expect(r.services.find((s) => s.id === id)!.recovered, id).toBe(false);
    expect(r.services.find((s) => s.id === 'payments')!.recoveredMinutes).toBeNull();
  });

  it.each([
    [['simulate', shop, '--scenario', 'storage-outag'], 'did you mean "storage-outage"?'],
    [['simulate', shop, '--fail', 'paymnts', '--for', '1h'], 'did you mean "payments"?'],
    [['simulate', shop], 'nothing to simulate'],
    [['simulate', shop, '--scenario', 'storage-outage', '--fail', 'dns'], 'not both'],
    [['simulate', shop, '--fail', 'dns', '--for', 'soon'], 'expected a duration'],
    [['simulate', shop, '--trials', '-3', '-s', 'storage-outage'], 'expected a whole number'],
  ])('%j exits 2 with a clear message', async (argv, message) => {
    const io = memoryIo();
    expect(await runCli(argv, io)).toBe(2);
    expect(io.err()).toContain(message);
    expect(io.err()).not.toMatch(/\n\s+at /);
  });
});
