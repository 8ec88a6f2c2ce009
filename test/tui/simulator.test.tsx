/**
 * The explorer's simulations on its worker thread (src/tui/simulator.ts, sim-protocol.ts): the
 * result the worker sends back in parts equals, key for key, the one this thread computes
 * (state/simulate.ts, what the explorer ran before it had a worker); through the UI, `f` shows
 * "simulating…" and then the same timeline as in this thread; a request replaced by a newer one
 * before its result came has that result dropped.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { isDeepStrictEqual } from 'node:util';
import { deserialize } from 'node:v8';
import { loadCatalog } from '../../src/catalog/load.js';
import type { ServiceResult } from '../../src/engine/index.js';
import { buildExplorerData, type ExplorerData } from '../../src/tui/state/data.js';
import { runSimulation, type SimOutcome } from '../../src/tui/state/simulate.js';
import type { SimRequest } from '../../src/tui/state/requests.js';
import { inThreadSimulator, workerSimulator, type Simulator } from '../../src/tui/simulator.js';
import { explorerWorker, type ExplorerWorker } from '../../src/tui/explorer-thread.js';
import { serviceParts } from '../../src/tui/sim-protocol.js';
import { drive, KEY, type Driven } from './harness.js';
import { shopData } from './fixtures.js';

const shop = shopData();
const regions = buildExplorerData(loadCatalog('catalogs/example-regions').catalog!, 'catalogs/example-regions');
const replayed = buildExplorerData(loadCatalog('test/fixtures/replay/small.yaml').catalog!, 'small');
const rowOf = (data: ExplorerData, id: string): number => data.byId.get(id)!;
const scenarioOf = (data: ExplorerData, id: string): number => data.scenarios.findIndex((s) => s.rawId === id);

const workers: ExplorerWorker[] = [];
let app: Driven | null = null;
afterEach(() => {
  app?.unmount();
  app = null;
  for (const w of workers.splice(0)) w.close();
});
const onWorker = (data: ExplorerData): Simulator => {
  const w = explorerWorker(data.catalog, null);
  workers.push(w);
  return workerSimulator(w);
};

/** Equal values, and the same keys in the same order (what JSON output and the reports see). */
function expectSame(got: SimOutcome, want: SimOutcome): void {
  expect(isDeepStrictEqual(got, want)).toBe(true);
  expect(JSON.stringify(got)).toBe(JSON.stringify(want));
}

