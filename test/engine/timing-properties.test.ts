/**
 * Properties of relative action times on random catalogs (fast-check), through the real
 * YAML path: counting from `start` is the same as a stated minute; counting from a stated
 * detection D with delay P is the same as acting at D + P; an action after "<s> down" or
 * "<s> recovered" fires exactly that long after the service's first outage or recovery.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { runScenario } from './helpers.js';
import { buildCatalog } from '../../src/catalog/build.js';
import { prepareSimulation, simulate, type SimulationResult } from '../../src/engine/index.js';

interface Spec {
  n: number;
  deps: Array<Array<{ to: number; type: 'hard' | 'soft'; failover: boolean }>>;
  warm: Array<number | null>;
  faults: Array<{ service: number; at: number; dur: number | null }>;
  actions: Array<{ service: number; do: 'disable' | 'enable' | 'restart'; at: number }>;
}

const specArb = fc.integer({ min: 2, max: 7 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    deps: fc.array(fc.array(fc.record({ to: fc.nat(), type: fc.constantFrom<'hard' | 'soft'>('hard', 'soft'), failover: fc.boolean() }), { maxLength: 3 }), { minLength: n, maxLength: n }),
    warm: fc.array(fc.option(fc.integer({ min: 1, max: 20 }), { freq: 2 }), { minLength: n, maxLength: n }),
    faults: fc.array(fc.record({ service: fc.nat(), at: fc.integer({ min: 0, max: 30 }), dur: fc.option(fc.integer({ min: 1, max: 90 }), { freq: 4 }) }), { minLength: 1, maxLength: 3 }),
    actions: fc.array(fc.record({ service: fc.nat(), do: fc.constantFrom<'disable' | 'enable' | 'restart'>('disable', 'enable', 'restart'), at: fc.integer({ min: 0, max: 120 }) }), { minLength: 1, maxLength: 4 }),
  }),
);

/** The catalog's services (acyclic: edges to lower indices only). */
function services(s: Spec): string {
  const lines = ['services:'];
  for (let i = 0; i < s.n; i++) {
    const deps = s.deps[i]!.filter(() => i > 0).map((d) => ({ ...d, to: d.to % i }));
    const seen = new Set<number>();
    const written = deps.filter((d) => !seen.has(d.to) && (seen.add(d.to), true)).map((d) => `{service: s${d.to}, type: ${d.type}${d.failover ? ', failover: true' : ''}}`);
    lines.push(`  s${i}:`, `    name: S${i}`);
    if (written.length) lines.push(`    dependsOn: [${written.join(', ')}]`);
    if (s.warm[i] !== null) lines.push(`    recovery: {time: ${s.warm[i]}m}`);
  }
  return lines.join('\n');
}

function scenario(s: Spec, at: (a: Spec['actions'][number]) => string, extra = ''): string {
  const faults = s.faults.map((f) => `{service: s${f.service % s.n}, at: ${f.at}m${f.dur === null ? '' : `, for: ${f.dur}m`}}`);
  const actions = s.actions.map((a) => `      - {at: ${at(a)}, service: s${a.service % s.n}, do: ${a.do}}`);
  return `${services(s)}\nscenarios:\n  s:\n${extra}    faults: [${faults.join(', ')}]\n    actions:\n${actions.join('\n')}\n`;
}

/** The result without the words that say how an action was timed. */
const sameRun = (r: SimulationResult): unknown => ({
  ...r,
  actions: r.actions.map((a) => [a.service, a.do, a.atMinutes]),
  criticalPath: r.criticalPath.map((s) => ({ ...s, what: s.what.replace(/^operators acted: .*/, 'operators acted') })),
  detectionMinutes: null,
});

