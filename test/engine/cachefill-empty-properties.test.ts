/**
 * When a cold cache's refill starts (docs/model.md, "Cold caches loading their origin", "What
 * empties a cache"), on random catalogs (fast-check) with the mechanisms that brought caches
 * down and back in loops on the benchmark catalogs: `needs`, warm-ups, crash loops, queues that
 * collapse, load faults. Without operators' restarts, a refill starts only where its cache leaves
 * *down*: the run's fill trace (cachefill.ts) shows each refill of the cache loading an origin
 * most at the instant it starts (warmth 0), and the transition log shows the cache coming out of
 * *down* at that instant. The engine before started refills while the cache was still down (an
 * outage passing to the origin) and after collapses of the cache's own queue. Every run ends.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildModel, prepareSimulation, run } from '../../src/engine/index.js';
import { fillTrace } from '../../src/engine/cachefill.js';
import { STATE_DOWN } from '../../src/engine/model.js';
import { catalogOf } from './helpers.js';

type Edge = 'hard' | 'soft' | 'needs' | 'fill';
interface Svc { deps: Array<{ to: number; kind: Edge }>; warm: number | null; crash: boolean; queue: number | null }
interface Spec { services: Svc[]; faults: Array<{ svc: number; at: number; dur: number; demand: boolean }>; hit: number; refill: number; share: number }

const specArb: fc.Arbitrary<Spec> = fc.integer({ min: 3, max: 9 }).chain((n) => fc.record({
  services: fc.tuple(...Array.from({ length: n }, (_, i): fc.Arbitrary<Svc> => fc.record({
    deps: i === 0 ? fc.constant<Svc['deps']>([]) : fc.uniqueArray(fc.record({ to: fc.integer({ min: 0, max: i - 1 }), kind: fc.constantFrom<Edge>('hard', 'soft', 'needs', 'fill', 'fill') }), { minLength: 1, maxLength: Math.min(3, i), selector: (d) => d.to }),
    warm: fc.option(fc.integer({ min: 1, max: 10 }), { freq: 2 }),
    crash: fc.boolean(),
    queue: fc.option(fc.integer({ min: 100, max: 400 }), { freq: 2 }),
  }))).map((t): Svc[] => [...t]),
  faults: fc.array(fc.record({ svc: fc.integer({ min: 0, max: n - 1 }), at: fc.integer({ min: 0, max: 30 }), dur: fc.integer({ min: 5, max: 60 }), demand: fc.boolean() }), { minLength: 1, maxLength: 3 }),
  hit: fc.integer({ min: 5, max: 95 }).map((x) => x / 100),
  refill: fc.integer({ min: 1, max: 30 }),
  share: fc.integer({ min: 1, max: 10 }).map((x) => x / 10),
}));

function yaml(s: Spec): string {
  const lines = ['services:'];
  s.services.forEach((v, i) => {
    lines.push(`  s${i}:`, `    name: S${i}`);
    if (v.warm !== null) lines.push(`    recovery: {time: ${v.warm}m, state: down}`);
    if (v.crash) lines.push('    crashLoop: {base: 1m, cap: 5m}');
    if (v.queue !== null) lines.push(`    backlog: {arrival: 100/min, capacity: ${v.queue}/min, timeout: 30m, mitigation: 45m}`);
    if (v.deps.length === 0) return;
    lines.push('    dependsOn:');
    for (const d of v.deps) {
      const extra = d.kind === 'needs' ? ', needs: 0.8' : d.kind === 'fill' ? `, fill: {hitRatio: ${s.hit}, warm: ${s.refill}m, share: ${s.share}}` : '';
      lines.push(`      - {service: s${d.to}, type: ${d.kind === 'soft' ? 'soft' : 'hard'}${extra}}`);
    }
  });
  lines.push('scenarios:', '  s:', '    faults:');
  for (const f of s.faults) lines.push(`      - {service: s${f.svc}, at: ${f.at}m, for: ${f.dur}m${f.demand ? ', demand: 3' : ''}}`);
  return `${lines.join('\n')}\n`;
}

describe('cold caches: a refill starts where its cache leaves down', () => {
  it('every refill start in the trace is an instant at which the cache comes out of down', () => {
    fc.assert(fc.property(specArb, (s) => {
      const c = catalogOf(yaml(s));
      const model = buildModel(prepareSimulation(c), { scenario: c.scenarios.get('s')! });
      const o = run(model, model.params.medians());
      expect(Number.isFinite(o.horizon)).toBe(true);
      const tr = fillTrace(o.log);
      if (tr === undefined) return;
      // per service, the instants of a change out of down after a state that was down (one pass
      // over the log: a run that loops to the 30-day cut logs hundreds of thousands of changes)
      const log = o.log;
      const leavesDown = new Map<number, Set<number>>();
      const prev = new Uint8Array(model.graph.n); // up before its first change
      for (let j = 0; j < log.length; j++) {
        const i = log.service[j]!;
        if (prev[i] === STATE_DOWN && log.state[j] !== STATE_DOWN) {
          const set = leavesDown.get(i) ?? new Set<number>();
          set.add(log.time[j]!);
          leavesDown.set(i, set);
        }
        prev[i] = log.state[j]!;
      }
      for (let k = 0; k < tr.t.length; k++) {
        if (tr.warmth[k] !== 0 || tr.cache[k]! < 0) continue; // not a refill at its start
        const cache = tr.cache[k]!;
        const t = tr.t[k]!;
        expect(leavesDown.get(cache)?.has(t) ?? false, `refill of s${cache} at ${t} without leaving down\n${yaml(s)}`).toBe(true);
      }
    }), { numRuns: 150 });
  });
});
