/**
 * The advisor on small catalogs whose best change is worked out by hand. Service-hours are
 * tier-weighted (tier 0 = 8, 1 = 4, 2 = 2, 3 = 1); a degraded minute counts half.
 */
import { describe, expect, it } from 'vitest';
import { advise, type AdviseOptions } from '../../src/advise/advise.js';
import type { Catalog } from '../../src/catalog/model.js';
import { catalogOf } from '../engine/helpers.js';
import { buildCatalog } from '../../src/catalog/build.js';
import { patchYaml } from '../../src/advise/patch-yaml.js';
import { measure, sample } from '../../src/advise/evaluate.js';

const build = (text: string): Catalog => buildCatalog([{ file: 'c.yaml', bytes: Buffer.from(text, 'utf8') }]).catalog!;

const HORIZON = 30 * 24 * 60;

const opts = (c: Catalog, extra: Partial<AdviseOptions> = {}): AdviseOptions => ({
  inputs: [...c.scenarios.values()].map((sc) => ({ label: sc.id, input: { scenario: sc } })),
  trials: 0,
  seed: 1,
  screen: 50,
  bundle: 0,
  runbookMinutes: 10,
  ...extra,
});

// db (tier 0) behind everything: api (1) and worker (2) need it, web (1) needs api. db fails for 1 h.
const LONE_DB = `
services:
  db: {name: DB, tier: 0}
  api: {name: API, tier: 1, dependsOn: [db]}
  web: {name: Web, tier: 1, dependsOn: [api]}
  worker: {name: Worker, tier: 2, dependsOn: [db]}
scenarios:
  s:
    faults: [{service: db, at: 0m, for: 1h}]
`;

describe('a lone database behind everything', () => {
  it('ranks its replica first, with the savings worked out by hand', async () => {
    const c = catalogOf(LONE_DB);
    const a = await advise(c, opts(c));
    // baseline: every service down 60 min: (8 + 4 + 4 + 2) × 60 min = 18 h
    expect(a.baseline.serviceHours).toBeCloseTo(18, 9);
    expect(a.baseline.fullP50).toBe(60);
    const by = new Map(a.ranked.map((e) => [e.candidate.id, e]));
    // replica: api, web and worker keep working; db itself is still down: saves (4 + 4 + 2) h
    expect(a.ranked[0]!.candidate.id).toBe('replica:db');
    expect(a.ranked[0]!.benefit.serviceHours).toBeCloseTo(10, 9);
    expect(a.ranked[0]!.benefit.affected).toBe(3);
    expect(a.ranked[0]!.benefit.fullP50).toBe(0); // db's own outage still lasts an hour
    // api soft on db: api and web degraded instead of down: saves (4 + 4) × ½ h
    expect(by.get('degrade:api->db')!.benefit.serviceHours).toBeCloseTo(4, 9);
    // a replica of api (without db) spares web: 4 h
    expect(by.get('replica:api')!.benefit.serviceHours).toBeCloseTo(4, 9);
    // worker soft on db: 2 × ½ h
    expect(by.get('degrade:worker->db')!.benefit.serviceHours).toBeCloseTo(1, 9);
    expect(by.get('degrade:api->db')!.candidate.assumption).toMatch(/confirm/);
  });

  it('bundles the replica alone: after it, the second-best changes are worth nothing', async () => {
    const c = catalogOf(LONE_DB);
    const a = await advise(c, opts(c, { bundle: 3 }));
    expect(a.bundle.map((s) => s.candidate)).toEqual(['replica:db']);
    expect(a.bundle[0]!.marginal).toBeCloseTo(10, 9);
    // replica of api and api soft on db each save 4 h alone, nothing once db has its replica
    expect(a.bundle[0]!.othersAfter['replica:api']).toBe(0);
    expect(a.bundle[0]!.othersAfter['degrade:api->db']).toBe(0);
    expect(a.bundle[0]!.measure.serviceHours).toBeCloseTo(8, 9);
  });
});

