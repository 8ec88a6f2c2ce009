/**
 * Stale dependencies (docs/model.md, "Stale dependencies"): an edge with `staleFor` feels its
 * dependency's impairment only once it has lasted that long. Expected numbers are worked out in
 * the comments; the property tests check the rules on random catalogs.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { catalogOf, runScenario, spans, svc } from './helpers.js';
import { prepareSimulation, simulate } from '../../src/engine/index.js';

const dns = (edge: string, fault: string) => `services:
  auth: {name: Authoritative DNS}
  resolver: {name: Resolver, dependsOn: [${edge}]}
  app: {name: App, dependsOn: [resolver]}
scenarios:
  s:
    faults: [${fault}]
`;

describe('an edge seen through a cache', () => {
  it('feels an outage only once it has lasted staleFor', () => {
    // auth down 0–60; the resolver's cached answers last 11 min: down 11–60 (auth recovers at
    // 60, the edge then sees it up at once); the app follows the resolver: 11–60.
    const r = runScenario(dns('{service: auth, staleFor: 11m}', '{service: auth, at: 0m, for: 60m}'));
    expect(spans(r, 'auth')).toEqual([['down', 0, 60, 'fault']]);
    expect(spans(r, 'resolver')).toEqual([['down', 11, 60, 'dependency']]);
    expect(spans(r, 'app')).toEqual([['down', 11, 60, 'dependency']]);
    expect(svc(r, 'resolver').intervals[0]!.cause.detail).toBe(
      'Authoritative DNS is down; its cached state (cache, lease, TTL) kept this service working for 11 min after that began, then expired',
    );
  });

  it('never feels an outage shorter than staleFor', () => {
    // auth down 5–15 (10 min) < 11 min: the cache outlives it; nothing else is affected
    const r = runScenario(dns('{service: auth, staleFor: 11m}', '{service: auth, at: 5m, for: 10m}'));
    expect(spans(r, 'resolver')).toEqual([]);
    expect(r.affected).toBe(1);
    expect(r.fullRecoveryMinutes).toBe(15);
  });

  it('counts from the start of the impairment, not of the worst state', () => {
    // auth degraded by a capacity cut 0–20, then down 20–40 (a second fault). Its impairment
    // began at 0, so a soft edge with staleFor 30m feels it from 30: degraded 30–40.
    const r = runScenario(dns('{service: auth, type: soft, staleFor: 30m}', '{service: auth, at: 0m, for: 20m, capacity: 0.5}, {service: auth, at: 20m, for: 20m}'));
    expect(spans(r, 'auth')).toEqual([['degraded', 0, 20, 'capacity'], ['down', 20, 40, 'fault']]);
    expect(spans(r, 'resolver')).toEqual([['degraded', 30, 40, 'dependency']]);
  });

  it('hides a member of a redundancy group until its cached state expires', () => {
    // a 1-of-2 group with staleFor 10m: a down 0–50, b down 20–50. a is felt from 10, b from
    // 30: the group loses its quorum at 30, until both return at 50.
    const r = runScenario(`services:
  a: {name: A}
  b: {name: B}
  c: {name: C, dependsOn: [{atLeast: 1, of: [a, b], staleFor: 10m}]}
scenarios:
  s:
    faults: [{service: a, at: 0m, for: 50m}, {service: b, at: 20m, for: 30m}]
`);
    expect(spans(r, 'c')).toEqual([['down', 30, 50, 'group']]);
  });

  it('delays a needs edge: the served fraction is read once the cache has expired', () => {
    // db at 50 % capacity 0–30; app needs 80 % of it with staleFor 10m: down 10–30
    const r = runScenario(`services:
  db: {name: DB}
  app: {name: App, dependsOn: [{service: db, needs: 0.8, staleFor: 10m}]}
scenarios:
  s:
    faults: [{service: db, at: 0m, for: 30m, capacity: 0.5}]
`);
    expect(spans(r, 'app')).toEqual([['down', 10, 30, 'dependency']]);
  });
});

/** A random layered catalog: n services, each depending on up to two earlier ones, some with staleFor. */
const arbCatalog = fc.record({
  n: fc.integer({ min: 2, max: 7 }),
  edges: fc.array(fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 6 }), fc.constantFrom('hard', 'soft'), fc.integer({ min: 0, max: 40 })), { maxLength: 10 }),
  faults: fc.array(fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 60 }), fc.integer({ min: 1, max: 60 })), { minLength: 1, maxLength: 3 }),
});

