/** The "Model vs observed" section of `blast report`, and the link targets it makes of sources. */
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.js';
import { impactReport } from '../../src/report/index.js';
import { linkTarget } from '../../src/report/markdown/observed.js';

const { catalog } = loadCatalog('test/fixtures/replay/small.yaml');

describe('Model vs observed in the markdown report', () => {
  it('appears for a scenario with observations, one row per milestone', () => {
    const md = impactReport(catalog!, { scenario: catalog!.scenarios.get('db-outage')! });
    const section = md.split('## Model vs observed\n')[1]!.split('\n## ')[0]!;
    expect(section).toContain('**5 of 9 milestones within tolerance; 1 order pair reversed**');
    // errors and tolerances as durations, like the times beside them: 1h15m - 2h = -45m; tolerance 30 min
    expect(section).toContain('| all recovered (time to full recovery) | +2h | +1h15m | -45m | 30m | yes (upper: met) | [source](https://example.com/pm#4) |');
    expect(section).toContain('| api down | +30m | never down |  | 20m | no | [source](https://example.com/pm#3) |');
    expect(section).toContain('- web recovered (observed +1h40m) comes after API back (observed +2h)');
    expect(section).toContain('not affected in the simulation: `cache`.');
  });

  it('with trials, also judges the median of each milestone over them; without, it does not', () => {
    // every parameter of this fixture is fixed: each P50 is the point value, so the same score
    const md = impactReport(catalog!, { scenario: catalog!.scenarios.get('db-outage')! }, { trials: 20, seed: 1 });
    expect(md).toContain("Over the 20 Monte Carlo trials, the median (P50) of each milestone's simulated time against the same observations: **5 of 9 milestones within tolerance; 1 order pair reversed**.");
    expect(impactReport(catalog!, { scenario: catalog!.scenarios.get('db-outage')! })).not.toContain('Monte Carlo trials, the median (P50)');
  });

  it('is absent without observations', () => {
    expect(impactReport(catalog!, { scenario: catalog!.scenarios.get('no-observations')! })).not.toContain('Model vs observed');
  });

  it.each([
    ['https://example.com/pm#timeline (section 2)', 'https://example.com/pm#timeline'],
    ['see https://e.x/a(b)[c]<d>"e"', 'https://e.x/a%28b%29%5Bc%5D%3Cd%3E%22e%22'],
    ['no link here', null],
  ])('link target of %j', (source, target) => {
    expect(linkTarget(source)).toBe(target);
  });
});
