import { describe, expect, it } from 'vitest';
import { replaceBlock } from '../../bench/blocks.js';
import { table } from '../../bench/rows.js';

const doc = ['# Performance', '', '## Latest run', '<!-- bench -->', '<!-- bench:a -->', 'old a', '<!-- /bench:a -->', '', '<!-- /bench -->', '', '## Prose', 'kept'].join('\n');

describe('generated benchmark blocks in docs/performance.md', () => {
  it('replaces a block in place and keeps everything else', () => {
    const out = replaceBlock(doc, 'a', 'new a');
    expect(out).toBe(doc.replace('old a', 'new a'));
  });

  it('adds a new block before the end of the generated part, after the existing ones', () => {
    const out = replaceBlock(doc, 'b', 'first b');
    expect(out.indexOf('<!-- bench:b -->')).toBeGreaterThan(out.indexOf('<!-- /bench:a -->'));
    expect(out.indexOf('<!-- /bench:b -->')).toBeLessThan(out.indexOf('<!-- /bench -->'));
    // Writing the same section again replaces it rather than adding a second copy.
    const again = replaceBlock(out, 'b', 'second b');
    expect(again.split('<!-- bench:b -->').length).toBe(2);
    expect(again).toContain('second b');
    expect(again).not.toContain('first b');
  });

  it('refuses a document without the end marker, and a block left open', () => {
    expect(() => replaceBlock('# no markers', 'a', 'x')).toThrow(/<!-- \/bench -->/);
    expect(() => replaceBlock('<!-- bench:a -->\nnever closed', 'a', 'x')).toThrow(/no <!-- \/bench:a -->/);
  });
});

describe('benchmark rows', () => {
  it('renders the ratio, the target with whether it is met, and peak RSS', () => {
    const t = table([
      { work: 'load | parse', measured: '1.50 s', reference: 'JSON.parse: 0.20 s', ratio: 7.5, target: '≤ 8×', met: true, rssMiB: 812.4 },
      { work: 'validate', measured: '3.00 s', reference: 'node -e 0: 0.1 s', ratio: 30, target: '≤ 2 s', met: false },
      { work: 'no target', measured: '1 ms', reference: 'none' },
    ]).split('\n');
    expect(t[2]).toBe('| load \\| parse | 1.50 s | JSON.parse: 0.20 s | 7.50× | ≤ 8× ✓ | 812 MiB |');
    expect(t[3]).toBe('| validate | 3.00 s | node -e 0: 0.1 s | 30× | ≤ 2 s ✗ not met |  |');
    expect(t[4]).toBe('| no target | 1 ms | none |  |  |  |');
  });
});
