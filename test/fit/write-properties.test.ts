/**
 * Property: writing a fitted value back into any catalog text, written in any of the styles
 * the format allows (flow or block mappings, comments inside, neighbours before and after),
 * gives a catalog that still validates, has the fitted value in place of that parameter,
 * and is otherwise the same catalog.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/catalog/build.js';
import type { Catalog } from '../../src/catalog/model.js';
import { writeFittedValues } from '../../src/fit/write.js';

const build = (text: string): Catalog => {
  const res = buildCatalog([{ file: 'c.yaml', bytes: new TextEncoder().encode(text) }]);
  expect(res.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return res.catalog!;
};

/** Positions and the `free` flag dropped: what the catalog means. */
const meaning = (c: Catalog): unknown =>
  JSON.parse(JSON.stringify([...c.services.values()], (k, v: unknown) => (k === 'pos' || k === 'memberPos' || k === 'free' ? undefined : v instanceof Map ? [...v] : v)));

const arb = fc.record({
  block: fc.boolean(),
  inner: fc.boolean(),
  before: fc.boolean(),
  after: fc.boolean(),
  min: fc.integer({ min: 1, max: 100 }),
  span: fc.integer({ min: 1, max: 500 }),
  u: fc.double({ min: 0, max: 1, noNaN: true }),
});

describe('write-back, for any layout of the parameter', () => {
  it('validates, holds the fitted value, and changes nothing else', () => {
    fc.assert(
      fc.property(arb, ({ block, inner, before, after, min, span, u }) => {
        const max = min + span;
        const param = block
          ? `\n        min: ${min}m${inner ? '   # lower end' : ''}\n        max: ${max}m\n        free: true`
          : ` {min: ${min}m, max: ${max}m, free: true}${inner ? '  # a range' : ''}`;
        const text = [
          'services:',
          '  db: {name: DB}',
          '  web:',
          '    name: Web',
          ...(before ? ['    tier: 1'] : []),
          '    recovery:',
          `      time:${param}`,
          ...(after ? ['      state: degraded'] : []),
          '    dependsOn: [db]',
          '',
        ].join('\n');
        const c1 = build(text);
        const time = c1.services.get('web')!.recovery!.time;
        expect(time.free).toBe(true);
        const value = min + u * span;
        const out = writeFittedValues(text, [{ line: time.pos!.line, col: time.pos!.col, value, comment: 'fitted on scenario x' }]);
        if (!('text' in out)) throw new Error(out.error);
        const c2 = build(out.text);
        const written = c2.services.get('web')!.recovery!.time;
        expect(written.kind).toBe('const');
        // written as whole minutes from 10 minutes up, to 0.1 minute below
        expect(Math.abs((written as { value: number }).value - value)).toBeLessThanOrEqual(value >= 10 ? 0.5 : 0.05);
        const expected = meaning(c1) as Array<{ id: string; recovery?: { time: unknown } }>;
        expected.find((s) => s.id === 'web')!.recovery!.time = { kind: 'const', value: (written as { value: number }).value };
        expect(meaning(c2)).toEqual(expected);
        expect(out.text).toContain(`# fitted on scenario x; was {min: ${min}m, max: ${max}m, free: true}`);
        if (inner) expect(out.text).toMatch(/# (lower end|a range)/);
      }),
      { numRuns: 150, seed: 13 },
    );
  });
});
