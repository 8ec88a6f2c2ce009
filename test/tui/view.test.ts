import { describe, expect, it } from 'vitest';
import { cellWidth, fit, fitRight, printable, truncate, wrap } from '../../src/tui/state/text.js';
import { fitLine, flow, scenarioLines, simLines, STATE_SYMBOL } from '../../src/tui/state/view.js';
import { listColumns, listHeader, listRow, listTitle, markerSegments, simRow, windowWidth } from '../../src/tui/state/view-list.js';
import { initialState, reduce } from '../../src/tui/state/reducer.js';
import { runSimulation } from '../../src/tui/state/simulate.js';
import { parseQuery } from '../../src/tui/state/filter.js';
import { loadCatalog } from '../../src/catalog/load.js';
import { runCli } from '../../src/cli/program.js';
import { buildExplorerData } from '../../src/tui/state/data.js';
import { memoryIo } from '../cli/helpers.js';
import { footerLine } from '../../src/tui/state/chrome.js';
import { positionNote } from '../../src/tui/state/line.js';
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
    // 36 cells: selection 2, id 23, tier 3, markers 3, radius 5
    expect(joined(listRow(r, 36, true))).toBe(`▸ ${fit('storage', 23)} T0 !≈   13`);
    expect(joined(listRow(r, 120, false))).toMatch(/^ {2}storage +T0 data +Block storage +!≈ +13$/);
  });
  it('while simulating, show the state symbol, and the impaired window when there is room', () => {
    const asked = reduce(data, reduce(data, initialState(data, 80, 24), { type: 'promptFail' }), { type: 'promptSubmit' });
    const { result, label } = runSimulation(data, asked.pending!);
    const s = reduce(data, asked, { type: 'simulated', result, label });
    const r = data.rows[data.byId.get('storage')!]!;
    // The longest window of that cascade is payments' and checkout's, 0m–1h34m (8 cells), and
    // the longest recovery time 1h34m, shorter than "back at": columns of 9 and 8 cells. The
    // longest id of the shop is recommendations (15 cells), so ids want 16.
    expect(windowWidth(s.sim!)).toEqual({ impaired: 9, backAt: 8, id: 16 });
    // 36 cells: selection and state 4, window 9, markers 3, id 20
    expect(joined(simRow(r, s.sim!, 36, true))).toBe(`▸ ${STATE_SYMBOL.down} ${fit('storage', 20)} !≈${fitRight('0m–30m', 9)}`);
    // 26 cells: 22 after the state; the window would leave 13, "back at" 14, both under 16
    expect(joined(simRow(r, s.sim!, 26, false))).toBe(`  ${STATE_SYMBOL.down} ${fit('storage', 22)}`);
  });
  it('while simulating in a narrow list with long ids, show only when each service is back', () => {
    // AWS-like ids: 24 cells wanted; a 13-cell window would leave 36 - 4 - 13 = 19
    const cells = { impaired: 13, backAt: 8, id: 24 };
    expect(listColumns(36, cells)).toMatchObject({ id: 24, window: 8, windowKind: 'back at', markers: 0 });
    expect(listColumns(50, cells)).toMatchObject({ id: 30, window: 13, windowKind: 'impaired', markers: 3 });
  });
  it('fitLine cuts styled segments at the width', () => {
    expect(fitLine([{ text: 'abc', tone: 'dim' }, { text: 'defg' }], 5)).toEqual([{ text: 'abc', tone: 'dim' }, { text: 'd…' }]);
  });
});

