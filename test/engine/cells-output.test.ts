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
import { sample } from '../../src/advise/evaluate.js';

const catalog = loadCatalog('catalogs/example-regions').catalog!;
const prep = prepareSimulation(catalog);

describe('cells in the simulate summary', () => {
  it('names the cell that failed and the cells that failed over', () => {
    const r = simulate(prep, { scenario: catalog.scenarios.get('zone-lost')! });
    const text = renderSummary(catalog, r, undefined, makeStyle(false), 20);
    expect(text).toContain('Trigger: Block storage (use1-az2) (storage@use1-az2) fails, +0m to +2h');
    expect(text).toContain('Affected: 1 of 6 services');
    // storage warms up for 10 min after its 2 h fault; api's cell waits for it: 0 to 130
    // rows wrap at 100 columns, their continuation indented under the service column
    expect(text.replace(/\n +/g, ' ')).toContain('API (use1-az2), 20 % of traffic: Block storage (use1-az2) is down (failed over: its service was not impaired)');
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

describe('cells in the advisor', () => {
  it('counts service-hours of services, not of their cells', () => {
    // tier weights 8, 4, 2, 1 (blast rank); a degraded minute counts half a down minute.
    // identity-lost: identity (tier 0) and web (tier 0), api and mobile (tier 1) down 0–50:
    // (8 + 8 + 4 + 4) × 50 / 60 = 20 service-hours; the cells' own intervals add nothing
    const h = sample(catalog, [{ scenario: catalog.scenarios.get('identity-lost')! }], 0, 1).serviceHours[0]![0]!;
    expect(h).toBeCloseTo(20, 9);
    // zone-lost: only storage (tier 0) is impaired, degraded 0–130: 8 × 0.5 × 130 / 60 = 8.667
    const z = sample(catalog, [{ scenario: catalog.scenarios.get('zone-lost')! }], 0, 1).serviceHours[0]![0]!;
    expect(z).toBeCloseTo(8 * 0.5 * 130 / 60, 9);
  });
});
