import { describe, expect, it } from 'vitest';
import { initialState, parseFailDuration, reduce, scrollFor, selectedRow, type Action, type ExplorerState } from '../../src/tui/state/reducer.js';
import { runSimulation } from '../../src/tui/state/simulate.js';
import { ids, shopData } from './fixtures.js';

const data = shopData();
const idOf = (s: ExplorerState) => data.rows[selectedRow(s)!]!.rawId;
const run = (actions: readonly Action[], start = initialState(data, 80, 24)): ExplorerState => actions.reduce((s, a) => reduce(data, s, a), start);
const type = (text: string): Action[] => [{ type: 'searchStart' }, ...[...text].map((ch): Action => ({ type: 'searchInput', text: ch }))];

describe('moving and scrolling', () => {
  it('starts on the largest blast radius', () => {
    expect(idOf(initialState(data, 80, 24))).toBe('storage');
  });
  it('clamps at both ends', () => {
    expect(run([{ type: 'move', delta: -1 }]).cursor).toBe(0);
    expect(run([{ type: 'jump', to: 'last' }, { type: 'move', delta: 5 }]).cursor).toBe(18);
  });
  it('scrolls only as far as needed to keep the selection visible', () => {
    // 80x24: 18 list rows. Row 18 (the 19th) needs a scroll of 1.
    const s = run([{ type: 'jump', to: 'last' }]);
    expect(s.listRows).toBe(18);
    expect(s.scroll).toBe(1);
    expect(run([{ type: 'move', delta: -1 }], s).scroll).toBe(1);
    expect(run([{ type: 'jump', to: 'first' }], s).scroll).toBe(0);
  });
  it.each([
    [0, 0, 10, 100, 0],
    [10, 0, 10, 100, 1],
    [5, 8, 10, 100, 5],
    [99, 0, 10, 100, 90],
    [3, 50, 10, 5, 0],
  ])('scrollFor(cursor %s, scroll %s, rows %s, length %s) = %s', (c, s, r, n, want) => {
    expect(scrollFor(c, s, r, n)).toBe(want);
  });
  it('pages by a screen less one row', () => {
    expect(run([{ type: 'page', direction: 1 }]).cursor).toBe(17);
  });
  it('keeps the scroll valid when the terminal shrinks', () => {
    const s = run([{ type: 'jump', to: 'last' }, { type: 'resize', cols: 80, rows: 14 }]);
    expect(s.listRows).toBe(8);
    expect(s.cursor).toBe(18);
    expect(s.scroll).toBe(11);
  });
});

describe('search and filters', () => {
  it('filters incrementally on every typed character', () => {
    const s1 = run(type('d'));
    // ids and names both count: "Order service" matches through its name
    const withD = data.rows.filter((r) => r.rawId.includes('d') || r.name.toLowerCase().includes('d')).length;
    expect(s1.list.length).toBe(withD);
    const s2 = run(type('db-node'));
    expect(ids(data, s2.list)).toEqual(['db-node-a', 'db-node-b', 'db-node-c']);
    expect(s2.searching).toBe(true);
  });
  it('keeps the query on Enter and clears it on Esc', () => {
    expect(run([...type('pay'), { type: 'searchEnd', keep: true }])).toMatchObject({ searching: false, query: 'pay' });
    const cleared = run([...type('pay'), { type: 'searchEnd', keep: false }]);
    expect(cleared).toMatchObject({ searching: false, query: '' });
    expect(cleared.list.length).toBe(19);
  });
  it('backspace widens the match again', () => {
    expect(ids(data, run([...type('authx'), { type: 'searchBackspace' }]).list)).toEqual(['auth']);
  });
  it('keeps the selected service when it still matches', () => {
    // the ranking starts storage, catalog-db, cache (see data.test.ts)
    const s = run([{ type: 'move', delta: 1 }, ...type('cat')]);
    expect(idOf(s)).toBe('catalog-db');
    expect(idOf(run([{ type: 'move', delta: 1 }, ...type('web')]))).toBe('web');
  });
  it('understands tier: and system: terms', () => {
    expect(ids(data, run(type('tier:0 sys:data')).list).sort()).toEqual(['catalog-db', 'storage', 'users-db']);
  });
  it('cycles the tier filter through 0-3 and back to all', () => {
    const tiers = [1, 2, 3, 4, 5].map((n) => run(Array.from({ length: n }, (): Action => ({ type: 'cycleTier' }))).tier);
    expect(tiers).toEqual([0, 1, 2, 3, null]);
    expect(run([{ type: 'cycleTier' }]).list.every((r) => data.rows[r]!.tier === 0)).toBe(true);
  });
  it('cycles systems, most services first', () => {
    // data: catalog-db, db-node-a/b/c, storage, cache, users-db = 7; storefront: web, catalog-api, checkout = 3
    expect(run([{ type: 'cycleSystem' }]).system).toBe('data');
    expect(run([{ type: 'cycleSystem' }]).list.length).toBe(7);
    expect(run([{ type: 'cycleSystem' }, { type: 'cycleSystem' }]).system).toBe('storefront');
  });
  it('shows an empty list rather than failing when nothing matches', () => {
    const s = run(type('zzz'));
    expect(s.list).toEqual([]);
    expect(selectedRow(s)).toBeNull();
    expect(run([{ type: 'move', delta: 1 }, { type: 'promptFail' }], s).message).toBe('no service selected');
  });
});