describe('list markers', () => {
  const markers = (d: typeof data, id: string) => markerSegments(d.rows[d.byId.get(id)!]!).map((x) => x.text).join('');

  // Worked by hand from catalogs/example-shop (`blast review catalogs/example-shop`):
  // - SPOF (!): a service whose failure alone takes down a tier 0-1 service other than
  //   itself. storage (under users-db and the database nodes), users-db (auth), catalog-db
  //   (catalog-api, orders), dns (cdn), cdn and catalog-api (web), auth, payment-gateway
  //   and orders (payments, checkout), payments and web (checkout).
  // - Not SPOFs: cache (only soft dependents), a single database node (the 2-of-3 group
  //   keeps its quorum), queue (orders write to it asynchronously), search and
  //   recommendations (nothing critical needs them), checkout (nothing depends on it).
  // - Shared fate (≈): the three database nodes all sit on storage, so storage alone
  //   defeats catalog-db's 2-of-3 group: storage is its cause and catalog-db its owner.
  it.each([
    ['storage', ' !≈'],
    ['catalog-db', ' !≈'],
    ...['users-db', 'dns', 'cdn', 'catalog-api', 'auth', 'payment-gateway', 'orders', 'payments', 'web'].map((id) => [id, ' ! ']),
    ...['cache', 'db-node-a', 'db-node-b', 'db-node-c', 'queue', 'search', 'recommendations', 'checkout'].map((id) => [id, '   ']),
  ])('%s: %j', (id, want) => {
    expect(markers(data, id!)).toBe(want);
  });
  it('sit before the radius in every list width, under no column title of their own', () => {
    const r = data.rows[data.byId.get('catalog-db')!]!;
    for (const w of [36, 50, 76, 120]) {
      expect(joined(listRow(r, w, false))).toMatch(/ T0 .* !≈ +5$|^ {2}catalog-db +T0 !≈ +5$/);
      expect(joined(listHeader(w, null))).toMatch(/ {2}radius$/);
    }
  });
  it('show in the simulation list only when they leave ids their room', () => {
    const cells = { impaired: 14, backAt: 8, id: 24 };
    expect(listColumns(44, cells).markers).toBe(0);
    expect(listColumns(45, cells).markers).toBe(3);
  });
  it('match the findings of `blast review --json` on the AWS catalog', async () => {
    const io = memoryIo();
    expect(await runCli(['review', 'catalogs/aws-us-east-1', '--json'], io)).toBeLessThanOrEqual(1);
    const findings = (JSON.parse(io.out()) as { findings: Array<{ kind: string; cause: string; causes?: string[]; causeCount?: number; owner?: string }> }).findings;
    const spof = new Set(findings.filter((f) => f.kind === 'spof').map((f) => f.cause));
    // One shared-fate finding per group, listing every failure that defeats it.
    expect(findings.every((f) => f.causeCount === undefined)).toBe(true);
    const shared = new Set(findings.filter((f) => f.kind === 'shared-fate').flatMap((f) => [...f.causes!, f.owner!]));
    const aws = buildExplorerData(loadCatalog('catalogs/aws-us-east-1').catalog!, 'aws');
    expect(shared.size).toBeGreaterThan(0);
    for (const r of aws.rows) {
      const want = ` ${spof.has(r.rawId) ? '!' : ' '}${shared.has(r.rawId) ? '≈' : ' '}`;
      expect(markers(aws, r.rawId), r.rawId).toBe(want);
    }
  });
});

describe('the list title', () => {
  const s0 = initialState(data, 80, 24);
  it('counts the services, and what a filter leaves of them', () => {
    expect(listTitle(data, s0)).toBe('Services 19 · by blast radius');
    // tier 0 in services.yaml: dns, catalog-db, storage, checkout, auth, users-db, payments
    expect(listTitle(data, reduce(data, s0, { type: 'cycleTier' }))).toBe('Services 7/19 · tier 0 · by blast radius');
  });
  it('names the affected services in cascade order while a simulation shows', () => {
    const asked = reduce(data, reduce(data, s0, { type: 'promptFail' }), { type: 'promptSubmit' });
    const { result, label } = runSimulation(data, asked.pending!);
    const s = reduce(data, asked, { type: 'simulated', result, label });
    // storage for 30 minutes reaches the 13 of its blast radius and itself (docs/explore.md)
    expect(listTitle(data, s)).toBe('Affected 14 · cascade order');
    // of those 14, the ids with "db": catalog-db, users-db and the three database nodes
    const searched = [{ type: 'searchStart' }, { type: 'searchInput', text: 'db' }, { type: 'searchEnd', keep: true }] as const;
    expect(listTitle(data, searched.reduce((x, a) => reduce(data, x, a), s))).toBe('Affected 5/14 · /db · cascade order');
    expect(listTitle(data, reduce(data, s, { type: 'toggleAffected' }))).toBe('Services 19 · by blast radius');
  });
});

describe('the scenario picker', () => {
  it('wraps a long scenario name instead of cutting it, and gives the id', () => {
    const aws = buildExplorerData(loadCatalog('catalogs/aws-us-east-1').catalog!, 'aws');
    // "DynamoDB DNS record emptied (2025-10-20)" is 40 cells; 34 are left after the marker
    const { lines, selected } = scenarioLines(aws, 0, 36);
    const text = lines.map((l) => l.map((x) => x.text).join(''));
    expect(text.slice(3, 5)).toEqual(['▸ DynamoDB DNS record emptied', '  (2025-10-20)']);
    expect(selected).toBe(3);
    expect(text.at(-1)).toBe('id 2025-10-20-dynamodb-dns');
  });
});

