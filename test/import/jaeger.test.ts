import { describe, expect, it } from 'vitest';
import { importJaeger } from '../../src/import/jaeger/import.js';
import { codesAt, edgeList, sources, toCatalog, whyOf } from './helpers.js';

describe('jaeger importer', () => {
  it('reads the wrapped /api/dependencies response into a valid catalog', () => {
    const res = importJaeger(sources('jaeger/dependencies.json'), {});
    const { catalog, errors } = toCatalog(res);
    expect(errors).toEqual([]);
    // By hand from dependencies.json: checkout→payment is listed twice (940 + 60), checkout→checkout is dropped.
    expect([...catalog.services.keys()].sort()).toEqual(['ad-service', 'checkout', 'frontend', 'payment']);
    expect(edgeList(catalog)).toEqual([
      'checkout -> payment (soft)',
      'frontend -> ad-service (soft)',
      'frontend -> checkout (soft)',
      'payment -> checkout (soft)',
    ]);
    expect(whyOf(catalog, 'checkout', 'payment')).toBe('jaeger: 1000 calls');
    expect(whyOf(catalog, 'frontend', 'checkout')).toBe('jaeger: 1520 calls');
    expect(catalog.services.get('ad-service')!.name).toBe('Ad Service');
    expect(codesAt(res)).toEqual(['self-edge@dependencies.json:6:5']);
  });

  it('reads the bare array, with Zipkin errorCount as failed calls', () => {
    const { catalog } = toCatalog(importJaeger(sources('jaeger/bare.json'), {}));
    expect(edgeList(catalog)).toEqual(['orders -> db (soft)', 'web -> orders (soft)']);
    expect(whyOf(catalog, 'web', 'orders')).toBe('jaeger: 250 calls, 4 failed');
  });

  it('--min-calls drops rare edges and the services left without any', () => {
    const { catalog } = toCatalog(importJaeger(sources('jaeger/dependencies.json'), { minCalls: 100 }));
    expect(edgeList(catalog)).toEqual(['checkout -> payment (soft)', 'frontend -> checkout (soft)']);
    expect([...catalog.services.keys()].sort()).toEqual(['checkout', 'frontend', 'payment']);
  });

  it('--hard makes request edges hard', () => {
    const { catalog } = toCatalog(importJaeger(sources('jaeger/bare.json'), { hard: true }));
    expect(edgeList(catalog)).toEqual(['orders -> db (hard)', 'web -> orders (hard)']);
  });

  it('reports malformed JSON and wrong fields with positions, and returns no services', () => {
    const res = importJaeger(sources('jaeger/truncated.json', 'jaeger/bad-entry.json'), {});
    expect(res.services).toEqual([]);
    expect(codesAt(res, 'error')).toContain('syntax@truncated.json:3:51');
    expect(codesAt(res, 'error')).toEqual(expect.arrayContaining(['missing-field@bad-entry.json:3:5', 'invalid-value@bad-entry.json:4:51']));
  });

  it('rejects a top-level value that is not a list of links', () => {
    const res = importJaeger([{ file: 'x.json', text: '{"data": {"parent": "a"}}' }], {});
    expect(codesAt(res, 'error')).toEqual(['wrong-shape@x.json:1:10']);
  });
});
