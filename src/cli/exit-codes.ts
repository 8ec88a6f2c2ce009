/** The one table of exit codes; documented in README.md and `blast --help`. */
export const EXIT = {
  /** Success: the command did what was asked and found nothing it was told to fail on. */
  ok: 0,
  /** The input was read, and a check failed: findings reached --fail-on, or warnings with --strict. */
  findings: 1,
  /** Bad input or usage: an invalid catalog, an unknown option, a missing file; or a file or stdout that cannot be written. Fix and retry. */
  usage: 2,
  /** A bug in blast-radius itself. Please report it with the command that triggered it. */
  bug: 3,
  /** Interrupted (Ctrl-C). */
  interrupted: 130,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export const EXIT_CODE_HELP = `Exit codes:
  0    success
  1    a check failed: findings at or above --fail-on, or warnings with --strict
  2    bad input or usage: invalid catalog, unknown option, missing file (the message names
       file:line:col), or an output that cannot be written (it names the path and the reason)
  3    a bug in blast-radius (please report it)
  130  interrupted
A closed pipe (blast ... | head) is not an error: the exit code stays what the command had.`;

/** What makes each command that has a check exit 1, naming the option that asks for it. */
const CHECK_EXITS: Readonly<Record<string, string>> = {
  validate: 'warnings with --strict',
  review: 'a finding at or above --fail-on, or warnings with --strict',
  diff: 'a new finding at or above --fail-on',
  replay: 'a milestone outside its tolerance with --fail-outside',
};

/**
 * The last lines of a command's help: its exit codes, with exit 1 only for the commands that
 * can fail a check; `blast --help` has the full table.
 */
export function commandExitHelp(command: string): string {
  const rest = '2 bad input or usage; 3 a bug (please report it); 130 interrupted.';
  const codes = Object.hasOwn(CHECK_EXITS, command) ? `0 success; 1 ${CHECK_EXITS[command]!};\n  ${rest}` : `0 success; ${rest}`;
  return `Exit codes: ${codes}\nThe full table, and what each message names: blast --help.`;
}