describe('narrow panes', () => {
  const s0 = initialState(data, 80, 24);
  it('say the order of the list shorter, then not at all, before cutting the title', () => {
    expect(listTitle(data, s0, 29)).toBe('Services 19 · by blast radius');
    expect(listTitle(data, s0, 28)).toBe('Services 19 · by radius');
    expect(listTitle(data, s0, 22)).toBe('Services 19');
  });
  it('flow the timeline head onto more lines instead of cutting it', () => {
    const text = (ls: readonly (readonly { text: string }[])[]) => ls.map((l) => l.map((x) => x.text).join(''));
    const chunks = [[{ text: 't 4h30m of 1d4h4m' }], [{ text: '‖ paused' }]];
    expect(text(flow(chunks, 30))).toEqual(['t 4h30m of 1d4h4m  ‖ paused']);
    expect(text(flow(chunks, 26))).toEqual(['t 4h30m of 1d4h4m', '‖ paused']);
  });
});

describe('a failure that never clears', () => {
  it('says "never" in the timeline pane rather than infinity', () => {
    const s0 = initialState(data, 80, 24);
    const asked = reduce(data, reduce(data, reduce(data, s0, { type: 'promptFail' }), { type: 'promptInput', text: 'never' }), { type: 'promptSubmit' });
    const { result, label } = runSimulation(data, asked.pending!);
    const s = reduce(data, asked, { type: 'simulated', result, label });
    const text = simLines(data, s.sim!, data.byId.get('storage')!, 60).map((l) => l.map((x) => x.text).join(''));
    expect(text[0]).toBe('storage fails and never recovers');
    expect(text).toContain('impaired from 0m; never recovers');
    // storage and the 13 of its blast radius (data.test.ts)
    expect(text).toContain('14 affected; not everything recovers');
    // the chain starts with storage's own fault, which never clears
    const path = text.slice(text.indexOf('Critical path (trigger first)') + 1);
    expect(path[0]).toMatch(/^· never storage fault never clears$/);
    expect(text.join('\n')).not.toContain('∞');
  });
});

describe('the footer', () => {
  const text = (l: readonly { text: string }[]) => l.map((x) => x.text).join('');
  const asking = (id: string, typed = '') => {
    const s0 = initialState(data, 80, 24);
    const at = s0.list.indexOf(data.byId.get(id)!);
    let s = reduce(data, reduce(data, s0, { type: 'move', delta: at }), { type: 'promptFail' });
    if (typed) s = reduce(data, reduce(data, s, { type: 'promptInput', text: typed }), { type: 'promptSubmit' });
    return s;
  };
  it('asks for a duration with the longest hint that fits', () => {
    // " Fail auth for how long? " and the caret: 26 cells, and the full hint 44 more
    expect(text(footerLine(data, asking('auth'), 80))).toBe(' Fail auth for how long? ▏  Enter: 30m · 90s 15m 2h never · Esc cancel');
    // payment-gateway: 37 cells, so the full hint would need 81
    expect(text(footerLine(data, asking('payment-gateway'), 80))).toBe(' Fail payment-gateway for how long? ▏  Enter: 30m · 90s 2h never · Esc');
  });
  it('shortens the error before cutting it', () => {
    // 30 cells before the hint; the full error takes 53 more
    expect(text(footerLine(data, asking('auth', 'soon'), 83))).toBe(' Fail auth for how long? soon▏  "soon" is not a duration: try 90s, 15m, 2h or never');
    expect(text(footerLine(data, asking('auth', 'soon'), 82))).toBe(' Fail auth for how long? soon▏  not a duration: try 90s, 2h or never');
    expect(text(footerLine(data, asking('payment-gateway', 'soon'), 80))).toBe(' Fail payment-gateway for how long? soon▏  not a duration: try 90s, 2h or never');
  });
  it('keeps "? help" when the terminal is narrow, dropping the least used keys', () => {
    const s0 = initialState(data, 60, 14);
    expect(text(footerLine(data, s0, 60))).toBe(' / search  t tier  y system  f fail  s scenario  ? help ');
    expect(text(footerLine(data, s0, 80))).toBe(' / search  t tier  y system  f fail  s scenario  +- depth  Tab pane  ? help ');
  });
});

describe('positionNote', () => {
  it.each([
    [26, 9, 0, '1–9 of 26 · more ↓'],
    [26, 9, 8, '9–17 of 26 · ↑ more · more ↓'],
    [26, 9, 17, '18–26 of 26 · ↑ more'],
    [26, 9, 40, '18–26 of 26 · ↑ more'],
    [9, 9, 0, null],
  ])('%s lines, %s rows, from %s: %s', (total, rows, scroll, want) => {
    expect(positionNote(total, rows, scroll)).toBe(want);
  });
});