function yamlOf(c: { n: number; edges: [number, number, string, number][]; faults: [number, number, number][] }, ttl: (k: number, base: number) => number): string {
  const lines = ['services:'];
  for (let i = 0; i < c.n; i++) {
    const deps = c.edges
      .map((e, k) => [e, k] as const)
      .filter(([e]) => e[0] % c.n === i && e[1] % c.n < i)
      .map(([e, k]) => `{service: s${e[1] % c.n}, type: ${e[2]}, staleFor: ${ttl(k, e[3])}m}`);
    const uniq = [...new Set(deps.map((d) => d.replace(/, type.*/, '')))].length === deps.length ? deps : deps.slice(0, 1);
    lines.push(`  s${i}: {name: S${i}, dependsOn: [${uniq.join(', ')}]}`);
  }
  lines.push('scenarios:', '  s:', `    faults: [${c.faults.map(([s, at, d]) => `{service: s${s % c.n}, at: ${at}m, for: ${d}m}`).join(', ')}]`);
  return lines.join('\n') + '\n';
}

const run = (yaml: string) => {
  const c = catalogOf(yaml);
  return simulate(prepareSimulation(c), { scenario: c.scenarios.get('s')! });
};

describe('stale edges: properties', () => {
  it('staleFor 0 gives exactly the result of the edge without it', () => {
    fc.assert(fc.property(arbCatalog, (c) => {
      const zero = run(yamlOf(c, () => 0));
      const none = run(yamlOf(c, () => 0).replace(/, staleFor: 0m/g, ''));
      expect(JSON.stringify(zero.services)).toBe(JSON.stringify(none.services));
    }), { numRuns: 60 });
  });

  it('a longer staleFor never brings an impact earlier, and every run ends without NaN', () => {
    fc.assert(fc.property(arbCatalog, fc.integer({ min: 0, max: 30 }), (c, extra) => {
      const short = run(yamlOf(c, (_k, b) => b));
      const long = run(yamlOf(c, (_k, b) => b + extra));
      for (const s of short.services) {
        const l = long.services.find((x) => x.id === s.id)!;
        for (const x of [s, l]) {
          for (const iv of x.intervals) { expect(Number.isNaN(iv.start)).toBe(false); expect(iv.start).toBeGreaterThanOrEqual(0); }
        }
        if (s.impactStartMinutes === null) expect(l.impactStartMinutes).toBeNull();
        else if (l.impactStartMinutes !== null) expect(l.impactStartMinutes).toBeGreaterThanOrEqual(s.impactStartMinutes);
      }
      expect(long.fullRecoveryMinutes).not.toBeNull(); // every fault clears, so everything recovers
    }), { numRuns: 60 });
  });
});

describe('stale edges in cycles', () => {
  // random directed graphs with cycles (any edge i -> j, i ≠ j), soft and hard, with staleFor
  const arbCyclic = fc.record({
    n: fc.integer({ min: 2, max: 6 }),
    edges: fc.uniqueArray(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 5 })), { maxLength: 12, selector: (e) => `${e[0]}-${e[1]}` }),
    types: fc.array(fc.constantFrom('hard', 'soft'), { minLength: 12, maxLength: 12 }),
    ttls: fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 12, maxLength: 12 }),
    fault: fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 1, max: 40 })),
  });
  const yaml = (c: { n: number; edges: [number, number][]; types: string[]; ttls: number[]; fault: [number, number] }, stale: boolean): string => {
    const lines = ['services:'];
    for (let i = 0; i < c.n; i++) {
      const deps = c.edges
        .map((e, k) => [e, k] as const)
        .filter(([e]) => e[0] % c.n === i && e[1] % c.n !== i)
        .map(([e, k]) => `{service: s${e[1] % c.n}, type: ${c.types[k]}${stale ? `, staleFor: ${c.ttls[k]}m` : ''}}`);
      const seen = new Set<string>();
      const uniq = deps.filter((d) => { const key = d.replace(/, type.*/, ''); if (seen.has(key)) return false; seen.add(key); return true; });
      lines.push(`  s${i}: {name: S${i}, dependsOn: [${uniq.join(', ')}]}`);
    }
    lines.push('scenarios:', '  s:', `    faults: [{service: s${c.fault[0] % c.n}, at: 0m, for: ${c.fault[1]}m}]`);
    return lines.join('\n') + '\n';
  };
  it('every run ends, with no NaN, and every service recovers once the fault clears', () => {
    fc.assert(fc.property(arbCyclic, (c) => {
      const r = run(yaml(c, true));
      for (const s of r.services) for (const iv of s.intervals) { expect(Number.isNaN(iv.start)).toBe(false); expect(iv.start).toBeGreaterThanOrEqual(0); }
      expect(r.fullRecoveryMinutes).not.toBeNull();
      const plain = run(yaml(c, false));
      // a cache only delays impact: nothing is affected that the plain graph leaves alone
      expect(r.affected).toBeLessThanOrEqual(plain.affected);
    }), { numRuns: 80 });
  });
});
