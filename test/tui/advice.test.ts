/**
 * The advisor in the explorer, without a terminal: the candidates it shows for a service are
 * the advisor's own (checked against src/advise/lookup.ts's adviseForFailure and
 * candidatesFor, the API `blast review` uses), and the state moves through asking,
 * computing, choosing and drawing a candidate on the timeline.
 */
import { describe, expect, it } from 'vitest';
import { adviseForFailure, candidatesFor } from '../../src/advise/lookup.js';
import { adviceInput, adviseService } from '../../src/tui/state/advice.js';
import { keyToAction } from '../../src/tui/state/keys.js';
import { initialState, reduce, type Action, type ExplorerState } from '../../src/tui/state/reducer.js';
import { runSimulation } from '../../src/tui/state/simulate.js';
import { shopData } from './fixtures.js';

const data = shopData();
const rowOf = (id: string) => data.byId.get(id)!;
const run = (actions: readonly Action[], start: ExplorerState = initialState(data, 100, 30)): ExplorerState => actions.reduce((s, a) => reduce(data, s, a), start);

describe('adviseService', () => {
  it.each(['storage', 'catalog-db', 'users-db'])('%s failing for 30m: the advisor\'s candidates about it, in its order, with its numbers', async (id) => {
    const ref = candidatesFor(await adviseForFailure(data.catalog, id, 30), id);
    const { input, label } = adviceInput(data, rowOf(id), null);
    expect(label).toBe(`${id} fails for 30m`);
    const got = await adviseService(data, rowOf(id), input, label);
    expect(ref.length).toBeGreaterThan(0);
    expect(got.ranked.map((c) => c.id)).toEqual(ref.map((e) => e.candidate.id));
    got.ranked.forEach((c, k) => {
      expect(c.measure).toEqual(ref[k]!.measure);
      expect(c.benefit).toEqual(ref[k]!.benefit);
      expect(c.effort).toBe(ref[k]!.effort);
    });
  });
  it('storage: a replica first; its timeline has only storage down, back at 30m', async () => {
    // By hand: with a replica, every dependent needs 1 of [storage, storage-replica]; the
    // replica does not share storage's fault, so nothing but storage is impaired, for its 30
    // minutes: tier 0 weight 8 × 0.5 h = 4 service-hours, full recovery at 30m. The failed
    // service is always among the affected, so 1 affected is storage alone.
    const got = await adviseService(data, rowOf('storage'), adviceInput(data, rowOf('storage'), null).input, 'x');
    const best = got.ranked[0]!;
    expect(best.id).toBe('replica:storage');
    expect(best.measure.serviceHours).toBe(4);
    expect(best.measure.fullP50).toBe(30);
    expect(best.curve.fullRecoveryMinutes).toBe(30);
    expect(best.curve.affected).toBe(1);
    expect(best.curve.summary).toBe('1 affected; all back at 30m');
    // at most one service impaired at any time, over the 30 minutes
    expect(Math.max(...best.curve.recoveryCurve.map((p) => p.down + p.degraded))).toBe(1);
    expect(best.curve.span).toBe(30);
    expect(got.baselineCurve.fullRecoveryMinutes).toBe(got.baseline.fullP50);
  });
  it('reports progress and yields between simulations', async () => {
    const seen: Array<[number, number]> = [];
    let pauses = 0;
    const got = await adviseService(data, rowOf('users-db'), adviceInput(data, rowOf('users-db'), null).input, 'x', {
      onProgress: (d, t) => seen.push([d, t]),
      pause: async () => void pauses++,
    });
    const total = seen[0]![1];
    expect(seen.map(([d]) => d)).toEqual(Array.from({ length: total + 1 }, (_, k) => k));
    expect(pauses).toBe(total);
    expect(got.ranked.length + got.worthless).toBe(total - 1); // every candidate about users-db simulated: none skipped
    expect(got.skipped).toBe(0);
  });
});

