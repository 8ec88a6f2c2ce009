/**
 * A served fraction c/d that starts at full service and does not fall stays full for as long as
 * its lines hold: (c/d)' = (cK·dA − cA·dK) / d² keeps one sign along a line, so the engine takes
 * no chords and schedules no crossings for it (ramp.ts servedChord). Without a queue the service
 * serves min(1, c/d) = 1 throughout.
 */
import { describe, expect, it } from 'vitest';
import { buildModel, prepareSimulation, run } from '../../src/engine/index.js';
import { catalogOf, runScenario, svc } from './helpers.js';

const yaml = (demand: string) => `
services:
  api: {name: API}
  web: {name: Web, dependsOn: [{service: api, needs: 0.9}]}
scenarios:
  s:
    faults: [{service: api, at: 0m, for: 2h, demand: ${demand}}]
`;

describe('served fraction at full service under a demand ramp', () => {
  it('falling demand below capacity: no impairment and no looks between the ends of the ramp', () => {
    // d from 0.8 to 0.2 over 60 min, c = 1: c/d from 1.25 to 5, rising (cK·dA − cA·dK = 0 − 1·(−0.01) > 0)
    const r = runScenario(yaml('{from: 0.8, to: 0.2, over: 60m}'));
    expect(svc(r, 'api').intervals).toEqual([]);
    expect(svc(r, 'web').intervals).toEqual([]);
    const cat = catalogOf(yaml('{from: 0.8, to: 0.2, over: 60m}'));
    const model = buildModel(prepareSimulation(cat), { scenario: cat.scenarios.get('s')! });
    // the fault's start and end and the ramp's end: nothing else to look at (chords every few
    // minutes over the hour before)
    expect(run(model, model.params.medians()).events).toBeLessThanOrEqual(4);
  });

  it('rising demand that crosses full service: the crossing is still exact', () => {
    // d from 0.5 to 2 over 60 min (dK = 0.025), c = 1: c/d falls and meets 1 where 0.5 + 0.025·x = 1, x = 20
    const r = runScenario(yaml('{from: 0.5, to: 2, over: 60m}'));
    const iv = svc(r, 'api').intervals;
    expect(iv[0]!.start).toBeCloseTo(20, 6);
    expect(iv[0]!.state).toBe('degraded');
  });
});
