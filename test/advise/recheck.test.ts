/**
 * The advisor never reports a number the patched catalog does not reproduce: for every
 * candidate on the bundled catalogs, its edits are written into the catalog's YAML, the
 * files are loaded as any catalog would be, simulated on the same inputs and seeds, and
 * must give exactly the measure the advisor claimed.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.js';
import { buildCatalog } from '../../src/catalog/build.js';
import { advise } from '../../src/advise/advise.js';
import { measure, sample } from '../../src/advise/evaluate.js';
import { patchYaml } from '../../src/advise/patch-yaml.js';

async function recheck(dir: string, trials: number, screen: number): Promise<string[]> {
  const catalog = loadCatalog(dir).catalog!;
  const texts = new Map(catalog.files.map((f) => [f, readFileSync(f, 'utf8')]));
  const inputs = [...catalog.scenarios.values()].map((sc) => ({ label: sc.id, input: { scenario: sc } }));
  const a = await advise(catalog, { inputs, trials, seed: 3, screen, bundle: 0, runbookMinutes: 10 });
  expect(a.ranked.length).toBeGreaterThan(0);
  for (const e of a.ranked) {
    const changed = patchYaml(catalog, texts, e.candidate.edits, { note: e.candidate.title });
    expect(changed.size, e.candidate.id).toBeGreaterThan(0);
    const all = new Map(texts);
    for (const [f, t] of changed) {
      expect(t, e.candidate.id).toContain('# blast advise: ');
      all.set(f, t);
    }
    const rebuilt = buildCatalog([...all].map(([file, t]) => ({ file, bytes: Buffer.from(t, 'utf8') })));
    expect(rebuilt.diagnostics.filter((d) => d.severity === 'error'), e.candidate.id).toEqual([]);
    const m = measure(sample(rebuilt.catalog!, inputs.map((i) => i.input), trials, 3, new Set(catalog.services.keys())));
    expect(m, e.candidate.id).toEqual(e.measure);
  }
  return a.ranked.map((e) => e.candidate.id);
}

describe('every claimed benefit is reproduced by the patched YAML', () => {
  it('example shop, point estimate, every candidate', async () => {
    const ids = await recheck('catalogs/example-shop', 0, 1000);
    expect(ids.length).toBeGreaterThan(20);
    // the bad configuration push: a staged restart, a crash loop and a reconnect herd
    for (const id of ['faster-restart:cdn', 'crash-backoff:cache', 'jitter:catalog-api']) expect(ids).toContain(id);
  });
  it('example shop, Monte Carlo (100 trials, paired seeds)', async () => {
    expect((await recheck('catalogs/example-shop', 100, 1000)).length).toBeGreaterThan(20);
  });
  it('AWS us-east-1, point estimate, every candidate', async () => {
    expect((await recheck('catalogs/aws-us-east-1', 0, 1000)).length).toBeGreaterThan(30);
  }, 60_000);
});

describe('the engine-v2 candidates (jitter, faster-restart, crash-backoff, shed-writes, larger-buffer) are reproduced too', () => {
  // a herd on a queue, a staged restart, a crash loop and a writer with backpressure, with
  // lognormal parameters so that trials draw them
  const TEXT = `services:
  db: {name: DB, tier: 0, backlog: {arrival: 100/min, capacity: 1000/min, timeout: 5m, mitigation: {p50: 10m, p90: 20m}}}
  web:
    name: Web
    tier: 1
    dependsOn: [db]
    clients: {count: {p50: 120, p90: 200}, retry: 40}   # reconnect at once
  fleet:
    name: Fleet
    tier: 1
    dependsOn: [db]
    restart: {units: 100, rate: {p50: 5/min, p90: 10/min}}   # one host at a time
  u: {name: U, tier: 1, dependsOn: [{service: fleet, needs: 0.4}]}
  worker:
    name: Worker
    tier: 2
    dependsOn: [db]
    crashLoop: {base: 10s, cap: {p50: 5m, p90: 10m}, jitter: true}   # kubelet-like
  events: {name: Events, tier: 2, dependsOn: [db], backlog: {arrival: 100/min, capacity: 200/min, cap: 500}}
  writer:
    name: Writer
    tier: 1
    dependsOn:
      - service: events
        type: async
        backpressure: true
scenarios:
  s:
    faults: [{service: db, at: 0m, for: {p50: 10m, p90: 20m}}]
`;
  it.each([0, 100])('trials %i: every candidate, jitter and faster-restart among them', async (trials) => {
    const dir = mkdtempSync(join(tmpdir(), 'blast-recheck-'));
    try {
      writeFileSync(join(dir, 'c.yaml'), TEXT);
      const ids = await recheck(dir, trials, 1000);
      expect(ids).toContain('jitter:web');
      expect(ids).toContain('faster-restart:fleet');
      for (const id of ['crash-backoff:worker', 'shed-writes:writer->events', 'larger-buffer:events']) expect(ids).toContain(id);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the YAML patch keeps everything else as written', () => {
  it('only changes lines next to a blast advise comment', async () => {
    const catalog = loadCatalog('catalogs/example-shop').catalog!;
    const texts = new Map(catalog.files.map((f) => [f, readFileSync(f, 'utf8')]));
    const changed = patchYaml(catalog, texts, [{ op: 'soften', service: 'web', on: 'cdn', to: 'soft' }], { note: 'web serves without the CDN' });
    const [file, text] = [...changed][0]!;
    const before = texts.get(file)!.split('\n');
    const after = text.split('\n');
    expect(after.length).toBe(before.length + 1);
    const k = after.findIndex((l) => l.includes('# blast advise: web serves without the CDN'));
    expect(after[k]).toBe('      # blast advise: web serves without the CDN');
    expect(after[k + 1]).toBe('      - {service: cdn, type: soft}');
    expect([...after.slice(0, k), ...after.slice(k + 2)]).toEqual([...before.slice(0, k), ...before.slice(k + 1)]);
  });
});
