/**
 * Each collapse's own largest queue (src/engine/collapse-peaks.ts, collapse-end.ts): a queue that
 * an operator restart drops is counted as it stood before the drop, and each collapse of a
 * service that collapses more than once names its own. Numbers worked out by hand in comments.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildModel, prepareSimulation, run } from '../../src/engine/index.js';
import { catalogOf, expectSane, runScenario, svc } from './helpers.js';

// db down 0–10: q cannot process, its queue grows at λ = 10/min to 100 at 10. db back at 10:
// μ = 20/min, μ · timeout = 20 < 100: q collapses at 10, goodput 0, the queue grows at 10/min.
// Operators restart q and drop its queue at 40, and (second case) again after a second outage.
const restartDrop = (second: string) => `services:
  db: {name: DB}
  q:
    name: Q
    dependsOn: [db]
    backlog: {arrival: 10/min, capacity: 20/min, timeout: 1m, retry: 1}
scenarios:
  s:
    faults:
      - {service: db, at: 0m, for: 10m}
${second}    actions:
      - {at: 40m, service: q, do: restart, drop: true}
`;

describe('the queue a collapse reached', () => {
  it('a restart that drops the queue counts it as it stood: 400 at 40, not the 100 of the last evaluation', () => {
    // no evaluation of q between 10 and 40: the queue the restart drops is 100 + 30 × 10 = 400
    const r = runScenario(restartDrop(''));
    expect(svc(r, 'q').backlogPeak).toEqual({ value: 400, atMinutes: 40, unit: 'units of work' });
    const details = svc(r, 'q').intervals.filter((iv) => iv.causes![0]!.kind === 'collapse').map((iv) => iv.causes![0]!.detail);
    expect(details).toEqual(['metastable collapse: 400 units of work queued cannot be served within their timeout; work expires and is retried']);
  });

  it('two collapses, each with its own largest queue', () => {
    // second outage of db 50–55: q's queue (empty since 40) grows to 50 at 55; μ · timeout = 20 < 50:
    // collapse at 55, growing at 10/min; a restart with drop at 70 finds 50 + 15 × 10 = 200
    const yaml = restartDrop('      - {service: db, at: 50m, for: 5m}\n').replace('    actions:\n      - {at: 40m, service: q, do: restart, drop: true}\n', '    actions:\n      - {at: 40m, service: q, do: restart, drop: true}\n      - {at: 70m, service: q, do: restart, drop: true}\n');
    const c = catalogOf(yaml);
    const model = buildModel(prepareSimulation(c), { scenario: c.scenarios.get('s')! });
    const peaks = run(model, model.params.medians()).collapsePeaks!;
    expect([peaks.start, peaks.peak, peaks.at]).toEqual([[10, 55], [400, 200], [40, 70]]);
    const r = runScenario(yaml);
    const details = svc(r, 'q').intervals.filter((iv) => iv.causes![0]!.kind === 'collapse').map((iv) => iv.causes![0]!.detail!.split(' queued')[0]);
    expect(details).toEqual(['metastable collapse: 400 units of work', 'metastable collapse: 200 units of work']);
    // the run's largest is the first collapse's
    expect(svc(r, 'q').backlogPeak).toMatchObject({ value: 400, atMinutes: 40 });
  });
});

describe('collapse records on random catalogs', () => {
  // q behind dep (down 0 → fault), collapsing or not; operators may restart it (dropping its queue
  // or not) and may throttle it; automatic mitigation or none
  const spec = fc.record({
    arrival: fc.integer({ min: 1, max: 100 }), extra: fc.integer({ min: 1, max: 100 }), timeout: fc.integer({ min: 1, max: 20 }),
    retry: fc.integer({ min: 1, max: 3 }), fault: fc.integer({ min: 1, max: 90 }), mitigation: fc.option(fc.integer({ min: 0, max: 120 })),
    restart: fc.option(fc.record({ at: fc.integer({ min: 1, max: 200 }), drop: fc.boolean() })), throttle: fc.option(fc.integer({ min: 1, max: 200 })),
    again: fc.option(fc.record({ at: fc.integer({ min: 100, max: 300 }), for: fc.integer({ min: 1, max: 60 }) })),
  });
  it('each collapse\'s queue is one the run counted: no record above the run\'s peak; every collapse stretch names a figure', () => {
    fc.assert(
      fc.property(spec, (s) => {
        const actions = [
          ...(s.restart ? [`      - {at: ${s.restart.at}m, service: q, do: restart, drop: ${s.restart.drop}}`] : []),
          ...(s.throttle !== null ? [`      - {at: ${s.throttle}m, service: q, do: throttle, rate: ${s.arrival + s.extra}/min}`] : []),
        ];
        const yaml = `services:
  dep: {name: Dep}
  q:
    name: Q
    dependsOn: [dep]
    backlog: {arrival: ${s.arrival}/min, capacity: ${s.arrival + s.extra}/min, timeout: ${s.timeout}m, retry: ${s.retry}${s.mitigation === null ? '' : `, mitigation: ${s.mitigation}m`}}
scenarios:
  s:
    faults:
      - {service: dep, at: 0m, for: ${s.fault}m}
${s.again ? `      - {service: dep, at: ${s.again.at}m, for: ${s.again.for}m}\n` : ''}${actions.length ? `    actions:\n${actions.join('\n')}\n` : ''}`;
        const c = catalogOf(yaml);
        const model = buildModel(prepareSimulation(c), { scenario: c.scenarios.get('s')! });
        const out = run(model, model.params.medians());
        const p = out.collapsePeaks;
        if (p !== null) {
          for (let k = 0; k < p.service.length; k++) {
            expect(p.peak[k]!).toBeLessThanOrEqual(out.backlogPeak[p.service[k]!]! * (1 + 1e-12));
            expect(p.at[k]!).toBeGreaterThanOrEqual(p.start[k]!);
            if (k > 0) expect(p.start[k]!).toBeGreaterThanOrEqual(p.start[k - 1]!);
          }
        }
        const r = runScenario(yaml);
        expectSane(r);
        for (const iv of svc(r, 'q').intervals) {
          if (iv.cause.kind === 'collapse') expect(iv.cause.detail).toMatch(/^metastable collapse: [\d,]+ units of work queued/);
        }
      }),
      { numRuns: process.env.CI ? 300 : 60 },
    );
  });
});
