/** Writing fitted values back into YAML text: exact bytes, everything else kept. */
import { describe, expect, it } from 'vitest';
import { formatLike, significant, writeFittedValues } from '../../src/fit/write.js';

describe('writeFittedValues', () => {
  it('replaces a flow mapping inside a flow list and adds a comment line above', () => {
    const text = 'scenarios:\n  s:\n    # the trigger\n    faults: [{service: db, at: 5m, for: {min: 30m, max: 2h, free: true}}]   # end\n';
    // the mapping {min: …} starts on line 4 at column 41
    const out = writeFittedValues(text, [{ line: 4, col: 41, value: 61.4, comment: 'fitted on scenario s' }]);
    expect(out).toEqual({
      text: 'scenarios:\n  s:\n    # the trigger\n    # fitted on scenario s; was {min: 30m, max: 2h, free: true}\n    faults: [{service: db, at: 5m, for: 1h1m}]   # end\n',
    });
  });

  it('replaces a block mapping, keeping the comments that were inside it and the lines after', () => {
    const text = 'a:\n  time:\n    min: 0m   # at once\n    max: 2h\n    free: true\n  state: down\n';
    const out = writeFittedValues(text, [{ line: 3, col: 5, value: 25, comment: 'fitted' }]);
    expect(out).toEqual({ text: 'a:\n  # fitted; was {min: 0m, max: 2h, free: true}\n  # at once\n  time: 25m\nstate: down\n'.replace('\nstate', '\n  state') });
  });

  it('edits two parameters of one line, rates as rates, and keeps a byte-order mark', () => {
    const text = '\ufeffb: {arrival: {p50: 100/min, p90: 200/min, free: true}, retry: {min: 1, max: 3, free: true}}\n';
    const out = writeFittedValues(text, [
      { line: 1, col: 14, value: 123.456, comment: 'x' },
      { line: 1, col: 63, value: 1.23456, comment: 'y' },
    ]);
    expect(out).toEqual({ text: '\ufeff# x; was {p50: 100/min, p90: 200/min, free: true}\n# y; was {min: 1, max: 3, free: true}\nb: {arrival: 123/min, retry: 1.235}\n' });
  });

  it('writes a free prior back as a duration', () => {
    const text = 'r:\n  over: {prior: restart-fleet, free: true}\n';
    // the mapping starts on line 2 at column 9; 137.4 minutes is 2h17m
    const out = writeFittedValues(text, [{ line: 2, col: 9, value: 137.4, comment: 'fitted' }]);
    expect(out).toEqual({ text: 'r:\n  # fitted; was {prior: restart-fleet, free: true}\n  over: 2h17m\n' });
  });

  it('writes a free catch-up prior (a backlog\'s capacity) back as a rate', () => {
    const text = 'b:\n  capacity: {prior: catch-up, free: true}\n';
    const out = writeFittedValues(text, [{ line: 2, col: 13, value: 16170, comment: 'fitted' }]);
    expect(out).toEqual({ text: 'b:\n  # fitted; was {prior: catch-up, free: true}\n  capacity: 16200/min\n' });
  });

  it('refuses a position that holds no parameter mapping', () => {
    expect(writeFittedValues('a: {b: 1}\n', [{ line: 1, col: 1, value: 2, comment: 'x' }])).toHaveProperty('error');
  });
});

describe('number formats', () => {
  it.each([
    ['30m', 61.4, '1h1m'],
    ['30m', 4.26, '4.3m'],
    ['90s', 0.5, '30s'],
    ['0', 12, '12'],
    ['100/min', 31137, '31100/min'],
    ['2k/h', 0.01234, '0.0123/min'],
    ['0.5', 0.123456, '0.1235'],
    ['1', 3, '3'],
  ])('a value like %s: %d → %s', (sample, value, expected) => {
    expect(formatLike(sample, value)).toBe(expected);
  });

  it('significant digits', () => {
    expect([significant(123456, 3), significant(0.00123456, 2), significant(-2.6, 1)]).toEqual(["123000", "0.0012", "-3"]);
  });
});
