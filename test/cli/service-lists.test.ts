/**
 * Options that name services (`--fail`, `--target`): an empty id is refused with exit 2,
 * never dropped, so `--fail ,` cannot run a simulation of nothing that exits 0.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { collectServiceIds } from '../../src/cli/options.js';
import { memoryIo } from './helpers.js';

const SHOP = 'catalogs/example-shop';
const EMPTY_LISTS = [',', '', ' ', 'a,,b', 'storage,', ',storage', ' , '];

describe('service-list options refuse empty ids', () => {
  const commands: Array<[string, (list: string) => string[]]> = [
    ['simulate --fail', (l) => ['simulate', SHOP, '--fail', l]],
    ['simulate --fail (repeated)', (l) => ['simulate', SHOP, '--fail', 'storage', '--fail', l]],
    ['report --fail', (l) => ['report', SHOP, '--fail', l]],
    ['review --target', (l) => ['review', SHOP, '--target', l]],
    ['diff --target', (l) => ['diff', SHOP, SHOP, '--target', l]],
  ];
  for (const [name, argv] of commands) {
    it.each(EMPTY_LISTS)(`${name} %j: exit 2, the option named, nothing printed on stdout`, async (list) => {
      const io = memoryIo();
      expect(await runCli(argv(list), io)).toBe(2);
      const flag = name.includes('--fail') ? '--fail' : '--target';
      expect(io.err()).toContain(`${flag} <`);
      expect(io.err()).toMatch(/expected (a service id|service ids separated by single commas)/);
      expect(io.out()).toBe('');
    });
  }

  it('splits and collects well-formed lists, trimming spaces around ids', () => {
    expect(collectServiceIds('a, b', ['x'])).toEqual(['x', 'a', 'b']);
    expect(collectServiceIds(' web ')).toEqual(['web']);
  });

  it('a well-formed list still simulates every service named', async () => {
    const io = memoryIo();
    expect(await runCli(['simulate', SHOP, '--fail', 'storage, checkout', '--fail', 'web'], io)).toBe(0);
    expect(io.out().split('\n')[0]).toBe('fail storage, checkout, web for 60m');
  });
});
