/** Random catalogs with cycles of every edge type, for the engine's cycle properties. */
import fc from 'fast-check';
import { stringify } from 'yaml';

export interface Spec {
  n: number;
  deps: Array<Array<{ to: number; type: 'hard' | 'soft' | 'async'; failOn: boolean }>>;
  groups: Array<{ owner: number; of: number[]; atLeast: number; type: 'hard' | 'soft' } | null>;
  warm: Array<number | null>;
  backlog: Array<{ arrival: number; capacity: number } | null>;
  faults: Array<{ service: number; at: number; dur: number }>;
}

export const specArb = (models: boolean, failOn = true, warm = true) =>
  fc.integer({ min: 2, max: 7 }).chain((n) =>
    fc.record({
      n: fc.constant(n),
      // edges to any other service: cycles of every type are common
      deps: fc.array(fc.array(fc.record({ to: fc.nat(), type: fc.constantFrom<'hard' | 'soft' | 'async'>('hard', 'soft', 'soft', 'async'), failOn: failOn ? fc.boolean() : fc.constant(false) }), { maxLength: 3 }), { minLength: n, maxLength: n }),
      groups: fc.array(fc.option(fc.record({ owner: fc.nat(), of: fc.array(fc.nat(), { minLength: 2, maxLength: 3 }), atLeast: fc.integer({ min: 1, max: 2 }), type: fc.constantFrom<'hard' | 'soft'>('hard', 'soft') }), { freq: 2 }), { minLength: 1, maxLength: 2 }),
      warm: fc.array(models && warm ? fc.option(fc.integer({ min: 1, max: 30 }), { freq: 2 }) : fc.constant(null), { minLength: n, maxLength: n }),
      // Queues in a block that block each other drain one at a time, so together they drain only
      // if their arrivals add up to less than the capacity of any one (docs/model.md, "Cycles"):
      // arrivals of at most 200/n against capacities above 200 keep that true.
      backlog: fc.array(models ? fc.option(fc.record({ arrival: fc.integer({ min: 1, max: Math.floor(200 / n) }), capacity: fc.integer({ min: 201, max: 400 }) }), { freq: 2 }) : fc.constant(null), { minLength: n, maxLength: n }),
      faults: fc.array(fc.record({ service: fc.nat(), at: fc.integer({ min: 0, max: 60 }), dur: fc.integer({ min: 1, max: 120 }) }), { minLength: 1, maxLength: 3 }),
    }),
  );

/** Edges u → v where v also reaches u: the edges that close a cycle (Floyd–Warshall closure). */
function cycleEdges(spec: Spec, edges: Array<[number, number]>): Set<string> {
  const n = spec.n;
  const reach = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => i === j));
  for (const [u, v] of edges) reach[u]![v] = true;
  for (let k = 0; k < n; k++) for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (reach[i]![k] && reach[k]![j]) reach[i]![j] = true;
  return new Set(edges.filter(([u, v]) => reach[v]![u]).map(([u, v]) => `${u}>${v}`));
}

export function toYaml(spec: Spec, dropCycles: boolean): string {
  const edges: Array<[number, number]> = [];
  const norm = (i: number, to: number) => { const t = to % spec.n; return t === i ? (t + 1) % spec.n : t; };
  spec.deps.forEach((ds, i) => ds.forEach((d) => edges.push([i, norm(i, d.to)])));
  for (const g of spec.groups) if (g) for (const m of g.of) edges.push([g.owner % spec.n, norm(g.owner % spec.n, m)]);
  const cyc = dropCycles ? cycleEdges(spec, edges) : new Set<string>();
  const services: Record<string, unknown> = {};
  for (let i = 0; i < spec.n; i++) {
    const deps: unknown[] = [];
    const seen = new Set<number>();
    for (const d of spec.deps[i]!) {
      const to = norm(i, d.to);
      if (seen.has(to) || cyc.has(`${i}>${to}`)) continue;
      seen.add(to);
      deps.push({ service: `s${to}`, type: d.type, ...(d.failOn && d.type === 'hard' ? { failOn: 'degraded' } : {}) });
    }
    for (const g of spec.groups) {
      if (!g || g.owner % spec.n !== i) continue;
      const members = [...new Set(g.of.map((m) => norm(i, m)))].filter((m) => !cyc.has(`${i}>${m}`));
      if (members.length < 2) continue;
      deps.push({ atLeast: Math.min(g.atLeast, members.length), of: members.map((m) => `s${m}`), type: g.type });
    }
    const w = spec.warm[i];
    const b = spec.backlog[i];
    services[`s${i}`] = {
      name: `Service ${i}`,
      ...(deps.length ? { dependsOn: deps } : {}),
      // warm-ups in the degraded state: a restart that is down inside a hard cycle is a
      // cold-start deadlock (tested above), which is not what this property is about
      ...(w ? { recovery: { time: `${w}m`, state: 'degraded' } } : {}),
      // no timeout: no metastable collapse
      ...(b ? { backlog: { arrival: `${b.arrival}/min`, capacity: `${b.capacity}/min` } } : {}),
    };
  }
  const fs = spec.faults.map((f) => ({ service: `s${f.service % spec.n}`, at: `${f.at}m`, for: `${f.dur}m` }));
  return stringify({ services, scenarios: { s: { faults: fs } } });
}

