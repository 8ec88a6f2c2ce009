import { describe, expect, it } from 'vitest';
import { importCompose } from '../../src/import/compose/import.js';
import { codesAt, edgeList, sources, toCatalog, whyOf } from './helpers.js';

describe('compose importer', () => {
  it('reads short and long depends_on, links, volumes_from and network_mode, merging the override file', () => {
    const res = importCompose(sources('compose/compose.yaml', 'compose/compose.override.yaml'), {});
    const { catalog, errors } = toCatalog(res);
    expect(errors).toEqual([]);
    expect([...catalog.services.keys()].sort()).toEqual(['db', 'metrics', 'migrate', 'queue', 'redis', 'sidecar', 'web', 'worker']);
    expect(edgeList(catalog)).toEqual([
      'migrate -> db (hard)', // flow-style short syntax
      'sidecar -> web (hard)', // network_mode: service:web and volumes_from web:ro; container:legacy-data is not a service
      'web -> db (hard)',
      'web -> metrics (soft)', // required: false
      'web -> migrate (hard)',
      'web -> redis (hard)',
      'worker -> db (hard)',
      'worker -> queue (hard)', // the override's long syntax replaces the links entry
      'worker -> redis (hard)',
    ]);
    expect(whyOf(catalog, 'web', 'db')).toBe('compose: depends_on (condition: service_healthy, restart: true)');
    expect(whyOf(catalog, 'web', 'metrics')).toBe('compose: depends_on (required: false, condition: service_started)');
    expect(whyOf(catalog, 'worker', 'queue')).toBe('compose: depends_on (condition: service_healthy)');
    // Defined in compose.yaml, extended by the override: keeps its first position and image.
    expect(catalog.services.get('worker')!.labels.get('image')).toBe('shop/worker:1.4');
    expect(codesAt(res)).toEqual(['unknown-ref@compose.override.yaml:9:7']);
  });

  it('reports an unknown condition, a non-boolean required and broken YAML with positions', () => {
    const res = importCompose(sources('compose/bad-condition.yaml', 'compose/broken.yaml'), {});
    expect(res.services).toEqual([]);
    expect(codesAt(res, 'error')).toEqual(['invalid-value@bad-condition.yaml:6:20', 'syntax@broken.yaml:5:3']);
    const req = importCompose([{ file: 'r.yaml', text: 'services:\n  a:\n    depends_on:\n      b: {required: "no"}\n  b: {}\n' }], {});
    expect(codesAt(req, 'error')).toEqual(['invalid-value@r.yaml:4:21']);
  });

  it('accepts a long-syntax entry with no options as service_started', () => {
    const res = importCompose([{ file: 'c.yaml', text: 'services:\n  a:\n    depends_on:\n      b:\n  b:\n' }], {});
    expect(edgeList(toCatalog(res).catalog)).toEqual(['a -> b (hard)']);
  });

  it('rejects a file that is not a mapping, and warns about one without services', () => {
    expect(codesAt(importCompose([{ file: 'l.yaml', text: '- a\n- b\n' }], {}), 'error')).toEqual(['wrong-shape@l.yaml:1:1']);
    expect(codesAt(importCompose([{ file: 'v1.yaml', text: 'web:\n  image: nginx\n' }], {}))).toEqual(['no-services@v1.yaml:1:1']);
  });
});
