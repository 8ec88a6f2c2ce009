/**
 * The V8 settings the loader turns off while it reads a catalog (src/catalog/load-flags.ts):
 * left alone when the process was started with either, and never in the way of the result or
 * of an exception.
 */
import { describe, expect, it } from 'vitest';
import { readerFlagsGiven, withReaderFlags } from '../../src/catalog/load-flags.js';

describe('reader flags', () => {
  it('are left to the user who sets either, in the arguments or NODE_OPTIONS, in either spelling', () => {
    expect(readerFlagsGiven([], undefined)).toBe(false);
    expect(readerFlagsGiven(['--import', 'tsx', '--max-old-space-size=4096'], '--enable-source-maps')).toBe(false);
    expect(readerFlagsGiven(['--turbo-inlining'], undefined)).toBe(true);
    expect(readerFlagsGiven([], '--max-old-space-size=100 --no-allocation-site-pretenuring')).toBe(true);
    expect(readerFlagsGiven(['--no_turbo_inlining'], '')).toBe(true);
  });

  it('return what the reading returns, and let its exceptions through', () => {
    expect(withReaderFlags(() => 42)).toBe(42);
    expect(() =>
      withReaderFlags(() => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    // and reading again after an exception works as before
    expect(withReaderFlags(() => 'again')).toBe('again');
  });
});