describe('failing a service', () => {
  it.each([
    ['', 30],
    ['45m', 45],
    ['2h', 120],
    ['90s', 1.5],
    ['never', null],
  ])('"%s" means %s minutes', (text, minutes) => {
    expect(parseFailDuration(text)).toEqual({ minutes });
  });
  it.each(['0', 'soon', '-5m', '5 m'])('"%s" is rejected', (text) => {
    expect(parseFailDuration(text)).toHaveProperty('error');
  });
  it('asks for a duration, shows errors in place, then records the request', () => {
    const asked = run([{ type: 'promptFail' }, { type: 'promptInput', text: 'x' }, { type: 'promptSubmit' }]);
    expect(asked.overlay).toMatchObject({ kind: 'duration', text: 'x' });
    expect(asked.overlay.kind === 'duration' && asked.overlay.error).toMatch(/not a duration/);
    expect(asked.pending).toBeNull();
    const fixed = run([{ type: 'promptBackspace' }, { type: 'promptInput', text: '4' }, { type: 'promptInput', text: '0m' }, { type: 'promptSubmit' }], asked);
    expect(fixed.overlay.kind).toBe('none');
    expect(fixed.pending).toEqual({ kind: 'fail', row: data.byId.get('storage'), forMinutes: 40 });
  });
  it('Esc cancels the question without a request', () => {
    expect(run([{ type: 'promptFail' }, { type: 'closeOverlay' }])).toMatchObject({ overlay: { kind: 'none' }, pending: null });
  });
});

describe('the timeline', () => {
  const simulated = (): ExplorerState => {
    const asked = run([{ type: 'promptFail' }, { type: 'promptInput', text: '40m' }, { type: 'promptSubmit' }]);
    const { result, label } = runSimulation(data, asked.pending!);
    return reduce(data, asked, { type: 'simulated', result, label });
  };
  it('lists the affected services in cascade order, starting from the failed one, and plays', () => {
    const s = simulated();
    expect(s.sim!.label).toBe('storage fails for 40m');
    expect(s.pending).toBeNull();
    expect(s.sim!.playing).toBe(true);
    expect(idOf(s)).toBe('storage');
    // The list is exactly the services the engine reports as affected, by first impact.
    const affected = s.sim!.result.services.filter((r) => r.impactStartMinutes !== null).map((r) => r.id);
    expect(ids(data, s.list).sort()).toEqual(affected.sort());
    const starts = s.list.map((r) => s.sim!.result.services[r]!.impactStartMinutes!);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
  });
  it('lists the whole cascade even when a search found the failed service', () => {
    const asked = run([...type('stor'), { type: 'searchEnd', keep: true }, { type: 'cycleTier' }, { type: 'promptFail' }, { type: 'promptSubmit' }]);
    expect(ids(data, asked.list)).toEqual(['storage']);
    const { result, label } = runSimulation(data, asked.pending!);
    const s = reduce(data, asked, { type: 'simulated', result, label });
    expect(s).toMatchObject({ query: '', tier: null, system: null });
    expect(s.list).toEqual(s.sim!.order);
    // storage and the 13 services of its blast radius (data.test.ts)
    expect(s.list.length).toBe(14);
  });
  it('scrubs by whole steps within the span, and pauses', () => {
    const s = simulated();
    const { step, span } = s.sim!;
    expect(run([{ type: 'scrub', steps: 1 }], s).sim).toMatchObject({ t: step, playing: false });
    expect(run([{ type: 'scrub', steps: -3 }], s).sim!.t).toBe(0);
    expect(run([{ type: 'scrub', steps: 10_000 }], s).sim!.t).toBe(span);
  });
  it('plays to the end and stops; play again restarts', () => {
    let s = simulated();
    let ticks = 0;
    while (s.sim!.playing && ticks < 1000) {
      s = reduce(data, s, { type: 'tick' });
      ticks++;
    }
    expect(s.sim!.t).toBe(s.sim!.span);
    expect(ticks).toBe(Math.ceil(s.sim!.span / s.sim!.step));
    expect(run([{ type: 'togglePlay' }], s).sim).toMatchObject({ t: 0, playing: true });
  });
  it('jumps between changes', () => {
    const s = run([{ type: 'togglePlay' }], simulated());
    const next = run([{ type: 'seekEvent', direction: 1 }], s).sim!.t;
    expect(next).toBe(s.sim!.result.recoveryCurve.find((p) => p.minute > 0)!.minute);
  });
  it('toggles between affected services and all of them, and closes', () => {
    const s = simulated();
    expect(run([{ type: 'toggleAffected' }], s).list.length).toBe(19);
    const closed = run([{ type: 'closeSimulation' }], s);
    expect(closed.sim).toBeNull();
    expect(closed.list).toEqual(data.ranked);
    expect(idOf(closed)).toBe('storage');
  });
  it('ignores time keys without a simulation', () => {
    const s = initialState(data, 80, 24);
    expect(run([{ type: 'scrub', steps: 1 }, { type: 'tick' }, { type: 'togglePlay' }], s)).toBe(s);
  });
});

