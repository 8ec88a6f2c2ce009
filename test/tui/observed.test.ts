/**
 * Observed milestones in the explorer, on test/fixtures/replay/small.yaml (its replay is
 * worked out by hand in test/replay/replay.test.ts): db down 5 → 65, web down 5 → 65 and
 * back at 75 after warming up, api degraded 5 → 65. The timeline spans 75 minutes.
 */
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.js';
import { buildExplorerData } from '../../src/tui/state/data.js';
import { initialState, reduce } from '../../src/tui/state/reducer.js';
import { runSimulation } from '../../src/tui/state/simulate.js';
import { simLines } from '../../src/tui/state/view.js';
import { replayScenario } from '../../src/replay/run.js';
import { observationsOf, observationText, observedColumns, observedLegend, observedMarkRow } from '../../src/tui/state/observed.js';

const data = buildExplorerData(loadCatalog('test/fixtures/replay/small.yaml').catalog!, 'small');
const index = (id: string) => data.scenarios.findIndex((s) => s.rawId === id);
const run = (id: string) => {
  const out = runSimulation(data, { kind: 'scenario', index: index(id) });
  return reduce(data, initialState(data, 100, 30), { type: 'simulated', ...out }).sim!;
};
const text = (ls: readonly (readonly { text: string }[])[]) => ls.map((l) => l.map((x) => x.text).join(''));

describe('observed marks on the timeline', () => {
  const sim = run('db-outage');
  const rows = sim.replay!.rows;

  it('places each observed time on the sparkline scale of the ^ cursor', () => {
    expect(sim.span).toBe(75);
    // 16 cells: column round(t / 75 × 15). Observed at 0, 10, 30, 60, 70 → 0, 2, 6, 12, 14;
    // 90, 100 and 120 lie after the end (75) and are marked at the last column, 15.
    expect(observedColumns(rows, sim.span, 16)).toEqual([0, 2, 6, 12, 14, 15]);
    expect(observedMarkRow(rows, sim.span, 16)).toBe('◆ ◆   ◆     ◆ ◆◆');
  });

  it('says what the marks are and how many milestones the simulation meets (the replay score)', () => {
    expect(observedLegend(sim.replay!)).toBe('◆ observed: 9 milestones, 5 of 9 within tolerance');
  });

  it('draws the marks and the legend under the cursor in the timeline pane', () => {
    // 30 cells: column round(t / 75 × 29): 0, 10, 30, 60, 70 → 0, 4, 12, 23, 27; the rest 29
    const lines = text(simLines(data, sim, null, 30));
    const cursor = lines.indexOf('^');
    expect(lines.slice(cursor + 1, cursor + 4)).toEqual(['◆   ◆       ◆          ◆   ◆ ◆', '◆ observed: 9 milestones, 5 of', '9 within tolerance']);
  });

  it("shows the selected service's observations against the simulation", () => {
    expect(observationsOf(sim.replay, 'web').map(observationText)).toEqual([
      'observed: impact at +10m (simulated +5m, -5 min)',
      'observed: recovered at +1h40m (simulated +1h15m, -25 min)',
    ]);
    expect(observationsOf(sim.replay, 'api').map(observationText)).toEqual([
      'observed: down at +30m (simulated: never down)',
      'observed: 50 % capacity at +1h (simulated +5m, -55 min)',
      'observed: recovered at +2h (simulated +1h5m, -55 min)',
    ]);
    expect(observationsOf(sim.replay, 'cache')).toEqual([]);
    const lines = text(simLines(data, sim, data.byId.get('db')!, 80));
    expect(lines).toContain('observed: recovered at +1h30m (simulated +1h5m, -25 min)');
    expect(lines).toContain('observed: 100 % capacity at +1h10m (simulated +1h5m, -5 min)');
  });

  it('says an upper bound with "by" and a zero error as +0', () => {
    const all = rows.find((r) => r.service === 'all' && r.event === 'recovered')!;
    expect(observationText(all)).toBe('observed: recovered by +2h (simulated +1h15m, -45 min)');
    expect(observationText({ ...all, bound: null, simulated: 120, error: 0 })).toBe('observed: recovered at +2h (simulated +2h, +0 min)');
  });

  it('marks nothing for a scenario without observations, nor for a failure', () => {
    const none = run('no-observations');
    expect(none.replay).toBeNull();
    expect(text(simLines(data, none, null, 40)).join('\n')).not.toContain('◆');
    const fail = runSimulation(data, { kind: 'fail', row: data.byId.get('db')!, forMinutes: 30 });
    expect(fail.replay).toBeNull();
  });
});

describe('the replay behind the marks', () => {
  it('is of the same run the explorer shows (every parameter at its median)', () => {
    for (const catalog of ['test/fixtures/replay/small.yaml', 'catalogs/aws-us-east-1']) {
      const d = buildExplorerData(loadCatalog(catalog).catalog!, catalog);
      d.scenarios.forEach((sc, index) => {
        const shown = runSimulation(d, { kind: 'scenario', index }).result;
        const replayed = replayScenario(d.catalog, d.catalog.scenarios.get(sc.rawId)!).simulation;
        expect(replayed.services.map((x) => [x.impactStartMinutes, x.recoveredMinutes]), `${catalog} ${sc.rawId}`).toEqual(shown.services.map((x) => [x.impactStartMinutes, x.recoveredMinutes]));
      });
    }
  });
});