describe('the advisor in the state', () => {
  const opened = run([{ type: 'openAdvice' }]);
  it('m asks for the candidates of the selected service over its 30-minute failure', () => {
    expect(keyToAction(initialState(data, 100, 30), 'm', {})).toEqual({ type: 'openAdvice' });
    expect(opened.overlay).toEqual({ kind: 'advice' });
    expect(opened.advice).toMatchObject({ row: rowOf('storage'), request: { kind: 'fail', row: rowOf('storage'), forMinutes: 30 }, status: 'computing' });
  });
  it('over the scenario on the timeline when one is shown', () => {
    const sim = runSimulation(data, { kind: 'scenario', index: 0 });
    const s = run([{ type: 'simulated', ...sim, request: { kind: 'scenario', index: 0 } }, { type: 'openAdvice' }]);
    expect(s.advice!.request).toEqual({ kind: 'scenario', index: 0 });
    expect(adviceInput(data, s.advice!.row, s.advice!.request).label).toBe(data.scenarios[0]!.name);
  });
  it('keys: arrows choose, Enter draws, Esc or m closes', () => {
    expect(keyToAction(opened, '', { downArrow: true })).toEqual({ type: 'adviceMove', delta: 1 });
    expect(keyToAction(opened, '', { return: true })).toEqual({ type: 'adviceChoose' });
    expect(keyToAction(opened, '', { escape: true })).toEqual({ type: 'closeOverlay' });
    expect(keyToAction(opened, 'm', {})).toEqual({ type: 'closeOverlay' });
    expect(keyToAction(opened, 'f', {})).toBeNull();
  });
  it('progress, result, moving within the candidates; asking again reuses them', async () => {
    const row = rowOf('storage');
    const result = await adviseService(data, row, adviceInput(data, row, null).input, 'storage fails for 30m');
    let s = run([{ type: 'adviceProgress', done: 2, total: 7 }], opened);
    expect(s.advice).toMatchObject({ done: 2, total: 7, status: 'computing' });
    s = run([{ type: 'advised', row: rowOf('cache'), result }], s);
    expect(s.advice!.status).toBe('computing'); // another service's answer is ignored
    s = run([{ type: 'advised', row, result }, { type: 'adviceMove', delta: 1 }, { type: 'adviceMove', delta: 99 }], s);
    expect(s.advice).toMatchObject({ status: 'done', cursor: result.ranked.length - 1 });
    const again = run([{ type: 'closeOverlay' }, { type: 'openAdvice' }], s);
    expect(again.advice).toBe(s.advice);
    const other = run([{ type: 'closeOverlay' }, { type: 'move', delta: 1 }, { type: 'openAdvice' }], s);
    expect(other.advice).toMatchObject({ status: 'computing', row: rowOf('catalog-db') });
  });
  it('Enter opens the advisor\'s simulation with the candidate drawn against it, or adds it to the timeline shown', async () => {
    const row = rowOf('storage');
    const result = await adviseService(data, row, adviceInput(data, row, null).input, 'storage fails for 30m');
    const done = run([{ type: 'advised', row, result }], opened);
    const chosen = run([{ type: 'adviceChoose' }], done);
    expect(chosen.overlay.kind).toBe('none');
    // no timeline on screen: the advisor's input is simulated as any other, then drawn with the candidate
    const request = { kind: 'fail', row, forMinutes: 30 } as const;
    expect(chosen.pending).toEqual(request);
    expect(chosen.sim).toBeNull();
    const drawn = run([{ type: 'simulated', ...runSimulation(data, request), request }], chosen);
    expect(drawn.sim).toMatchObject({ label: 'storage fails for 30m', request });
    expect(drawn.sim!.compare).toEqual({ id: 'replica:storage', title: result.ranked[0]!.title, result: result.ranked[0]!.curve });
    expect(drawn.pendingCompare).toBeNull();
    // that run is the one the advisor compared against
    expect(drawn.sim!.result.recoveryCurve).toEqual(result.baselineCurve.recoveryCurve);
    // the same failure already on the timeline: it stays, and gains the curve
    const sim = runSimulation(data, { kind: 'fail', row, forMinutes: 30 });
    const shown = run([{ type: 'simulated', ...sim, request: { kind: 'fail', row, forMinutes: 30 } }]);
    const asked = run([{ type: 'openAdvice' }], shown);
    const withCurve = run([{ type: 'advised', row, result }, { type: 'adviceMove', delta: 1 }, { type: 'adviceChoose' }], asked);
    expect(withCurve.sim!.result).toBe(shown.sim!.result);
    expect(withCurve.sim!.compare!.id).toBe(result.ranked[1]!.id);
    expect(run([{ type: 'closeSimulation' }], withCurve).sim).toBeNull();
  });
});
