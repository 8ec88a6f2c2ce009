import { describe, expect, it } from 'vitest';
import { importBackstage } from '../../src/import/backstage/import.js';
import { parseEntityRef } from '../../src/import/backstage/refs.js';
import { codesAt, edgeList, sources, toCatalog, whyOf } from './helpers.js';

describe('backstage importer', () => {
  const both = () => sources('backstage/catalog-info.yaml', 'backstage/payments/catalog-info.yaml');

  it('turns Components and Resources into services, with owner, system, lifecycle and tier', () => {
    const res = importBackstage(both(), {});
    const { catalog, errors } = toCatalog(res);
    expect(errors).toEqual([]);
    // System, API and Group entities are not services; billing and ledger-db live in namespace payments.
    expect([...catalog.services.keys()].sort()).toEqual(['artist-lookup', 'artist-web', 'artist-web-lookup', 'artists-db', 'payments-billing', 'payments-ledger-db']);
    const web = catalog.services.get('artist-web')!;
    expect(web).toMatchObject({ name: 'Artist Web', owner: 'artist-relations-team', system: 'artist-engagement-portal', tier: 1, description: 'The place to be, for great artists' });
    expect(web.labels.get('lifecycle')).toBe('production');
    expect(web.labels.get('example.com/custom')).toBe('custom_label_value');
    // Tier from an annotation (example.com/tier: tier-0) and from a label in another namespace.
    expect(catalog.services.get('artist-lookup')!.tier).toBe(0);
    expect(catalog.services.get('payments-billing')!.tier).toBe(0);
    // No tier anywhere: the catalog default.
    expect(catalog.services.get('artist-web-lookup')!.tier).toBe(2);
  });

  it('builds edges from dependsOn, dependencyOf and consumer → API → provider', () => {
    const { catalog } = toCatalog(importBackstage(both(), {}));
    expect(edgeList(catalog)).toEqual([
      'artist-lookup -> artists-db (hard)', // Resource:ARTISTS-DB, case-insensitive
      'artist-web -> artist-lookup (hard)', // consumes artist-api, provided by Artist-Lookup
      'artist-web -> artists-db (hard)',
      'artist-web -> payments-billing (hard)', // api:payments/billing-api, provided in namespace payments
      'artist-web-lookup -> artist-web (hard)', // artist-web lists it in dependencyOf
      'payments-billing -> artist-lookup (hard)', // component:default/artist-lookup vs name Artist-Lookup
      'payments-billing -> payments-ledger-db (hard)', // resource:ledger-db in the entity's own namespace
    ]);
    expect(whyOf(catalog, 'artist-web', 'artist-lookup')).toBe('backstage: consumes api:default/artist-api, provided by component:default/artist-lookup');
  });

  it('warns about an API nobody provides, a reference without a kind, and skipped kinds', () => {
    const res = importBackstage(both(), {});
    expect(codesAt(res)).toEqual(['no-provider@catalog-info.yaml:37:7', 'ignored@catalog-info.yaml:87:1', 'invalid-ref@catalog-info.yaml:21:7']);
  });

  it('--tier-key reads the tier from the named key only', () => {
    const res = importBackstage(both(), { tierKey: 'example.com/tier' });
    const { catalog } = toCatalog(res);
    expect(catalog.services.get('artist-lookup')!.tier).toBe(0);
    expect(catalog.services.get('artist-web')!.tier).toBe(2);
  });

  it('reports broken YAML and malformed entities with positions', () => {
    const res = importBackstage(sources('backstage-bad/broken.yaml', 'backstage-bad/shapes.yaml'), {});
    expect(res.services).toEqual([]);
    expect(codesAt(res, 'error')).toEqual(['syntax@broken.yaml:6:1', 'missing-field@shapes.yaml:4:3', 'wrong-shape@shapes.yaml:14:14', 'invalid-ref@shapes.yaml:23:7']);
  });

  it('drops references to unknown entities and to kinds that are not components or resources', () => {
    const text = [
      'kind: Component', 'metadata: {name: a}', 'spec:', '  dependsOn: [component:b, api:c, d]', '---',
      'kind: Component', 'metadata: {name: d}', '---', 'kind: Resource', 'metadata: {name: d}',
    ].join('\n');
    const res = importBackstage([{ file: 'x.yaml', text }], {});
    expect(codesAt(res)).toEqual(['unknown-ref@x.yaml:4:15', 'invalid-ref@x.yaml:4:28', 'ambiguous-ref@x.yaml:4:35']);
    expect(res.services.find((s) => s.key === 'component:default/a')!.dependsOn).toEqual([]);
  });

  it('keeps the first of two entities with the same reference, whatever the case', () => {
    const res = importBackstage([{ file: 'x.yaml', text: 'kind: Component\nmetadata: {name: Web, title: First}\n---\nkind: component\nmetadata: {name: web, title: Second}\n' }], {});
    expect(res.services.map((s) => s.name)).toEqual(['First']);
    expect(codesAt(res)).toEqual(['duplicate@x.yaml:5:18']);
  });
});

describe('entity references', () => {
  it.each([
    ['artist-api', { name: 'artist-api' }],
    ['api:artist-api', { kind: 'api', name: 'artist-api' }],
    ['payments/billing-api', { namespace: 'payments', name: 'billing-api' }],
    ['Component:Default/Web', { kind: 'Component', namespace: 'Default', name: 'Web' }],
    ['ns/name:with-colon', { namespace: 'ns', name: 'name:with-colon' }],
  ])('%s', (ref, expected) => {
    expect(parseEntityRef(ref)).toEqual(expected);
  });
  it.each(['component:', ':name', 'component:/x', '/x'])('rejects %s', (ref) => {
    expect(parseEntityRef(ref)).toHaveProperty('error');
  });
});
