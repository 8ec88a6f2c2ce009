/**
 * Validation of cells, zones and regions (docs/catalog.md, "Cells, zones and regions"):
 * every mistake is an error at the line and column where it is written, with a hint.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { buildCatalog } from '../../src/catalog/build.js';
import { loadCatalog } from '../../src/catalog/load.js';

const check = (yaml: string) => buildCatalog([{ file: 'c.yaml', bytes: new TextEncoder().encode(yaml) }]);
const found = (yaml: string) => check(yaml).diagnostics.map((d) => `${d.code} ${d.pos?.line}:${d.pos?.col}`);

describe('cells in a catalog', () => {
  it('reads a mapping of shares and a list of equal shares', () => {
    const res = check(`
services:
  api:
    name: API
    cells: {use1-az1: 0.4, use1-az2: 0.3, use1-az3: 0.3}
    failover: true
    headroom: 0.25
    dependsOn: [{service: db, cell: local}, {service: auth, cell: global}]
  db:
    name: DB
    cells: [use1-az1, use1-az2, use1-az3]
  auth:
    name: Auth
scenarios:
  s:
    faults: [{service: db, cell: use1-az2}]
    actions: [{at: 5m, service: api, cell: use1-az2, do: disable}]
`);
    expect(res.diagnostics).toEqual([]);
    const api = res.catalog!.services.get('api')!;
    expect(api.cells).toMatchObject({ names: ['use1-az1', 'use1-az2', 'use1-az3'], shares: [0.4, 0.3, 0.3], failover: true, headroom: 0.25 });
    expect(api.cells!.pos).toMatchObject({ line: 5, col: 5 });
    expect(api.dependsOn.map((d) => d.cell)).toEqual(['local', undefined]);
    expect(res.catalog!.services.get('db')!.cells).toMatchObject({ shares: [1 / 3, 1 / 3, 1 / 3], failover: false, headroom: 0 });
    const sc = res.catalog!.scenarios.get('s')!;
    expect(sc.faults[0]!.cell).toBe('use1-az2');
    expect(sc.actions[0]!.cell).toBe('use1-az2');
  });

  it('refuses shares that do not sum to 1, and a share of 0, at the cells key', () => {
    expect(found('services:\n  api:\n    name: API\n    cells: {a: 0.5, b: 0.4}\n')).toEqual(['cells-shares 4:5']);
    const d = check('services:\n  api:\n    name: API\n    cells: {a: 0.5, b: 0.4}\n').diagnostics[0]!;
    expect(d.message).toBe('api: the traffic shares of its cells sum to 0.9, not 1');
    expect(found('services:\n  api:\n    name: API\n    cells: {a: 1, b: 0}\n')).toEqual(['cells-shares 4:5']);
    // rounding as written is fine: 0.4 + 0.3 + 0.3 is 1.0000000000000002 in floating point
    expect(found('services:\n  api:\n    name: API\n    cells: {a: 0.4, b: 0.3, c: 0.3}\n')).toEqual([]);
    // a share above 1 is refused by the schema
    expect(found('services:\n  api:\n    name: API\n    cells: {a: 1.5}\n')).toEqual(['invalid-value 4:16']);
  });

  it('refuses a cell name that is not an id, and a cell listed twice', () => {
    expect(found('services:\n  api:\n    name: API\n    cells: {Zone A: 1}\n')).toEqual(['invalid-id 4:13']);
    expect(found('services:\n  api:\n    name: API\n    cells: [a, b, a]\n')).toEqual(['cell-shape 4:19']);
  });

  it('reads a failover delay, and refuses a bare number', () => {
    const res = check('services:\n  api:\n    name: API\n    cells: [a, b]\n    failover: 2m\n');
    expect(res.catalog!.services.get('api')!.cells).toMatchObject({ failover: true, failoverAfter: { kind: 'const', value: 2 } });
    expect(check('services:\n  api:\n    name: API\n    cells: [a, b]\n    failover: {prior: failover}\n').catalog!.services.get('api')!.cells!.failoverAfter).toMatchObject({ kind: 'prior', name: 'failover' });
    expect(check('services:\n  api:\n    name: API\n    cells: [a, b]\n    failover: false\n').catalog!.services.get('api')!.cells!.failover).toBe(false);
    expect(found('services:\n  api:\n    name: API\n    cells: [a, b]\n    failover: 5\n')).toEqual(['invalid-duration 5:15']);
  });

  it('refuses failover and headroom on a service without cells, and headroom with a backlog', () => {
    expect(found('services:\n  api:\n    name: API\n    failover: true\n    headroom: 0.2\n')).toEqual(['cell-shape 4:5', 'cell-shape 5:5']);
    expect(found('services:\n  api:\n    name: API\n    cells: [a, b]\n    headroom: 0.2\n    backlog: {arrival: 1/min, capacity: 2/min}\n')).toEqual(['cell-shape 4:5']);
  });

  it('joins cell-local dependencies by name and says which cell has no match', () => {
    const yaml = `
services:
  app:
    name: App
    cells: [a, b, c]
    dependsOn:
      - {service: db, cell: local}
      - {service: plain, cell: local}
  db:
    name: DB
    cells: [a, b]
  plain:
    name: Plain
  lone:
    name: Lone
    dependsOn: [{service: db, cell: local}]
`;
    const res = check(yaml);
    expect(res.diagnostics.map((d) => `${d.code} ${d.pos?.line}:${d.pos?.col}`)).toEqual(['cell-unknown 7:19', 'cell-unknown 8:19', 'cell-shape 16:17']);
    expect(res.diagnostics[0]!.message).toBe('app: cell-local dependency on db, which has no cell "c"');
    expect(res.diagnostics[0]!.hint).toBe('cells of db: a, b; every cell of app needs one of the same name');
    expect(res.diagnostics[1]!.message).toBe('app: "cell: local" on plain, which has no cells');
  });

  it('refuses a fault or an action on a cell the service does not have', () => {
    const yaml = `
services:
  api:
    name: API
    cells: [use1-az1, use1-az2]
  web:
    name: Web
scenarios:
  s:
    faults:
      - {service: api, cell: use1-az3}
      - {service: web, cell: use1-az1}
    actions:
      - {at: 1m, service: api, cell: use1-az, do: disable}
`;
    const res = check(yaml);
    expect(res.diagnostics.map((d) => `${d.code} ${d.pos?.line}:${d.pos?.col}`)).toEqual(['cell-unknown 11:9', 'cell-unknown 12:9', 'cell-unknown 14:9']);
    expect(res.diagnostics[0]!.message).toBe('scenario s: fault on cell "use1-az3", which api does not have');
    expect(res.diagnostics[2]!.hint).toBe('did you mean "use1-az1"? (cells of api: use1-az1, use1-az2)');
    expect(res.diagnostics[1]!.message).toBe('scenario s: fault on cell "use1-az1" of web, which has no cells');
  });

  it('the example in docs/catalog.md validates', () => {
    const doc = readFileSync(new URL('../../docs/catalog.md', import.meta.url), 'utf8');
    const section = doc.slice(doc.indexOf('## Cells, zones and regions'));
    const yaml = /```yaml\n([\s\S]*?)```/.exec(section)![1]!;
    expect(check(yaml).diagnostics).toEqual([]);
  });

  it('the example catalog validates', () => {
    const res = loadCatalog(new URL('../../catalogs/example-regions', import.meta.url).pathname);
    expect(res.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
});
