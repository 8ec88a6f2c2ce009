/**
 * `blast --help`, `blast -h` and `blast` alone: the top-level help, printed from the command
 * summaries (src/cli/command-summaries.ts) by a program that loads neither the command modules
 * nor the catalog reader. src/cli/main.ts imports this instead of the whole program when the
 * arguments ask for nothing else.
 */
import { CommanderError } from 'commander';
import { EXIT, type ExitCode } from './exit-codes.js';
import type { Io } from './io.js';
import { baseProgram, finishProgram, registerSummaries } from './program-base.js';

/** Prints the top-level help for `argv` (see asksTopLevelHelp) and returns the exit code. */
export async function runTopLevelHelp(argv: readonly string[], io: Io): Promise<ExitCode> {
  const program = baseProgram(io, () => undefined);
  registerSummaries(program);
  finishProgram(program);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT.ok;
  } catch (e) {
    if (e instanceof CommanderError) return e.code === 'commander.helpDisplayed' || e.code === 'commander.help' ? EXIT.ok : EXIT.usage;
    throw e;
  }
}
