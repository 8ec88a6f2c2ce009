import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { importCompose } from '../../src/import/compose/import.js';
import { parseEnvFile } from '../../src/import/compose/dotenv.js';
import { interpolate } from '../../src/import/compose/interpolate.js';
import { InputTree, localReader } from '../../src/import/read.js';
import { codesAt, edgeList, FIX, sources, toCatalog, whyOf } from './helpers.js';

describe('compose importer', () => {
  it('reads short and long depends_on, links, volumes_from and network_mode, merging the override file', () => {
    const res = importCompose(sources('compose/compose.yaml', 'compose/compose.override.yaml'), {});
    const { catalog, errors } = toCatalog(res);
    expect(errors).toEqual([]);
    // mailer: the override's worker depends on it and no file defines it, so a placeholder stands in for it.
    expect([...catalog.services.keys()].sort()).toEqual(['db', 'mailer', 'metrics', 'migrate', 'queue', 'redis', 'sidecar', 'web', 'worker']);
    expect(catalog.services.get('mailer')!.labels.get('blast-radius/placeholder')).toBe('true');
    expect(edgeList(catalog)).toEqual([
      'migrate -> db (hard)', // flow-style short syntax
      'sidecar -> web (hard)', // network_mode: service:web and volumes_from web:ro; container:legacy-data is not a service
      'web -> db (hard)',
      'web -> metrics (soft)', // required: false
      'web -> migrate (hard)',
      'web -> redis (hard)',
      'worker -> db (hard)',
      'worker -> mailer (hard)', // to the placeholder
      'worker -> queue (hard)', // the override's long syntax replaces the links entry
      'worker -> redis (hard)',
    ]);
    expect(whyOf(catalog, 'web', 'db')).toBe('compose: depends_on (condition: service_healthy, restart: true)');
    expect(whyOf(catalog, 'web', 'metrics')).toBe('compose: depends_on (required: false, condition: service_started)');
    expect(whyOf(catalog, 'worker', 'queue')).toBe('compose: depends_on (condition: service_healthy)');
    // Defined in compose.yaml, extended by the override: keeps its first position and image.
    expect(catalog.services.get('worker')!.labels.get('image')).toBe('shop/worker:1.4');
    expect(codesAt(res)).toEqual(['placeholder@compose.override.yaml:9:7', 'unknown-ref@compose.override.yaml:9:7']);
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

describe('compose importer: extends, interpolation, profiles', () => {
  const withFs = { readLocal: localReader(InputTree.of([FIX])) };
  const project = () => importCompose(sources('compose-extends/compose.yaml'), withFs);

  it('resolves extends in the same file and through other files, merging depends_on by service', () => {
    const res = project();
    const { catalog, errors } = toCatalog(res);
    expect(errors).toEqual([]);
    // worker-base, job and unused are only extended: not services of the project.
    // metrics: worker-base (common/services.yaml) links to it and nothing defines it: a placeholder.
    expect([...catalog.services.keys()].sort()).toEqual(['admin', 'api', 'base-app', 'cache', 'db', 'debug-shell', 'metrics', 'queue', 'worker']);
    expect(edgeList(catalog)).toEqual([
      'admin -> cache (soft)', // admin → api → base-app: api's entries win over base-app's
      'admin -> db (hard)',
      'admin -> queue (hard)',
      'api -> cache (soft)', // api's cache entry (required: false) replaces base-app's
      'api -> db (hard)', // kept from base-app
      'api -> queue (hard)', // added by api
      'base-app -> cache (hard)',
      'base-app -> db (hard)',
      'debug-shell -> api (hard)', // ${DEBUG_TARGET:-api}: unset, so the default
      'worker -> cache (hard)', // from common/base.yaml (job)
      'worker -> db (hard)', // common/services.yaml (worker-base) replaces job's short-syntax db
      'worker -> metrics (hard)', // links: [metrics] of worker-base, to the placeholder
      'worker -> queue (hard)', // worker's own short syntax
    ]);
    expect(whyOf(catalog, 'worker', 'db')).toBe('compose: depends_on (condition: service_healthy)');
    expect(whyOf(catalog, 'worker', 'cache')).toBe('compose: depends_on (condition: service_started)');
    expect(whyOf(catalog, 'api', 'cache')).toBe('compose: depends_on (required: false, condition: service_started)');
    // The edge's evidence is where it was written: worker's db comes from common/services.yaml.
    const workerDb = res.services.find((s) => s.key === 'worker')!.dependsOn.find((e) => e.target === 'db')!;
    expect(workerDb.pos).toEqual({ file: `${FIX}/compose-extends/common/services.yaml`, line: 12, col: 7 });
  });

  it('interpolates the values it reads from .env, with defaults, and keeps $$ as one $', () => {
    const { catalog } = toCatalog(project());
    const image = (id: string) => catalog.services.get(id)!.labels.get('image');
    expect(image('base-app')).toBe('shop/app:1.4'); // ${TAG:-dev}, TAG=1.4 in .env
    expect(image('api')).toBe('shop/app:1.4'); // inherited through extends
    expect(image('admin')).toBe('shop/app:1.4');
    expect(image('worker')).toBe('shop/worker:1.4'); // ${TAG-latest}; the worker's own image wins over job's
    expect(image('db')).toBe('postgres:16'); // ${PG_VERSION:?...}, export and quotes in .env
    expect(image('cache')).toBe('redis:'); // ${REDIS_TAG} is not set: empty, with a warning
    expect(image('queue')).toBe('rabbitmq:3${SUFFIX}'); // $$ escapes interpolation
    // --env wins over .env.
    const over = toCatalog(importCompose(sources('compose-extends/compose.yaml'), { ...withFs, env: { TAG: '2.0', REDIS_TAG: '7' } })).catalog;
    expect(over.services.get('api')!.labels.get('image')).toBe('shop/app:2.0');
    expect(over.services.get('cache')!.labels.get('image')).toBe('redis:7');
  });

  it('imports the services of every profile and labels them with their profiles', () => {
    const { catalog } = toCatalog(project());
    const profiles = (id: string) => catalog.services.get(id)!.labels.get('profiles');
    expect(profiles('debug-shell')).toBe('debug, tools');
    expect(profiles('admin')).toBe('admin'); // its own; api has none
    expect(profiles('worker')).toBe('jobs'); // inherited from common/base.yaml
    expect(profiles('api')).toBeUndefined();
  });

  it('warns about an unset variable at its column and about a dependency an extended file brings in', () => {
    // Sorted by path: compose-extends/common/services.yaml comes before compose-extends/compose.yaml.
    expect(codesAt(project())).toEqual(['placeholder@services.yaml:15:9', 'unknown-ref@services.yaml:15:9', 'interpolation@compose.yaml:46:18']);
  });

  it('reports what Compose refuses: a required variable unset, a malformed ${...}, circular and broken extends', () => {
    const res = importCompose(sources('compose-bad/interpolation.yaml', 'compose-bad/extends.yaml'), withFs);
    expect(res.services).toEqual([]);
    expect(codesAt(res, 'error')).toEqual([
      'invalid-ref@extends.yaml:6:24', // a → b → a
      'unknown-ref@extends.yaml:10:24', // no service "nowhere"
      'read-error@extends.yaml:13:13', // ./missing.yaml
      'interpolation@interpolation.yaml:5:21', // ${PG_VERSION:?...}
      'interpolation@interpolation.yaml:9:9', // ${DB_SERVICE/db/database}
    ]);
  });

  it('reads --env-file instead of .env, and reports a malformed line with its position', () => {
    const res = importCompose(sources('compose-extends/compose.yaml'), { ...withFs, envFiles: [`${FIX}/compose-bad/bad.env`] });
    expect(codesAt(res, 'error')).toEqual(['syntax@bad.env:3:1', 'interpolation@compose.yaml:44:21']);
    const missing = importCompose(sources('compose/compose.yaml'), { ...withFs, envFiles: [`${FIX}/no/such.env`] });
    expect(codesAt(missing, 'error')).toEqual(['read-error@such.env:1:1']);
  });

  it('applies !reset and !override from an override file', () => {
    const files = new Map([
      ['p/a.yaml', 'services:\n  web:\n    image: w\n    depends_on: [db, cache]\n    links: [db]\n  db: {}\n  cache: {}\n  q: {}\n'],
      ['p/b.yaml', 'services:\n  web:\n    depends_on: !override [q]\n    links: !reset []\n'],
    ]);
    const res = importCompose([...files].map(([file, text]) => ({ file, text })), {});
    expect(edgeList(toCatalog(res).catalog)).toEqual(['web -> q (hard)']);
  });
});

describe('Compose interpolation', () => {
  const vars: Record<string, string> = { SET: 'value', EMPTY: '' };
  const run = (s: string) => interpolate(s, (n) => vars[n]);
  it.each([
    ['${SET}', 'value'],
    ['$SET/x', 'value/x'],
    ['${EMPTY:-d}', 'd'], // :- also replaces an empty value
    ['${EMPTY-d}', ''], // - only an unset one
    ['${UNSET-d}', 'd'],
    ['${UNSET:-${SET}}', 'value'], // nested default
    ['${UNSET:-${ALSO_UNSET:-deep}}', 'deep'],
    ['${SET:+alt}', 'alt'],
    ['${EMPTY:+alt}', ''],
    ['${EMPTY+alt}', 'alt'],
    ['$$SET', '$SET'],
    ['cost: 5$', 'cost: 5$'], // a $ that starts no variable is kept
    ['${SET:?needed}', 'value'],
  ])('%s → %s', (input, expected) => {
    expect(run(input)).toEqual({ value: expected, unset: [] });
  });
  it('$$ escapes any text: doubling every $ gives the text back, whatever the variables', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('$', '{', '}', ':', '-', '?', '+', 'A', '_', '1', ' ', 'é') }), fc.dictionary(fc.constantFrom('A', 'A_1', '_'), fc.string()), (text, env) => {
        expect(interpolate(text.replaceAll('$', '$$$$'), (n) => env[n])).toEqual({ value: text, unset: [] });
      }),
    );
  });
  it('reports unset variables with their offsets, and not those of an unused default', () => {
    expect(run('a${UNSET}b$OTHER')).toEqual({ value: 'ab', unset: [{ name: 'UNSET', offset: 1 }, { name: 'OTHER', offset: 10 }] });
    expect(run('${SET:-$UNSET}')).toEqual({ value: 'value', unset: [] });
  });
  it.each([
    ['x${UNSET:?give it}', 1, 'required variable UNSET is not set: give it'],
    ['${EMPTY:?}', 0, 'required variable EMPTY is empty'],
    ['ab${SET', 2, '"${" is not closed by "}"'],
    ['${SET/a/b}', 0, 'invalid interpolation'],
    ['${}', 0, 'invalid interpolation'],
  ])('%s is an error at offset %i', (input, offset, message) => {
    const r = run(input);
    expect(r).toMatchObject({ offset });
    expect('error' in r && r.error).toContain(message);
  });
});

