/**
 * The `blast` command line: builds the commander program with the command asked for, runs it
 * in-process against injected streams, and maps failures to the exit-code table.
 */
import { CommanderError, type Command } from 'commander';
import { EXIT, type ExitCode } from './exit-codes.js';
import { UserError, type Io } from './io.js';
import { CatalogInvalid, Context } from './context.js';
import { safeText } from '../util/text.js';
import { hang } from '../util/wrap.js';
import { isSystemError, systemErrorAsUserError } from './fs-errors.js';
import { asksTopLevelHelp } from './command-summaries.js';
import { baseProgram, finishProgram, registerSummaries } from './program-base.js';

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
  ['priors', async () => (await import('./commands/priors.js')).registerPriors],
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

/**
 * The commander program with the command `argv` names registered; for the top-level help alone,
 * every command's summary; otherwise every command (`help <command>`, version, a mistyped
 * command and its suggestion).
 */
export async function buildProgram(ctx: Context, argv: readonly string[] = []): Promise<Command> {
  const program = baseProgram(ctx.io, (color) => {
    ctx.colorFlag = color;
  });
  const named = commandNamed(argv);
  if (named === undefined && asksTopLevelHelp(argv)) registerSummaries(program);
  else {
    const wanted = COMMANDS.filter(([name]) => named === undefined || name === named);
    for (const register of await Promise.all(wanted.map(([, load]) => load()))) register(program, ctx);
  }
  return finishProgram(program);
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
      if (e.hint) ctx.printErr(hang(`  ${ctx.err.cyan('hint')}: `, safeText(e.hint)));
      return EXIT.usage;
    }
    const err = e as Error;
    ctx.printErr(`${ctx.err.red('internal error')} (this is a bug in blast-radius, please report it with the command you ran):\n${err?.stack ?? String(e)}`);
    return EXIT.bug;
  }
}
