/**
 * The YAML patcher on every way the catalog syntax lets a dependency, a backlog or a
 * recovery time be written (plain ids, block and flow mappings, an existing type, merge keys,
 * lists emptied by a replica): the patched text must load, keep every line it does not
 * change, and build the same catalog as the edits applied to the catalog object.
 */
import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/catalog/build.js';
import type { Catalog } from '../../src/catalog/model.js';
import type { Edit } from '../../src/advise/model.js';
import { applyEdits } from '../../src/advise/patch-catalog.js';
import { patchYaml, PatchError } from '../../src/advise/patch-yaml.js';
import { prepareSimulation, simulate } from '../../src/engine/index.js';

const SOURCE = `# a catalog written in every style
x-defaults: &defaults
  owner: team-a   # shared

services:
  disk: {name: Disk, tier: 1}
  net:
    name: Net
    tier: 1
  db:
    <<: *defaults
    name: "DB: primary"
    tier: 0
    dependsOn:
      - disk      # block item, plain id
      - service: net
        why: replication
    recovery:
      time: {p50: 4m, p90: 10m}
  api:
    name: API
    tier: 1
    dependsOn: [db, {service: net, type: hard}]
  web:
    name: Web
    tier: 1
    dependsOn:
      - {service: api, why: pages}
  jobs:
    name: Jobs
    tier: 2
    dependsOn: [db]
    backlog:
      arrival: 100/min
      capacity: 200/min
      timeout: 5m   # clients give up
      retry: 3
  flowq:
    name: Flow queue
    tier: 3
    dependsOn: [net]
    backlog: {arrival: 10/min, capacity: 20/min, timeout: 2m}
  fleet:
    name: Fleet
    tier: 2
    dependsOn: [jobs]
    restart: {units: 100, rate: {p50: 10/min, p90: 20/min}}
    clients:
      count: 50     # one per host
      retry: 4
  pool:
    name: Pool
    tier: 3
    dependsOn: [flowq]
    restart:
      units: 20
      over: 30m   # rolling
    clients: {count: 10, spread: 2m}
scenarios:
  s:
    faults:
      - {service: disk, at: 0m, for: 30m}
      - {service: net, at: 5m, for: 10m}
`;

const build = (text: string): Catalog => {
  const r = buildCatalog([{ file: 'c.yaml', bytes: Buffer.from(text, 'utf8') }]);
  if (!r.catalog) throw new Error(r.diagnostics.map((d) => `${d.pos?.line}:${d.pos?.col} ${d.message}`).join('\n'));
  return r.catalog;
};

/** What a catalog means to the engine and the analyses: services and scenarios without source positions. */
const meaning = (c: Catalog): unknown =>
  JSON.parse(JSON.stringify({ services: [...c.services.values()], scenarios: [...c.scenarios.values()] }, (k, v: unknown) => (k === 'pos' || k === 'memberPos' ? undefined : v)));

const CASES: ReadonlyArray<[string, Edit]> = [
  ['soften a plain block item', { op: 'soften', service: 'db', on: 'disk', to: 'soft' }],
  ['soften a block mapping item', { op: 'soften', service: 'db', on: 'net', to: 'soft' }],
  ['soften a flow item with a type', { op: 'soften', service: 'api', on: 'net', to: 'async' }],
  ['soften a plain flow item', { op: 'soften', service: 'api', on: 'db', to: 'soft' }],
  ['soften a flow mapping in a block list', { op: 'soften', service: 'web', on: 'api', to: 'soft' }],
  ['replica of a service with a merge key, dropping one dependency', { op: 'add-replica', of: 'db', replica: 'db-replica', drop: ['disk'] }],
  ['replica dropping every dependency', { op: 'add-replica', of: 'db', replica: 'db-replica', drop: ['disk', 'net'] }],
  ['replica of a flow-written service', { op: 'add-replica', of: 'disk', replica: 'disk-replica', drop: [] }],
  ['replica of a service depended on by flow and block items', { op: 'add-replica', of: 'net', replica: 'net-replica', drop: [] }],
  ['replica of a service with a backlog (left out)', { op: 'add-replica', of: 'api', replica: 'api-replica', drop: ['db'] }],
  ['remove a block timeout', { op: 'remove-timeout', service: 'jobs' }],
  ['remove a flow timeout', { op: 'remove-timeout', service: 'flowq' }],
  ['add a cap to a block backlog', { op: 'set-backlog', service: 'jobs', field: 'cap', value: 800 }],
  ['add a mitigation to a flow backlog', { op: 'set-backlog', service: 'flowq', field: 'mitigation', value: 7.5 }],
  ['scale a lognormal recovery', { op: 'scale-recovery', service: 'db', factor: 0.25 }],
  ['add a spread to block clients', { op: 'set-spread', service: 'fleet', of: ['jobs'], value: 3 }],
  ['replace the spread of flow clients', { op: 'set-spread', service: 'pool', of: ['flowq'], value: 4.5 }],
  ['double a lognormal restart rate', { op: 'speed-restart', service: 'fleet', factor: 2 }],
  ['halve a block restart over', { op: 'speed-restart', service: 'pool', factor: 2 }],
];

describe('the YAML patch builds the same catalog as the object patch', () => {
  const base = build(SOURCE);
  it.each(CASES)('%s', (_name, edit) => {
    const expected = applyEdits(base, [edit]);
    if ('reason' in expected) throw new Error(expected.reason);
    const changed = patchYaml(base, new Map([['c.yaml', SOURCE]]), [edit], { note: 'the change' });
    const text = changed.get('c.yaml')!;
    expect(text).toContain('# blast advise: the change');
    const patched = build(text);
    expect(meaning(patched)).toEqual(meaning(expected.catalog));
    // same simulation, to the byte
    const sim = (c: Catalog): string => JSON.stringify(simulate(prepareSimulation(c), { scenario: c.scenarios.get('s')! }));
    expect(sim(patched)).toBe(sim(expected.catalog));
    // comments of the original survive
    for (const c of ['# a catalog written in every style', '# shared', '# clients give up', '# one per host', '# rolling'].filter((x) => !(edit.op === 'remove-timeout' && x === '# clients give up'))) expect(text).toContain(c);
  });

  it('refuses a dependsOn list inherited through a merge key, with the reason', () => {
    const text = `x: &deps\n  dependsOn: [disk]\nservices:\n  disk: {name: Disk, tier: 1}\n  app:\n    <<: *deps\n    name: App\n    tier: 1\n`;
    const c = build(text);
    expect(() => patchYaml(c, new Map([['c.yaml', text]]), [{ op: 'soften', service: 'app', on: 'disk', to: 'soft' }], { note: 'n' })).toThrow(PatchError);
    expect(() => patchYaml(c, new Map([['c.yaml', text]]), [{ op: 'soften', service: 'app', on: 'disk', to: 'soft' }], { note: 'n' })).toThrow(/merge key/);
  });
});
