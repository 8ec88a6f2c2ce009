/**
 * Every scenario of every bundled catalog (the AWS catalog, the examples, the incident library)
 * gives a result that is consistent as a whole (expectSane: intervals in order and summed,
 * affected and full recovery agreeing with the services, collapses ending after they begin with
 * their queue inside them, faults ending after they begin), and none of whose collapses was
 * judged before a dependency took its state at that minute (the known limitation of
 * docs/model.md, "Within an instant").
 */
import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { loadCatalog } from '../../src/catalog/load.js';
import { prepareSimulation, simulate } from '../../src/engine/index.js';
import { expectSane } from '../engine/helpers.js';

const dirs = ['catalogs/aws-us-east-1', 'catalogs/example-regions', 'catalogs/example-shop', ...readdirSync('catalogs/incidents').map((d) => `catalogs/incidents/${d}`)];

describe.each(dirs)('%s', (dir) => {
  const catalog = loadCatalog(dir).catalog!;
  const prep = prepareSimulation(catalog);
  it.each([...catalog.scenarios.keys()])('scenario %s: a consistent result, its faults in scenario order', (id) => {
    const sc = catalog.scenarios.get(id)!;
    const r = simulate(prep, { scenario: sc });
    expectSane(r);
    expect(r.faults.map((f) => f.service)).toEqual(sc.faults.map((f) => (f.cell === undefined ? f.service : `${f.service}@${f.cell}`)));
    // no collapse of a bundled scenario rests on a state that lasted no time (docs/model.md, "Within an instant")
    expect(r.services.filter((s) => s.collapse?.judgedBefore).map((s) => s.id)).toEqual([]);
  });
});

it('finds the bundled catalogs (the list above is not silently short)', () => {
  expect(dirs.length).toBeGreaterThanOrEqual(11);
});
