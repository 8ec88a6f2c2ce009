/**
 * `blast show` in process on the example catalog. Expected values are counted by hand
 * from catalogs/example-shop/services.yaml; positions are found by searching its text.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { memoryIo } from './helpers.js';

const SHOP = 'catalogs/example-shop';
const servicesText = readFileSync(`${SHOP}/services.yaml`, 'utf8');
/** 1-based line of `  <id>:` in services.yaml. */
const lineOf = (id: string): number => servicesText.split('\n').indexOf(`  ${id}:`) + 1;

async function run(...argv: string[]) {
  const io = memoryIo();
  const exit = await runCli(argv, io);
  return { exit, out: io.out(), err: io.err() };
}

interface Tree {
  id: string;
  name: string;
  tier: number;
  via?: { type: string; group?: { atLeast: number; size: number }; why?: string };
  repeated: boolean;
  truncated: boolean;
  children: Tree[];
}
/** A tree as nested `id[flags]` strings, flags: r = repeated, t = truncated. */
const shape = (ts: Tree[]): unknown[] =>
  ts.map((t) => {
    const flags = `${t.repeated ? 'r' : ''}${t.truncated ? 't' : ''}`;
    const label = flags ? `${t.id}[${flags}]` : t.id;
    return t.children.length ? { [label]: shape(t.children) } : label;
  });

