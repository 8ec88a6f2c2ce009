/**
 * A synthetic catalog of any size, as YAML text, for the explorer's large-catalog tests
 * and its benchmark: layered like a real estate (a few shared platform services at the
 * bottom, many product services on top), with soft, async and redundancy-group
 * dependencies. Deterministic for a given seed.
 */
import { mulberry32 } from '../../src/engine/rng.js';

const rng = mulberry32;

/** YAML for a catalog of `n` services (ids `svc-00000` …), one scenario, seeded. */
export function syntheticCatalogYaml(n: number, seed = 1): string {
  const rand = rng(seed);
  const pick = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo));
  const id = (i: number): string => `svc-${String(i).padStart(5, '0')}`;
  const systems = Math.max(1, Math.round(n / 100));
  // Layers by index: the first 1% are the platform core, the next 10% shared services.
  const core = Math.max(1, Math.floor(n / 100));
  const shared = Math.max(core + 1, Math.floor(n / 10));
  const lines: string[] = ['version: 1', 'catalog:', `  name: Synthetic ${n}`, 'services:'];
  for (let i = 0; i < n; i++) {
    const tier = i < core ? 0 : i < shared ? 1 : 1 + pick(1, 3);
    lines.push(`  ${id(i)}:`, `    name: Service ${i}`, `    tier: ${tier}`, `    system: system-${String(i % systems).padStart(3, '0')}`);
    if (i === 0) continue;
    const lower = i < core ? i : i < shared ? core : shared;
    const deps = new Set<number>();
    const count = Math.min(lower, pick(1, 4));
    while (deps.size < count) deps.add(pick(0, lower));
    lines.push('    dependsOn:');
    let k = 0;
    for (const d of [...deps].sort((a, b) => a - b)) {
      const r = rand();
      if (r < 0.7 || k > 0) lines.push(`      - ${id(d)}`);
      else if (r < 0.85) lines.push(`      - service: ${id(d)}`, '        type: soft');
      else lines.push(`      - service: ${id(d)}`, '        type: async');
      k++;
    }
    if (i >= shared && lower >= 3 && rand() < 0.1) {
      const a = pick(0, lower);
      const members = [a, (a + 1) % lower, (a + 2) % lower].filter((m, j, all) => all.indexOf(m) === j && !deps.has(m));
      if (members.length >= 2) lines.push(`      - atLeast: 1`, `        of: [${members.map(id).join(', ')}]`);
    }
  }
  lines.push('scenarios:', '  core-outage:', '    name: Core service outage', '    faults:', `      - service: ${id(0)}`, '        at: 0m', '        for: 30m');
  return `${lines.join('\n')}\n`;
}