// jobs (tier 1): a queue, arrival 100/min, capacity 400/min, timeout 10m, clients retry ×3 while it
// is down; it processes at 20 % while cache (tier 2, soft) is impaired. jobs fails 0–20 min, cache 0–60.
const QUEUE = `
services:
  cache: {name: Cache, tier: 2}
  jobs:
    name: Jobs
    tier: 1
    dependsOn:
      - {service: cache, type: soft, capacity: 0.2}
    backlog: {arrival: 100/min, capacity: 400/min, timeout: 10m, retry: 3}
scenarios:
  s:
    faults:
      - {service: jobs, at: 0m, for: 20m}
      - {service: cache, at: 0m, for: 1h}
`;

describe('a collapse-prone queue', () => {
  it('ranks admission control first, with the savings worked out by hand', async () => {
    const c = catalogOf(QUEUE);
    const a = await advise(c, opts(c));
    // At 20 the queue holds 300 × 20 = 6000; jobs resumes at 400 × 0.2 = 80/min; 6000 > 80 × 10: collapse,
    // and nothing ends it. Baseline: jobs down until the 30-day horizon (× 4), cache down 60 min (× 2).
    const cacheMin = 60 * 2;
    expect(a.baseline.serviceHours).toBeCloseTo((HORIZON * 4 + cacheMin) / 60, 6);
    // Admission control (no collapse): the queue grows 20/min to 6800 at 60, then drains at 300/min:
    // up at 60 + 6800/300. jobs: down 20 min, degraded 20 → 82.67.
    const upAt = 60 + 6800 / 300;
    const admission = ((20 + (upAt - 20) / 2) * 4 + cacheMin) / 60;
    expect(a.ranked[0]!.candidate.id).toBe('admission-control:jobs');
    expect(a.ranked[0]!.measure.serviceHours).toBeCloseTo(admission, 6);
    expect(a.ranked[0]!.measure.fullP50).toBeCloseTo(upAt, 6);
    // Runbook (throttle 10 min after the causes clear, at 60): collapsed 20 → 70 with 100/min arriving:
    // 11000 queued, drained at 300/min: up at 70 + 11000/300.
    const runbookUp = 70 + 11000 / 300;
    const runbook = a.ranked.find((e) => e.candidate.id === 'runbook:jobs')!;
    expect(a.ranked[1]!.candidate.id).toBe('runbook:jobs');
    expect(runbook.measure.serviceHours).toBeCloseTo(((70 + (runbookUp - 70) / 2) * 4 + cacheMin) / 60, 6);
    // A bound at 80 % of 400 × 10 = 3200 does not stop the collapse at 80/min (threshold 800): worth nothing;
    // neither is a replica of cache (at full speed, 6000 > 400 × 10 still collapses).
    const rest = a.ranked.slice(2);
    expect(rest.map((e) => e.candidate.id).sort()).toEqual(['bounded-queue:jobs', 'replica:cache']);
    for (const e of rest) expect(e.benefit.serviceHours).toBe(0);
  });
});

// a and b depend on each other (hard); b also needs s; web (tier 0) needs a. s fails for 10 min.
// Weights: tier 0 × 8, tier 1 × 4, tier 2 × 2; a degraded hour counts half.
const CYCLE = `
services:
  a: {name: A, tier: 1, dependsOn: [b]}
  b: {name: B, tier: 1, dependsOn: [a, s]}
  s: {name: S, tier: 2}
  web: {name: Web, tier: 0, dependsOn: [a]}
scenarios:
  s:
    faults: [{service: s, at: 0m, for: 10m}]
`;

