/**
 * The top-level help is printed from COMMAND_SUMMARIES (src/cli/command-summaries.ts) without
 * loading the command modules: the table must say what the modules register, and the help
 * printed from it must be the help printed from the registered commands, byte for byte.
 */
import { describe, expect, it } from 'vitest';
import { Command } from 'commander';
import { asksTopLevelHelp, COMMAND_SUMMARIES } from '../../src/cli/command-summaries.js';
import { buildProgram, runCli } from '../../src/cli/program.js';
import { runTopLevelHelp } from '../../src/cli/top-help.js';
import { Context } from '../../src/cli/context.js';
import { memoryIo } from './helpers.js';

/** The program with every command module registered (a mistyped command registers them all). */
const registered = async (): Promise<Command> => buildProgram(new Context(memoryIo()), ['no-such-command']);

/** How commander writes an argument in a command's usage. */
const argText = (a: { required: boolean; variadic: boolean; name(): string }): string => (a.required ? `<${a.name()}${a.variadic ? '...' : ''}>` : `[${a.name()}${a.variadic ? '...' : ''}]`);

describe('the top-level help without the command modules', () => {
  it('lists what each command module registers: name, arguments, options, description, in order', async () => {
    const real = (await registered()).commands.map((c) => ({
      name: c.name(),
      args: c.registeredArguments.map(argText).join(' '),
      options: c.options.length > 0,
      description: c.description(),
    }));
    expect(COMMAND_SUMMARIES).toEqual(real);
  });

  it('prints the same help as the registered commands, at any width, with and without colour', async () => {
    for (const columns of [80, 120, 60]) {
      const full = await registered();
      full.configureOutput({ getOutHelpWidth: () => columns });
      const expected = full.helpInformation();
      const fromTable = await buildProgram(new Context(memoryIo()), ['--help']);
      fromTable.configureOutput({ getOutHelpWidth: () => columns });
      expect(fromTable.helpInformation()).toBe(expected);
    }
    const io = memoryIo();
    expect(await runCli(['--help'], io)).toBe(0);
    expect(io.out()).toContain('  merge <partials...>  ');
    expect(io.out()).toMatch(/^ {2}start \[options\] +the main job/m);
  });

  it('prints, alone (as bin/blast runs it for these arguments), what the whole program prints, with the same exit code', async () => {
    for (const argv of [['--help'], ['-h'], ['--no-color', '--help'], []]) {
      const whole = memoryIo();
      const alone = memoryIo();
      const code = await runCli(argv, whole);
      expect(await runTopLevelHelp(argv, alone), argv.join(' ')).toBe(code);
      expect(alone.out(), argv.join(' ')).toBe(whole.out());
      expect(alone.err(), argv.join(' ')).toBe(whole.err());
    }
  });

  it('is taken only for the help alone: -h, --help, --no-color, or nothing', () => {
    for (const argv of [[], ['--help'], ['-h'], ['--no-color', '--help']]) expect(asksTopLevelHelp(argv)).toBe(true);
    for (const argv of [['help'], ['help', 'simulate'], ['simulate', '--help'], ['--version'], ['-V'], ['simulat']]) expect(asksTopLevelHelp(argv)).toBe(false);
  });
});
