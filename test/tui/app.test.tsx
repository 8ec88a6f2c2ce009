import { afterEach, describe, expect, it } from 'vitest';
import { cellWidth } from '../../src/tui/state/text.js';
import { drive, KEY, type Driven } from './harness.js';
import { shopData, yamlData } from './fixtures.js';
import { syntheticCatalogYaml } from './synthetic.js';

const data = shopData();
let app: Driven | null = null;
afterEach(() => {
  app?.unmount();
  app = null;
});

const lines = (f: string) => f.split('\n');
/**
 * Every line fits the width, the frame is one row shorter than the terminal, and every
 * row of the panes (between the header and the footer) spans the whole width, borders aligned.
 */
function expectFits(f: string, cols: number, rows: number): void {
  const ls = lines(f);
  expect(ls.length).toBe(rows - 1);
  for (const l of ls) expect(cellWidth(l), l).toBeLessThanOrEqual(cols);
  for (const l of ls.slice(1, -1)) expect(cellWidth(l), l).toBe(cols);
}
/** The list rows: lines of the left pane between its column header and its bottom border. */
const listed = (f: string): string[] =>
  lines(f)
    .slice(3, -2)
    .map((l) => /^│ [▸ ] (?:[✓~✗] )?(\S+)/u.exec(l)?.[1])
    .filter((x): x is string => x !== undefined);

describe('layout', () => {
  it.each([
    [80, 24],
    [120, 40],
    [200, 60],
  ])('fills %sx%s exactly, with a header, the list, the detail pane and key hints', async (cols, rows) => {
    app = await drive({ data, color: false, size: { cols, rows } });
    const f = app.frame();
    expectFits(f, cols, rows);
    expect(lines(f)[0]).toMatch(/^ blast explore · Example shop · 19 services/);
    expect(f).toContain('Services 19 · by blast radius');
    expect(lines(f)[lines(f).length - 1]).toMatch(/\/ search/);
    expect(listed(f)[0]).toBe('storage');
    expect(f).toContain('Depended on by');
  });
  it('shows names and systems only when there is room', async () => {
    app = await drive({ data, color: false, size: { cols: 80, rows: 24 } });
    expect(app.frame()).not.toMatch(/│ ▸ storage .*Block storage/);
    app.unmount();
    app = await drive({ data, color: false, size: { cols: 200, rows: 60 } });
    expect(app.frame()).toMatch(/│ ▸ storage +T0 data +Block storage +!≈ +13/);
  });
  it('lists as many services as fit, and all 19 when the terminal is tall', async () => {
    app = await drive({ data, color: false, size: { cols: 80, rows: 24 } });
    expect(listed(app.frame())).toHaveLength(18);
    app.unmount();
    app = await drive({ data, color: false, size: { cols: 200, rows: 60 } });
    expect(listed(app.frame())).toHaveLength(19);
  });
  it('follows the terminal when it is resized', async () => {
    app = await drive({ data, color: false });
    app.resize(200, 60);
    expectFits(await app.waitFor((f) => lines(f).length === 59), 200, 60);
    app.resize(80, 24);
    expectFits(await app.waitFor((f) => lines(f).length === 23), 80, 24);
    app.resize(50, 10);
    await app.waitFor((f) => f.replace(/\s+/g, ' ').includes('needs at least 60x14'));
  });
});

