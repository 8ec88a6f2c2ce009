/**
 * Indentation mistakes are one error at the line that has them, with a hint about
 * indentation, instead of the parser's follow-on errors; a duplicate key names the first one.
 */
import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/catalog/build.js';
import type { Diagnostic } from '../../src/catalog/diagnostics.js';

const enc = new TextEncoder();
const build = (text: string): readonly Diagnostic[] => buildCatalog([{ file: 'shop.yaml', bytes: enc.encode(text) }]).diagnostics;
const errors = (text: string) => build(text).filter((d) => d.severity === 'error').map((d) => `${d.pos?.line}:${d.pos?.col} ${d.code}`);

const SHOP = [
  'services:', //            1
  '  web:', //               2
  '    name: Web', //        3
  '    tier: 1', //          4
  '    dependsOn:', //       5
  '      - service: api', // 6
  '', //                     7
  '    system: storefront', // 8
  '', //                     9
  '  api:', //               10
  '    name: API', //        11
  '    tier: 1', //          12
  '    dependsOn: [db]', //  13
  '', //                     14
  '  db:', //                15
  '    name: DB', //         16
  '    tier: 0', //          17
  '',
];
const shop = (edit: (lines: string[]) => void): string => {
  const lines = [...SHOP];
  edit(lines);
  return lines.join('\n');
};

describe('indentation mistakes', () => {
  it('the example is valid as written', () => {
    expect(errors(SHOP.join('\n'))).toEqual([]);
  });

  it('a tab: one error at the tab, none on the lines after it, and the column to use', () => {
    const ds = build(shop((l) => (l[3] = '\ttier: 1')));
    expect(ds.filter((d) => d.severity === 'error').map((d) => `${d.pos?.line}:${d.pos?.col} ${d.code}`)).toEqual(['4:1 yaml-tab']);
    expect(ds[0]!.hint).toBe('YAML indents with spaces only, and the indentation says what belongs to what: replace the tab with spaces so that "tier:" starts at column 5, in line with "name:" on line 3');
  });

  it('a tab after spaces is reported at the tab; under a key with no value the column is two further in', () => {
    const ds = build(shop((l) => (l[5] = '    \t  - service: api')));
    expect(ds.filter((d) => d.severity === 'error').map((d) => `${d.pos?.line}:${d.pos?.col} ${d.code}`)).toEqual(['6:5 yaml-tab']);
    expect(ds[0]!.hint).toContain('starts at column 7, under "dependsOn:" on line 5, two spaces further in');
  });

  it('a service indented as far as its fields: one error at the service, not "name appears twice"', () => {
    // api at column 5 joins web's mapping: web then has name, tier and dependsOn twice
    const ds = build(shop((l) => (l[9] = '    api:')));
    expect(ds.filter((d) => d.severity === 'error').map((d) => `${d.pos?.line}:${d.pos?.col} ${d.code}`)).toEqual(['10:5 yaml-indentation']);
    expect(ds[0]!.message).toBe('"api:" is indented as far as the lines under it, so it is an empty field and they belong to the mapping above (where "name", "tier", "dependsOn" then appear twice)');
    expect(ds[0]!.hint).toBe(
      'indentation says what belongs to what: a key\'s contents go under it, indented further; move "api:" back to column 3, in line with "web:" on line 2 (or, if it belongs inside "web", indent the lines under it two more spaces)',
    );
  });

  it('a duplicate key that is not an indentation mistake keeps its own error, naming the first', () => {
    const ds = build(shop((l) => l.splice(17, 0, '  web:', '    name: Web again')));
    expect(ds.filter((d) => d.severity === 'error').map((d) => `${d.pos?.line}:${d.pos?.col} ${d.code}`)).toEqual(['18:3 yaml-duplicate-key']);
    expect(ds[0]!.message).toBe('key "web" appears twice in one mapping; first at shop.yaml:2:3');
  });
});
