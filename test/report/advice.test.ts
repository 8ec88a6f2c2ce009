/**
 * `blast report --advise`: the "What would help most" section. Its numbers must be what the
 * patched catalogs simulate to: each listed change is written into the catalog's YAML here,
 * the files are loaded and simulated on the same inputs and draws, and the section's cells are
 * compared with those simulations (never with the advisor's own output). Without the flag the
 * section (and the JSON key) is absent.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyPatch } from 'diff';
import { runCli } from '../../src/cli/program.js';
import { memoryIo, tempDir } from '../cli/helpers.js';
import { loadCatalog } from '../../src/catalog/load.js';
import { buildCatalog } from '../../src/catalog/build.js';
import { patchYaml } from '../../src/advise/patch-yaml.js';
import { measure, sample } from '../../src/advise/evaluate.js';
import { gain } from '../../src/advise/render.js';
import type { Edit, Measure } from '../../src/advise/model.js';
import type { Catalog } from '../../src/catalog/model.js';
import { fenceFor } from '../../src/report/markdown/advice.js';
import { markdownSections } from '../../src/report/html/markdown.js';

const tmp = tempDir('report-advice');
afterAll(() => tmp.cleanup());

// db (tier 0) behind everything: api (1) and worker (2) need it, web (1) needs api. db fails for 1 h.
const LONE_DB = `services:
  db: {name: DB, tier: 0}
  api: {name: API, tier: 1, dependsOn: [db]}
  web: {name: Web, tier: 1, dependsOn: [api]}
  worker: {name: Worker, tier: 2, dependsOn: [db]}
scenarios:
  s:
    faults: [{service: db, at: 0m, for: 1h}]
`;

async function report(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo();
  const code = await runCli(['report', ...args], io);
  return { code, out: io.out(), err: io.err() };
}

/** The section's text, from its heading to the end of the report. */
const section = (md: string): string => md.slice(md.indexOf('## What would help most'));

/** The cells of the section's table, row by row (header and rule left out). */
function tableRows(md: string): string[][] {
  return section(md)
    .split('\n')
    .filter((l) => /^\| \d+ \|/.test(l))
    .map((l) => l.slice(2, -2).split(' | '));
}

