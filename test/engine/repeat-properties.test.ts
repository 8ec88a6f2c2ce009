/**
 * Properties of the stop at a repeat of the whole state (src/engine/repeat.ts), each run compared
 * with the same run taken to the 30-day cut (`repeatStop: false`), the watch started at the
 * first change (`repeatAfter: 0`) so that every run is watched:
 * - a run that is not stopped is the same run, change for change, recovery for recovery;
 * - a stopped run is a prefix of the run to the cut, and that run really repeats: every change
 *   after the stop is a change of the reported cycle, one state period later (no false stop);
 * - the services reported are those the cut's tail reading reports, with the same periods and starts.
 * On random catalogs of queues that wait on each other through async edges (half of them take
 * turns for ever), random catalogs of hard, soft and async edges, groups and cycles, and the
 * bundled catalogs' scenarios at their medians and at random draws.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { catalogOf, cyclicModel, failureModel } from './helpers.js';
import { loadCatalog } from '../../src/catalog/load.js';
import { buildModel, prepareSimulation, run, type Model } from '../../src/engine/index.js';
import { MAX_HORIZON } from '../../src/engine/simulate.js';
import { OSC_TOL } from '../../src/engine/oscillation.js';
import { trialSeed } from '../../src/engine/rng.js';
import { shapeArb } from '../analysis/random-catalog.js';
import { specArb } from './cyclic-catalog.js';

type Outcome = ReturnType<typeof run>;
const rows = (o: Outcome, upTo = o.log.length) => Array.from({ length: upTo }, (_, k) => [o.log.time[k], o.log.service[k], o.log.state[k], o.log.causeKind[k], o.log.causeService[k]]);

/** Checks the properties on one model and parameter values; returns whether the run stopped at a repeat. */
function check(model: Model, v: Float64Array): boolean {
  const a = run(model, v, { repeatAfter: 0 });
  const b = run(model, v, { repeatStop: false });
  const rep = a.oscillating[0]?.repeat;
  if (rep === undefined) {
    expect(rows(a)).toEqual(rows(b));
    for (const key of ['impactStart', 'recovered', 'impaired', 'worst', 'backlogPeak', 'collapseStart', 'collapseEnd'] as const) expect(Array.from(a[key])).toEqual(Array.from(b[key]));
    expect([a.fullRecovery, a.horizon, a.events, a.oscillating]).toEqual([b.fullRecovery, b.horizon, b.events, b.oscillating]);
    return false;
  }
  // the same computation up to the stop
  expect(a.log.length).toBeLessThan(b.log.length);
  expect(rows(b, a.log.length)).toEqual(rows(a));
  // after the stop, every change of the run to the cut repeats the change one cycle's worth of
  // changes earlier, one state period P earlier (times within the tail reading's tolerance,
  // which allows the ulps a long run's times gather)
  const P = rep.at - rep.from;
  const n = model.graph.ids.length;
  // the catalog's services (slots past them are cells: their changes repeat too, the cycle names their service)
  const nServices = model.cells?.nServices ?? n;
  const by: number[][] = Array.from({ length: n }, () => []);
  for (let j = 0; j < b.log.length; j++) if (b.log.time[j]! > rep.from) by[b.log.service[j]!]!.push(j);
  const L = b.log;
  const cycling = new Set(a.oscillating.map((o) => o.service));
  for (let s = 0; s < n; s++) {
    const e = by[s]!;
    const m = e.filter((j) => L.time[j]! <= rep.at).length;
    if (s < nServices) expect(cycling.has(s)).toBe(m > 0);
    if (m === 0) { expect(e.length).toBe(0); continue; }
    for (let j = m; j < e.length; j++) {
      const [x, y] = [e[j]!, e[j - m]!];
      expect([L.state[x], L.causeKind[x], L.causeService[x]]).toEqual([L.state[y], L.causeKind[y], L.causeService[y]]);
      expect(Math.abs(L.time[x]! - L.time[y]! - P)).toBeLessThanOrEqual(OSC_TOL);
    }
    // and it goes on to the cut
    expect(L.time[e.at(-1)!]!).toBeGreaterThan(MAX_HORIZON - P - OSC_TOL);
    if (s < nServices) expect(a.recovered[s]).toBe(Infinity);
  }
  // the same services, periods and starts as the cut's tail reading. That reading takes the
  // shortest pattern of at most 32 changes that the last changes repeat twice (oscillation.ts):
  // a service whose pattern is longer is one only the stop finds, and where a pattern holds in
  // part (3 of 4 turns alike), it can find a shorter one that holds only near the cut. The run to
  // the cut repeats the stop's cycle (checked above), so the stop's reading is the exact one.
  const tail = new Map(b.oscillating.map((x) => [x.service, x]));
  for (const o of a.oscillating) {
    const t = tail.get(o.service);
    tail.delete(o.service);
    if (t !== undefined && Math.abs(t.periodMinutes - o.periodMinutes) <= OSC_TOL) { expect(t.since.toFixed(6)).toEqual(o.since.toFixed(6)); continue; }
    if (t !== undefined) { expect(t.periodMinutes).toBeLessThan(o.periodMinutes); expect(t.since).toBeGreaterThan(o.since); continue; }
    // a cycle that has not run twice from its start by the cut: nothing for the tail reading to find
    // (a 3,548-min cycle from minute 36,120: FC_SEED=1357911)
    if (MAX_HORIZON - o.since < 2 * o.periodMinutes) continue;
    const perPattern = (by[o.service]!.filter((j) => L.time[j]! <= rep.at).length * o.periodMinutes) / P;
    expect(Math.round(perPattern)).toBeGreaterThan(32);
  }
  expect([...tail.keys()]).toEqual([]);
  expect(a.fullRecovery).toBe(Infinity);
  return true;
}

