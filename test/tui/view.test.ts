import { describe, expect, it } from 'vitest';
import { cellWidth, fit, fitRight, printable, truncate, wrap } from '../../src/tui/state/text.js';
import { fitLine, listColumns, listRow, simRow, STATE_SYMBOL } from '../../src/tui/state/view.js';
import { initialState, reduce } from '../../src/tui/state/reducer.js';
import { runSimulation } from '../../src/tui/state/simulate.js';
import { parseQuery } from '../../src/tui/state/filter.js';
import { shopData } from './fixtures.js';

const data = shopData();
const joined = (l: ReturnType<typeof listRow>) => l.map((s) => s.text).join('');

describe('cell widths', () => {
  it.each([
    ['abc', 3],
    ['─│╭', 3],
    ['検索', 4],
    ['e\u0301', 1], // e + combining acute
    ['🙂', 2],
    ['', 0],
  ])('%j is %s cells', (s, w) => {
    expect(cellWidth(s)).toBe(w);
  });
  it('truncates with an ellipsis, never splitting a wide character over the limit', () => {
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('abcd', 4)).toBe('abcd');
    expect(truncate('検索する', 5)).toBe('検索…');
    expect(cellWidth(truncate('検索する', 4))).toBeLessThanOrEqual(4);
    expect(truncate('abc', 0)).toBe('');
  });
  it('pads to exact widths on either side', () => {
    expect(fit('ab', 4)).toBe('ab  ');
    expect(fitRight('ab', 4)).toBe('  ab');
    expect(fit('abcdef', 4)).toBe('abc…');
  });
  it('wraps words and cuts what is left after the last line', () => {
    expect(wrap('one two three four', 9)).toEqual(['one two', 'three', 'four']);
    expect(wrap('one two three four', 9, 2)).toEqual(['one two', 'three …']);
    expect(wrap('abcdefghijkl', 5)).toEqual(['abcd…']);
  });
  it('keeps typed text printable', () => {
    expect(printable('a\u001b[31mb\u0007c\u202ed')).toBe('a[31mbcd');
  });
});

describe('query terms', () => {
  it('splits words from tier: and system: terms', () => {
    expect(parseQuery('DB tier:0 sys:Data node')).toEqual({ words: ['db', 'node'], tier: 0, system: 'data' });
    expect(parseQuery('tier:7')).toEqual({ words: ['tier:7'], tier: null, system: null });
  });
});

describe('list rows', () => {
  it.each([36, 50, 76, 120])('fill exactly %s cells in browse mode', (w) => {
    for (const r of data.rows) expect(cellWidth(joined(listRow(r, w, false)))).toBe(w);
  });
  it('show the name and system only with room', () => {
    const r = data.rows[data.byId.get('storage')!]!;
    expect(joined(listRow(r, 36, true))).toMatch(/^▸ storage +T0 +13$/);
    expect(joined(listRow(r, 120, false))).toMatch(/^ {2}storage +T0 data +Block storage +13$/);
  });
  it('while simulating, show the state symbol, and the impaired window when there is room', () => {
    const asked = reduce(data, reduce(data, initialState(data, 80, 24), { type: 'promptFail' }), { type: 'promptSubmit' });
    const { result, label } = runSimulation(data, asked.pending!);
    const s = reduce(data, asked, { type: 'simulated', result, label });
    const r = data.rows[data.byId.get('storage')!]!;
    expect(joined(simRow(r, s.sim!, 36, true))).toBe(`▸ ${STATE_SYMBOL.down} ${fit('storage', 18)}${fitRight('0m–30m', 14)}`);
    expect(listColumns(26, true).window).toBe(0);
    expect(joined(simRow(r, s.sim!, 26, false))).toBe(`  ${STATE_SYMBOL.down} ${fit('storage', 22)}`);
  });
  it('fitLine cuts styled segments at the width', () => {
    expect(fitLine([{ text: 'abc', tone: 'dim' }, { text: 'defg' }], 5)).toEqual([{ text: 'abc', tone: 'dim' }, { text: 'd…' }]);
  });
});
