/**
 * Whether a result depends on the order in which the catalog lists its services (docs/model.md,
 * "Within an instant"). It should not: the listing order is not part of the architecture.
 *
 * Within one instant the engine evaluates the services a change reaches first in, first out, so
 * a service can be evaluated while one of its dependencies has not yet taken its new state at
 * that instant. For states alone that is harmless: the service is evaluated again when the
 * dependency changes, and only its last evaluation of the instant counts (the two properties
 * below: the three-state rules with cycles, and recovery times without them). A queue's collapse,
 * though, is judged on the capacity the service has when it is evaluated, and a collapse persists:
 * judged on a dependency's state that lasts no time, it is a collapse the architecture does not
 * have. (Recovery times inside cyclic blocks depend on the order too: random catalogs find cases,
 * not worked out here.) The frozen reference engine does the same, and old-style catalogs must
 * give its results exactly (test/engine/equivalence.test.ts), so this is a known bug, recorded
 * here by its smallest case and not yet fixed; results flag such a collapse (`collapse.judgedBefore`).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { prepareSimulation, simulate, type SimulationResult } from '../../src/engine/index.js';
import type { Catalog } from '../../src/catalog/model.js';
import { runCli } from '../../src/cli/program.js';
import { catalogFromShape, shapeArb } from '../analysis/random-catalog.js';
import { memoryIo } from '../cli/helpers.js';
import { specArb, toYaml } from './cyclic-catalog.js';
import { catalogOf, expectSane } from './helpers.js';

/** The same catalog with its services listed in reverse order. */
const reversed = (c: Catalog): Catalog => ({ ...c, services: new Map([...c.services].reverse()) });

/** What a result says about each service, by service id (the listing order of `services` aside). */
const byService = (r: SimulationResult) =>
  r.services.map((s) => [s.id, s.impactStartMinutes, s.recoveredMinutes, s.worstState, s.intervals.map((i) => [i.state, i.start, i.end, i.cause.kind, i.cause.service])]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));

/**
 * Q is a queue with a hard dependency on A and a soft one on B, and B needs A. A is down for an
 * hour, so Q (down with A) holds 60 × 100 = 6,000 units when A comes back at +1h; B, which needs
 * only A, is back at +1h too. Worked by hand on the settled state at +1h (A and B up): Q processes
 * at its full 400 a minute, 6,000 / 400 = 15 min of work queued, within the 20-min timeout, so no
 * collapse; it drains at 400 − 100 = 300 a minute and is back at +1h20m. Judged on B still down
 * (B is evaluated after Q at +1h when Q is listed first), Q is degraded and processes at
 * 0.5 × 400 = 200 a minute: 6,000 / 200 = 30 min > 20, a collapse ended only by the modelled
 * mitigation 45 min later, and Q is back at +2h20m.
 */
const queueBehindTwo = (first: 'q' | 'b'): string => {
  const q = `  q:
    name: Q
    dependsOn:
      - a
      - {service: b, type: soft}
    backlog: {arrival: 100/min, capacity: 400/min, degradedCapacity: 0.5, timeout: 20m, mitigation: 45m}
`;
  const b = `  b:
    name: B
    dependsOn: [a]
`;
  return `services:
  a: {name: A}
${first === 'q' ? q + b : b + q}scenarios:
  s:
    faults: [{service: a, at: 0m, for: 60m}]
`;
};

const fullRecovery = (yaml: string): number | null => {
  const c = catalogOf(yaml);
  const r = simulate(prepareSimulation(c), { scenario: c.scenarios.get('s')! });
  expectSane(r);
  return r.fullRecoveryMinutes;
};

describe('results and the order in which services are listed', () => {
  it('the three-state rules (hard, soft, async, groups, failOn, cycles): the same result whatever the order', () => {
    fc.assert(
      fc.property(shapeArb({ maxServices: 9 }), fc.nat(), fc.integer({ min: 1, max: 120 }), (shape, src, dur) => {
        const c = catalogFromShape(shape);
        const ids = [...c.services.keys()];
        const options = { fail: [ids[src % ids.length]!], forMinutes: dur };
        expect(byService(simulate(prepareSimulation(reversed(c)), options))).toEqual(byService(simulate(prepareSimulation(c), options)));
      }),
      { numRuns: 300 },
    );
  });

  it('recovery times and health checks (failOn: degraded) without cycles: the same result whatever the order', () => {
    fc.assert(
      fc.property(specArb(true, true), (spec) => {
        const c = catalogOf(toYaml({ ...spec, backlog: spec.backlog.map(() => null) }, true));
        const options = { scenario: c.scenarios.get('s')! };
        expect(byService(simulate(prepareSimulation(reversed(c)), options))).toEqual(byService(simulate(prepareSimulation(c), options)));
      }),
      { numRuns: 150 },
    );
  });

  it('a queue behind a dependency and a service that needs it: listed with the service first, the settled state, back at +1h20m', () => {
    expect(fullRecovery(queueBehindTwo('b'))).toBe(80);
  });

  // A known bug, not yet fixed. Once it is, both listings give +1h20m: this test then fails, and
  // becomes the one above with the queue listed first (and docs/model.md's "Within an instant" changes).
  it('known bug: listed with the queue first, Q collapses at +1h on a state of B that lasts no time, and is back at +2h20m', () => {
    // Worked by hand. At +1h Q is evaluated before B: B still down, so Q is degraded and would
    // process 0.5 × 400 = 200 a minute; 6,000 > 200 × 20 (the timeout): a collapse. Collapsed, Q
    // serves nothing and its queue grows by the arrival, 100 a minute (retry 1), until the modelled
    // mitigation 45 min after its causes cleared (+1h): 6,000 + 45 × 100 = 10,500 at +1h45m, when
    // admission is throttled to capacity, 400 a minute. It drains at 400 − 100 = 300 a minute:
    // 10,500 / 300 = 35 min, empty at +2h20m, when the throttle lifts itself.
    const c = catalogOf(queueBehindTwo('q'));
    const r = simulate(prepareSimulation(c), { scenario: c.scenarios.get('s')! });
    expectSane(r);
    const q = r.services.find((x) => x.id === 'q')!;
    expect([q.collapse?.startMinutes, q.collapse?.endMinutes, q.collapse?.queued?.value]).toEqual([60, 105, 10_500]);
    expect(q.recoveredMinutes).toBe(140);
    expect(r.fullRecoveryMinutes).toBe(140);
    // and the result says so: the collapse was judged before B took its state at +1h
    expect(q.collapse?.judgedBefore).toEqual({ service: 'b', name: 'B', atMinutes: 60 });
  });

  it('the result and the summary say when a collapse was judged before a dependency settled', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'blast-listing-'));
    try {
      const file = join(dir, 'catalog.yaml');
      writeFileSync(file, queueBehindTwo('q'));
      const io = memoryIo();
      expect(await runCli(['simulate', file, '--no-color'], io)).toBe(0);
      expect(io.out()).toContain('! judged at +1h, before B took its state at that minute');
      const report = join(dir, 'report.md');
      expect(await runCli(['report', file, '-o', report], memoryIo())).toBe(0);
      expect(readFileSync(report, 'utf8')).toContain('*Caution:* the collapse at +1h was judged before B took its state at that minute');
      // listed the other way round: no collapse, nothing to say
      writeFileSync(file, queueBehindTwo('b'));
      const io2 = memoryIo();
      expect(await runCli(['simulate', file, '--no-color'], io2)).toBe(0);
      expect(io2.out()).not.toContain('judged at');
      expect(io2.out()).not.toContain('Metastable collapses');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