interface Queue { arrival: number; capacity: number; cap: number | null; timeout: number | null; retry: number; mitigation: number | null }
/**
 * A service that follows queue `on` of the ring: down while it is degraded (`failOn`), failing
 * while it serves less than `needs` of its demand, or degraded with it (`soft`); with the
 * mechanisms that then act at every turn: warm-up, staged restart, crash loop, a queue of its
 * own, and clients (a dependent whose clients reconnect to it: a herd at every turn).
 */
interface Follower {
  on: number;
  edge: 'failOn' | 'needs' | 'soft';
  needs: number;
  warm: number | null;
  restart: { units: number; rate: number } | null;
  crash: { base: number; cap: number; jitter: boolean } | null;
  backlog: { arrival: number; capacity: number; timeout: number | null } | null;
  clients: { count: number; retry: number; spread: number | null } | null;
}
interface Ring { queues: Queue[]; extra: Array<[number, number]>; faults: Array<{ plain: boolean; service: number; at: number; dur: number }>; warm: number | null; followers: Follower[] }

const followerArb: fc.Arbitrary<Follower> = fc.record({
  on: fc.nat(),
  edge: fc.constantFrom<Follower['edge']>('failOn', 'needs', 'soft'),
  needs: fc.integer({ min: 5, max: 95 }).map((x) => x / 100),
  warm: fc.option(fc.integer({ min: 1, max: 10 })),
  restart: fc.option(fc.record({ units: fc.integer({ min: 2, max: 40 }), rate: fc.integer({ min: 1, max: 20 }) })),
  crash: fc.option(fc.record({ base: fc.integer({ min: 1, max: 3 }), cap: fc.integer({ min: 2, max: 10 }), jitter: fc.boolean() })),
  backlog: fc.option(fc.record({ arrival: fc.integer({ min: 10, max: 100 }), capacity: fc.integer({ min: 101, max: 300 }), timeout: fc.option(fc.integer({ min: 5, max: 60 })) })),
  clients: fc.option(fc.record({ count: fc.integer({ min: 1, max: 100 }), retry: fc.integer({ min: 1, max: 3 }), spread: fc.option(fc.integer({ min: 1, max: 5 })) })),
});

