/**
 * `blast --version` and `-V` are answered by src/cli/main.ts before the program loads: only
 * when they are the only argument; anything else goes to commander as before.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { asksVersionOnly, VERSION } from '../../src/cli/version.js';

describe('the version', () => {
  it("is package.json's", () => {
    const pkg = JSON.parse(readFileSync(join(resolve(__dirname, '../..'), 'package.json'), 'utf8')) as { version: string };
    expect(VERSION).toBe(pkg.version);
  });

  it('is answered early for --version or -V alone', () => {
    expect(asksVersionOnly(['--version'])).toBe(true);
    expect(asksVersionOnly(['-V'])).toBe(true);
    for (const argv of [[], ['--help'], ['--no-color', '--version'], ['validate', '--version'], ['-v'], ['--version', 'x']]) expect(asksVersionOnly(argv)).toBe(false);
  });
});
