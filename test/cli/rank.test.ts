/** `blast rank` in-process, with values derived by hand from the catalogs. */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { memoryIo } from './helpers.js';

interface Row { id: string; name: string; tier: number; blastRadius: number; down: number; degraded: number; weighted: number; serviceHours?: number }

describe('blast rank', () => {
  it('--json rows: example-shop storage takes 13 services down', async () => {
    const io = memoryIo();
    expect(await runCli(['rank', 'catalogs/example-shop', '--json'], io)).toBe(0);
    const rows = JSON.parse(io.out()) as Row[];
    expect(rows).toHaveLength(19);
    // storage: db-node-a/b/c, users-db, queue directly; catalog-db (2 of 3 lost); then
    // auth, catalog-api, orders, payments, web, search, checkout. recommendations only
    // consumes orders asynchronously.
    expect(rows[0]).toMatchObject({ id: 'storage', name: 'Block storage', blastRadius: 13, down: 13, degraded: 0 });
    // cache is soft for catalog-api: catalog-api, web, search and checkout are degraded, none down.
    expect(rows.find((r) => r.id === 'cache')).toMatchObject({ blastRadius: 4, down: 0, degraded: 4 });
    // one database node alone: the 2-of-3 group holds.
    expect(rows.find((r) => r.id === 'db-node-a')).toMatchObject({ blastRadius: 0 });
  });

  it('weights by tier: control-plane takes down db-a, db-b, api (tier 1) and front (tier 0)', async () => {
    const io = memoryIo();
    expect(await runCli(['rank', 'test/fixtures/analysis/review-small.yaml', '--json'], io)).toBe(0);
    const rows = JSON.parse(io.out()) as Row[];
    expect(rows[0]).toMatchObject({ id: 'control-plane', blastRadius: 4, weighted: 3 * 4 + 8 });
  });

  it('text output has a header, --top limits rows', async () => {
    const io = memoryIo();
    expect(await runCli(['rank', 'catalogs/example-shop', '--top', '3'], io)).toBe(0);
    const lines = io.out().trimEnd().split('\n');
    expect(lines[0]).toMatch(/^\s+#\s+service\s+tier\s+radius\s+down\s+weighted$/);
    expect(lines[1]).toMatch(/^\s+1\s+storage\s+0\s+13\s+13\s+/);
    expect(lines).toHaveLength(5);
    expect(lines[4]).toContain('16 more');
  });

  it('--for adds service-hours from the engine and orders by it', async () => {
    const io = memoryIo();
    expect(await runCli(['rank', 'catalogs/example-shop', '--for', '1h', '--json'], io)).toBe(0);
    const rows = JSON.parse(io.out()) as Row[];
    for (const r of rows) expect(typeof r.serviceHours).toBe('number');
    for (let i = 1; i < rows.length; i++) expect(rows[i - 1]!.serviceHours!).toBeGreaterThanOrEqual(rows[i]!.serviceHours!);
    // A failure that affects nobody costs no one else's time.
    expect(rows.find((r) => r.id === 'db-node-a')!.serviceHours).toBe(0);
    // storage down for an hour impairs its 13 dependents for at least that hour each.
    expect(rows.find((r) => r.id === 'storage')!.serviceHours).toBeGreaterThanOrEqual(13);
  });

  it('bad input exits 2', async () => {
    const io = memoryIo();
    expect(await runCli(['rank', 'catalogs/example-shop', '--for', 'soon'], io)).toBe(2);
    expect(io.err()).toContain('expected a duration');
    expect(await runCli(['rank', 'no/such/catalog'], memoryIo())).toBe(2);
  });
});
