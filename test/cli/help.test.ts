/**
 * Every command's `--help` as a new user reads it: in a terminal of 100 columns no line is cut
 * or wrapped by the terminal, and each says what its exit codes mean (the top-level help has
 * the full table; a command that can exit 1 says when).
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { COMMAND_SUMMARIES } from '../../src/cli/command-summaries.js';
import { memoryIo } from './helpers.js';

const help = async (argv: string[]): Promise<string> => {
  const io = memoryIo();
  expect(await runCli(argv, io)).toBe(0);
  return io.out();
};

/** Commands that exit 1 when a check fails, and the option that asks for the check. */
const CHECKS: Record<string, string> = { validate: '--strict', review: '--fail-on', diff: '--fail-on', replay: '--fail-outside' };

describe('blast <command> --help', () => {
  it.each(COMMAND_SUMMARIES.map((s) => s.name))('%s: no line wider than 100 columns', async (name) => {
    const wide = (await help([name, '--help'])).split('\n').filter((l) => [...l].length > 100);
    expect(wide).toEqual([]);
  });

  it.each(COMMAND_SUMMARIES.map((s) => s.name))('%s: says what its exit codes mean', async (name) => {
    const text = await help([name, '--help']);
    const block = text.slice(text.lastIndexOf('Exit codes:'));
    expect(text).toContain('Exit codes:');
    expect(block).toMatch(/\b0 success\b/);
    expect(block).toMatch(/\b2 bad input or usage\b/);
    expect(block).toMatch(/\b3 a bug\b/);
    // exit 1 is named exactly for the commands that have a check, with the option that asks for it
    if (CHECKS[name]) expect(block).toMatch(new RegExp(`\\b1 [^;]*${CHECKS[name]}`));
    else expect(block).not.toMatch(/\b1 /);
  });

  it('the top-level help stays within 100 columns too', async () => {
    const wide = (await help(['--help'])).split('\n').filter((l) => [...l].length > 100);
    expect(wide).toEqual([]);
  });
});
