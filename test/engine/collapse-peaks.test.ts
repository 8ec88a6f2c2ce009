/**
 * Each collapse's own largest queue (src/engine/collapse-peaks.ts, collapse-end.ts): a queue that
 * an operator restart drops is counted as it stood before the drop, and each collapse of a
 * service that collapses more than once names its own. Numbers worked out by hand in comments.
 */
import { describe, expect, it } from 'vitest';
import { buildModel, prepareSimulation, run } from '../../src/engine/index.js';
import { catalogOf, runScenario, svc } from './helpers.js';

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
