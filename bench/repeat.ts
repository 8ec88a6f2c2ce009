/**
 * The stop at a repeat of the whole state (src/engine/repeat.ts, docs/model.md "Termination"):
 * runs whose queues take turns for ever, stopped where their state repeats, against the same
 * runs taken to the 30-day cut (`repeatStop: false`) in the same process, alternated; and what
 * the watch costs runs it never stops. CPU time of this thread (process.cpuUsage), medians of
 * rounds, so neighbours on a shared machine move the figures less than wall time.
 *
 * - one run of the engine-hang fixture (two queues taking turns every 14.4 min);
 * - Monte Carlo trials of it (the trial loop of trial-batch.ts: parameters drawn per trial,
 *   curves off), trials/s;
 * - one run of the AWS 2025-10-20 scenario (it settles: the watch may start, never stops it);
 * - one run of two queues taking turns while a third grows every turn (labels repeat, the state
 *   never does: the watch runs for the whole 30 days);
 * - one run of a random catalog whose cold caches fail and come back cold in a loop (`fill` on 3 %
 *   of its edges, `needs` on 15 %): the loop repeats every 40 min, found by the watch.
 *
 * `npx tsx bench/repeat.ts` (or `npm run bench -- repeat`).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { buildCatalog } from '../src/catalog/build.js';
import { loadCatalog } from '../src/catalog/load.js';
import { buildModel, prepareSimulation, run, type Model } from '../src/engine/index.js';
import { trialSeed } from '../src/engine/rng.js';
import type { Catalog, Service } from '../src/catalog/model.js';
import { mulberry32 } from '../src/engine/rng.js';
import { syntheticCatalog } from './synthetic.js';
import { fmtInt, fmtMs, table, type Row } from './rows.js';
import { median } from './timing.js';

const root = fileURLToPath(new URL('..', import.meta.url));

function catalogOfText(text: string): Catalog {
  const { catalog } = buildCatalog([{ file: 'bench.yaml', bytes: new TextEncoder().encode(text) }]);
  if (!catalog) throw new Error('the benchmark catalog does not build');
  return catalog;
}

const modelOf = (c: Catalog, scenario: string): Model => buildModel(prepareSimulation(c), { scenario: c.scenarios.get(scenario)! });

/** CPU ms of this thread for `fn` (user + system). */
function cpuMs(fn: () => void): number {
  const c0 = process.cpuUsage();
  fn();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
}

/** Median CPU ms per call of `a` and of `b`, `reps` calls per round, rounds alternated. */
function pair(a: () => void, b: () => void, reps: number, rounds: number): [number, number] {
  a(); b();
  const xa: number[] = [];
  const xb: number[] = [];
  for (let r = 0; r < rounds; r++) {
    xa.push(cpuMs(() => { for (let k = 0; k < reps; k++) a(); }) / reps);
    xb.push(cpuMs(() => { for (let k = 0; k < reps; k++) b(); }) / reps);
  }
  return [median(xa), median(xb)];
}

const twoQueuesAndAGrowingOne = `
services:
  t: {name: Trigger, tier: 0}
  a:
    name: Queue A
    dependsOn: [t, {service: b, type: async}]
    backlog: {arrival: 100/min, capacity: 150/min, timeout: 10m, retry: 1, cap: 240}
  b:
    name: Queue B
    dependsOn: [{service: a, type: async}]
    backlog: {arrival: 100/min, capacity: 150/min, timeout: 18m, retry: 1}
  c:
    name: Queue C
    dependsOn: [{service: a, type: async}]
    backlog: {arrival: 100/min, capacity: 120/min}
scenarios:
  s:
    faults: [{service: t, at: 0m, for: 10m}]
`;

/**
 * The random catalog of `syntheticCatalog(n, 7)` with 15 % of its hard and soft edges `needs: 0.8`
 * and 3 % a cold cache's `fill` (hit ratio 0.9, refill 15 min), without queues: caches go down with
 * what they need, come back cold, their surges degrade origins that other caches need, and the
 * loop never settles. (With the catalog's queues, one that operators' modelled mitigation throttles
 * gains work every turn for ever: its state never repeats, and that run goes to the cut.)
 */
function coldCacheLoop(n: number): Catalog {
  const c = syntheticCatalog(n, 7);
  const rng = mulberry32(11);
  const k = (value: number) => ({ kind: 'const' as const, value });
  const pos = { file: 'bench', line: 1, col: 1 };
  const services = new Map<string, Service>();
  for (const [id, s] of c.services) {
    const dependsOn = s.dependsOn.map((d) => {
      const r = rng();
      if (d.group || d.type === 'async') return d;
      return r < 0.15 ? { ...d, needs: 0.8 } : r < 0.18 ? { ...d, fill: { hitRatio: k(0.9), warm: k(15), share: 1, pos } } : d;
    });
    const { backlog: _queue, ...rest } = s;
    services.set(id, { ...rest, dependsOn });
  }
  return { ...c, services };
}