describe('relative action times (properties)', () => {
  it('{after: start, plus: t} is the same as at: t', () => {
    fc.assert(
      fc.property(specArb, (s) => {
        const abs = runScenario(scenario(s, (a) => `${a.at}m`));
        const rel = runScenario(scenario(s, (a) => `{after: start, plus: ${a.at}m}`));
        expect(sameRun(rel)).toEqual(sameRun(abs));
      }),
      { numRuns: 150 },
    );
  });

  it('with detection: D, {after: detection, plus: P} is the same as at: D + P', () => {
    fc.assert(
      fc.property(specArb, fc.integer({ min: 0, max: 60 }), (s, d) => {
        const abs = runScenario(scenario(s, (a) => `${d + a.at}m`));
        const rel = runScenario(scenario(s, (a) => `{after: detection, plus: ${a.at}m}`, `    detection: ${d}m\n`));
        expect(rel.detectionMinutes).toBe(d);
        expect(sameRun(rel)).toEqual(sameRun(abs));
      }),
      { numRuns: 150 },
    );
  });

  it('an action after "<s> down" or "<s> recovered" fires that long after the first outage or recovery, or never', () => {
    fc.assert(
      fc.property(specArb, fc.nat(), fc.constantFrom('down', 'recovered'), (s, watchedRaw, event) => {
        const w = watchedRaw % s.n;
        // one extra action, on a service of its own that nothing depends on: it changes nothing else
        const yaml = scenario(s, (a) => `${a.at}m`).replace('scenarios:', `  spare: {name: Spare}\nscenarios:`) + `      - {at: {after: s${w} ${event}, plus: 7m}, service: spare, do: restart}\n`;
        const r = runScenario(yaml);
        const ws = r.services.find((x) => x.id === `s${w}`)!;
        const firstDown = ws.intervals.find((i) => i.state === 'down')?.start;
        // the first recovery: the end of the first impaired stretch (intervals back to back form one stretch)
        let firstUp: number | null | undefined;
        for (let k = 0; k < ws.intervals.length; k++) {
          const end = ws.intervals[k]!.end;
          if (end === null || ws.intervals[k + 1]?.start !== end) { firstUp = end; break; }
        }
        const anchor = event === 'down' ? firstDown : firstUp;
        const got = r.actions[r.actions.length - 1]!.atMinutes;
        if (anchor === undefined || anchor === null) expect(got).toBeNull();
        else expect(got).toBeCloseTo(anchor + 7, 6);
      }),
      { numRuns: 200 },
    );
  });
});

describe('relative times: any input is a result or diagnostics with positions', () => {
  it('never throws on odd events and delays', () => {
    const events = fc.oneof(
      fc.constantFrom('start', 'detection', 'fault-end', 'a impact', 'b down', 'a recovered', 'zz down', 'a  down', 'a sideways', '', '5', 'detection down', 'constructor down', '__proto__ impact'),
      fc.string({ maxLength: 12 }),
    );
    const delays = fc.constantFrom('', ', plus: 0', ', plus: 5m', ', plus: 5', ', plus: []', ', plus: [1m, 2m]', ', plus: [{prior: detect}, 3m]', ', plus: {prior: nope}', ', plus: {p50: 0, p90: 1m}', ', plus: 400d', ', plus: {min: 2m, max: 1m}');
    fc.assert(
      fc.property(events, delays, events, fc.boolean(), (ev, plus, det, withDetection) => {
        const q = (x: string): string => JSON.stringify(x);
        const yaml = `services:\n  a: {name: A}\n  b: {name: B, dependsOn: [a]}\n  constructor: {name: C}\nscenarios:\n  s:\n${withDetection ? `    detection: {after: ${q(det)}}\n` : ''}    faults: [{service: a, at: 1m, for: 10m}]\n    actions: [{at: {after: ${q(ev)}${plus}}, service: b, do: restart}]\n`;
        const res = buildCatalog([{ file: 'c.yaml', bytes: new TextEncoder().encode(yaml) }]);
        if (!res.catalog) {
          expect(res.diagnostics.some((d) => d.severity === 'error' && d.pos !== undefined)).toBe(true);
          return;
        }
        const r = simulate(prepareSimulation(res.catalog), { scenario: res.catalog.scenarios.get('s')! });
        expect(r.actions).toHaveLength(1);
        expect(typeof r.actions[0]!.explanation).toBe('string');
      }),
      { numRuns: 400 },
    );
  });
});
