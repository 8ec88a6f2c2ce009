/**
 * How often the order in which a catalog lists its services changes a result (docs/model.md,
 * "Within an instant": a known bug of the engine): on the synthetic benchmark catalogs
 * (bench/synthetic.ts, seed 7) at 300 and 1,000 services, each of s0…s29 failed for an hour,
 * run as listed and with the services listed in reverse. Prints, per size, the scenarios with a
 * collapse, those with a collapse judged before a dependency settled (`collapse.judgedBefore`,
 * in either listing), those whose results differ between the two listings (intervals and
 * recoveries of any service) and those whose time to full recovery differs. Once the bug is
 * fixed, the last two counts are 0.
 * `npx tsx scripts/listing-order.ts`
 */
import { prepareSimulation, simulate, type SimulationResult } from '../src/engine/index.js';
import type { Catalog } from '../src/catalog/model.js';
import { syntheticCatalog } from '../bench/synthetic.js';
import { scriptOptions } from './options.js';

scriptOptions(`Usage: npx tsx scripts/listing-order.ts
On the synthetic catalogs (300 and 1,000 services, seed 7), each of s0…s29 down for an hour, as
listed and with the services listed in reverse: how many scenarios have a collapse, one judged
before a dependency settled, results that differ between the listings, a different time to full
recovery (docs/model.md, "Within an instant").`, []);

const SCENARIOS = 30;
const reversed = (c: Catalog): Catalog => ({ ...c, services: new Map([...c.services].reverse()) });
/** Every service's intervals and recovery, by id: what a listing order must not change. */
const key = (r: SimulationResult): string =>
  JSON.stringify(r.services.map((s) => [s.id, s.recoveredMinutes, s.intervals.map((i) => [i.state, i.start, i.end])]).sort((a, b) => String(a[0]).localeCompare(String(b[0]))));

for (const n of [300, 1000]) {
  const c = syntheticCatalog(n, 7);
  const listed = prepareSimulation(c);
  const back = prepareSimulation(reversed(c));
  let collapse = 0;
  let early = 0;
  let differ = 0;
  let full = 0;
  for (let k = 0; k < SCENARIOS; k++) {
    const options = { fail: [`s${k}`], forMinutes: 60 };
    const a = simulate(listed, options);
    const b = simulate(back, options);
    if (a.services.some((s) => s.collapse)) collapse++;
    if ([a, b].some((r) => r.services.some((s) => s.collapse?.judgedBefore))) early++;
    if (key(a) !== key(b)) differ++;
    if (a.fullRecoveryMinutes !== b.fullRecoveryMinutes) full++;
  }
  process.stdout.write(`${n.toLocaleString('en-US')} services, s0…s${SCENARIOS - 1} down 1 h: ${collapse} of ${SCENARIOS} scenarios with a collapse, ${early} with one judged before a dependency settled, ${differ} whose results differ with the services listed in reverse, ${full} with a different time to full recovery\n`);
}