const ringArb: fc.Arbitrary<Ring> = fc.integer({ min: 2, max: 4 }).chain((k) =>
  fc.record({
    queues: fc.array(
      // λ < μ ≤ 2λ: a queue keeps up alone but not with a partner's arrival added: the queues
      // then take turns (test/engine/async-cycle-properties.test.ts); else any rates
      fc.oneof(
        fc.integer({ min: 10, max: 100 }).chain((a) => fc.record({ arrival: fc.constant(a), capacity: fc.integer({ min: a + 1, max: 2 * a }) })),
        fc.record({ arrival: fc.integer({ min: 1, max: 100 }), capacity: fc.integer({ min: 1, max: 200 }) }),
      ).chain((r) => fc.record({
        arrival: fc.constant(r.arrival), capacity: fc.constant(r.capacity),
        // caps of 100 and more: turns of a minute or more, so the runs to the cut stay short
        cap: fc.option(fc.integer({ min: 100, max: 500 }), { freq: 4 }),
        timeout: fc.option(fc.integer({ min: 1, max: 60 }), { freq: 2 }),
        retry: fc.integer({ min: 1, max: 3 }),
        mitigation: fc.option(fc.integer({ min: 1, max: 60 }), { freq: 2 }),
      })),
      { minLength: k, maxLength: k },
    ),
    extra: fc.array(fc.tuple(fc.integer({ min: 0, max: k - 1 }), fc.integer({ min: 0, max: k - 1 })), { maxLength: 2 }),
    faults: fc.array(fc.record({ plain: fc.boolean(), service: fc.nat(), at: fc.integer({ min: 0, max: 300 }).map((x) => x / 10), dur: fc.integer({ min: 1, max: 600 }).map((x) => x / 10) }), { minLength: 1, maxLength: 2 }),
    warm: fc.option(fc.integer({ min: 1, max: 20 })),
    followers: fc.array(followerArb, { maxLength: 2 }),
  }),
);

function ringYaml(r: Ring): string {
  const k = r.queues.length;
  const lines = ['services:', `  p: {name: P${r.warm !== null ? `, recovery: {time: ${r.warm}m}` : ''}}`];
  r.queues.forEach((q, i) => {
    const deps = new Set([`{service: q${(i + 1) % k}, type: async}`]);
    for (const [from, to] of r.extra) if (from === i && to !== i && to !== (i + 1) % k) deps.add(`{service: q${to}, type: async}`);
    if (i === 0) deps.add('p');
    const b = [`arrival: ${q.arrival}/min`, `capacity: ${q.capacity}/min`, `retry: ${q.retry}`];
    if (q.cap !== null) b.push(`cap: ${q.cap}`);
    if (q.timeout !== null) b.push(`timeout: ${q.timeout}m`);
    if (q.mitigation !== null) b.push(`mitigation: ${q.mitigation}m`);
    lines.push(`  q${i}:`, `    name: Queue ${i}`, `    dependsOn: [${[...deps].join(', ')}]`, `    backlog: {${b.join(', ')}}`);
  });
  r.followers.forEach((f, j) => {
    const q = `q${f.on % k}`;
    const edge = f.edge === 'failOn' ? `{service: ${q}, failOn: degraded}` : f.edge === 'needs' ? `{service: ${q}, needs: ${f.needs}}` : `{service: ${q}, type: soft}`;
    lines.push(`  f${j}:`, `    name: Follower ${j}`, `    dependsOn: [${edge}]`);
    if (f.warm !== null) lines.push(`    recovery: {time: ${f.warm}m}`);
    if (f.restart !== null) lines.push(`    restart: {units: ${f.restart.units}, rate: ${f.restart.rate}/min}`);
    if (f.crash !== null) lines.push(`    crashLoop: {base: ${f.crash.base}m, cap: ${Math.max(f.crash.base, f.crash.cap)}m${f.crash.jitter ? ', jitter: true' : ''}}`);
    if (f.backlog !== null) lines.push(`    backlog: {arrival: ${f.backlog.arrival}/min, capacity: ${f.backlog.capacity}/min${f.backlog.timeout !== null ? `, timeout: ${f.backlog.timeout}m` : ''}}`);
    if (f.clients !== null) {
      lines.push(`  c${j}:`, `    name: Client ${j}`, `    dependsOn: [f${j}]`, `    clients: {count: ${f.clients.count}, retry: ${f.clients.retry}${f.clients.spread !== null ? `, spread: ${f.clients.spread}m` : ''}}`);
    }
  });
  lines.push('scenarios:', '  s:', '    faults:');
  for (const f of r.faults) lines.push(`      - {service: ${f.plain ? 'p' : `q${f.service % k}`}, at: ${f.at}m, for: ${f.dur}m}`);
  return `${lines.join('\n')}\n`;
}

