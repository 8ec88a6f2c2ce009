/**
 * Synthetic catalogs for benchmarks: services with power-law fan-in (preferential
 * attachment, as measured service graphs show), a share of them with recovery and
 * backlog models. Deterministic for a given size and seed.
 */
import type { Catalog, Dependency, Service } from '../src/catalog/model.js';
import { mulberry32 } from '../src/engine/rng.js';

export function syntheticCatalog(n: number, seed = 1, depsPerService = 3): Catalog {
  const rng = mulberry32(seed);
  const pos = { file: 'synthetic.yaml', line: 1, col: 1 };
  const services = new Map<string, Service>();
  const pool: number[] = []; // node i appears (in-degree + 1) times
  for (let i = 0; i < n; i++) {
    const deps: Dependency[] = [];
    const chosen = new Set<number>();
    const k = i === 0 ? 0 : 1 + Math.floor(rng() * Math.min(i, depsPerService * 2 - 1));
    for (let j = 0; j < k && chosen.size < i; j++) {
      const t = pool[Math.floor(rng() * pool.length)]!;
      if (chosen.has(t)) continue;
      chosen.add(t);
      const r = rng();
      deps.push({ of: [`s${t}`], atLeast: 1, group: false, type: r < 0.7 ? 'hard' : r < 0.95 ? 'soft' : 'async', failOn: 'down', failover: false, pos, memberPos: [pos] });
      pool.push(t);
    }
    pool.push(i);
    const m = rng();
    services.set(`s${i}`, {
      id: `s${i}`,
      name: `Service ${i}`,
      tier: (i % 4) as 0 | 1 | 2 | 3,
      links: [],
      labels: new Map(),
      dependsOn: deps,
      ...(m < 0.2 ? { recovery: { time: { kind: 'lognormal', p50: 5, p90: 15 }, state: 'down' as const } } : {}),
      ...(m > 0.8
        ? { backlog: { arrival: { kind: 'const', value: 100 }, capacity: { kind: 'uniform', min: 150, max: 400 }, timeout: { kind: 'const', value: 30 }, mitigation: { kind: 'const', value: 45 } } }
        : {}),
      partial: false,
      pos,
    });
  }
  return { meta: { name: `synthetic-${n}` }, services, scenarios: new Map(), files: ['synthetic.yaml'] };
}