describe('driven by keys', () => {
  it('searches incrementally and keeps the filter after Enter', async () => {
    app = await drive({ data, color: false, size: { cols: 80, rows: 24 } });
    await app.press('/', 'd', 'b', '-');
    let f = await app.waitFor((x) => x.includes('/db-▏'));
    expect(listed(f)).toEqual(['db-node-a', 'db-node-b', 'db-node-c']);
    expect(f).toContain('3 matches');
    await app.press(KEY.enter);
    f = await app.waitFor((x) => x.includes('Services 3/19 · /db-'));
    expect(lines(f)[lines(f).length - 1]).toMatch(/\/ search/);
    await app.press(KEY.escape);
    await app.waitFor((x) => x.includes('Services 19 ·'));
  });
  it('moves the selection and shows its details and trees', async () => {
    app = await drive({ data, color: false, size: { cols: 80, rows: 24 } });
    await app.press(KEY.down);
    const f = await app.waitFor((x) => x.includes('│ ▸ catalog-db'));
    expect(f).toContain('Product database');
    // catalog-db depends on a 2-of-3 group of database nodes
    expect(f).toMatch(/├─ db-node-a \[2 of 3\]/);
    await app.press('-');
    await app.waitFor((x) => x.includes('Depends on (depth 1'));
  });
  it('fails the selected service for a typed duration and scrubs the timeline', async () => {
    app = await drive({ data, color: false, size: { cols: 100, rows: 30 } });
    await app.press('f');
    await app.waitFor((x) => x.includes('Fail storage for how long?'));
    await app.press('4', '0', 'm', KEY.enter);
    let f = await app.waitFor((x) => x.includes('Timeline'));
    expect(f).toContain('storage fails for 40m');
    expect(f).toMatch(/t 0m of \S+ +▶ playing/);
    // at minute 0 the failed storage and what hard-depends on it are down
    expect(f).toMatch(/│ ▸ ✗ storage/);
    expect(f).toContain('Critical path');
    await app.press(KEY.right);
    f = await app.waitFor((x) => x.includes('‖ paused'));
    const step = /t (\S+) of/.exec(f)![1];
    expect(step).not.toBe('0m');
    await app.press('.', '.');
    await app.press('x');
    await app.waitFor((x) => x.includes('by blast radius'));
  });
  it('Tab moves the focus, marked without colour, and the keys scroll the pane', async () => {
    app = await drive({ data, color: false, size: { cols: 80, rows: 24 } });
    expect(app.frame()).toMatch(/╭─ ▸ Services .*╭─ Service ─/);
    await app.press(KEY.tab);
    await app.waitFor((x) => /╭─ Services .*╭─ ▸ Service ─/.test(x));
    await app.press(KEY.down);
    // the pane scrolled by a line: its first line is no longer the service's name
    const f = await app.waitFor((x) => !x.includes('│ Block storage'));
    expect(f).toMatch(/│ ▸ storage/);
  });
  it('says in its border when the right pane has more, and how to scroll it', async () => {
    app = await drive({ data, color: false, size: { cols: 80, rows: 24 } });
    // 24 rows: 19 of the pane show
    expect(app.frame()).toMatch(/╰─+╯╰─+ 1–19 of \d+ · more ↓ · Tab scrolls ─╯/);
    await app.press(KEY.tab, '\u001b[6~', '\u001b[6~');
    const f = await app.waitFor((x) => x.includes('↑ more ─╯'));
    expect(f).not.toContain('more ↓');
    expect(f).not.toContain('Tab scrolls');
  });
  it('rejects a bad duration in place', async () => {
    app = await drive({ data, color: false, size: { cols: 100, rows: 30 } });
    await app.press('f', 's', 'o', 'o', 'n', KEY.enter);
    await app.waitFor((x) => x.includes('"soon" is not a duration'));
    await app.press(KEY.escape);
    await app.waitFor((x) => x.includes('/ search'));
  });
  it('runs a scenario from the picker', async () => {
    app = await drive({ data, color: false, size: { cols: 120, rows: 40 } });
    await app.press('s');
    await app.waitFor((x) => x.includes('Block storage outage'));
    await app.press(KEY.down, KEY.enter);
    const f = await app.waitFor((x) => x.includes('Timeline'));
    expect(f).toContain('Payment gateway outage with retry storm');
    // the gateway's fault starts at minute 5: up at 0, down at the next change
    // (marked ! in the wide list: its failure alone takes payments down)
    expect(f).toMatch(/✓ payment-gateway +! +5m–35m/);
    await app.press('.');
    expect(await app.waitFor((x) => x.includes('‖ paused'))).toMatch(/✗ payment-gateway/);
  });
  it('opens with a scenario running and playing when given one (what npm start does)', async () => {
    // scenario index 1 of the shop: payment-gateway-brownout
    expect(data.scenarios[1]!.rawId).toBe('payment-gateway-brownout');
    app = await drive({ data, color: false, size: { cols: 120, rows: 40 }, scenario: 1 });
    const f = await app.waitFor((x) => x.includes('Timeline'));
    expect(f).toContain('Payment gateway outage with retry storm');
    expect(f).toContain('▶ playing');
  });
  it('opens the help, whole at 80x24, and closes it', async () => {
    app = await drive({ data, color: false, size: { cols: 80, rows: 24 } });
    await app.press('?');
    const f = await app.waitFor((x) => x.includes('Help · any key closes'));
    expectFits(f, 80, 24);
    // the first key and the last line of the legend both show, and nothing says "more"
    expect(f).toMatch(/│ ↑ ↓  j k +move in the list/);
    expect(f).toMatch(/│ \?  q  Ctrl-C +this help; quit/);
    expect(f).toMatch(/│ ! +list: SPOF/);
    expect(f).toMatch(/│ ≈ +list: shared fate/);
    expect(f).toMatch(/│ ↑ … +trees: listed above; more below the depth shown +│/);
    expect(f).not.toContain('more ↓');
    await app.press('z');
    await app.waitFor((x) => x.includes('Services 19 ·'));
  });
  it('scrolls the help at 60x14 down to its last line, saying where it is', async () => {
    app = await drive({ data, color: false, size: { cols: 60, rows: 14 } });
    await app.press('?');
    let f = await app.waitFor((x) => x.includes('Help · ↑↓ PgUp PgDn scroll'));
    expectFits(f, 60, 14);
    // 26 lines at this width (see reducer.test.ts), 9 at a time
    expect(f).toContain('1–9 of 26 · more ↓');
    expect(lines(f).at(-1)).toMatch(/↑↓ scroll .*other keys close/);
    // every line of the help comes past while scrolling with ↓, one line at a time
    const seen = new Set(lines(f));
    for (let k = 1; k <= 17; k++) {
      await app.press(KEY.down);
      f = await app.waitFor((x) => x.includes(`${k + 1}–${k + 9} of 26`));
      expectFits(f, 60, 14);
      for (const l of lines(f)) seen.add(l);
    }
    expect(f).toContain('18–26 of 26 · ↑ more');
    expect(f).not.toContain('more ↓');
    // the last two help lines, the tree marks, wrapped under their column
    expect(lines(f).slice(-4, -2).map((l) => l.slice(0, -1))).toEqual([
      `│ ↑ …             trees: listed above; more below the ${' '.repeat(5)}`,
      `│                 depth shown${' '.repeat(30)}`,
    ]);
    const body = [...seen].filter((l) => l.startsWith('│ ')).map((l) => l.slice(2, -2).trimEnd());
    for (const want of ['?  q  Ctrl-C    this help; quit', 'm               advisor: best fixes for this service', 'space           play or pause', 'x  Esc          close the simulation (Esc also clears', '                filters)', '≈               list: shared fate, one failure breaks a']) {
      expect(body).toContain(want);
    }
    // one more ↓ changes nothing; PgUp and g go back up; any other key closes
    await app.press(KEY.down, 'g');
    await app.waitFor((x) => x.includes('1–9 of 26 · more ↓'));
    await app.press(KEY.escape);
    await app.waitFor((x) => x.includes('Services 19 ') && !x.includes('Help'));
  });
  it('keeps "? help" in the key hints of a 60-column terminal', async () => {
    app = await drive({ data, color: false, size: { cols: 60, rows: 14 } });
    const footer = lines(app.frame()).at(-1)!;
    expect(footer).toMatch(/\? help$/);
    expect(footer).toContain('/ search');
    expect(footer).not.toContain('…');
  });
  it('marks SPOFs and shared fate in the list rows, without colour', async () => {
    app = await drive({ data, color: false, size: { cols: 80, rows: 24 } });
    const rows = new Map(
      lines(app.frame())
        .map((l) => /^│ [▸ ] (\S+) +T\d (.)(.) +\d+ [│┃]/u.exec(l))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => [m[1]!, `${m[2]}${m[3]}`.trim()] as const),
    );
    // see view.test.ts for the derivation from the example shop
    expect(rows.get('storage')).toBe('!≈');
    expect(rows.get('catalog-db')).toBe('!≈');
    expect(rows.get('users-db')).toBe('!');
    expect(rows.get('cache')).toBe('');
    expect(rows.get('db-node-a')).toBe('');
  });
});

