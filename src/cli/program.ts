/**
 * The `blast` command line: builds the commander program with the command asked for, runs it
 * in-process against injected streams, and maps failures to the exit-code table.
 */
import { Command, CommanderError, Option } from 'commander';
import { EXIT, EXIT_CODE_HELP, type ExitCode } from './exit-codes.js';
import { UserError, type Io } from './io.js';
import { CatalogInvalid, Context } from './context.js';
import { safeText } from '../util/text.js';
import { isSystemError, systemErrorAsUserError } from './fs-errors.js';
import { VERSION } from './version.js';
import { asksTopLevelHelp, COMMAND_SUMMARIES, type CommandSummary } from './command-summaries.js';

type Register = (program: Command, ctx: Context) => void;

/**
 * Each command module registers itself; one line per command, in the order a new user meets
 * them (check the catalog, ask what breaks, review, explore, import). A module is imported only
 * when its command runs, or when every command must be registered (`blast help <command>`, a
 * mistyped command and its suggestion): most of the start-up of a command is loading the
 * modules it needs, not the others'. The top-level help lists them from COMMAND_SUMMARIES.
 */
const COMMANDS: ReadonlyArray<readonly [name: string, load: () => Promise<Register>]> = [
  ['validate', async () => (await import('./commands/validate.js')).registerValidate],
  ['show', async () => (await import('./commands/show.js')).registerShow],
  ['simulate', async () => (await import('./commands/simulate.js')).registerSimulate],
  ['report', async () => (await import('./commands/report.js')).registerReport],
  ['replay', async () => (await import('./commands/replay.js')).registerReplay],
  ['fit', async () => (await import('./commands/fit.js')).registerFit],
  ['review', async () => (await import('./commands/review.js')).registerReview],
  ['rank', async () => (await import('./commands/rank.js')).registerRank],
  ['advise', async () => (await import('./commands/advise.js')).registerAdvise],
  ['diff', async () => (await import('./commands/diff.js')).registerDiff],
  ['graph', async () => (await import('./commands/graph.js')).registerGraph],
  ['compare', async () => (await import('./commands/compare.js')).registerCompare],
  ['merge', async () => (await import('./commands/merge.js')).registerMerge],
  ['explore', async () => (await import('./commands/explore.js')).registerExplore],
  ['import', async () => (await import('./commands/import.js')).registerImport],
  ['start', async () => (await import('./commands/start.js')).registerStart],
];

/** The command `argv` names (its first word that is not an option), when it is one of ours. */
export function commandNamed(argv: readonly string[]): string | undefined {
  const word = argv.find((a) => !a.startsWith('-'));
  return COMMANDS.some(([name]) => name === word) ? word : undefined;
}

/** A command as the top-level help lists it, without its module: the help exits before any action. */
function registerSummary(program: Command, s: CommandSummary): void {
  const cmd = program.command(s.name).description(s.description);
  if (s.args) cmd.arguments(s.args);
  // the help writes `[options]` after a command that has any
  if (s.options) cmd.addOption(new Option('--options').hideHelp());
}

/**
 * The commander program with the command `argv` names registered; for the top-level help alone,
 * every command's summary; otherwise every command (`help <command>`, version, a mistyped
 * command and its suggestion).
 */
export async function buildProgram(ctx: Context, argv: readonly string[] = []): Promise<Command> {
  const program = new Command('blast');
  program
    .description('blast-radius: what breaks, for how long, if this fails?\nLoads a YAML catalog of services and dependencies, simulates failures in time, and flags single points of failure.')
    .version(VERSION, '-V, --version', 'print the version')
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
  const named = commandNamed(argv);
  if (named === undefined && asksTopLevelHelp(argv)) {
    for (const s of COMMAND_SUMMARIES) registerSummary(program, s);
  } else {
    const wanted = COMMANDS.filter(([name]) => named === undefined || name === named);
    for (const register of await Promise.all(wanted.map(([, load]) => load()))) register(program, ctx);
  }
  for (const cmd of program.commands) cmd.exitOverride().configureOutput(program.configureOutput());
  return program;
}

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export async function runCli(argv: readonly string[], io: Io): Promise<ExitCode> {
  const ctx = new Context(io);
  const program = await buildProgram(ctx, argv);
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
