/**
 * Positions of catalog elements, counted by hand from the source text: flow
 * collections, merge keys, aliases, and the same text with CRLF line endings and a
 * UTF-8 byte-order mark (which must not move anything).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/catalog/build.js';
import type { Catalog, SourcePos } from '../../src/catalog/model.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const lc = (p: SourcePos): string => `${p.line}:${p.col}`;

function build(text: string | Uint8Array, file = 'c.yaml'): Catalog {
  const res = buildCatalog([{ file, bytes: typeof text === 'string' ? enc(text) : text }]);
  expect(res.diagnostics).toEqual([]);
  return res.catalog!;
}

// Column ruler for line 7:  `    dependsOn: [b, {service: c, type: soft}, {atLeast: 1, of: [b, c]}]`
//   '[' 16, b 17, '{' 20, c 30, '{' 46, of: [ b 64, c 67
const FLOW = [
  'x-ids:',
  '  main: &main b',
  'services:',
  '  a:',
  '    name: A',
  '    tier: 1',
  '    dependsOn: [b, {service: c, type: soft}, {atLeast: 1, of: [b, c]}]',
  '  b: {name: B}',
  '  c: {name: C}',
  '  d:',
  '    name: D',
  '    dependsOn: [*main]',
];

/** Every position in a catalog, as `what line:col` strings. */
function positions(cat: Catalog): string[] {
  const out: string[] = [];
  for (const s of cat.services.values()) {
    out.push(`${s.id} ${lc(s.pos)}`);
    s.dependsOn.forEach((d, i) => out.push(`${s.id}.dependsOn[${i}] ${lc(d.pos)} members ${d.memberPos.map(lc).join(' ')}`));
  }
  return out;
}

const FLOW_POSITIONS = [
  'a 4:3',
  'a.dependsOn[0] 7:17 members 7:17',
  'a.dependsOn[1] 7:20 members 7:30',
  'a.dependsOn[2] 7:46 members 7:64 7:67',
  'b 8:3',
  'c 9:3',
  'd 10:3',
  'd.dependsOn[0] 12:17 members 12:17', // where the alias is written, not the anchor
];

describe('source positions', () => {
  it('points into flow sequences and flow mappings', () => {
    const cat = build(`${FLOW.join('\n')}\n`);
    expect(positions(cat)).toEqual(FLOW_POSITIONS);
    expect(cat.services.get('d')!.dependsOn[0]!.of).toEqual(['b']);
  });

  it('gives the same positions with CRLF line endings', () => {
    expect(positions(build(`${FLOW.join('\r\n')}\r\n`))).toEqual(FLOW_POSITIONS);
  });

  it('gives the same positions after a UTF-8 byte-order mark, with CRLF', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...enc(`${FLOW.join('\r\n')}\r\n`)]);
    expect(positions(build(bytes))).toEqual(FLOW_POSITIONS);
  });

  it('reports diagnostics in a CRLF file at the right column, with a clean excerpt', () => {
    const text = ['services:', '  a:', '    name: A', '    dependsOn: [b, zz]', '  b: {name: B}', ''].join('\r\n');
    const res = buildCatalog([{ file: 'crlf.yaml', bytes: enc(text) }]);
    expect(res.diagnostics.map((d) => `${d.code} ${lc(d.pos!)}`)).toEqual(['unknown-service 4:20']);
    expect(res.diagnostics[0]!.excerpt).toBe('4 |     dependsOn: [b, zz]\n  |                    ^');
  });

  it('takes merged keys from the anchor, lets explicit keys win, and places them where written', () => {
    // merge-keys.yaml is invalid only through worker's unknown "queu" on line 18;
    // drop it so the rest can be inspected (lines above 18 are unchanged).
    const text = readFileSync('test/fixtures/catalog/merge-keys.yaml', 'utf8').replace('[db, queu]', '[db]');
    const cat = build(text, 'merge-keys.yaml');
    const api = cat.services.get('api')!;
    const worker = cat.services.get('worker')!;
    expect(lc(api.pos)).toBe('10:3');
    expect(api.owner).toBe('team-a');
    expect(api.system).toBe('core');
    expect(api.recovery).toEqual({ time: { kind: 'lognormal', p50: 5, p90: 20 }, state: 'down' });
    expect(api.dependsOn.map((d) => d.of)).toEqual([['db']]);
    expect(lc(api.dependsOn[0]!.memberPos[0]!)).toBe('6:15'); // in x-defaults: `  dependsOn: [db]`
    expect(worker.owner).toBe('team-b');
    expect(worker.system).toBe('core');
    expect(worker.recovery).toBeUndefined();
    expect(lc(worker.dependsOn[0]!.memberPos[0]!)).toBe('18:17'); // its own list, not the merged one
  });
});
