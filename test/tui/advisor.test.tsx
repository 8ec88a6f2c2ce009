/**
 * The explorer's advisor on its worker thread (src/tui/advisor.ts, explorer-thread.ts): the
 * same advice as in this thread (and as the advisor's own API gives), its progress, how the
 * worker gets the catalog, and the main thread left free while it computes: idle between its
 * messages, and keys answered through ink while it runs.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { adviseForFailure, candidatesFor } from '../../src/advise/lookup.js';
import { loadCatalog } from '../../src/catalog/load.js';
import { inThreadAdvisor, workerAdvisor as onWorker, type Advisor } from '../../src/tui/advisor.js';
import { explorerWorker } from '../../src/tui/explorer-thread.js';
import type { Catalog } from '../../src/catalog/model.js';
import type { CatalogFiles } from '../../src/tui/catalog-source.js';
import { openExplorerData, type ExplorerData } from '../../src/tui/state/data.js';
import type { ServiceAdvice } from '../../src/tui/state/advice.js';
import { drive, KEY, type Driven } from './harness.js';
import { shopData } from './fixtures.js';
import { syntheticCatalogYaml } from './synthetic.js';

const shop = shopData();
const rowOf = (data: ExplorerData, id: string) => data.byId.get(id)!;
const open: Array<{ close(): void }> = [];
const dirs: string[] = [];
let app: Driven | null = null;
afterEach(() => {
  app?.unmount();
  app = null;
  for (const a of open.splice(0)) a.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
/** The advisor on an explorer's worker of its own, and how that worker got the catalog. */
const workerAdvisor = (catalog: Catalog, files: CatalogFiles | null): Advisor & { source(): Promise<'files' | 'sent'> } => {
  const worker = explorerWorker(catalog, files);
  return { ...onWorker(worker), source: () => worker.source() };
};
const track = <A extends Advisor>(a: A): A => (open.push(a), a);
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'blast-advisor-'));
  dirs.push(d);
  return d;
};

/** Advice for `id` failing for 30 minutes, with every progress report. */
async function adviseOn(advisor: Advisor, data: ExplorerData, id: string): Promise<{ advice: ServiceAdvice; progress: Array<[number, number]> }> {
  const row = rowOf(data, id);
  const progress: Array<[number, number]> = [];
  const advice = await advisor.advise(data, row, { kind: 'fail', row, forMinutes: 30 }, (d, t) => progress.push([d, t])).result;
  return { advice, progress };
}

describe('the advisor on a worker thread', () => {
  it('gives the advice of this thread and of the advisor itself, reporting each simulation', async () => {
    const worker = track(workerAdvisor(shop.catalog, null));
    for (const id of ['storage', 'users-db']) {
      const got = await adviseOn(worker, shop, id);
      const here = await adviseOn(inThreadAdvisor(), shop, id);
      expect(got.advice).toEqual(here.advice);
      expect(got.progress).toEqual(here.progress);
      // 0 of n, then one report per simulation: the baseline and each candidate
      const total = got.progress[0]![1];
      expect(got.progress.map(([d]) => d)).toEqual(Array.from({ length: total + 1 }, (_, k) => k));
      expect(total).toBe(1 + got.advice.ranked.length + got.advice.worthless);
      // the advisor's own ranking of the candidates about the service
      const ref = candidatesFor(await adviseForFailure(shop.catalog, id, 30), id);
      expect(got.advice.ranked.map((c) => c.id)).toEqual(ref.map((e) => e.candidate.id));
    }
    expect(await worker.source()).toBe('sent');
  });

  it('reads the catalog\'s files itself when none changed since the explorer began reading them; else the catalog is sent', async () => {
    const dir = tempDir();
    cpSync('catalogs/example-shop', dir, { recursive: true });
    const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
    const hourAgo = new Date(Date.now() - 3_600_000);
    for (const f of files) utimesSync(f, hourAgo, hourAgo);
    const loadStartedMs = Date.now();
    const data = openExplorerData(loadCatalog(dir).catalog!, dir);
    const reference = await adviseOn(inThreadAdvisor(), data, 'storage');

    const fromFiles = track(workerAdvisor(data.catalog, { path: dir, loadStartedMs }));
    expect(await fromFiles.source()).toBe('files');
    expect((await adviseOn(fromFiles, data, 'storage')).advice).toEqual(reference.advice);

    // a file written after the explorer began loading: the worker's read could differ
    utimesSync(files[0]!, new Date(), new Date());
    const edited = track(workerAdvisor(data.catalog, { path: dir, loadStartedMs }));
    expect(await edited.source()).toBe('sent');
    expect((await adviseOn(edited, data, 'storage')).advice).toEqual(reference.advice);
  });

  describe('on 1,500 services, advising on the core service (every simulation takes most of them down)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'blast-advisor-big-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'synthetic.yaml');
    writeFileSync(file, syntheticCatalogYaml(1500, 3));
    const past = new Date(Date.now() - 3_600_000);
    utimesSync(file, past, past);
    const loadStartedMs = Date.now();
    const big = openExplorerData(loadCatalog(file).catalog!, file);
    const core = 'svc-00000';

    it('leaves the main thread idle while it computes, where the advisor in this thread keeps it busy', async () => {
      const worker = track(workerAdvisor(big.catalog, { path: file, loadStartedMs }));
      expect(await worker.source()).toBe('files');
      const before = performance.eventLoopUtilization();
      const { advice } = await adviseOn(worker, big, core);
      const elu = performance.eventLoopUtilization(before);
      expect(advice.ranked.length + advice.worthless).toBeGreaterThan(0);
      // the main thread only sends steps and receives measures and curves
      expect(elu.utilization).toBeLessThan(0.35);

      // the same in this thread: busy from the first simulation (stopped after it)
      const here = inThreadAdvisor();
      const row = rowOf(big, core);
      const b2 = performance.eventLoopUtilization();
      let reached!: () => void;
      const first = new Promise<void>((resolve) => (reached = resolve));
      const run = here.advise(big, row, { kind: 'fail', row, forMinutes: 30 }, () => reached());
      await first;
      run.cancel();
      expect(performance.eventLoopUtilization(b2).utilization).toBeGreaterThan(0.8);
    }, 120_000);

    it('answers keys while it computes: Esc, ↓ and back, then m shows its progress, and at last the candidates', async () => {
      const worker = track(workerAdvisor(big.catalog, null));
      app = await drive({ data: big, color: false, size: { cols: 120, rows: 40 }, advisor: worker });
      await app.press('m');
      await app.waitFor((f) => f.includes(`What would help ${core}`) && /computing… \d+ of \d+ simulations/.test(f), 60_000);
      // the pane closes and the selection moves at once, while the worker goes on
      const t0 = performance.now();
      await app.press(KEY.escape);
      await app.waitFor((f) => f.includes('Service') && !f.includes('Advisor'));
      await app.press(KEY.down);
      await app.waitFor((f) => /│ ▸ svc-00001/.test(f));
      await app.press(KEY.up);
      await app.waitFor((f) => /│ ▸ svc-00000/.test(f));
      const keys = performance.now() - t0;
      await app.press('m');
      const f = app.frame();
      // asked again about the same service: the same run, still computing or done
      expect(f.includes('computing…') || f.includes('Ranked by') || f.includes('saves anything')).toBe(true);
      // three keys and their frames, each far shorter than one of the advisor's simulations here
      expect(keys).toBeLessThan(2_000);
      await app.waitFor((x) => x.includes('Ranked by') || x.includes('saves anything'), 120_000);
    }, 180_000);
  });
});
