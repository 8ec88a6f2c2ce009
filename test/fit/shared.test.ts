/**
 * Leave-one-incident-out over shared parameters. Three incidents share web's warm-up, truly
 * 25 min, written as a prior {p50: 60m, p90: 2h}; their faults last 30, 60 and 120 min, so
 * web recovers at 60, 90 and 150 (observed) against 95, 125 and 185 as written: +35 min each,
 * outside the tolerance (20, 22.5 min) of the first two, inside that of the third (37.5 min).
 * Fitted on the two others the warm-up comes out near 37 min (worked by hand: the prior's
 * z² plus two soft-L1 terms is smallest there), so each incident's web recovery is predicted
 * within about 15 minutes: every milestone within tolerance.
 */
import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/catalog/build.js';
import { fitProblem } from '../../src/fit/problem.js';
import { fitShared, leaveOneOut, priorKey, sharedProblem, type SharedKey } from '../../src/fit/shared.js';
import { libraryRows, libraryTable, type LibraryEntry } from '../../src/replay/library.js';
import { inProcessExecutor } from '../../src/fit/executor.js';
import { valueAt } from '../../src/fit/problem.js';

const incident = (fault: number): LibraryEntry => {
  const text = `services:
  db: {name: DB}
  web: {name: Web, dependsOn: [db], recovery: {time: {p50: 60m, p90: 2h}}}
scenarios:
  s:
    faults: [{service: db, at: 5m, for: ${fault}m}]
    observed:
      - {service: web, event: recovered, at: ${5 + fault + 25}m, source: "https://e.x/${fault}"}
      - {service: db, event: recovered, at: ${5 + fault}m, source: "https://e.x/${fault}"}
`;
  const { catalog } = buildCatalog([{ file: `i${fault}.yaml`, bytes: new TextEncoder().encode(text) }]);
  return { path: `incidents/i${fault}`, catalog: catalog!, scenario: catalog!.scenarios.get('s')! };
};
const entries = [incident(30), incident(60), incident(120)];
const warmup: SharedKey = (slot) => (slot.label === 'web.recovery.time' ? 'web-warmup' : null);

describe('shared parameters', () => {
  it('are found by key in every incident', () => {
    const sp = sharedProblem(entries.map((e) => fitProblem(e.catalog, e.scenario)), warmup);
    expect(sp.shared.map((q) => [q.key, q.written])).toEqual([['web-warmup', 60]]);
    expect(sp.slots.map((row) => row.map((slots) => slots.length))).toEqual([[1], [1], [1]]);
  });

  it('the default key is the engine prior a slot came from', () => {
    expect(priorKey({ label: 'prior:detect (scenario: detection)', dist: { kind: 'const', value: 1 } })).toBe('detect');
    expect(priorKey({ label: 'web.recovery.time', dist: { kind: 'const', value: 1 } })).toBeNull();
  });

  it('fitted on two incidents, the warm-up lands between the truth and the prior (about 37 min)', () => {
    const sp = sharedProblem(entries.map((e) => fitProblem(e.catalog, e.scenario)), warmup);
    const { x } = fitShared(sp, [true, true, false], 1);
    expect(valueAt(sp.shared[0]!, x[0]!)).toBeGreaterThan(33);
    expect(valueAt(sp.shared[0]!, x[0]!)).toBeLessThan(41);
    expect(leaveOneOut(sp, 1)).toHaveLength(3);
  });

  it('leave-one-incident-out predicts every milestone within tolerance where the priors missed two', async () => {
    const rows = await libraryRows(entries, (p) => inProcessExecutor(p), warmup);
    expect(rows.map((r) => `${r.priors.within}/${r.priors.scored}`)).toEqual(['1/2', '1/2', '2/2']);
    expect(rows.map((r) => (typeof r.loio === 'string' ? r.loio : `${r.loio.within}/${r.loio.scored}`))).toEqual(['2/2', '2/2', '2/2']);
    expect(libraryTable(rows).split('\n')[2]).toMatch(/\| 2\/2 \| not observed \|$/);
  });

  it('without shared parameters the column says why', async () => {
    const rows = await libraryRows(entries, (p) => inProcessExecutor(p));
    expect(rows.map((r) => r.loio)).toEqual(['not computed: no shared priors', 'not computed: no shared priors', 'not computed: no shared priors']);
    const one = await libraryRows(entries.slice(0, 1), (p) => inProcessExecutor(p), warmup);
    expect(one[0]!.loio).toBe('not computed: needs two incidents');
  });
});