describe('a hard dependency cycle', () => {
  it('an async edge keeps the cycle from passing the outage on; a soft edge halves it', async () => {
    const c = catalogOf(CYCLE);
    const a = await advise(c, opts(c));
    // the engine takes the least fixpoint: once s is back at 10 nothing grounds the cycle's
    // impairment, so a, b and web recover with it. Until then s (× 2), b, a (× 4) and web (× 8) are down.
    expect(a.baseline.serviceHours).toBeCloseTo(((2 + 4 + 4 + 8) * 10) / 60, 6);
    expect(a.baseline.fullP50).toBe(10);
    const by = new Map(a.ranked.map((e) => [e.candidate.id, e]));
    // a starts without b: only b (× 4) and s (× 2) are down, for 10 min
    expect(by.get('break-cycle:a->b')!.measure.serviceHours).toBeCloseTo((4 * 10 + 2 * 10) / 60, 9);
    expect(by.get('break-cycle:a->b')!.measure.fullP50).toBe(10);
    // b starts without a: b, a, web and s still down for 10 min: worth nothing
    expect(by.get('break-cycle:b->a')?.benefit.serviceHours ?? 0).toBeCloseTo(0, 9);
    // a soft on b: a and web degraded (half) for 10 min, b and s down
    const soft = by.get('degrade:a->b')!;
    expect(soft.measure.serviceHours).toBeCloseTo(((4 / 2) * 10 + 4 * 10 + (8 / 2) * 10 + 2 * 10) / 60, 6);
    expect(soft.measure.fullP50).toBe(10);
    // the replica of s (b needs 1 of [s, s-replica]) keeps the cycle from ever going down: best
    expect(a.ranked[0]!.candidate.id).toBe('replica:s');
    expect(a.ranked[1]!.candidate.id).toBe('break-cycle:a->b');
  });
});

// A reconnect herd (docs/model.md, "Crash loops and reconnect herds"). db (tier 0): a queue,
// arrival 100/min, capacity 1000/min, timeout 5m (collapse above 1000 × 5 = 5000), mitigation 10m;
// web (tier 1) needs it and has 120 clients × 40 retries reconnecting at once. db fails 0–10 min.
const HERD = `
services:
  db: {name: DB, tier: 0, backlog: {arrival: 100/min, capacity: 1000/min, timeout: 5m, mitigation: 10m}}
  web:
    name: Web
    tier: 1
    dependsOn: [db]
    clients: {count: 120, retry: 40}   # reconnect at once
scenarios:
  s:
    faults: [{service: db, at: 0m, for: 10m}]
`;

describe('a reconnect herd that collapses its queue again', () => {
  it('spreads the reconnects over the time the spare capacity takes to absorb them', async () => {
    const c = catalogOf(HERD);
    const a = await advise(c, opts(c));
    // Baseline: B(10) = 1000, + 4800 at once = 5800 > 5000: collapsed 10 → 20 (mitigation), 6800
    // queued, + 4800 when the clients reconnect again = 11600, drained under the throttle at
    // 900/min: up at 20 + 11600/900 ≈ 32.889. db and web: down 0–20, degraded 20 → 32.889.
    const up = 20 + 11600 / 900;
    expect(a.baseline.serviceHours).toBeCloseTo(((8 + 4) * (20 + (up - 20) / 2)) / 60, 6);
    const j = a.ranked.find((e) => e.candidate.id === 'jitter:web')!;
    // spread = ⌈count × retry / (capacity − arrival)⌉ = ⌈4800 / 900⌉ = 6 min: + 800/min for 6 min,
    // arrival 900 < 1000: the queue falls 100/min from 1000 to 400 at 16, then drains at 900/min:
    // up at 16 + 400/900 ≈ 16.444, never past 5000. db and web: down 0–10, degraded 10 → 16.444.
    expect(j.candidate.edits).toEqual([{ op: 'set-spread', service: 'web', of: ['db'], value: 6 }]);
    expect(j.effort).toBe('small');
    const jUp = 16 + 400 / 900;
    expect(j.measure.fullP50).toBeCloseTo(jUp, 6);
    expect(j.measure.serviceHours).toBeCloseTo(((8 + 4) * (10 + (jUp - 10) / 2)) / 60, 6);
    expect(j.benefit.serviceHours).toBeCloseTo(((8 + 4) * (20 + (up - 20) / 2 - 10 - (jUp - 10) / 2)) / 60, 6);
    // admission control (no collapse) drains the 5800 at 900/min: also up at 16.444, at medium
    // effort: the jitter ranks above it by benefit per effort
    const ac = a.ranked.find((e) => e.candidate.id === 'admission-control:db')!;
    expect(ac.measure.serviceHours).toBeCloseTo(j.measure.serviceHours, 6);
    expect(j.perEffort).toBeGreaterThan(ac.perEffort);
  });

  it('the patched YAML (comments kept) simulates to the claimed measure', async () => {
    const c = build(HERD);
    const a = await advise(c, opts(c));
    const j = a.ranked.find((e) => e.candidate.id === 'jitter:web')!;
    const text = patchYaml(c, new Map([['c.yaml', HERD]]), j.candidate.edits, { note: j.candidate.title }).get('c.yaml')!;
    expect(text).toContain('# reconnect at once');
    expect(text).toContain('    # blast advise: Web (web) reconnects with backoff and jitter, spread over 6m\n    clients: {count: 120, retry: 40, spread: 6m}');
    const patched = build(text);
    const inputs = [...patched.scenarios.values()].map((sc) => sc);
    expect(measure(sample(patched, inputs.map((sc) => ({ scenario: sc })), 0, 1, new Set(c.services.keys())))).toEqual(j.measure);
  });
});