describe('blast report --advise, worked by hand', () => {
  it('a lone database: its replica first, saving 10 service-hours', async () => {
    const file = tmp.write('lone-db.yaml', LONE_DB);
    const r = await report([file, '-s', 's', '--advise']);
    expect(r.code).toBe(0);
    // without a change every service is down 60 min: (8 + 4 + 4 + 2) × 1 h = 18 service-hours
    expect(section(r.out)).toContain('Without a change: 18.0 service-hours, full recovery after 1h, 4 services affected.');
    const rows = tableRows(r.out);
    // the replica spares api, web and worker: (4 + 4 + 2) × 1 h = 10 h; db's own hour stays, so full
    // recovery does not move; 4 → 1 affected; large effort (weight 4): 10 / 4 = 2.5 per effort
    expect(rows[0]).toEqual(['1', 'Independent replica of DB (db)', '`replica`', 'large', '10.0', '0', '4 → 1', '2.5']);
    // api soft on db: api and web degraded (half) instead of down: (4 + 4) × ½ = 4 h; medium (2): 2.0
    expect(rows).toContainEqual([expect.any(String), 'API (api) serves, degraded, without DB (db)', '`degrade`', 'medium', '4.0', '0', '4 → 4', '2.0']);
    // the patch of #1 is shown and names its change
    expect(section(r.out)).toContain('+  # blast advise: Independent replica of DB (db) (replica:db)\n+  db-replica: {name: DB (replica), tier: 0}');
  });

  it('is absent without --advise, in markdown and JSON; its options need the flag', async () => {
    const file = tmp.write('lone-db-2.yaml', LONE_DB);
    const md = await report([file, '-s', 's']);
    expect(md.code).toBe(0);
    expect(md.out).not.toContain('What would help most');
    const js = await report([file, '-s', 's', '--json']);
    expect(Object.keys(JSON.parse(js.out) as object)).not.toContain('advice');
    const bad = await report([file, '-s', 's', '--advise-rows', '3']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--advise');
  });
});

/** The measure of `catalog` with `edits` written into its YAML, loaded back and simulated. */
function patchedMeasure(catalog: Catalog, texts: Map<string, string>, edits: readonly Edit[], scenario: string, trials: number, seed: number): Measure {
  const changed = patchYaml(catalog, texts, edits, { note: 'test' });
  const all = new Map(texts);
  for (const [f, t] of changed) all.set(f, t);
  const rebuilt = buildCatalog([...all].map(([file, t]) => ({ file, bytes: Buffer.from(t, 'utf8') }))).catalog!;
  return measure(sample(rebuilt, [{ scenario: rebuilt.scenarios.get(scenario)! }], trials, seed, new Set(catalog.services.keys())));
}

describe('blast report --advise on the example shop: every cell re-simulated', () => {
  const SHOP = 'catalogs/example-shop';
  const catalog = loadCatalog(SHOP).catalog!;
  const texts = new Map(catalog.files.map((f) => [f, readFileSync(f, 'utf8')]));

  it.each([
    ['storage-outage', 0],
    ['payment-gateway-brownout', 40],
  ] as const)('%s, %i trials', async (scenario, trials) => {
    const seed = 5;
    const args = [SHOP, '-s', scenario, '--advise', '--advise-rows', '4', '--advise-patches', '2', '--seed', String(seed), ...(trials ? ['--trials', String(trials)] : [])];
    const md = await report(args);
    const js = await report([...args, '--json']);
    expect(md.code).toBe(0);
    expect(js.code).toBe(0);
    // the changes listed, by id and edits, from the JSON; their numbers from simulations here
    const data = JSON.parse(js.out) as { advice: { ranked: Array<{ candidate: { id: string; title: string; edits: Edit[] } }>; patches: Array<{ rank: number; diff: string }> } };
    const base = measure(sample(catalog, [{ scenario: catalog.scenarios.get(scenario)! }], trials, seed));
    const rows = tableRows(md.out);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThanOrEqual(4);
    const count = (x: number): string => (trials > 0 ? x.toFixed(1) : String(Math.round(x)));
    let previous = Infinity;
    rows.forEach((cells, k) => {
      const c = data.advice.ranked[k]!.candidate;
      const m = patchedMeasure(catalog, texts, c.edits, scenario, trials, seed);
      const saved = base.serviceHours - m.serviceHours;
      expect(saved).toBeGreaterThan(0);
      expect(saved).toBeLessThanOrEqual(previous + 1e-9); // ranked by service-hours saved
      previous = saved;
      const effort = cells[3]!;
      const weight = { small: 1, medium: 2, large: 4 }[effort]!;
      const recovery = trials ? [gain(base.fullP50, m.fullP50), gain(base.fullP90, m.fullP90)] : [gain(base.fullP50, m.fullP50)];
      expect(cells[0]).toBe(String(k + 1));
      expect(cells[4]!.split(' ± ')[0]).toBe(saved.toFixed(1));
      expect(cells.slice(5, 5 + recovery.length)).toEqual(recovery);
      expect(cells[5 + recovery.length]).toBe(`${count(base.affected)} → ${count(m.affected)}`);
      expect(cells[6 + recovery.length]).toBe((saved / weight).toFixed(1));
    });
    // the patches shown apply to the files as they are and simulate to the row's saving
    expect(data.advice.patches.map((p) => p.rank)).toEqual([1, 2].slice(0, Math.min(2, rows.length)));
    for (const p of data.advice.patches) {
      expect(section(md.out)).toContain(p.diff);
      const text = applyPatch(texts.get(`${SHOP}/services.yaml`)!, p.diff.slice(p.diff.indexOf('--- a/')));
      expect(text, `patch #${p.rank} applies`).not.toBe(false);
      const files = new Map(texts);
      files.set(`${SHOP}/services.yaml`, text as string);
      const rebuilt = buildCatalog([...files].map(([file, t]) => ({ file, bytes: Buffer.from(t, 'utf8') }))).catalog!;
      const m = measure(sample(rebuilt, [{ scenario: rebuilt.scenarios.get(scenario)! }], trials, seed, new Set(catalog.services.keys())));
      expect((base.serviceHours - m.serviceHours).toFixed(1)).toBe(rows[p.rank - 1]![4]!.split(' ± ')[0]);
    }
    // deterministic: the same arguments give the same bytes
    expect((await report(args)).out).toBe(md.out);
  }, 120_000);
});

describe('the patch block is text, whatever the catalog holds', () => {
  it('a fence longer than any backtick run, and the HTML shows it escaped', () => {
    const diff = '--- a/c.yaml\n+++ b/c.yaml\n@@ -1 +1 @@\n-  description: "```"\n+  description: "<script>alert(1)</script> ````"';
    const fence = fenceFor(diff);
    expect(fence).toBe('`````');
    const md = `## What would help most\n\n${fence}diff\n${diff}\n${fence}\n\nafter`;
    const [, s] = markdownSections(md);
    expect(s!.html).toContain('<pre class="patch"><code>--- a/c.yaml');
    expect(s!.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; ````');
    expect(s!.html).not.toContain('<script>');
    expect(s!.html).toContain('<p>after</p>');
  });
});

describe('reports/example-shop-bad-config-push.md', () => {
  it('is what a fresh run writes', async () => {
    const args = ['catalogs/example-shop', '--scenario', 'bad-config-push', '--trials', '1000', '--seed', '1', '--advise', '--advise-rows', '8', '--advise-patches', '2'];
    const r = await report(args);
    expect(r.code).toBe(0);
    expect(readFileSync('reports/example-shop-bad-config-push.md', 'utf8'), `regenerate: npm run blast -- report ${args.join(' ')} -o reports/example-shop-bad-config-push.md`).toBe(r.out);
  }, 120_000);
});

describe('blast report --advise, other outputs', () => {
  it('a change the YAML does not allow writing in place is named, not patched, and the report is written', async () => {
    // api inherits its dependsOn through a merge key: the replica of db cannot be written into it
    const file = tmp.write(
      'merged.yaml',
      `x-needs-db: &needs-db {dependsOn: [db]}
services:
  db: {name: DB, tier: 0}
  api: {<<: *needs-db, name: API, tier: 1}
scenarios:
  s:
    faults: [{service: db, at: 0m, for: 1h}]
`,
    );
    const r = await report([file, '-s', 's', '--advise']);
    expect(r.code).toBe(0);
    // the replica spares api: 4 × 1 h saved (db's own hour stays)
    expect(tableRows(r.out)[0]!.slice(1, 5)).toEqual(['Independent replica of DB (db)', '`replica`', 'large', '4.0']);
    expect(section(r.out)).toMatch(/\*\*#1, Independent replica of DB \(db\)\*\*: cannot be written into the catalog's YAML in place \(service api has no dependsOn list written in its own entry/);
    expect(section(r.out)).not.toContain('```diff');
  });

  it('the HTML report has the section, its table and the patch as text', async () => {
    const out = join(tmp.dir, 'lone-db.html');
    const file = tmp.write('lone-db-3.yaml', LONE_DB);
    const r = await report([file, '-s', 's', '--advise', '--format', 'html', '-o', out]);
    expect(r.code).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('<h2>What would help most</h2>');
    expect(html).toContain('<pre class="patch"><code>');
    expect(html).toContain('+  db-replica: {name: DB (replica), tier: 0}');
  }, 120_000);
});
