/** Text helpers: edit distance, did-you-mean suggestions, terminal-safe text. */
import { describe, expect, it } from 'vitest';
import { editDistance, safeText, suggest } from '../../src/util/text.js';

describe('editDistance', () => {
  it.each([
    ['kitten', 'sitting', 3],
    ['', 'abc', 3],
    ['abc', 'abc', 0],
    ['nmae', 'name', 1], // one swap of adjacent characters
    ['ab', 'ba', 1],
    ['databse', 'database', 1],
    ['dependson', 'dependsOn', 1],
  ])('%s → %s is %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });

  it('stops early past the bound', () => {
    expect(editDistance('aaaaaaaa', 'bbbbbbbb', 2)).toBe(3);
    expect(editDistance('a', 'abcdefgh', 2)).toBe(3);
  });
});

describe('suggest', () => {
  it('finds the closest candidate, ignoring case', () => {
    expect(suggest('databse', ['cache', 'database', 'web'])).toEqual(['database']);
    expect(suggest('toString', ['tostring', 'other'])).toEqual(['tostring']);
  });
  it('suggests nothing when nothing is close', () => {
    expect(suggest('colour', ['name', 'tier', 'owner', 'links'])).toEqual([]);
  });
});

describe('safeText', () => {
  it('makes control characters visible', () => {
    expect(safeText('\u001b[31mred\u001b[0m')).toBe('\\u001b[31mred\\u001b[0m');
    expect(safeText('a\u0000b\u0007c\u009bd\u007f')).toBe('a\\u0000b\\u0007c\\u009bd\\u007f');
    expect(safeText('\r')).toBe('\\u000d');
  });
  it('makes bidi controls and line separators visible', () => {
    expect(safeText('abc\u202edcba')).toBe('abc\\u202edcba');
    expect(safeText('\u2066x\u2069\u200e\u200f\u061c')).toBe('\\u2066x\\u2069\\u200e\\u200f\\u061c');
    expect(safeText('a\u2028b')).toBe('a\\u2028b');
  });
  it('turns tabs and newlines into spaces and keeps other text', () => {
    expect(safeText('a\tb\nc')).toBe('a b c');
    expect(safeText('Café 𝄞 東京 "quoted": x')).toBe('Café 𝄞 東京 "quoted": x');
  });
});