describe('blast show', () => {
  it('summarises a catalog: counts, tiers, systems, scenarios, most depended on', async () => {
    const r = await run('show', SHOP, '--json');
    expect(r.exit).toBe(0);
    const s = JSON.parse(r.out) as Record<string, unknown>;
    expect(s).toEqual({
      name: 'Example shop',
      services: 19,
      // Edges: cdn 1, web 4, catalog-api 2, catalog-db 3 (group), db-node-a/b/c 3, search 1,
      // recommendations 1, checkout 4, auth 1, users-db 1, payments 2, orders 2, queue 1.
      dependencies: 26,
      redundancyGroups: 1,
      scenarios: ['storage-outage', 'payment-gateway-brownout', 'bad-config-push'],
      tiers: { '0': 7, '1': 9, '2': 2, '3': 1 },
      // web, catalog-api and checkout get system storefront through the merge key.
      systems: { data: 7, storefront: 3, discovery: 2, edge: 2, orders: 2, payments: 2, identity: 1 },
      mostDependedOn: [
        { id: 'storage', name: 'Block storage', dependents: 5 }, // db-node-a/b/c, users-db, queue
        { id: 'auth', name: 'Authentication', dependents: 2 },
        { id: 'catalog-api', name: 'Product catalog API', dependents: 2 },
        { id: 'catalog-db', name: 'Product database', dependents: 2 },
        { id: 'orders', name: 'Order service', dependents: 2 },
        { id: 'cache', name: 'Cache cluster', dependents: 1 },
        { id: 'cdn', name: 'CDN', dependents: 1 },
        { id: 'db-node-a', name: 'Database node A', dependents: 1 },
        { id: 'db-node-b', name: 'Database node B', dependents: 1 },
        { id: 'db-node-c', name: 'Database node C', dependents: 1 },
      ],
    });
  });

  it('prints the summary as text', async () => {
    const r = await run('show', SHOP);
    expect(r.exit).toBe(0);
    const lines = r.out.split('\n');
    expect(lines.slice(0, 4)).toEqual([
      'Example shop: 19 services, 26 dependencies, 1 redundancy group',
      'tiers: 0: 7, 1: 9, 2: 2, 3: 1',
      'systems: data (7), storefront (3), discovery (2), edge (2), orders (2), payments (2), identity (1)',
      'scenarios: storage-outage, payment-gateway-brownout, bad-config-push',
    ]);
    expect(lines[5]).toMatch(/^ {5}5 {2}storage +Block storage$/);
    // the names of the most depended-on services start in one column, after the widest id
    const rows = lines.slice(5, 15).map((l) => /^ +\d+ {2}(\S+)( +)\S/.exec(l)!);
    expect(rows.length).toBe(10);
    const columns = new Set(rows.map((m) => m[1]!.length + m[2]!.length));
    expect(columns.size).toBe(1);
    expect(Math.min(...rows.map((m) => m[2]!.length))).toBe(2);
  });

  it('wraps the systems line of a large catalog at 100 columns', async () => {
    const r = await run('show', 'catalogs/aws-us-east-1');
    expect(r.out.split('\n').filter((l) => [...l].length > 100)).toEqual([]);
    expect(r.out).toMatch(/^systems: security \(\d+\), /m);
  });

  it("shows a service's dependencies and dependents to depth 1", async () => {
    const r = await run('show', SHOP, 'checkout', '-d', '1');
    expect(r.exit).toBe(0);
    expect(r.out).toBe(
      [
        'Checkout (checkout) tier 0, system storefront, owner team-storefront',
        `  ${SHOP}/services.yaml:${lineOf('checkout')}:3`,
        '  Cart, checkout and order placement.',
        '',
        'Depends on (depth 1):',
        '  ├─ web [hard] …',
        '  ├─ payments [hard] …',
        '  ├─ orders [hard] …',
        '  └─ auth [hard] …',
        '',
        'Depended on by (depth 1):',
        '  (nothing)',
        '',
      ].join('\n'),
    );
  });

  it('walks deeper with -d, marks services seen before, and shows the group quorum', async () => {
    const r = await run('show', SHOP, 'catalog-db', '-d', '2', '--json');
    expect(r.exit).toBe(0);
    const j = JSON.parse(r.out) as { id: string; file: string; line: number; col: number; dependencies: Tree[]; dependents: Tree[] };
    expect([j.id, j.file, j.line, j.col]).toEqual(['catalog-db', `${SHOP}/services.yaml`, lineOf('catalog-db'), 3]);
    expect(shape(j.dependencies)).toEqual([{ 'db-node-a': ['storage'] }, { 'db-node-b': ['storage[r]'] }, { 'db-node-c': ['storage[r]'] }]);
    for (const d of j.dependencies) expect(d.via).toMatchObject({ type: 'hard', group: { atLeast: 2, size: 3 } });
    // Dependents in catalog order: catalog-api (web, search) and orders (recommendations, checkout).
    expect(shape(j.dependents)).toEqual([
      { 'catalog-api': ['web[t]', 'search[t]'] },
      { orders: ['recommendations[t]', 'checkout'] },
    ]);
    expect(j.dependents[1]!.children[0]!.via!.type).toBe('async');
  });

  it('expands a service by its distance, not where the walk first met it', async () => {
    // checkout depends on web, payments, orders, auth; payments also depends on auth. The walk
    // meets auth first under payments (2nd level), but auth is 1 step away, so its dependency
    // users-db (2 steps) is listed there; the direct sighting of auth is then a repeat.
    const r = await run('show', SHOP, 'checkout', '-d', '2', '--json');
    const j = JSON.parse(r.out) as { dependencies: Tree[] };
    expect(shape(j.dependencies)).toEqual([
      { web: ['cdn[t]', 'catalog-api[t]', 'recommendations[t]', 'search[t]'] },
      { payments: ['payment-gateway', { auth: ['users-db[t]'] }] },
      { orders: ['queue[t]', 'catalog-db[t]'] },
      'auth[r]',
    ]);
  });

  it('lists exactly the services within -d steps, each expanded once (every service, both directions, depths 1-3)', async () => {
    // the oracle: breadth-first distances over the catalog's dependsOn, written out here
    const deps = new Map<string, string[]>();
    const dependents = new Map<string, string[]>();
    const { loadCatalog } = await import('../../src/catalog/load.js');
    const catalog = loadCatalog(SHOP).catalog!;
    for (const s of catalog.services.values()) {
      deps.set(s.id, [...new Set(s.dependsOn.flatMap((d) => d.of))]);
      for (const t of new Set(s.dependsOn.flatMap((d) => d.of))) dependents.set(t, [...(dependents.get(t) ?? []), s.id]);
    }
    const within = (id: string, next: Map<string, string[]>, depth: number): string[] => {
      const dist = new Map([[id, 0]]);
      const queue = [id];
      while (queue.length) {
        const x = queue.shift()!;
        if (dist.get(x)! >= depth) continue;
        for (const y of next.get(x) ?? []) {
          if (dist.has(y)) continue;
          dist.set(y, dist.get(x)! + 1);
          queue.push(y);
        }
      }
      return [...dist.keys()].filter((k) => k !== id).sort();
    };
    const listed = (ts: Tree[], out: string[] = []): string[] => {
      for (const t of ts) {
        out.push(`${t.id}${t.repeated ? '[r]' : ''}`);
        listed(t.children, out);
      }
      return out;
    };
    for (const id of catalog.services.keys()) {
      for (const depth of [1, 2, 3]) {
        const j = JSON.parse((await run('show', SHOP, id, '-d', String(depth), '--json')).out) as { dependencies: Tree[]; dependents: Tree[] };
        for (const [tree, next] of [[j.dependencies, deps], [j.dependents, dependents]] as const) {
          const all = listed(tree);
          const expanded = all.filter((x) => !x.endsWith('[r]') && x !== id);
          expect(expanded.sort(), `${id} -d ${depth}`).toEqual(within(id, next, depth));
        }
      }
    }
  });

  it('depth 0 lists no neighbours', async () => {
    const r = await run('show', SHOP, 'web', '-d', '0', '--json');
    const j = JSON.parse(r.out) as { dependencies: Tree[]; dependents: Tree[] };
    expect(j.dependencies).toEqual([]);
    expect(j.dependents).toEqual([]);
  });

  it('an unknown service: exit 2 with a did-you-mean hint', async () => {
    const r = await run('show', SHOP, 'chekout');
    expect(r.exit).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toBe(`error: no service "chekout" in ${SHOP}\n  hint: did you mean "checkout"?\n`);
  });

  it('an unknown service with nothing close: says how to list services', async () => {
    const r = await run('show', SHOP, 'zzzzzz');
    expect(r.exit).toBe(2);
    expect(r.err).toContain('hint: run `blast show <catalog>` to list services');
  });

  it('an invalid catalog: exit 2 with the diagnostics', async () => {
    const r = await run('show', 'test/fixtures/catalog/unknown-reference.yaml');
    expect(r.exit).toBe(2);
    expect(r.err).toContain('test/fixtures/catalog/unknown-reference.yaml:6:9: error[unknown-service]');
    expect(r.err).not.toContain('    at ');
  });

  it('a bad --depth is a usage error', async () => {
    const r = await run('show', SHOP, 'web', '-d', 'deep');
    expect(r.exit).toBe(2);
    expect(r.err).toContain('expected a whole number from 0 to 50');
  });

  it('--help shows examples', async () => {
    const r = await run('show', '--help');
    expect(r.exit).toBe(0);
    expect(r.out).toContain('Examples:');
  });
});
