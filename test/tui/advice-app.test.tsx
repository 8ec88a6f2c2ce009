/**
 * Through ink: the advisor pane on the example shop, with expectations from the advisor's own
 * API (src/advise/lookup.ts), and a large catalog opening before its ranking is computed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { adviseForFailure, candidatesFor } from '../../src/advise/lookup.js';
import { formatDuration } from '../../src/catalog/units.js';
import { analyseCatalog, openExplorerData, type Analysis } from '../../src/tui/state/data.js';
import { drive, KEY, type Driven } from './harness.js';
import { shopData } from './fixtures.js';

const data = shopData();
let app: Driven | null = null;
afterEach(() => {
  app?.unmount();
  app = null;
});

const never = (m: number): string => (Number.isFinite(m) ? formatDuration(m) : 'never');
/** The right pane's text as one line: wrapped lines joined, borders and runs of spaces dropped. */
const pane = (frame: string): string =>
  frame
    .split('\n')
    .map((l) => l.split(/[│┃]{2}/)[1] ?? '')
    .join(' ')
    .replace(/[│┃]/g, ' ')
    .replace(/\s+/g, ' ');

describe('the advisor pane', () => {
  it('m on storage lists the advisor\'s candidates with their effect, and Enter draws the best on the timeline', async () => {
    // the reference: the advisor's candidates about storage when it fails alone for 30 minutes
    const advice = await adviseForFailure(data.catalog, 'storage', 30);
    const ref = candidatesFor(advice, 'storage');
    const b = advice.baseline;
    app = await drive({ data, color: false, size: { cols: 140, rows: 50 } });
    await app.press('m');
    const f = await app.waitFor((x) => x.includes('Ranked by service-hours saved'), 10_000);
    expect(f).toContain('Advisor');
    const text = pane(f);
    expect(text).toContain('What would help storage');
    expect(text).toContain('over: storage fails for 30m');
    expect(text).toContain(`now: ${b.serviceHours.toFixed(1)} service-hours (tier-weighted) · full recovery ${never(b.fullP50)} · ${Math.round(b.affected)} affected`);
    // each candidate in the advisor's order, with its numbers now → with it
    let at = 0;
    ref.forEach((e, k) => {
      const head = `${k + 1}. ${e.candidate.title}`.slice(0, 40);
      const effect = `${b.serviceHours.toFixed(1)} → ${e.measure.serviceHours.toFixed(1)} service-hours · full recovery ${never(b.fullP50)} → ${never(e.measure.fullP50)} · effort ${e.effort}`;
      const h = text.indexOf(head, at);
      expect(h, head).toBeGreaterThanOrEqual(at);
      expect(text.indexOf(effect, h), effect).toBeGreaterThan(h);
      at = h + 1;
    });
    // by hand: storage's replica first, 52.1 → 4.0 service-hours (only storage's own 30 minutes, tier 0: 8 × 0.5 h)
    expect(ref[0]!.candidate.id).toBe('replica:storage');
    expect(text).toContain(`1. ${ref[0]!.candidate.title}`);
    expect(text).toMatch(/now [▁-█]+ with [▁-█]+/);

    await app.press(KEY.enter);
    const t = await app.waitFor((x) => x.includes('Timeline') && x.includes('with replica:storage:'));
    expect(t).toContain('storage fails for 30m');
    // the candidate's own recovery: only storage affected, back at 30m
    expect(pane(t)).toContain('with replica:storage: 1 affected; all back at 30m');
  });

  it('says "computing…" first, and Esc closes it', async () => {
    app = await drive({ data, color: false, size: { cols: 120, rows: 40 } });
    await app.press(KEY.down, 'm');
    const f = await app.waitFor((x) => x.includes('What would help catalog-db'));
    expect(app.frame().includes('computing…') || f.includes('Ranked by')).toBe(true);
    await app.waitFor((x) => x.includes('Ranked by'), 10_000);
    await app.press(KEY.escape);
    await app.waitFor((x) => x.includes('Service') && !x.includes('Advisor'));
  });
});

describe('a catalog opened before its ranking', () => {
  it('lists services in catalog order with "…" radii, then re-sorts by blast radius when the analysis arrives', async () => {
    const opened = openExplorerData(data.catalog, 'catalogs/example-shop');
    let deliver!: (a: Analysis) => void;
    const analysis = new Promise<Analysis>((r) => (deliver = r));
    app = await drive({ data: opened, color: false, size: { cols: 100, rows: 30 }, analysis });
    const before = await app.waitFor((x) => x.includes('ranking'));
    expect(before).toContain('Services 19 · ranking by blast radius…');
    expect(before).toContain('blast radius: computing…');
    // the first service of the catalog file is selected, with "…" for its radius
    const first = data.catalog.services.keys().next().value!;
    expect(before).toMatch(new RegExp(`│ ▸ ${first} .*…`));
    deliver(analyseCatalog(data.catalog, opened.cg!));
    const after = await app.waitFor((x) => x.includes('by blast radius') && !x.includes('ranking'));
    // as when opened ranked: storage first, radius 13, with its markers
    expect(after).toMatch(/│ ▸ storage +T0 .*!≈ +13/);
    expect(after).toContain('blast radius 13 (13 down)');
  });
});
