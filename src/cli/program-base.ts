/**
 * The `blast` program without its commands: name, description, version, global options, the
 * help's epilogue, output and exit handling. src/cli/program.ts adds the command asked for;
 * src/cli/top-help.ts adds every command's summary for the top-level help, without the command
 * modules or the catalog reader they use.
 */
import { Command, Option } from 'commander';
import { commandExitHelp, EXIT_CODE_HELP } from './exit-codes.js';
import type { Io } from './io.js';
import { VERSION } from './version.js';
import { COMMAND_SUMMARIES } from './command-summaries.js';

/** The program; `onColor` receives --no-color's value before a command's action runs. */
export function baseProgram(io: Io, onColor: (color: boolean | undefined) => void): Command {
  return new Command('blast')
    .description('blast-radius: what breaks, for how long, if this fails?\nLoads a YAML catalog of services and dependencies, simulates failures in time, and flags single points of failure.')
    .version(VERSION, '-V, --version', 'print the version')
    .option('--no-color', 'no colour in output (NO_COLOR is honoured too)')
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      outputError: (s, write) => write(s),
    })
    .exitOverride()
    .hook('preAction', (thisCommand) => {
      onColor(thisCommand.opts<{ color?: boolean }>().color);
    })
    .addHelpText(
      'after',
      `
Quick start:
  $ blast validate catalogs/example-shop
  $ blast show catalogs/example-shop checkout
  $ blast simulate catalogs/aws-us-east-1 --scenario 2025-10-20-dynamodb-dns
  $ blast review catalogs/example-shop --fail-on high

${EXIT_CODE_HELP}`,
    );
}

/** Every command as the top-level help lists it, without its module: the help exits before any action. */
export function registerSummaries(program: Command): void {
  for (const s of COMMAND_SUMMARIES) {
    const cmd = program.command(s.name).description(s.description);
    if (s.args) cmd.arguments(s.args);
    // the help writes `[options]` after a command that has any
    if (s.options) cmd.addOption(new Option('--options').hideHelp());
  }
}

/** Commands inherit the program's output and exit handling; each one's help ends with its exit codes. */
export function finishProgram(program: Command): Command {
  for (const cmd of program.commands) cmd.exitOverride().configureOutput(program.configureOutput()).addHelpText('after', `\n${commandExitHelp(cmd.name())}`);
  return program;
}
