/**
 * How often the order in which a catalog lists its services changes a result (docs/model.md,
 * "Within an instant"), run as listed and with the services listed in reverse: on the synthetic
 * benchmark catalogs (bench/synthetic.ts, seed 7) at 300 and 1,000 services, each of s0…s29
 * failed for an hour; and on 1,000 random catalogs of queues that can collapse
 * (test/engine/queue-catalog.ts, fast-check seed 42), without cycles and with them. Prints the
 * cases with a collapse, those with a collapse judged before a dependency settled
 * (`collapse.judgedBefore`, in either listing), those whose results differ between the two
 * listings (intervals and recoveries of any service) and those whose time to full recovery
 * differs. The last two are 0 (the order among a cyclic block's members follows their ids); a
 * collapse judged early happens only in cyclic blocks.
 * `npx tsx scripts/listing-order.ts`
 */
import { prepareSimulation, simulate, type SimulationResult } from '../src/engine/index.js';
import type { Catalog } from '../src/catalog/model.js';
import { syntheticCatalog } from '../bench/synthetic.js';
import fc from 'fast-check';
import { buildCatalog } from '../src/catalog/build.js';
import { queueSpecArb, queueYaml } from '../test/engine/queue-catalog.js';
import { scriptOptions } from './options.js';

scriptOptions(`Usage: npx tsx scripts/listing-order.ts
On the synthetic catalogs (300 and 1,000 services, seed 7), each of s0…s29 down for an hour, and
on 1,000 random catalogs of queues (seed 42) without and with cycles, as listed and with the
services listed in reverse: how many have a collapse, one judged before a dependency settled,
results that differ between the listings, a different time to full recovery (docs/model.md,
"Within an instant").`, []);

const SCENARIOS = 30;
const reversed = (c: Catalog): Catalog => ({ ...c, services: new Map([...c.services].reverse()) });
/** Every service's intervals and recovery, by id: what a listing order must not change. */
const key = (r: SimulationResult): string =>
  JSON.stringify(r.services.map((s) => [s.id, s.recoveredMinutes, s.intervals.map((i) => [i.state, i.start, i.end])]).sort((a, b) => String(a[0]).localeCompare(String(b[0]))));

/** Counts over pairs of results: the catalog as listed (a) and listed in reverse (b). */
class Tally {
  collapse = 0;
  early = 0;
  differ = 0;
  full = 0;
  add(a: SimulationResult, b: SimulationResult): void {
    if (a.services.some((s) => s.collapse)) this.collapse++;
    if ([a, b].some((r) => r.services.some((s) => s.collapse?.judgedBefore))) this.early++;
    if (key(a) !== key(b)) this.differ++;
    if (a.fullRecoveryMinutes !== b.fullRecoveryMinutes) this.full++;
  }
  line(what: string, of: number): string {
    return `${what}: ${this.collapse} of ${of} with a collapse, ${this.early} with one judged before a dependency settled, ${this.differ} whose results differ with the services listed in reverse, ${this.full} with a different time to full recovery\n`;
  }
}

for (const n of [300, 1000]) {
  const c = syntheticCatalog(n, 7);
  const listed = prepareSimulation(c);
  const back = prepareSimulation(reversed(c));
  const tally = new Tally();
  for (let k = 0; k < SCENARIOS; k++) {
    const options = { fail: [`s${k}`], forMinutes: 60 };
    tally.add(simulate(listed, options), simulate(back, options));
  }
  process.stdout.write(tally.line(`${n.toLocaleString('en-US')} services, s0…s${SCENARIOS - 1} down 1 h (scenarios)`, SCENARIOS));
}

const RANDOM = 1000;
for (const cycles of [false, true]) {
  const tally = new Tally();
  for (const spec of fc.sample(queueSpecArb, { numRuns: RANDOM, seed: 42 })) {
    const built = buildCatalog([{ file: 'random.yaml', bytes: new TextEncoder().encode(queueYaml(spec, cycles)) }]);
    if (!built.catalog) throw new Error(`bug: a random catalog does not load: ${built.diagnostics.map((d) => d.message).join('; ')}`);
    const c = built.catalog;
    const options = { scenario: c.scenarios.get('s')! };
    tally.add(simulate(prepareSimulation(c), options), simulate(prepareSimulation(reversed(c)), options));
  }
  process.stdout.write(tally.line(`random catalogs of queues ${cycles ? 'with' : 'without'} cycles`, RANDOM));
}
