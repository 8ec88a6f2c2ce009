/** The Monte Carlo progress bar: only on a terminal, only once a run has taken over a second. */
import { describe, expect, it } from 'vitest';
import { progressBar } from '../../src/cli/progress.js';

const stream = (isTTY: boolean) => {
  let text = '';
  return { isTTY, write: (s: string) => (text += s), text: () => text };
};

describe('progress bar', () => {
  it('stays silent during the first second', () => {
    const s = stream(true);
    let now = 0;
    const bar = progressBar(s, 100, 'MC', () => now);
    now = 999;
    bar.update(50);
    bar.done();
    expect(s.text()).toBe('');
  });

  it('draws on a terminal after a second, then clears its line', () => {
    const s = stream(true);
    let now = 0;
    const bar = progressBar(s, 200, 'MC', () => now);
    now = 1500;
    bar.update(50);
    expect(s.text()).toContain('25% (50/200)');
    bar.done();
    expect(s.text().endsWith('\r\u001b[2K')).toBe(true);
  });

  it('never draws when stderr is not a terminal', () => {
    const s = stream(false);
    let now = 0;
    const bar = progressBar(s, 10, 'MC', () => now);
    now = 5000;
    bar.update(5);
    bar.done();
    expect(s.text()).toBe('');
  });
});
