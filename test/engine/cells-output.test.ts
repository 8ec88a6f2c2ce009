/**
 * Services with cells in what users read: `blast simulate`'s summary names a fault on one
 * cell as a trigger and lists impaired cells, marking those failover kept their service
 * whole; `--fail <service>@<cell>` fails one cell, and a cell the service lacks is a user error.
 */
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.js';
import { prepareSimulation, simulate } from '../../src/engine/index.js';
import { renderSummary } from '../../src/cli/commands/simulate.js';
import { resolveScenario } from '../../src/cli/simulation-input.js';
import { makeStyle } from '../../src/cli/style.js';

const catalog = loadCatalog('catalogs/example-regions').catalog!;
const prep = prepareSimulation(catalog);

describe('cells in the simulate summary', () => {
  it('names the cell that failed and the cells that failed over', () => {
    const r = simulate(prep, { scenario: catalog.scenarios.get('zone-lost')! });
    const text = renderSummary(catalog, r, undefined, makeStyle(false), 20);
    expect(text).toContain('Trigger: Block storage (use1-az2) (storage@use1-az2) fails, +0m to +2h');
    expect(text).toContain('Affected: 1 of 6 services');
    // storage warms up for 10 min after its 2 h fault; api's cell waits for it: 0 to 130
    expect(text).toContain('API (use1-az2), 20 % of traffic: Block storage (use1-az2) is down (failed over: its service was not impaired)');
    expect(text).toContain('Block storage (use1-az2), 20 % of traffic: restarting / warming up\n');
  });

  it('fails one cell with --fail <service>@<cell>, and refuses a cell the service lacks', () => {
    const input = resolveScenario(catalog, { fail: ['storage@use1-az2'], for: 120 });
    const r = simulate(prep, input);
    // as in zone-lost: 20 % of storage for 2 h plus its 10-min warm-up
    expect(r.services.find((s) => s.id === 'storage')!.unservedMinutes).toBeCloseTo(130 * 0.2, 6);
    expect(r.services.find((s) => s.id === 'api')!.impactStartMinutes).toBeNull();
    expect(() => resolveScenario(catalog, { fail: ['storage@use1-az4'], for: 10 })).toThrow('storage has no cell "use1-az4"');
  });
});