describe('env files', () => {
  it('reads comments, export, quotes, escapes, inline comments and earlier variables', () => {
    const text = '# c\n\nA=1\nexport B="x $A\\ty" # note\nC=\'$A\\\'s\'\nD=v#not-a-comment\nE=v # comment\nF="two\nlines"\n';
    const r = parseEnvFile({ file: 'e.env', text }, new Map([['A', 'outer']]));
    expect(r.diagnostics).toEqual([]);
    expect(Object.fromEntries(r.vars)).toEqual({ A: '1', B: 'x outer\ty', C: "$A's", D: 'v#not-a-comment', E: 'v', F: 'two\nlines' });
  });
  it('reports an unclosed quote and text after a quoted value', () => {
    const r = parseEnvFile({ file: 'e.env', text: 'A="x" y\nB=\'open\n' });
    expect(r.diagnostics.map((d) => `${d.code}@${d.pos.line}:${d.pos.col}`)).toEqual(['syntax@1:6', 'syntax@2:3']);
  });
});

describe('compose: YAML aliases and merge keys, read as Compose reads them', () => {
  const run = (text: string) => importCompose([{ file: 'c.yaml', text }], {});
  const deps = (text: string) => {
    const res = run(text);
    const out: string[] = [];
    for (const s of res.services) for (const e of s.dependsOn) out.push(`${s.key} -> ${e.target} (${e.type}) @${e.pos.line}:${e.pos.col}`);
    return out.sort();
  };

  it('follows depends_on inside a merge key, and depends_on given as an alias', () => {
    const text = [
      'x-common: &common', //          1
      '  depends_on: [db]', //         2
      'x-deps: &deps', //              3
      '  - db', //                     4
      '  - cache', //                  5
      'services:', //                  6
      '  web:', //                     7
      '    <<: *common', //            8
      '    image: web', //             9
      '  api:', //                     10
      '    depends_on: *deps', //      11
      '  db: {image: postgres}', //    12
      '  cache: {image: redis}', //    13
      '',
    ].join('\n');
    // Positions are where the entries were written: inside the anchored text.
    expect(deps(text)).toEqual(['api -> cache (hard) @5:5', 'api -> db (hard) @4:5', 'web -> db (hard) @2:16']);
    expect(run(text).diagnostics.filter((d) => d.severity !== 'note')).toEqual([]);
  });

  it('a mapping\'s own key wins over merged ones, and earlier merge sources over later ones (yaml.org/type/merge)', () => {
    const text = [
      'x-a: &a {depends_on: {db: {condition: service_healthy}}, links: [cache]}',
      'x-b: &b {depends_on: [queue], volumes_from: [store], links: [queue]}',
      'services:',
      '  web: {<<: [*a, *b]}',
      '  api: {<<: *b, depends_on: [cache]}',
      '  db: {}',
      '  cache: {}',
      '  queue: {}',
      '  store: {}',
      '',
    ].join('\n');
    expect(deps(text).map((d) => d.replace(/ @.*/, ''))).toEqual([
      'api -> cache (hard)', // its own depends_on replaces the merged one (YAML, before any Compose merging)
      'api -> queue (hard)', // links from *b
      'api -> store (hard)',
      'web -> cache (hard)', // links from *a, not *b
      'web -> db (hard)',
      'web -> store (hard)', // volumes_from from *b
    ]);
  });

  it('a whole service, or the services mapping, through aliases and merges', () => {
    const text = 'x-svc: &svc {depends_on: [db]}\nservices:\n  <<: {db: {image: pg}}\n  web: *svc\n  api: *svc\n';
    expect(deps(text).map((d) => d.replace(/ @.*/, ''))).toEqual(['api -> db (hard)', 'web -> db (hard)']);
  });

  it.each([
    ['services:\n  web:\n    depends_on: *nowhere\n', 'syntax@c.yaml:3:17', 'alias *nowhere names no anchor before it'],
    ['services:\n  web: &w\n    <<: *w\n', 'syntax@c.yaml:3:5', 'a merge key includes the mapping it is in'],
    ['services:\n  web:\n    <<: [db]\n', 'syntax@c.yaml:3:10', 'a merge key << takes a mapping or a list of mappings (usually aliases: <<: *name)'],
  ])('malformed: %j', (text, at, message) => {
    const res = run(text);
    expect(codesAt(res, 'error')).toEqual([at]);
    expect(res.diagnostics.find((d) => d.severity === 'error')!.message).toBe(message);
  });

  it('an alias bomb is not expanded: nine levels of ten aliases read in milliseconds', () => {
    const lines = ['a0: &a0 [x]'];
    for (let i = 1; i < 10; i++) lines.push(`a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(', ')}]`);
    lines.push('services:', '  web:', '    depends_on: [db]', '    x-bomb: *a9', '  db: {}');
    const t0 = performance.now();
    expect(deps(lines.join('\n')).map((d) => d.replace(/ @.*/, ''))).toEqual(['web -> db (hard)']);
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});
