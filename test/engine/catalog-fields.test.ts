/**
 * The engine-v2 catalog fields are checked with positions: misuse is an error at the
 * dependency or service it is about (file:line:col), never a crash or a silent no-op.
 */
import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/catalog/build.js';

const diags = (yaml: string) =>
  buildCatalog([{ file: 'c.yaml', bytes: new TextEncoder().encode(yaml) }]).diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.pos?.line}:${d.pos?.col}`);

describe('engine-v2 fields in the catalog', () => {
  it('needs / scales on a group or an async edge', () => {
    expect(diags(`services:
  a: {name: A}
  b: {name: B}
  c:
    name: C
    dependsOn:
      - {atLeast: 1, of: [a, b], needs: 0.5}
      - {service: a, type: async, scales: true}
`)).toEqual(['fraction-on-group 7:9', 'fraction-on-async 8:9']);
  });

  it('backpressure needs an async edge to a bounded queue', () => {
    expect(diags(`services:
  q: {name: Q, backlog: {arrival: 1/min, capacity: 2/min}}
  p:
    name: P
    dependsOn:
      - {service: q, type: async, backpressure: true}
      - {service: q, backpressure: true}
`)).toEqual(['backpressure-shape 6:9', 'backpressure-shape 7:9']);
  });

  it('a load fault cuts capacity to a fraction; a restart warms at least as fast under load as behind a throttle', () => {
    expect(diags(`services:
  a: {name: A, restart: {units: 10, rate: 1/min, coldStart: 0.5}}
scenarios:
  s:
    faults: [{service: a, capacity: 1.5, for: 10m}]
`)).toEqual(['invalid-value 2:3', 'invalid-value 5:14']);
  });

  it('a restart at no pace never ends: a rate of 0, or a range reaching 0, is an error at the service', () => {
    expect(diags(`services:
  a: {name: A, restart: {units: 10, rate: 0/min}}
  b: {name: B, restart: {units: 10, rate: {min: 0/min, max: 2/min}}}
  c: {name: C, restart: {units: 10, rate: {min: 1/min, max: 2/min}}}
`)).toEqual(['invalid-value 2:3', 'invalid-value 3:3']);
  });

  it('a restart rate written with a bad value is reported once, as the bad value, not also as missing', () => {
    expect(diags(`services:
  a: {name: A, restart: {units: 10, rate: -3/min}}
  b: {name: B, restart: {units: 10}}
  c: {name: C, restart: {units: 10, rate: x, over: 1h}}
`)).toEqual(['invalid-rate 2:43', 'invalid-value 3:16', 'invalid-value 4:16', 'invalid-rate 4:43']);
  });

  it('a backlog that can never drain (capacity never above arrival) is a warning at its service; a range that only sometimes falls short is not', () => {
    const warnings = (yaml: string) =>
      buildCatalog([{ file: 'c.yaml', bytes: new TextEncoder().encode(yaml) }]).diagnostics.map((d) => `${d.severity} ${d.code} ${d.pos?.line}:${d.pos?.col}`);
    expect(warnings(`services:
  a: {name: A, backlog: {arrival: 10/min, capacity: 5/min}}
  b: {name: B, backlog: {arrival: 1/s, capacity: 60/min}}
  c: {name: C, backlog: {arrival: {min: 8/min, max: 12/min}, capacity: {min: 4/min, max: 8/min}}}
  d: {name: D, backlog: {arrival: 10/min, capacity: {min: 5/min, max: 15/min}}}
  e: {name: E, backlog: {arrival: 10/min, capacity: 10.5/min}}
`)).toEqual(['warning backlog-overloaded 2:3', 'warning backlog-overloaded 3:3', 'warning backlog-overloaded 4:3']);
  });

  it('out-of-range fractions and wrong types are schema errors', () => {
    expect(diags(`services:
  a: {name: A}
  b: {name: B, dependsOn: [{service: a, needs: 2}, {service: a, type: soft, scales: maybe}], crashLoop: {base: 10, cap: 5m}}
`).map((d) => d.split(' ')[0])).toEqual(expect.arrayContaining(['invalid-duration']));
  });
});
