import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importBackstage } from '../../src/import/backstage/import.js';
import { parseEntityRef } from '../../src/import/backstage/refs.js';
import { InputTree, localReader } from '../../src/import/read.js';
import { codesAt, edgeList, FIX, sources, toCatalog, whyOf } from './helpers.js';

describe('backstage importer', () => {
  const both = () => sources('backstage/catalog-info.yaml', 'backstage/payments/catalog-info.yaml');

  it('turns Components and Resources into services, with owner, system, lifecycle and tier', () => {
    const res = importBackstage(both(), {});
    const { catalog, errors } = toCatalog(res);
    expect(errors).toEqual([]);
    // System, API and Group entities are not services; billing and ledger-db live in namespace payments.
    // search-api: artist-web consumes it and no component provides it, so a placeholder stands in for its provider.
    expect([...catalog.services.keys()].sort()).toEqual(['artist-lookup', 'artist-web', 'artist-web-lookup', 'artists-db', 'payments-billing', 'payments-ledger-db', 'search-api']);
    expect(catalog.services.get('search-api')!.labels.get('blast-radius/placeholder')).toBe('true');
    expect(catalog.services.get('artist-web')!.labels.get('blast-radius/placeholder')).toBeUndefined();
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
      'artist-web -> search-api (hard)', // api:default/search-api: nobody provides it, a placeholder does
      'artist-web-lookup -> artist-web (hard)', // artist-web lists it in dependencyOf
      'payments-billing -> artist-lookup (hard)', // component:default/artist-lookup vs name Artist-Lookup
      'payments-billing -> payments-ledger-db (hard)', // resource:ledger-db in the entity's own namespace
    ]);
    expect(whyOf(catalog, 'artist-web', 'artist-lookup')).toBe('backstage: consumes api:default/artist-api, provided by component:default/artist-lookup');
  });

  it('warns about an API nobody provides, a reference without a kind, and skipped kinds', () => {
    const res = importBackstage(both(), {});
    expect(codesAt(res)).toEqual(['no-provider@catalog-info.yaml:37:7', 'placeholder@catalog-info.yaml:37:7', 'ignored@catalog-info.yaml:87:1', 'invalid-ref@catalog-info.yaml:21:7']);
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

  it('keeps references to unknown entities through placeholders, drops kinds that are not components or resources', () => {
    const text = [
      'kind: Component', 'metadata: {name: a}', 'spec:', '  dependsOn: [component:b, api:c, d]', '---',
      'kind: Component', 'metadata: {name: d}', '---', 'kind: Resource', 'metadata: {name: d}',
    ].join('\n');
    const res = importBackstage([{ file: 'x.yaml', text }], {});
    expect(codesAt(res)).toEqual(['placeholder@x.yaml:4:15', 'unknown-ref@x.yaml:4:15', 'invalid-ref@x.yaml:4:28', 'ambiguous-ref@x.yaml:4:35']);
    expect(res.services.find((s) => s.key === 'component:default/a')!.dependsOn.map((e) => `${e.target} ${e.type} @${e.pos.line}:${e.pos.col}`)).toEqual(['component:default/b hard @4:15']);
    expect(res.services.find((s) => s.key === 'component:default/b')).toMatchObject({ idHint: 'b', name: 'b', pos: { file: 'x.yaml', line: 4, col: 15 }, labels: { 'blast-radius/placeholder': 'true', 'backstage-ref': 'component:default/b' } });
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

describe('backstage importer: Locations, subcomponentOf, APIs with several providers', () => {
  const root = () => sources('backstage-locations/catalog-info.yaml');
  const withFs = { readLocal: localReader(InputTree.of([FIX])) };

  it('follows local Location targets relative to the Location file, each file once', () => {
    const res = importBackstage(root(), withFs);
    const { catalog, errors } = toCatalog(res);
    expect(errors).toEqual([]);
    expect([...catalog.services.keys()].sort()).toEqual(['catalog-svc', 'checkout-screen', 'mobile-app', 'search-eu', 'search-index', 'search-screen', 'search-us']);
    // Positions point into the target files, not into the Location.
    expect(res.services.find((s) => s.key === 'component:default/search-eu')!.pos).toEqual({ file: `${FIX}/backstage-locations/platform/catalog-info.yaml`, line: 18, col: 9 });
  });

  it('notes the URL, the missing files and nothing for the file listed twice', () => {
    const res = importBackstage(root(), withFs);
    expect(codesAt(res)).toEqual([
      'not-followed@catalog-info.yaml:53:7', // apps/catalog-info.yaml: beta/catalog-info.yaml, presence: optional
      'not-followed@catalog-info.yaml:13:7', // https://github.com/...: never fetched
      'not-followed@catalog-info.yaml:14:7', // ./retired/catalog-info.yaml does not exist
    ]);
    expect(res.diagnostics.every((d) => d.severity === 'note')).toBe(true);
    expect(res.diagnostics.find((d) => d.pos.line === 53)!.message).toContain('presence: optional');
  });

  it('makes the parent depend softly on each part, unless it already depends on it hard; a consumer of a twice-provided API gets a group', () => {
    const { catalog } = toCatalog(importBackstage(root(), withFs));
    const deps = (id: string) => catalog.services.get(id)!.dependsOn.map((d) => `${d.group ? `${d.atLeast} of ` : ''}${d.of.join(',')} (${d.type})`);
    expect(deps('mobile-app')).toEqual([
      'checkout-screen (hard)', // spec.dependsOn wins over subcomponentOf, which comes first in the file
      '1 of search-eu,search-us (hard)', // search-api: any one provider serves it
      'search-screen (soft)', // subcomponentOf with a kind and a namespace
    ]);
    expect(deps('search-screen')).toEqual(['catalog-svc (hard)']); // one provider: a plain dependency
    expect(deps('search-eu')).toEqual(['search-index (hard)']);
    expect(deps('search-us')).toEqual(['search-index (hard)']);
    expect(deps('checkout-screen')).toEqual([]);
    expect(whyOf(catalog, 'mobile-app', 'search-us')).toBe('backstage: consumes api:default/search-api, provided by component:default/search-eu, component:default/search-us; any one of them serves it');
    expect(whyOf(catalog, 'mobile-app', 'search-screen')).toBe('backstage: component:default/search-screen is spec.subcomponentOf component:default/mobile-app; a failed part impairs the whole');
  });

  it('without a file reader, notes every local target instead of reading it', () => {
    const res = importBackstage(root(), {});
    expect(res.services).toEqual([]);
    expect(codesAt(res)).toEqual(['not-followed@catalog-info.yaml:11:7', 'not-followed@catalog-info.yaml:12:7', 'not-followed@catalog-info.yaml:13:7', 'not-followed@catalog-info.yaml:14:7']);
  });

  it('reports a malformed target file with its own positions, and a malformed Location', () => {
    const files = new Map([['sub/bad.yaml', 'kind: Component\nmetadata: {name: x\n'], ['sub/ok.yaml', 'kind: Component\nmetadata: {name: ok}\n']]);
    const readLocal = (path: string) => (files.has(path) ? { file: path, text: files.get(path)! } : { error: 'no such file', missing: true });
    const loc = 'kind: Location\nmetadata: {name: l}\nspec:\n  targets: [./bad.yaml, ./ok.yaml, {path: x}]\n---\nkind: Location\nmetadata: {name: m}\nspec:\n  targets: ./ok.yaml\n';
    const res = importBackstage([{ file: 'sub/loc.yaml', text: loc }], { readLocal });
    expect(codesAt(res, 'error')).toEqual(['syntax@bad.yaml:3:1', 'wrong-shape@loc.yaml:4:36', 'wrong-shape@loc.yaml:9:12']);
  });

  it('follows a chain of Locations through directories, and skips a Location type it cannot read', () => {
    const files = new Map([
      ['a/b/next.yaml', 'kind: Location\nmetadata: {name: n}\nspec:\n  target: ../../c/svc.yaml\n'],
      ['c/svc.yaml', 'kind: Component\nmetadata: {name: svc}\nspec:\n  subcomponentOf: resource:db\n---\nkind: Component\nmetadata: {name: part}\nspec:\n  subcomponentOf: nowhere\n'],
    ]);
    const readLocal = (path: string) => (files.has(path) ? { file: path, text: files.get(path)! } : { error: 'no such file', missing: true });
    const res = importBackstage([{ file: 'a/root.yaml', text: 'kind: Location\nmetadata: {name: r}\nspec:\n  targets: [b/next.yaml]\n---\nkind: Location\nmetadata: {name: gh}\nspec:\n  type: github-discovery\n  target: https://github.com/example/*/blob/main/catalog-info.yaml\n' }], { readLocal });
    // "nowhere" (no kind) matches nothing: a placeholder parent, which depends softly on its part.
    expect(res.services.map((s) => s.key)).toEqual(['component:default/nowhere', 'component:default/part', 'component:default/svc']);
    expect(res.services[0]!.dependsOn.map((e) => `${e.target} ${e.type}`)).toEqual(['component:default/part soft']);
    expect(codesAt(res)).toEqual(['not-followed@root.yaml:10:11', 'invalid-ref@svc.yaml:4:19', 'placeholder@svc.yaml:9:19', 'unknown-ref@svc.yaml:9:19']);
  });
});

describe('backstage: large redundancy groups', () => {
  it('a group lists every provider; its why names five and counts the rest', () => {
    const docs = Array.from({ length: 7 }, (_, i) => `kind: Component\nmetadata: {name: p${i}}\nspec: {providesApis: [search]}\n`);
    docs.push('kind: Component\nmetadata: {name: web}\nspec: {consumesApis: [search]}\n');
    const res = importBackstage([{ file: 'g.yaml', text: docs.join('---\n') }], {});
    const edge = res.services.find((s) => s.key === 'component:default/web')!.dependsOn[0]!;
    expect(edge.of).toHaveLength(7);
    expect(edge.why).toBe('backstage: consumes api:default/search, provided by component:default/p0, component:default/p1, component:default/p2, component:default/p3, component:default/p4 and 2 more; any one of them serves it');
  });

  it('blast import refuses groups whose members add up to more than one import builds in memory, before writing', async () => {
    // 300 providers, 2,100 consumers: 2,100 groups of 300 members = 630,000 dependencies written out.
    const docs = Array.from({ length: 2400 }, (_, i) => `kind: Component\nmetadata: {name: c${i}}\nspec: {${i < 300 ? 'providesApis' : 'consumesApis'}: [search]}\n`);
    const dir = mkdtempSync(join(tmpdir(), 'blast-groups-'));
    try {
      writeFileSync(join(dir, 'catalog-info.yaml'), docs.join('---\n'));
      const { runCli } = await import('../../src/cli/program.js');
      let err = '';
      const code = await runCli(['import', 'backstage', join(dir, 'catalog-info.yaml')], { stdout: { write: () => true }, stderr: { write: (s: string) => (err += s) }, env: {}, stdinIsTTY: false });
      expect(code).toBe(2);
      expect(err).toContain('error: the import holds 2400 services and 630000 dependencies, counting each member of a redundancy group, more than one import builds in memory');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
