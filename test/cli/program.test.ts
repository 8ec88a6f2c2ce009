import { describe, expect, it } from 'vitest';
import { buildProgram, commandNamed, runCli } from '../../src/cli/program.js';
import { Context } from '../../src/cli/context.js';
import { memoryIo } from './helpers.js';

const ALL = ['validate', 'show', 'simulate', 'report', 'replay', 'fit', 'priors', 'review', 'rank', 'advise', 'diff', 'graph', 'compare', 'merge', 'explore', 'import', 'start'];

describe('the program registers only the command asked for', () => {
  it('finds the command among the arguments, after global options', () => {
    expect(commandNamed(['validate', 'x.yaml'])).toBe('validate');
    expect(commandNamed(['--no-color', 'rank', '--for', '1h'])).toBe('rank');
    expect(commandNamed(['--help'])).toBeUndefined();
    expect(commandNamed(['help', 'simulate'])).toBeUndefined();
    expect(commandNamed(['simulat'])).toBeUndefined();
    expect(commandNamed([])).toBeUndefined();
  });

  it('registers one command for a command, every command otherwise, in the order of the help', async () => {
    const names = async (argv: string[]) => (await buildProgram(new Context(memoryIo()), argv)).commands.map((c) => c.name());
    expect(await names(['review', 'catalogs/example-shop'])).toEqual(['review']);
    expect(await names([])).toEqual(ALL);
    expect(await names(['--help'])).toEqual(ALL);
    expect(await names(['simulat'])).toEqual(ALL);
  });

  it('still lists every command in the top-level help and suggests the one meant', async () => {
    const help = memoryIo();
    expect(await runCli(['--help'], help)).toBe(0);
    for (const name of ALL) expect(help.out()).toMatch(new RegExp(`^  ${name} `, 'm'));
    const typo = memoryIo();
    expect(await runCli(['simulat'], typo)).toBe(2);
    expect(typo.err()).toContain('Did you mean simulate?');
  });
});
