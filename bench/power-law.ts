/**
 * Power-law catalogs written as text, for the loading and end-to-end benchmarks: n services and
 * exactly m dependencies, each service depending on earlier ones picked by preferential
 * attachment (a few platform services collect most dependents), 0.1 % of the edges pointing
 * "back" to later services (which closes some cycles), optional redundancy groups. The same
 * catalog is written as YAML (what `blast` reads) and as JSON (the same data, for the
 * `JSON.parse` reference). Deterministic for given arguments.
 *
 * `npx tsx bench/power-law.ts 100000 1000000 out.yaml [--groups 0.09] [--soft 0.2] [--async 0.05] [--json out.json]`
 */
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { mulberry32 } from '../src/engine/rng.js';

export interface PowerLawOptions {
  readonly seed?: number;
  /** Share of services that also get a redundancy group of 2-4 members (k of n). */
  readonly groups?: number;
  /** Share of plain edges written as soft (the rest hard), and as async. */
  readonly soft?: number;
  readonly async?: number;
}

interface Edge {
  readonly to: number;
  readonly type: 'hard' | 'soft' | 'async';
}
interface Group {
  readonly of: number[];
  readonly atLeast: number;
}

export interface PowerLawCatalog {
  readonly n: number;
  readonly m: number;
  readonly groupCount: number;
  readonly tiers: Uint8Array;
  readonly edges: Edge[][];
  readonly groups: Array<Group | undefined>;
}

/** The graph (see the file header). */
export function powerLaw(n: number, m: number, options: PowerLawOptions = {}): PowerLawCatalog {
  const rng = mulberry32(options.seed ?? 42);
  const soft = options.soft ?? 0.2;
  const asyncShare = options.async ?? 0.05;
  const sets: Array<Set<number>> = Array.from({ length: n }, () => new Set<number>());
  const back = Math.floor(m * 0.001);
  const perService = (m - back) / n;
  const pool: number[] = [];
  let count = 0;
  for (let i = 0; i < n; i++) {
    const want = Math.min(i, Math.floor(perService) + (rng() < perService % 1 ? 1 : 0));
    for (let tries = 0; sets[i]!.size < want && tries < want * 20; tries++) {
      const t = rng() < 0.8 && pool.length ? pool[Math.floor(rng() * pool.length)]! : Math.floor(rng() * i);
      if (sets[i]!.has(t)) continue;
      sets[i]!.add(t);
      pool.push(t);
      count++;
    }
    pool.push(i);
  }
  while (count < m - back) {
    const i = 1 + Math.floor(rng() * (n - 1));
    const t = Math.floor(rng() * i);
    if (!sets[i]!.has(t)) {
      sets[i]!.add(t);
      count++;
    }
  }
  while (count < m) {
    const i = Math.floor(rng() * (n - 1));
    const t = i + 1 + Math.floor(rng() * (n - i - 1));
    if (!sets[i]!.has(t)) {
      sets[i]!.add(t);
      count++;
    }
  }
  const tiers = new Uint8Array(n);
  const edges: Edge[][] = [];
  const groups: Array<Group | undefined> = [];
  let groupCount = 0;
  for (let i = 0; i < n; i++) {
    const r = rng();
    tiers[i] = r < 0.05 ? 0 : r < 0.2 ? 1 : r < 0.6 ? 2 : 3;
    edges.push([...sets[i]!].map((to) => {
      const x = rng();
      return { to, type: x < asyncShare ? 'async' : x < asyncShare + soft ? 'soft' : 'hard' };
    }));
    let g: Group | undefined;
    if (i >= 8 && options.groups && rng() < options.groups) {
      const size = 2 + Math.floor(rng() * 3);
      const members = new Set<number>();
      for (let t = 0; members.size < size && t < 20; t++) {
        const c = rng() < 0.5 ? pool[Math.floor(rng() * pool.length)]! : Math.floor(rng() * i);
        if (c !== i && !sets[i]!.has(c)) members.add(c);
      }
      if (members.size >= 2) {
        g = { of: [...members].sort((a, b) => a - b), atLeast: 1 + Math.floor(rng() * (members.size - 1)) };
        groupCount++;
      }
    }
    groups.push(g);
  }
  return { n, m, groupCount, tiers, edges, groups };
}

/** The catalog as YAML: plain ids in a flow list for hard edges, `{service, type}` for the others. */
export function toYaml(c: PowerLawCatalog): string {
  const out: string[] = [`version: 1\ncatalog:\n  name: power-law ${c.n} / ${c.m}\nservices:\n`];
  for (let i = 0; i < c.n; i++) {
    const deps = c.edges[i]!.map((e) => (e.type === 'hard' ? `s${e.to}` : `{service: s${e.to}, type: ${e.type}}`));
    const g = c.groups[i];
    if (g) deps.push(`{atLeast: ${g.atLeast}, of: [${g.of.map((x) => `s${x}`).join(', ')}]}`);
    out.push(`  s${i}:\n    name: Service ${i}\n    tier: ${c.tiers[i]}\n${deps.length ? `    dependsOn: [${deps.join(', ')}]\n` : ''}`);
  }
  return out.join('');
}

/** The same data as JSON (what `JSON.parse` reads in the reference measurement). */
export function toJson(c: PowerLawCatalog): string {
  const services: Record<string, unknown> = {};
  for (let i = 0; i < c.n; i++) {
    const deps: unknown[] = c.edges[i]!.map((e) => (e.type === 'hard' ? `s${e.to}` : { service: `s${e.to}`, type: e.type }));
    const g = c.groups[i];
    if (g) deps.push({ atLeast: g.atLeast, of: g.of.map((x) => `s${x}`) });
    services[`s${i}`] = { name: `Service ${i}`, tier: c.tiers[i], ...(deps.length ? { dependsOn: deps } : {}) };
  }
  return JSON.stringify({ version: 1, catalog: { name: `power-law ${c.n} / ${c.m}` }, services });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [n, m, file] = process.argv.slice(2);
  const flag = (name: string): string | undefined => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  if (!n || !m || !file) {
    console.error('usage: power-law.ts <services> <dependencies> <out.yaml> [--groups share] [--soft share] [--async share] [--json out.json]');
    process.exit(2);
  }
  const c = powerLaw(Number(n), Number(m), { groups: Number(flag('--groups') ?? 0), soft: Number(flag('--soft') ?? 0.2), async: Number(flag('--async') ?? 0.05) });
  writeFileSync(file, toYaml(c));
  const json = flag('--json');
  if (json) writeFileSync(json, toJson(c));
  console.log(`${c.n} services, ${c.m} dependencies, ${c.groupCount} groups`);
}
