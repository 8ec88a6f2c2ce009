import { describe, expect, it } from 'vitest';
import { nearMiss } from '../../src/catalog/near-miss.js';

const SERVICE = ['name', 'tier', 'description', 'owner', 'system', 'region', 'zone', 'links', 'labels', 'dependsOn', 'recovery', 'backlog', 'partial'];

describe('nearMiss', () => {
  it.each([
    ['depends_on', 'dependsOn'], // separators and case
    ['Depends-On', 'dependsOn'],
    ['DEPENDSON', 'dependsOn'],
    ['dependOn', 'dependsOn'], // a letter dropped
    ['dependsOnn', 'dependsOn'], // a letter added
    ['dependsOm', 'dependsOn'], // a letter changed
    ['nmae', 'name'], // neighbours swapped
    ['recvoery', 'recovery'],
    ['owners', 'owner'],
  ])('%s is a near-miss of %s', (key, field) => {
    expect(nearMiss(key, SERVICE)).toBe(field);
  });

  it.each([
    ['colour'], // not close to any field
    ['depends'], // two letters short
    ['dependency'],
    ['tie'], // under four letters: too short to tell a slip from another word
    ['zon'],
    ['x'],
  ])('%s is not', (key) => {
    expect(nearMiss(key, SERVICE)).toBeUndefined();
  });

  it('is undefined when two fields are one slip away (ambiguous)', () => {
    expect(nearMiss('abcd', ['abce', 'abcf'])).toBeUndefined();
    expect(nearMiss('abcd', ['abce'])).toBe('abce');
  });
});
