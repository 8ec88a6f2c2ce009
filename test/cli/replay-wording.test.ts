/**
 * The replay's headline (blast replay, blast fit, the report's observed section) in words a
 * reader takes in at once: counts agree with their nouns ("1 order pair", "2 order pairs", no
 * "pair(s)"), and the error of the time to full recovery says which way it is off ("41m
 * early") instead of reading like the time itself ("time to full recovery -41 min").
 */
import { describe, expect, it } from 'vitest';
import { scoreLine } from '../../src/replay/render.js';
import type { ReplayScore } from '../../src/replay/compare.js';
import { runCli } from '../../src/cli/program.js';
import { memoryIo } from './helpers.js';

const score = (over: Partial<ReplayScore>): ReplayScore => ({
  within: 3, scored: 4, total: 4, notSimulated: 0, boundsBroken: 0, fullRecovery: null, reversedPairs: 0, tiedPairs: 0, ...over,
});

describe('scoreLine', () => {
  it.each([
    [{ reversedPairs: 0 }, '3 of 4 milestones within tolerance; no order pair reversed'],
    [{ reversedPairs: 1 }, '3 of 4 milestones within tolerance; 1 order pair reversed'],
    [{ reversedPairs: 2, boundsBroken: 1 }, '3 of 4 milestones within tolerance; 1 bound broken; 2 order pairs reversed'],
    [{ boundsBroken: 3, notSimulated: 1 }, '3 of 4 milestones within tolerance; 1 not simulated by this engine; 3 bounds broken; no order pair reversed'],
    [{ within: 1, scored: 1 }, '1 of 1 milestone within tolerance; no order pair reversed'],
  ])('counts with their nouns: %j', (over, want) => {
    expect(scoreLine(score(over))).toBe(want);
  });

  it.each([
    // simulated 14h32m (872 min) against an observed 15h13m (913 min): 41 min early, 41/913 = 4.5 % → -4 % (rounded toward 0 as Math.round(-4.49))
    [{ observed: 913, simulated: 872, error: -41, errorPercent: -4.49 }, 'full recovery simulated 41m early (-4 %)'],
    // 2h15m late on an observed 4h (240 min): 135/240 = 56.25 % → +56 %
    [{ observed: 240, simulated: 375, error: 135, errorPercent: 56.25 }, 'full recovery simulated 2h15m late (+56 %)'],
    [{ observed: 240, simulated: 240, error: 0, errorPercent: 0 }, 'full recovery simulated on time (0 %)'],
    [{ observed: 240, simulated: null, error: null, errorPercent: null }, 'full recovery observed at 4h, never in the simulation'],
  ])('says which way the time to full recovery is off: %j', (fullRecovery, want) => {
    expect(scoreLine(score({ fullRecovery }))).toBe(`3 of 4 milestones within tolerance; no order pair reversed; ${want}`);
  });

  it('blast fit names its free parameters and folds without "(s)"', async () => {
    const io = memoryIo();
    expect(await runCli(['fit', 'test/fixtures/replay/fit.yaml', '-s', 's', '--threads', '1'], io)).toBe(0);
    expect(io.out()).not.toContain('(s)');
    expect(io.out()).toMatch(/: \d+ free parameters?, /);
  });
});