describe('other state', () => {
  it('bounds the tree depth to 1..9', () => {
    expect(run(Array.from({ length: 20 }, (): Action => ({ type: 'depth', delta: 1 }))).depth).toBe(9);
    expect(run(Array.from({ length: 20 }, (): Action => ({ type: 'depth', delta: -1 }))).depth).toBe(1);
  });
  it('a notice lasts until the next action', () => {
    const s = run([{ type: 'simulationFailed', message: 'boom' }]);
    expect(s.message).toBe('boom');
    expect(run([{ type: 'tick' }], s).message).toBe('boom');
    expect(run([{ type: 'move', delta: 1 }], s).message).toBeNull();
  });
  it('scenario picker: moves within the list and records the choice', () => {
    const s = run([{ type: 'openScenarios' }, { type: 'scenarioMove', delta: 5 }, { type: 'scenarioSubmit' }]);
    expect(s.pending).toEqual({ kind: 'scenario', index: data.scenarios.length - 1 });
  });
});

describe('the help', () => {
  // At 60x14 the help is 56 cells wide (16 for the keys, 40 for what they do) and shows 9
  // rows (14 rows, less the free row, the header, the footer and the two borders). Of the 14
  // keys, four descriptions are longer than 40 cells and wrap once (move, search, fail,
  // close); then a blank line and four symbol lines, three of which wrap (!, ≈, trees):
  // 14 + 4 + 1 + 4 + 3 = 26 lines, so the last 9 start at line 17.
  const small = (): ExplorerState => run([{ type: 'openHelp' }], initialState(data, 60, 14));
  const scrollOf = (s: ExplorerState) => (s.overlay.kind === 'help' ? s.overlay.scroll : -1);

  it('opens at the top', () => {
    expect(small().overlay).toEqual({ kind: 'help', scroll: 0 });
    expect(small().paneRows).toBe(9);
  });
  it('scrolls by lines and pages within its 26 lines', () => {
    expect(scrollOf(run([{ type: 'helpScroll', delta: 1 }], small()))).toBe(1);
    expect(scrollOf(run([{ type: 'helpScroll', delta: 8 }, { type: 'helpScroll', delta: 8 }], small()))).toBe(16);
    expect(scrollOf(run([{ type: 'helpScroll', delta: 8 }, { type: 'helpScroll', delta: 8 }, { type: 'helpScroll', delta: 8 }], small()))).toBe(17);
    expect(scrollOf(run([{ type: 'helpScroll', delta: -1 }], small()))).toBe(0);
  });
  it('jumps to the end and back', () => {
    const end = run([{ type: 'helpJump', to: 'last' }], small());
    expect(scrollOf(end)).toBe(17);
    expect(scrollOf(run([{ type: 'helpJump', to: 'first' }], end))).toBe(0);
  });
  it('does not scroll when everything fits (80x24: 19 lines in 19 rows)', () => {
    const s = run([{ type: 'openHelp' }]);
    expect(s.paneRows).toBe(19);
    expect(run([{ type: 'helpScroll', delta: 1 }, { type: 'helpJump', to: 'last' }], s)).toBe(s);
  });
  it('keeps the scroll valid when the terminal grows, and closes', () => {
    const end = run([{ type: 'helpJump', to: 'last' }], small());
    expect(scrollOf(run([{ type: 'resize', cols: 80, rows: 24 }], end))).toBe(0);
    // 60x20: 15 rows of the same 26 lines, so at most 11
    expect(scrollOf(run([{ type: 'resize', cols: 60, rows: 20 }], end))).toBe(11);
    expect(run([{ type: 'closeOverlay' }], end).overlay).toEqual({ kind: 'none' });
  });
  it('ignores help scrolling when the help is closed', () => {
    const s = initialState(data, 60, 14);
    expect(run([{ type: 'helpScroll', delta: 1 }], s)).toBe(s);
  });
});