/**
 * A service of a mechanism the repeat watch reads the state of (repeat-mechanisms.ts), following
 * queue `on` of the ring: a cache that fails with it (failOn degraded) in front of an origin (with
 * or without a queue) and comes back cold; a queue that sheds (at once or `after` a collapse); a
 * service with cells that fail with it (failover after a delay, or drained over `over`); or a surge
 * on the queue itself that eases off over `over` (a load fault whose demand ramps).
 */
interface Mech {
  kind: 'cache' | 'shed' | 'cells' | 'ramp';
  on: number;
  hit: number;
  warm: number;
  originQueue: boolean;
  after: number | null;
  timeout: number;
  cells: number;
  delay: number | null;
  over: number | null;
  from: number;
}
const mechArb: fc.Arbitrary<Mech> = fc.record({
  kind: fc.constantFrom<Mech['kind']>('cache', 'shed', 'cells', 'ramp'),
  on: fc.nat(),
  hit: fc.integer({ min: 50, max: 95 }).map((x) => x / 100),
  warm: fc.integer({ min: 1, max: 20 }),
  originQueue: fc.boolean(),
  after: fc.option(fc.integer({ min: 1, max: 5 })),
  timeout: fc.integer({ min: 1, max: 10 }),
  cells: fc.integer({ min: 2, max: 3 }),
  delay: fc.option(fc.integer({ min: 1, max: 5 })),
  over: fc.option(fc.integer({ min: 1, max: 10 })),
  from: fc.integer({ min: 100, max: 150 }).map((x) => x / 100),
});

function mechYaml(r: Ring, ms: Mech[]): string {
  const k = r.queues.length;
  const [head, tail] = ringYaml(r).split('scenarios:\n');
  const lines: string[] = [];
  const faults: string[] = [];
  ms.forEach((m, j) => {
    const q = `q${m.on % k}`;
    if (m.kind === 'cache') {
      lines.push(`  o${j}: {name: Origin ${j}${m.originQueue ? ', backlog: {arrival: 100/min, capacity: 300/min, timeout: 30m}' : ''}}`);
      lines.push(`  k${j}:`, `    name: Cache ${j}`, `    dependsOn: [{service: ${q}, failOn: degraded}, {service: o${j}, type: soft, fill: {hitRatio: ${m.hit}, warm: ${m.warm}m}}]`);
    } else if (m.kind === 'shed') {
      lines.push(`  h${j}:`, `    name: Shedder ${j}`, `    dependsOn: [{service: ${q}, failOn: degraded}]`);
      lines.push(`    backlog: {arrival: 100/min, capacity: 150/min, timeout: ${m.timeout}m, shedding: ${m.after === null ? 'true' : `{after: ${m.after}m}`}}`);
    } else if (m.kind === 'cells') {
      const failover = m.over !== null ? `{after: ${m.delay ?? 0}m, over: ${m.over}m}` : m.delay !== null ? `${m.delay}m` : 'true';
      lines.push(`  z${j}:`, `    name: Celled ${j}`, `    cells: [${['x', 'y', 'w'].slice(0, m.cells).join(', ')}]`, `    failover: ${failover}`, '    headroom: 0.5');
      lines.push(`    dependsOn: [{service: ${q}, failOn: degraded}]`);
    } else faults.push(`      - {service: ${q}, at: 0m, demand: {from: ${m.from}, to: 1, over: ${m.over ?? 30}m}}`);
  });
  return `${head}${lines.map((l) => `${l}\n`).join('')}scenarios:\n${tail}${faults.map((l) => `${l}\n`).join('')}`;
}