describe('terminal safety', () => {
  const hostile = yamlData(
    [
      'version: 1',
      'catalog:',
      '  name: "Evil \\e[2J\\e]0;pwned\\a catalog"',
      'services:',
      '  evil:',
      '    name: "Red \\e[31mALERT\\e[0m \\x07bell"',
      '    tier: 0',
      '    system: "sys\\e[1m"',
      '    owner: "o\\u202ewner"',
      '    description: "line one\\nline two \\e[5mblink"',
      '  other:',
      '    name: Other',
      '    tier: 1',
      '    dependsOn: [evil]',
      'scenarios:',
      '  boom:',
      '    name: "Boom \\e[41m"',
      '    faults:',
      '      - service: evil',
      '        at: 0m',
      '        for: 5m',
    ].join('\n'),
  );
  // eslint-disable-next-line no-control-regex
  const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

  it('never writes control characters from catalog data, in any view', async () => {
    app = await drive({ data: hostile, color: false, size: { cols: 160, rows: 40 } });
    const frames = [app.frame()];
    frames.push(await app.waitFor((f) => f.includes('\\u001b[31mALERT')));
    await app.press('s');
    frames.push(await app.waitFor((f) => f.includes('Boom \\u001b[41m')));
    await app.press(KEY.enter);
    frames.push(await app.waitFor((f) => f.includes('Timeline')));
    await app.press('?');
    frames.push(await app.waitFor((f) => f.includes('Help · any key closes')));
    for (const f of frames) expect(f).not.toMatch(CONTROL);
    expect(frames[0]).toContain('Evil \\u001b[2J\\u001b]0;pwned\\u0007 catalog');
  });
  it('without colour writes no escape sequences at all', async () => {
    app = await drive({ data, color: false, size: { cols: 80, rows: 24 } });
    await app.press('f', KEY.enter);
    const f = await app.waitFor((x) => x.includes('Timeline'));
    expect(f).not.toContain('\u001b');
    // states still read without colour
    expect(f).toMatch(/✗ \d+ down +~ \d+ degraded +✓ \d+ up/);
  });
});

describe('a large catalog', () => {
  const big = yamlData(syntheticCatalogYaml(3000, 7));
  it('renders only the visible rows and reaches the last service', async () => {
    app = await drive({ data: big, color: false, size: { cols: 80, rows: 24 } });
    expect(listed(app.frame())).toHaveLength(18);
    await app.press('G');
    const f = await app.waitFor((x) => /│ ▸ svc-\d+/.test(x) && !x.includes(`│ ▸ ${big.rows[big.ranked[0]!]!.id}`));
    expect(listed(f)).toHaveLength(18);
    expect(listed(f)[17]).toBe(big.rows[big.ranked[2999]!]!.id);
  });
  it('finds a service by id among thousands', async () => {
    app = await drive({ data: big, color: false, size: { cols: 80, rows: 24 } });
    await app.press('/', ...'svc-02999');
    const f = await app.waitFor((x) => x.includes('1 match'));
    expect(listed(f)).toEqual(['svc-02999']);
  });
});
