import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { assignIds, normaliseId } from '../../src/import/ids.js';
import { ID_PATTERN } from '../../src/catalog/schema.js';

describe('catalog ids for imported names', () => {
  it.each([
    ['checkout', 'checkout'],
    ['Ad Service', 'ad-service'],
    ['say "hi" svc', 'say-hi-svc'],
    ['aws_instance.web', 'aws_instance.web'],
    ['module.a.aws_s3_bucket.logs[0]', 'module.a.aws_s3_bucket.logs-0'],
    ['Café Ünïcode', 'cafe-unicode'],
    ['--leading', 'leading'],
    ['_x', 'x'],
    ['trailing--', 'trailing'],
    ['日本', 'service'],
    ['', 'service'],
  ])('%j → %s', (name, id) => {
    expect(normaliseId(name)).toBe(id);
  });

  it('gives collisions -2, -3 in key order, never taking an id another name claims outright', () => {
    const ids = assignIds([
      { key: 'b', idHint: 'Web' },
      { key: 'a', idHint: 'web' },
      { key: 'c', idHint: 'WEB' },
      { key: 'd', idHint: 'web-2' },
    ]);
    expect(Object.fromEntries(ids)).toEqual({ a: 'web', b: 'web-3', c: 'web-4', d: 'web-2' });
  });

  it('always yields unique ids matching the catalog pattern, whatever the input order', () => {
    const re = new RegExp(ID_PATTERN);
    fc.assert(
      fc.property(fc.uniqueArray(fc.record({ key: fc.string({ maxLength: 6 }), idHint: fc.string({ maxLength: 6 }) }), { selector: (s) => s.key, maxLength: 30 }), (services) => {
        const ids = assignIds(services);
        const values = [...ids.values()];
        expect(new Set(values).size).toBe(services.length);
        for (const v of values) expect(v).toMatch(re);
        expect(Object.fromEntries(assignIds([...services].reverse()))).toEqual(Object.fromEntries(ids));
      }),
    );
  });
});
