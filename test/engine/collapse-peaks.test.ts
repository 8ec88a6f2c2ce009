/**
 * Each collapse's own largest queue (src/engine/collapse-peaks.ts, collapse-end.ts): a queue that
 * an operator restart drops is counted as it stood before the drop, and each collapse of a
 * service that collapses more than once names its own. Numbers worked out by hand in comments.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildModel, prepareSimulation, run } from '../../src/engine/index.js';
import { catalogOf, expectSane, runScenario, svc } from './helpers.js';
import { renderSummary } from '../../src/cli/commands/simulate.js';
import { makeStyle } from '../../src/cli/style.js';

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
    // the run's largest is the first collapse's, and so is the largest while collapsed
    expect(svc(r, 'q').backlogPeak).toMatchObject({ value: 400, atMinutes: 40 });
    expect(svc(r, 'q').collapse).toMatchObject({ episodes: 2, queued: { value: 400, atMinutes: 40 } });
  });

  it('the queue while collapsed, not a larger one after the collapse, is what its summary names', () => {
    // collapse 10–40 as above: 400 queued when operators throttle admission to 20/min at 40, which
    // ends it; the throttle stays until the relax at 300. The queue drains at 20 − 10 = 10/min,
    // empty at 80. db down again 100–160: q's queue grows at 10/min to 600 at 160, throttled, so
    // no collapse; it drains at 10/min, empty at 220. Run's largest 600 at 160, collapse's 400 at 40.
    const yaml = restartDrop('      - {service: db, at: 100m, for: 60m}\n').replace(
      '      - {at: 40m, service: q, do: restart, drop: true}\n',
      '      - {at: 40m, service: q, do: throttle, rate: 20/min}\n      - {at: 300m, service: q, do: relax}\n',
    );
    const r = runScenario(yaml);
    const q = svc(r, 'q');
    expect(q.backlogPeak).toEqual({ value: 600, atMinutes: 160, unit: 'units of work' });
    expect(q.collapse).toEqual({ startMinutes: 10, endMinutes: 40, endedBy: 'admission throttled by operators', queued: { value: 400, atMinutes: 40 } });
    const text = renderSummary(catalogOf(yaml), r, undefined, makeStyle(false), 20).replace(/\n +/g, ' ');
    expect(text).toContain('Q: +10m to +40m, ended by admission throttled by operators; up to 400 units of work queued while collapsed; the queue\'s largest, 600, came at +2h40m');
  });
});

describe('a service\'s collapses in its result', () => {
  // λ = 1/min, μ = 2/min, timeout 1 min: the threshold is μ · timeout = 2 queued
  const small = (extra: string, actions: string) => `services:
  dep: {name: Dep}
  q:
    name: Q
    dependsOn: [dep]
    backlog: {arrival: 1/min, capacity: 2/min, timeout: 1m, retry: 1}
scenarios:
  s:
    faults:
      - {service: dep, at: 0m, for: 3m}
${extra}    actions:
${actions}`;

  it('one that a new outage cuts short is a collapse, ended by that outage', () => {
    // dep down 0–3: 3 queued at 3 > 2: collapse at 3, growing at 1/min. dep down again at 10 with
    // 10 queued: the outage subsumes the collapse. Operators restart q at 12, dropping the 12
    // then queued. dep back at 14 with 2 queued, at the threshold and arriving slower than served
    // (1 < 2): no new collapse; empty at 16.
    const r = runScenario(small('      - {service: dep, at: 10m, for: 4m}\n', '      - {at: 12m, service: q, do: restart, drop: true}\n'));
    const q = svc(r, 'q');
    expect(q.collapse).toEqual({ startMinutes: 3, endMinutes: 10, endedBy: 'a new outage (the queue is judged again when work can resume)', queued: { value: 10, atMinutes: 10 } });
    expect(q.backlogPeak).toEqual({ value: 12, atMinutes: 12, unit: 'units of work' });
    expect(q.recoveredMinutes).toBe(16);
  });

  it('the last of several still open: from the first\'s start, never ended', () => {
    // db down 0–10 (λ = 10, μ = 20/min, threshold 20): 100 queued, collapse at 10; throttled at 40
    // with 400 queued (ends it), draining at 10/min: 200 at 60, when the relax lifts the throttle:
    // 200 > 20, collapse again, growing at 10/min to 600 at 100, when db's second outage (100–150)
    // subsumes it; 1,100 queued at 150: collapse a third time, never ended (no mitigation).
    const yaml = restartDrop('      - {service: db, at: 100m, for: 50m}\n').replace(
      '      - {at: 40m, service: q, do: restart, drop: true}\n',
      '      - {at: 40m, service: q, do: throttle, rate: 20/min}\n      - {at: 60m, service: q, do: relax}\n',
    );
    const r = runScenario(yaml);
    expect(svc(r, 'q').collapse).toEqual({ startMinutes: 10, endMinutes: null, endedBy: 'not ended', episodes: 3, queued: { value: 1100, atMinutes: 150 } });
    const text = renderSummary(catalogOf(yaml), r, undefined, makeStyle(false), 20).replace(/\n +/g, ' ');
    expect(text).toContain('Q: from +10m, never ended (3 separate collapses); up to 1,100 units of work queued while collapsed\n');
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
  it('each collapse\'s queue is one the run counted: no record above the run\'s peak; every collapse stretch names a figure; the result names the largest', () => {
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
        // a collapse in the result names its largest queue while collapsed, at most the run's
        const col = svc(r, 'q').collapse;
        if (col !== null) {
          expect(col.queued).toBeDefined();
          expect(col.queued!.value).toBeLessThanOrEqual(svc(r, 'q').backlogPeak!.value);
          expect(col.queued!.atMinutes).toBeGreaterThanOrEqual(col.startMinutes);
        }
        for (const iv of svc(r, 'q').intervals) {
          if (iv.cause.kind === 'collapse') expect(iv.cause.detail).toMatch(/^metastable collapse: [\d,]+ units of work queued/);
        }
      }),
      { numRuns: process.env.CI ? 300 : 60 },
    );
  });
});
