import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { memoryIo } from './helpers.js';

describe('blast CLI smoke', () => {
  it('validates the example catalog', async () => {
    const io = memoryIo();
    expect(await runCli(['validate', 'catalogs/example-shop'], io)).toBe(0);
    expect(io.out()).toMatch(/^valid: catalogs\/example-shop: 19 services/);
  });
  it('exits 2 with file:line:col for a missing path', async () => {
    const io = memoryIo();
    expect(await runCli(['validate', 'no/such/catalog'], io)).toBe(2);
    expect(io.err()).toContain('no/such/catalog:1:1: error[file-not-found]');
  });
});
