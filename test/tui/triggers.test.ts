/**
 * The explorer's timeline names what started the simulation under its title: each fault of the
 * scenario as the run applied it (a load fault by what it did, not "fails"), or the operator
 * action that starts a scenario without faults. A failure asked for in the explorer is its own
 * title, so it gets no trigger line.
 */
import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/catalog/build.js';
import { buildExplorerData } from '../../src/tui/state/data.js';
import { initialState, reduce } from '../../src/tui/state/reducer.js';
import { runSimulation } from '../../src/tui/state/simulate.js';
import { simLines } from '../../src/tui/state/view.js';
import { triggerTexts } from '../../src/tui/state/curve.js';
import type { SimRequest } from '../../src/tui/state/requests.js';

const yaml = `services:
  link: {name: Link}
  api: {name: API, dependsOn: [link]}
scenarios:
  surge:
    faults:
      - {service: link, at: 0m, for: 10m, demand: 3}
      - {service: api, at: 1h, for: 5m}
  many:
    faults:
      - {service: link, at: 0m, for: 1m}
      - {service: link, at: 2m, for: 1m}
      - {service: link, at: 4m, for: 1m}
      - {service: link, at: 6m, for: 1m}
  ops:
    actions:
      - {at: 5m, service: link, do: disable}
      - {at: 20m, service: link, do: enable}
`;
const catalog = buildCatalog([{ file: 't.yaml', bytes: new TextEncoder().encode(yaml) }]).catalog!;
const data = buildExplorerData(catalog, 't');
// as the app dispatches it (useSimulationRunner): with the request
const sim = (request: SimRequest) => reduce(data, initialState(data, 100, 30), { type: 'simulated', ...runSimulation(data, request), request }).sim!;
const scenario = (id: string) => sim({ kind: 'scenario', index: data.scenarios.findIndex((s) => s.rawId === id) });
const text = (ls: readonly (readonly { text: string }[])[]) => ls.map((l) => l.map((x) => x.text).join('').trimEnd());

describe('triggers in the explorer', () => {
  it('lists each fault of a scenario under the title, a load fault by what it did', () => {
    const lines = text(simLines(data, scenario('surge'), null, 80));
    expect(lines.slice(1, 3)).toEqual(['trigger: link gets 3× its normal demand (a load fault), 0m–10m', 'trigger: api fails, 1h–1h5m']);
  });

  it('a scenario without faults: its first operator action', () => {
    expect(triggerTexts(scenario('ops').result)).toEqual(['trigger: operators disable link at 5m']);
  });

  it('at most three lines, the last saying how many more', () => {
    expect(triggerTexts(scenario('many').result)).toEqual(['trigger: link fails, 0m–1m', 'trigger: link fails, 2m–3m', '… and 2 more triggers']);
  });

  it('a failure asked for in the explorer has no trigger line (its title says it)', () => {
    const lines = text(simLines(data, sim({ kind: 'fail', row: data.byId.get('link')!, forMinutes: 30 }), null, 80));
    expect(lines.some((l) => l.startsWith('trigger:'))).toBe(false);
  });
});