export async function run_(): Promise<string> {
  const rows: Row[] = [];
  const hang = modelOf(catalogOfText(readFileSync(join(root, 'test/fixtures/advise/engine-hang.yaml'), 'utf8')), 's');
  const med = hang.params.medians();
  const stopOut = run(hang, med);
  const cutOut = run(hang, med, { repeatStop: false });
  const [stop, cut] = pair(() => run(hang, med), () => run(hang, med, { repeatStop: false }), 20, 7);
  rows.push({
    work: `one run of test/fixtures/advise/engine-hang.yaml (s0 and s2 take turns every 14.4 min), stopped at minute ${stopOut.oscillating[0]!.repeat!.at.toFixed(1)} where its state repeats: ${fmtInt(stopOut.events)} events`,
    measured: `${fmtMs(stop)} CPU`,
    reference: `the same run to the 30-day cut: ${fmtMs(cut)} CPU, ${fmtInt(cutOut.events)} events`,
    ratio: cut / stop, target: '≥ 10× faster', met: cut / stop >= 10,
  });

  // Monte Carlo trials: parameters drawn per trial, curves off (trial-batch.ts)
  const v = new Float64Array(hang.params.slots.length);
  const trials = 40;
  let seed = 0;
  const batch = (repeatStop: boolean) => (): void => {
    for (let k = 0; k < trials; k++) { hang.params.sample(trialSeed(1, seed++ % 1000), v); run(hang, v, { curves: false, repeatStop }); }
  };
  const [mcStop, mcCut] = pair(batch(true), batch(false), 1, 7);
  rows.push({
    work: `Monte Carlo trials of the engine-hang fixture (parameters drawn per trial, curves off), ${trials} per round`,
    measured: `${fmtInt((1000 * trials) / mcStop)} trials/s (CPU)`,
    reference: `the same trials to the 30-day cut: ${fmtInt((1000 * trials) / mcCut)} trials/s`,
    ratio: mcCut / mcStop, target: '≥ 10× faster', met: mcCut / mcStop >= 10,
  });

  // a run that settles: the AWS scenario
  const aws = modelOf(loadCatalog(join(root, 'catalogs/aws-us-east-1')).catalog!, '2025-10-20-dynamodb-dns');
  const awsV = aws.params.medians();
  const [awsOn, awsOff] = pair(() => run(aws, awsV), () => run(aws, awsV, { repeatStop: false }), 200, 9);
  rows.push({
    work: `one run of the AWS 2025-10-20 scenario (it settles; ${fmtInt(run(aws, awsV).log.length)} changes, the watch starts after ${64 + 4 * aws.graph.n})`,
    measured: `${fmtMs(awsOn)} CPU`,
    reference: `without the watch: ${fmtMs(awsOff)} CPU`,
    ratio: awsOn / awsOff, target: '≤ 1.05×', met: awsOn / awsOff <= 1.05,
  });

  // the worst case: the watch runs to the cut and never finds a repeat
  const grow = modelOf(catalogOfText(twoQueuesAndAGrowingOne), 's');
  const gV = grow.params.medians();
  const [gOn, gOff] = pair(() => run(grow, gV), () => run(grow, gV, { repeatStop: false }), 3, 7);
  rows.push({
    work: `one run to the 30-day cut whose labels repeat but whose state never does (a third queue gains 288 per 14.4-min turn): the watch compares all the way, ${fmtInt(run(grow, gV).events)} events`,
    measured: `${fmtMs(gOn)} CPU`,
    reference: `without the watch: ${fmtMs(gOff)} CPU`,
    ratio: gOn / gOff, target: '≤ 1.25×', met: gOn / gOff <= 1.25,
  });

  // cold caches failing and coming back cold in a loop across a random catalog
  const loop = buildModel(prepareSimulation(coldCacheLoop(600)), { fail: ['s0'], forMinutes: 60 });
  const lV = loop.params.medians();
  const lStop = run(loop, lV, { curves: false });
  const lCut = run(loop, lV, { curves: false, repeatStop: false });
  const [lOn, lOff] = pair(() => run(loop, lV, { curves: false }), () => run(loop, lV, { curves: false, repeatStop: false }), 1, 3);
  const rep = lStop.oscillating[0]?.repeat;
  rows.push({
    work: `one run of a random 600-service catalog (needs on 15 % of edges, cold-cache fills on 3 %, s0 down 1 h) whose caches fail and come back cold for ever, ${rep ? `stopped at minute ${rep.at.toFixed(1)} where its state repeats that of ${rep.from.toFixed(1)}` : 'not stopped'}: ${fmtInt(lStop.log.length)} changes, ${fmtInt(lStop.events)} events`,
    measured: `${fmtMs(lOn)} CPU`,
    reference: `the same run to the 30-day cut: ${fmtMs(lOff)} CPU, ${fmtInt(lCut.log.length)} changes, ${fmtInt(lCut.events)} events`,
    ratio: lOff / lOn, target: '≥ 5× faster', met: lOff / lOn >= 5,
  });
  return ['## Stopping at a repeat of the whole state', '', table(rows)].join('\n');
}

export { run_ as run };

if (import.meta.url === `file://${process.argv[1]}`) console.log(await run_()); // npx tsx bench/repeat.ts
