/**
 * Cells in the explorer (catalogs/example-regions): the details of a service with cells name
 * them, and the fail prompt takes `@<cell>` to fail one cell, which the timeline then runs.
 */
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.js';
import { buildExplorerData } from '../../src/tui/state/data.js';
import { initialState, parseFailDuration, reduce, type Action, type ExplorerState } from '../../src/tui/state/reducer.js';
import { runSimulation } from '../../src/tui/state/simulate.js';
import { detailLines } from '../../src/tui/state/view.js';
import { footerLine } from '../../src/tui/state/chrome.js';

const res = loadCatalog('catalogs/example-regions');
if (!res.catalog) throw new Error('example-regions does not load');
const data = buildExplorerData(res.catalog, 'catalogs/example-regions');
const row = (id: string): number => data.rows.findIndex((r) => r.rawId === id);
const text = (lines: ReturnType<typeof detailLines>): string => lines.map((l) => l.map((s) => s.text).join('')).join('\n');
const CELLS = ['use1-az1', 'use1-az2', 'use1-az3', 'euw1-az1', 'euw1-az2', 'euw1-az3'];

describe('the fail prompt with cells', () => {
  it.each([
    ['@use1-az2', { minutes: 30, cell: 'use1-az2' }],
    ['15m @euw1-az1', { minutes: 15, cell: 'euw1-az1' }],
    ['never@use1-az1', { minutes: null, cell: 'use1-az1' }],
    ['2h', { minutes: 120 }],
  ])('"%s" reads as %j', (answer, want) => {
    expect(parseFailDuration(answer, CELLS)).toEqual(want);
  });
  it('rejects a cell the service does not have, and a cell of a service without cells', () => {
    expect(parseFailDuration('15m @use1-az9', CELLS)).toEqual({ error: expect.stringMatching(/^no cell "use1-az9": its cells are use1-az1, /) });
    expect(parseFailDuration('15m @use1-az1', [])).toEqual({ error: expect.stringMatching(/has no cells/) });
  });

  it('fails one cell of the API: failover within headroom absorbs it, while the whole API takes the storefront down', () => {
    const api = row('api');
    const start: ExplorerState = { ...initialState(data, 120, 40), cursor: 0 };
    const at = (s: ExplorerState): ExplorerState => ({ ...s, cursor: s.list.indexOf(api) });
    const ask = (answer: string): ExplorerState =>
      [{ type: 'promptFail' } as Action, ...[...answer].map((ch): Action => ({ type: 'promptInput', text: ch })), { type: 'promptSubmit' } as Action].reduce((s, a) => reduce(data, s, a), at(start));
    const one = ask('@use1-az1');
    expect(one.pending).toEqual({ kind: 'fail', row: api, forMinutes: 30, cell: 'use1-az1' });
    const sim = runSimulation(data, one.pending!);
    expect(sim.label).toBe('api@use1-az1 fails for 30m');
    // the cell's 20 % moves to five cells with 50 % headroom: D = 1 / 0.8 = 1.25 ≤ 1.5, nothing impaired
    expect(sim.result.affected).toBe(0);
    const whole = runSimulation(data, ask('').pending!);
    expect(whole.label).toBe('api fails for 30m');
    expect(whole.result.services.find((s) => s.id === 'web')!.worstState).toBe('down');
  });

  it('the footer offers @cell for a service with cells only', () => {
    const s = (id: string): ExplorerState => reduce(data, { ...initialState(data, 120, 40), cursor: initialState(data, 120, 40).list.indexOf(row(id)) }, { type: 'promptFail' });
    const line = (id: string): string => footerLine(data, s(id), 120).map((x) => x.text).join('');
    expect(line('api')).toContain('@use1-az1 one cell');
    expect(line('identity')).not.toContain('one cell');
  });
});

describe('the details of a service with cells', () => {
  it('list the cells with their shares, failover and headroom, and the per-cell dependencies', () => {
    const t = text(detailLines(data, row('api'), 2, 200));
    expect(t).toContain('cells: use1-az1 20 %, use1-az2 20 %, use1-az3 20 %, euw1-az1 15 %, euw1-az2 15 %, euw1-az3 10 % (failover at once, headroom 50 %) · per cell: storage');
    expect(text(detailLines(data, row('identity'), 2, 200))).not.toContain('cells:');
  });
});