describe('simulations on the explorer\'s worker thread', () => {
  it('give, key for key, what this thread computes: failures, a cell, a scenario and its replay', async () => {
    const cases: Array<[ExplorerData, SimRequest]> = [
      [shop, { kind: 'fail', row: rowOf(shop, 'storage'), forMinutes: 30 }],
      [shop, { kind: 'fail', row: rowOf(shop, 'users-db'), forMinutes: null }],
      [shop, { kind: 'scenario', index: scenarioOf(shop, 'storage-outage') }],
      [regions, { kind: 'fail', row: rowOf(regions, 'api'), forMinutes: 30, cell: 'use1-az1' }],
      [replayed, { kind: 'scenario', index: scenarioOf(replayed, 'db-outage') }],
    ];
    const sims = new Map<ExplorerData, Simulator>();
    for (const [data, request] of cases) {
      if (!sims.has(data)) sims.set(data, onWorker(data));
      const got = await sims.get(data)!.simulate(data, request).result;
      const want = runSimulation(data, request);
      expect(got.result.services.length).toBe(data.catalog.services.size);
      expectSame(got, want);
    }
    // the scenario with observed milestones brings its replay back too
    expect((await sims.get(replayed)!.simulate(replayed, cases[4]![1]).result).replay).not.toBeNull();
  });

  it('sends the services in parts of bounded weight, which read back to the same services', () => {
    const { result } = runSimulation(shop, { kind: 'fail', row: rowOf(shop, 'storage'), forMinutes: 30 });
    const read = (parts: Uint8Array[]): ServiceResult[] => parts.flatMap((p) => deserialize(p) as ServiceResult[]);
    // weight 1: every service is a part of its own; a weight no result reaches: one part
    expect(serviceParts(result.services, 1)).toHaveLength(result.services.length);
    expect(serviceParts(result.services, 1e9)).toHaveLength(1);
    expect(isDeepStrictEqual(read(serviceParts(result.services, 7)), result.services)).toBe(true);
    // by hand: a service weighs 1, plus 2 per interval, plus 1 per cause listed in it, plus 1 per
    // capacity point. Three of weight 1 + 2 + 1 = 4 (one interval with one cause); at 6 the part
    // ends where its weight reaches 6: after the second (4 + 4 = 8), then the third alone.
    const cause = { kind: 'fault' as const, service: 'a', detail: 'fails' };
    const svc = (id: string): ServiceResult => ({ id, name: id, tier: 0, impactStartMinutes: 0, recoveredMinutes: 1, recovered: true, worstState: 'down', impairedMinutes: 1, intervals: [{ state: 'down', start: 0, end: 1, cause, causes: [cause] }], partial: false, backlogPeak: null, collapse: null, capacity: [] });
    const parts = serviceParts([svc('a'), svc('b'), svc('c')], 6);
    expect(parts.map((p) => (deserialize(p) as ServiceResult[]).map((s) => s.id))).toEqual([['a', 'b'], ['c']]);
  });

  it('f then Enter: "simulating…", then the timeline this thread draws', async () => {
    const keys = async (simulator: Simulator): Promise<{ timeline: string; frames: readonly string[] }> => {
      app = await drive({ data: shop, color: false, size: { cols: 120, rows: 40 }, simulator });
      await app.press('f');
      await app.waitFor((f) => f.includes('for how long?'));
      await app.press(KEY.enter);
      const timeline = await app.waitFor((f) => f.includes('Timeline') && !f.includes('simulating…'), 30_000);
      const frames = app.frames();
      app.unmount();
      app = null;
      return { timeline, frames };
    };
    const here = await keys(inThreadSimulator());
    const there = await keys(onWorker(shop));
    expect(there.timeline).toBe(here.timeline);
    expect(there.timeline).toMatch(/fails for 30m/);
    expect(there.frames.some((f) => f.includes('simulating…'))).toBe(true);
  });

  it('drops the result of a request replaced before it came: the app shows only the newer one', async () => {
    // a simulator whose results come when the test says, the older one last-but-not-shown
    const asked: Array<{ request: SimRequest; resolve: (o: SimOutcome) => void; cancelled: boolean }> = [];
    const controlled: Simulator = {
      simulate(_data, request) {
        const entry = { request, resolve: (_: SimOutcome) => {}, cancelled: false };
        const result = new Promise<SimOutcome>((resolve) => (entry.resolve = resolve));
        asked.push(entry);
        return { result, cancel: () => void (entry.cancelled = true) };
      },
      warm() {},
      close() {},
    };
    app = await drive({ data: shop, color: false, size: { cols: 120, rows: 40 }, simulator: controlled });
    const first = shop.rows[shop.ranked[0]!]!.rawId;
    const second = shop.rows[shop.ranked[1]!]!.rawId;
    await app.press('f');
    await app.waitFor((f) => f.includes(`Fail ${first} for how long?`));
    await app.press('1', '0', 'm', KEY.enter);
    await app.waitFor((f) => f.includes('simulating…'));
    await app.waitFor(() => asked.length === 1);
    // a newer request before the first result: the second service, 20 minutes
    await app.press(KEY.down, 'f');
    await app.waitFor((f) => f.includes(`Fail ${second} for how long?`));
    await app.press('2', '0', 'm', KEY.enter);
    await app.waitFor(() => asked.length === 2);
    expect(asked.map((a) => a.cancelled)).toEqual([true, false]);

    // the older result arrives now: nothing changes, the newer is still awaited
    asked[0]!.resolve(runSimulation(shop, asked[0]!.request));
    await new Promise((r) => setTimeout(r, 100));
    expect(app.frame()).toContain('simulating…');
    expect(app.frame()).not.toContain('Timeline');
    asked[1]!.resolve(runSimulation(shop, asked[1]!.request));
    const f = await app.waitFor((x) => x.includes('Timeline'));
    expect(f).toContain(`${second} fails for 20m`);
    expect(app.frames().some((x) => x.includes(`${first} fails for 10m`))).toBe(false);
  });

  it('on the worker, a cancelled run never settles while the next gives its own result', async () => {
    const sim = onWorker(shop);
    const older: SimRequest = { kind: 'fail', row: rowOf(shop, 'storage'), forMinutes: 30 };
    const newer: SimRequest = { kind: 'fail', row: rowOf(shop, 'users-db'), forMinutes: 10 };
    const a = sim.simulate(shop, older);
    let settled = false;
    a.result.then(() => (settled = true), () => (settled = true));
    a.cancel();
    const b = await sim.simulate(shop, newer).result;
    expectSame(b, runSimulation(shop, newer));
    // the worker answers in order: the older answer came before the newer, and was dropped
    await new Promise((r) => setTimeout(r, 50));
    expect(settled).toBe(false);
  });
});
