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
import { leakedPriors, libraryRows, libraryTable, type LibraryEntry } from '../../src/replay/library.js';
import { PRIORS, PRIOR_NAMES } from '../../src/engine/priors.js';
import { discoverIncidents } from '../../scripts/incidents.js';
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
    // totals: priors only 1 + 1 + 2 of 6; nothing free, so "fitted" is as written; LOIO 6 of 6; no time to full recovery observed
    expect(libraryTable(rows).split('\n')[5]).toBe('| **all 3 incidents not calibrated** | | **4/6** | – | 0 | | **4/6** | – | 0 | **6/6** | – |');
  });

  it('without shared parameters the column says why', async () => {
    const rows = await libraryRows(entries, (p) => inProcessExecutor(p));
    expect(rows.map((r) => r.loio)).toEqual(['not computed: no shared priors', 'not computed: no shared priors', 'not computed: no shared priors']);
    const one = await libraryRows(entries.slice(0, 1), (p) => inProcessExecutor(p), warmup);
    expect(one[0]!.loio).toBe('not computed: needs two incidents');
  });
});

describe('priors of the engine shared by incidents', () => {
  const withPrior = (id: string, free: boolean): LibraryEntry => {
    const text = `services:
  db: {name: DB}
  web: {name: Web, dependsOn: [db], recovery: {time: {prior: restart-service${free ? ', free: true' : ''}}}}
  api: {name: API, dependsOn: [db]}
scenarios:
  ${id}:
    faults: [{service: db, at: 5m, for: 30m}]
    observed:
      - {service: web, event: recovered, at: 45m, source: "https://e.x/${id}"}
      - {service: db, event: recovered, at: 35m, source: "https://e.x/${id}"}
`;
    const { catalog } = buildCatalog([{ file: `${id}.yaml`, bytes: new TextEncoder().encode(text) }]);
    return { path: `incidents/${id}`, catalog: catalog!, scenario: catalog!.scenarios.get(id)! };
  };

  it('a free prior is a free parameter of its own incident, searched around the prior (median 5 min)', () => {
    const e = withPrior('a', true);
    const prob = fitProblem(e.catalog, e.scenario);
    expect(prob.free.map((f) => [f.label, f.written])).toEqual([['prior:restart-service (web.recovery.time)', 5]]);
    expect(fitProblem(withPrior('b', false).catalog, withPrior('b', false).scenario).free).toEqual([]);
  });

  it('marks an incident whose own data set the default of a prior it uses', () => {
    const sp = sharedProblem([withPrior('a', false), withPrior('b', false)].map((e) => fitProblem(e.catalog, e.scenario)));
    expect(sp.shared.map((q) => q.key)).toEqual(['restart-service']);
    const basis = (name: string) => (name === 'restart-service' ? ['a'] : []);
    expect(leakedPriors(sp, 0, 'a', basis)).toEqual(['restart-service']);
    expect(leakedPriors(sp, 1, 'b', basis)).toEqual([]);
  });

  it("every incident a prior's basis names is a scenario of the library", () => {
    const ids = new Set(discoverIncidents().map((e) => e.scenario.id));
    for (const name of PRIOR_NAMES) for (const id of PRIORS[name].incidents) expect(ids.has(id), `${name}: ${id}`).toBe(true);
  });
});
