/** Search results: the exact id first, then prefix matches, then the rest by blast radius. */
import { describe, expect, it } from 'vitest';
import { filterRows } from '../../src/tui/state/filter.js';
import { initialState, reduce } from '../../src/tui/state/reducer.js';
import { ids, yamlData } from './fixtures.js';

// Blast radius by construction: rapid-db is needed by 3 services, api-gateway by 2, api by none.
const data = yamlData(`
services:
  api: {name: API, tier: 1}
  api-gateway: {name: Gateway, tier: 1}
  rapid-db: {name: Rapid store, tier: 0}
  web: {name: Web, tier: 1, dependsOn: [api-gateway, rapid-db]}
  mobile: {name: Mobile, tier: 1, dependsOn: [api-gateway, rapid-db]}
  jobs: {name: Jobs, tier: 2, dependsOn: [rapid-db]}
`);
const search = (query: string) => ids(data, filterRows(data, data.ranked, { query, tier: null, system: null }));

describe('search order', () => {
  it('ranks by blast radius without a query', () => {
    expect(ids(data, data.ranked).slice(0, 2)).toEqual(['rapid-db', 'api-gateway']);
  });

  it('puts the exact id first, then prefix matches, then the rest by blast radius', () => {
    // "api" is in api, api-gateway and rapid-db; api has the smallest radius but is exact
    expect(search('api')).toEqual(['api', 'api-gateway', 'rapid-db']);
    expect(search('api-g')).toEqual(['api-gateway']);
    // no exact match: prefixes (by radius), then the rest
    expect(search('ap')).toEqual(['api-gateway', 'api', 'rapid-db']);
  });

  it('matches a name exactly too, case-insensitively', () => {
    expect(search('gateway')).toEqual(['api-gateway']);
    expect(search('RAPID')).toEqual(['rapid-db']);
    expect(search('web')).toEqual(['web']);
  });

  it('selects the best match as the query is typed', () => {
    let s = initialState(data, 120, 40);
    s = reduce(data, s, { type: 'searchStart' });
    for (const ch of 'api') s = reduce(data, s, { type: 'searchInput', text: ch });
    expect(data.rows[s.list[s.cursor]!]!.rawId).toBe('api');
  });
});
