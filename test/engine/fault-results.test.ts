/**
 * A scenario's faults in the result (`faults`, src/engine/explain-faults.ts) and in what users
 * read: a load fault is a trigger that is not an outage, and the summary and the report say what
 * it did instead of "fails"; a scenario started by an operator action names that action. Before,
 * the CLI listed as triggers only services whose intervals had the cause `fault`: a load fault,
 * a second fault on the same service and an action that starts the scenario did not show.
 */
import { describe, expect, it } from 'vitest';
import { prepareSimulation, simulate } from '../../src/engine/index.js';
import { renderSummary } from '../../src/cli/commands/simulate.js';
import { makeStyle } from '../../src/cli/style.js';
import { replayScenario } from '../../src/replay/run.js';
import { reportOf } from '../report/helpers.js';
import { catalogOf } from './helpers.js';

const yaml = `services:
  link: {name: Link}
  api:
    name: API
    dependsOn: [link]
  db: {name: DB}
scenarios:
  s:
    faults:
      - {service: link, at: 0m, for: 10m, demand: 3}
      - {service: db, at: 5m, for: 20m}
      - {service: db, at: 1h, until: 1h30m}
      - {service: api, at: 2h, for: 1h, capacity: {from: 1, to: 0.3, over: 30m}}
      - {service: link, at: 4h, capacity: 0.4}
  ops:
    actions:
      - {at: 5m, service: db, do: disable}
      - {at: 5m, service: link, do: disable}
      - {at: 30m, service: db, do: enable}
`;
const catalog = catalogOf(yaml);
const prep = prepareSimulation(catalog);

describe('faults in the result', () => {
  it('gives each fault as the run applied it, in scenario order, and says what a load fault did', () => {
    const r = simulate(prep, { scenario: catalog.scenarios.get('s')! });
    expect(r.faults).toEqual([
      { service: 'link', name: 'Link', atMinutes: 0, untilMinutes: 10, capacity: null, demand: 3, what: 'gets 3× its normal demand (a load fault)' },
      { service: 'db', name: 'DB', atMinutes: 5, untilMinutes: 25, capacity: null, demand: null, what: 'fails' },
      { service: 'db', name: 'DB', atMinutes: 60, untilMinutes: 90, capacity: null, demand: null, what: 'fails' },
      { service: 'api', name: 'API', atMinutes: 120, untilMinutes: 180, capacity: 0.3, demand: null, what: 'sees its capacity go from 100 % to 30 % over 30m (a load fault)' },
      { service: 'link', name: 'Link', atMinutes: 240, untilMinutes: null, capacity: 0.4, demand: null, what: 'keeps 40 % of its capacity (a load fault)' },
    ]);
  });

  it('takes the run\'s own values: a replay with other parameter values gives their faults', () => {
    const sc = catalog.scenarios.get('s')!;
    const base = replayScenario(catalog, sc);
    const v = base.model.params.medians().slice();
    // the slot of the second fault's duration: 20 min at the median, 50 here
    const k = base.model.faults[1]!.duration;
    v[k] = 50;
    expect(replayScenario(catalog, sc, v).simulation.faults[1]).toMatchObject({ atMinutes: 5, untilMinutes: 55 });
  });
});

describe('triggers in what users read', () => {
  it('the summary lists every fault, a load fault by what it did', () => {
    const r = simulate(prep, { scenario: catalog.scenarios.get('s')! });
    const text = renderSummary(catalog, r, undefined, makeStyle(false), 20).replace(/\n +/g, ' ');
    expect(text).toContain('Trigger: Link (link) gets 3× its normal demand (a load fault), +0m to +10m\n');
    expect(text).toContain('Trigger: DB (db) fails, +5m to +25m\n');
    expect(text).toContain('Trigger: DB (db) fails, +1h to +1h30m\n');
    expect(text).toContain('Trigger: API (api) sees its capacity go from 100 % to 30 % over 30m (a load fault), +2h to +3h\n');
    expect(text).toContain('Trigger: Link (link) keeps 40 % of its capacity (a load fault), +4h to never\n');
  });

  it('a scenario without faults is started by its first operator actions', () => {
    const r = simulate(prep, { scenario: catalog.scenarios.get('ops')! });
    const text = renderSummary(catalog, r, undefined, makeStyle(false), 20);
    expect(text.match(/^Trigger: .*$/gm)).toEqual(['Trigger: operators disable DB (db) at +5m', 'Trigger: operators disable Link (link) at +5m']);
  });

  it('the report says what a load fault did, and its time axis does not call it a failure', () => {
    const md = reportOf(catalog, { scenario: catalog.scenarios.get('s')! });
    expect(md).toContain('- **Trigger:** Link (`link`) gets 3× its normal demand (a load fault) from +0m until +10m.');
    expect(md).toContain('- **Trigger:** DB (`db`) fails at +5m until +25m.');
    expect(md).toContain('load fault on Link :milestone');
    expect(md).not.toContain('Link fails');
  });
});