// A staged restart on the critical path (docs/model.md, "Staged recovery"). w (tier 1) needs dep
// (tier 2) and restarts 100 units at 5/min; u (tier 1) needs 40 % of w. dep fails 0–10 min.
const RESTART = `
services:
  dep: {name: Dep, tier: 2}
  w:
    name: W
    tier: 1
    dependsOn: [dep]
    restart: {units: 100, rate: 5/min}   # one host at a time
  u: {name: U, tier: 1, dependsOn: [{service: w, needs: 0.4}]}
scenarios:
  s:
    faults: [{service: dep, at: 0m, for: 10m}]
`;

describe('a staged restart on the critical path', () => {
  it('doubles its rate: the ramp and the dependent that waits for 40 % of it both halve', async () => {
    const c = catalogOf(RESTART);
    const a = await advise(c, opts(c));
    // Baseline: the ramp takes 100 / 5 = 20 min, capacity (t − 10)/20 from 10 to 30; w is down
    // below 5 % (until 10 + 0.05 × 20 = 11), degraded 11 → 30; u is down until 40 %: 10 + 8 = 18.
    // Hours: dep 2 × 10; w 4 × (11 + 19/2); u 4 × 18 (minutes, / 60).
    const base = (2 * 10 + 4 * (11 + 19 / 2) + 4 * 18) / 60;
    expect(a.baseline.serviceHours).toBeCloseTo(base, 6);
    expect(a.baseline.fullP50).toBeCloseTo(30, 6);
    const f = a.ranked.find((e) => e.candidate.id === 'faster-restart:w')!;
    expect(f.candidate.kind).toBe('faster-restart');
    expect(f.effort).toBe('medium');
    expect(f.candidate.edits).toEqual([{ op: 'speed-restart', service: 'w', factor: 2 }]);
    // Rate 10/min: ramp 10 min, 10 → 20; w down until 10.5, degraded 10.5 → 20; u back at 10 + 4 = 14.
    const fast = (2 * 10 + 4 * (10.5 + 9.5 / 2) + 4 * 14) / 60;
    expect(f.measure.serviceHours).toBeCloseTo(fast, 6);
    expect(f.measure.fullP50).toBeCloseTo(20, 6);
    expect(f.benefit.serviceHours).toBeCloseTo(base - fast, 6);
    expect(f.benefit.fullP50).toBeCloseTo(10, 6);
  });

  it('halves `over` instead, in the YAML with its comment kept, to the same measure', async () => {
    const text = RESTART.replace('rate: 5/min}   # one host at a time', 'over: 20m}   # one host at a time');
    const c = build(text);
    const a = await advise(c, opts(c));
    const f = a.ranked.find((e) => e.candidate.id === 'faster-restart:w')!;
    const patchedText = patchYaml(c, new Map([['c.yaml', text]]), f.candidate.edits, { note: f.candidate.title }).get('c.yaml')!;
    expect(patchedText).toContain('    # blast advise: Faster staged restart of W (w): units back 2× as fast (was: 20m)\n    restart: {units: 100, over: 10m}   # one host at a time');
    const patched = build(patchedText);
    const m = measure(sample(patched, [...patched.scenarios.values()].map((sc) => ({ scenario: sc })), 0, 1, new Set(c.services.keys())));
    expect(m).toEqual(f.measure);
    // the same numbers as doubling the rate: 100 units over 10 min
    expect(m.fullP50).toBeCloseTo(20, 6);
    expect(m.serviceHours).toBeCloseTo((2 * 10 + 4 * (10.5 + 9.5 / 2) + 4 * 14) / 60, 6);
  });
});
