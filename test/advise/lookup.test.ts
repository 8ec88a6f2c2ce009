/** Looking advice up by service, for review findings and the explorer. */
import { describe, expect, it } from 'vitest';
import { adviseForFailure, candidatesFor } from '../../src/advise/lookup.js';
import { catalogOf } from '../engine/helpers.js';

// db (tier 0) behind api (1) and worker (2); web (1) behind api
const C = `
services:
  db: {name: DB, tier: 0}
  api: {name: API, tier: 1, dependsOn: [db]}
  web: {name: Web, tier: 1, dependsOn: [api]}
  worker: {name: Worker, tier: 2, dependsOn: [db]}
`;

describe('advice by service', () => {
  it('db failing for an hour: its replica first (api, web, worker spared: 10 h), then the edges to it', async () => {
    const a = await adviseForFailure(catalogOf(C), 'db', 60);
    const forDb = candidatesFor(a, 'db');
    expect(forDb[0]!.candidate.id).toBe('replica:db');
    expect(forDb[0]!.benefit.serviceHours).toBeCloseTo(10, 9);
    expect(forDb.map((e) => e.candidate.id).sort()).toEqual(['degrade:api->db', 'degrade:worker->db', 'replica:db']);
    // web's only candidate: a soft edge to api (web degraded instead of down: 4 × ½ h)
    expect(candidatesFor(a, 'web').map((e) => [e.candidate.id, e.benefit.serviceHours])).toEqual([['degrade:web->api', 2]]);
  });
});