const modelOf = (yaml: string): Model => {
  const c = catalogOf(yaml);
  return buildModel(prepareSimulation(c), { scenario: c.scenarios.get('s')! });
};

describe('the stop at a repeat of the whole state', () => {
  it('queues waiting on each other through async edges: same pattern as the cut, no false stop', () => {
    let stopped = 0;
    fc.assert(fc.property(ringArb, (r) => { const model = modelOf(ringYaml(r)); if (check(model, model.params.medians())) stopped++; }), { numRuns: 40 });
    // the generator does make runs that take turns for ever: in a sweep of 1 500 (seeds 9 to 14),
    // 461 stopped, each checked as here; 26 more took turns in their labels while a queue without
    // a cap gained work every turn (no repeat: they ran to the cut). Since the oscillation guard
    // stops fewer services (guard.ts) and the watch covers more state, fewer do (6 to 13 of 40 in
    // eight runs, against 7 to 17 before): one or none with a chance of about 1 in 5,000 (binomial, p = 0.24)
    // The watch stops on no repeat across a tie (repeat-ties.ts): 13 stop with the CI seed, as
    // without that rule; of FC_SEED 1 to 8, seed 2 stops 5 instead of 6 (two queues whose events
    // converge on a crossing 1e-6 to 1e-7 min apart), the others as many as before (seeds 1 to 8:
    // 13, 5, 15, 9, 13, 13, 14, 12)
    expect(stopped).toBeGreaterThan(1);
  }, 240_000);

  it('queues taking turns with cold caches, shedding queues, cells and easing surges following them: no false stop', () => {
    let stopped = 0;
    fc.assert(fc.property(ringArb, fc.array(mechArb, { minLength: 1, maxLength: 2 }), (r, ms) => {
      const model = modelOf(mechYaml(r, ms));
      if (check(model, model.params.medians())) stopped++;
    }), { numRuns: 40 });
    // 13 with the CI seed, with or without the tie rule (repeat-ties.ts); one fewer with FC_SEED 2
    // (seed 8 lost one too until linked ties were let through; of seeds 1 to 8: 13, 4, 15, 9, 13, 13, 14, 12)
    expect(stopped).toBeGreaterThan(3);
  }, 300_000);

  it('random catalogs (hard, soft, async, groups, failOn, cycles, warm-ups, queues): watched from the first change', () => {
    fc.assert(fc.property(shapeArb({ maxServices: 9 }), fc.nat(), fc.integer({ min: 1, max: 120 }), (shape, src, dur) => {
      const model = failureModel(shape, src, dur);
      check(model, model.params.medians());
    }), { numRuns: 150 });
    fc.assert(fc.property(specArb(true), (spec) => { const model = cyclicModel(spec); check(model, model.params.medians()); }), { numRuns: 60 });
  }, 240_000);

  // every mechanism the bundled catalogs use (capacity fractions, staged restarts, crash loops,
  // herds, stale edges, throttles and actions timed from events, priors), watched from the first change
  const dirs = ['catalogs/aws-us-east-1', 'catalogs/example-shop', ...readdirSync('catalogs/incidents').map((d) => `catalogs/incidents/${d}`)];
  for (const dir of dirs) {
    it(`${dir}: every scenario at its medians and 5 random draws`, () => {
      const { catalog } = loadCatalog(dir);
      const prep = prepareSimulation(catalog!);
      for (const sc of catalog!.scenarios.values()) {
        const model = buildModel(prep, { scenario: sc });
        check(model, model.params.medians());
        const v = new Float64Array(model.params.slots.length);
        for (let k = 0; k < 5; k++) { model.params.sample(trialSeed(11, k), v); check(model, v); }
      }
    }, 240_000);
  }
});
