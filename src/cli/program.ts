/**
 * The `blast` command line: builds the commander program with every command, runs it
 * in-process against injected streams, and maps failures to the exit-code table.
 */
import { Command, CommanderError } from 'commander';
import { createRequire } from 'node:module';
import { EXIT, EXIT_CODE_HELP, type ExitCode } from './exit-codes.js';
import { UserError, type Io } from './io.js';
import { CatalogInvalid, Context } from './context.js';
import { registerValidate } from './commands/validate.js';
import { registerShow } from './commands/show.js';
import { registerStart } from './commands/start.js';
import { registerSimulate } from './commands/simulate.js';
import { registerImport } from './commands/import.js';
import { registerExplore } from './commands/explore.js';
import { registerReview } from './commands/review.js';
import { registerRank } from './commands/rank.js';
import { registerDiff } from './commands/diff.js';
import { registerReport } from './commands/report.js';
import { registerMerge } from './commands/merge.js';
import { registerReplay } from './commands/replay.js';
import { registerFit } from './commands/fit.js';
import { registerGraph } from './commands/graph.js';
import { registerCompare } from './commands/compare.js';
import { registerAdvise } from './commands/advise.js';
import { safeText } from '../util/text.js';
import { isSystemError, systemErrorAsUserError } from './fs-errors.js';

const pkg = createRequire(import.meta.url)('../../package.json') as { version: string };

/** Each command module registers itself here; one line per command. */
const COMMANDS: ReadonlyArray<(program: Command, ctx: Context) => void> = [
  // in the order a new user meets them: check the catalog, ask what breaks, review, explore, import
  registerValidate,
  registerShow,
  registerSimulate,
  registerReport,
  registerReplay,
  registerFit,
  registerReview,
  registerRank,
  registerAdvise,
  registerDiff,
  registerGraph,
  registerCompare,
  registerMerge,
  registerExplore,
  registerImport,
  registerStart,
];

export function buildProgram(ctx: Context): Command {
  const program = new Command('blast');
  program
    .description('blast-radius: what breaks, for how long, if this fails?\nLoads a YAML catalog of services and dependencies, simulates failures in time, and flags single points of failure.')
    .version(pkg.version, '-V, --version', 'print the version')
    .option('--no-color', 'no colour in output (NO_COLOR is honoured too)')
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (s) => ctx.io.stdout.write(s),
      writeErr: (s) => ctx.io.stderr.write(s),
      outputError: (s, write) => write(s),
    })
    .exitOverride()
    .hook('preAction', (thisCommand) => {
      ctx.colorFlag = thisCommand.opts<{ color?: boolean }>().color;
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
  for (const register of COMMANDS) register(program, ctx);
  for (const cmd of program.commands) cmd.exitOverride().configureOutput(program.configureOutput());
  return program;
}

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export async function runCli(argv: readonly string[], io: Io): Promise<ExitCode> {
  const ctx = new Context(io);
  const program = buildProgram(ctx);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return ctx.exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.ok;
      if (e.code === 'commander.executeSubCommandAsync') return EXIT.ok;
      return EXIT.usage; // commander already printed the message
    }
    if (e instanceof CatalogInvalid) return EXIT.usage;
    // A file system that refuses (full, read-only, a directory where a file should be) is the environment, not a bug.
    if (isSystemError(e)) e = systemErrorAsUserError(e);
    if (e instanceof UserError) {
      ctx.printErr(`${ctx.err.red('error')}: ${safeText(e.message)}`);
      if (e.hint) ctx.printErr(`  ${ctx.err.cyan('hint')}: ${safeText(e.hint)}`);
      return EXIT.usage;
    }
    const err = e as Error;
    ctx.printErr(`${ctx.err.red('internal error')} (this is a bug in blast-radius, please report it with the command you ran):\n${err?.stack ?? String(e)}`);
    return EXIT.bug;
  }
}
