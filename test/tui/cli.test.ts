import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import type { Io } from '../../src/cli/io.js';
import { UserError } from '../../src/cli/io.js';
import { explore } from '../../src/tui/index.js';

function io(stdinIsTTY: boolean, stdoutIsTTY: boolean): Io & { err: () => string; out: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (s: string) => (out += s), isTTY: stdoutIsTTY },
    stderr: { write: (s: string) => (err += s) },
    env: {},
    stdinIsTTY,
    out: () => out,
    err: () => err,
  };
}

describe('blast explore', () => {
  it.each([
    [false, true, 'stdin'],
    [true, false, 'stdout'],
  ])('needs a terminal (stdin TTY %s, stdout TTY %s): exit 2 naming %s', async (inTty, outTty, which) => {
    const m = io(inTty, outTty);
    expect(await runCli(['explore', 'catalogs/example-shop'], m)).toBe(2);
    expect(m.err()).toContain(`blast explore needs an interactive terminal, but ${which} is not one`);
    expect(m.err()).toContain('blast show catalogs/example-shop');
    expect(m.out()).toBe('');
  });
  it('has help with examples', async () => {
    const m = io(false, false);
    expect(await runCli(['explore', '--help'], m)).toBe(0);
    expect(m.out()).toContain('$ blast explore catalogs/example-shop');
  });
  it('explore() rejects an invalid catalog with a position, before loading any UI', async () => {
    const err = await explore('test/tui/no-such-catalog', { noColor: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toMatch(/^test\/tui\/no-such-catalog:1:1: no such file or directory/);
    expect((err as UserError).hint).toContain('blast validate test/tui/no-such-catalog');
  });
});
