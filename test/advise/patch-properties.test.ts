/**
 * Property: on random catalogs written in random YAML styles (plain ids, block and flow
 * lists and mappings, groups, backlogs with timeouts, recovery times as constants or
 * distributions, comments), every candidate the advisor proposes writes into the YAML,
 * loads, and simulates to exactly the measure the advisor claimed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/catalog/build.js';
import { advise } from '../../src/advise/advise.js';
import { measure, sample } from '../../src/advise/evaluate.js';
import { patchYaml } from '../../src/advise/patch-yaml.js';

interface Dep { to: number; style: 'plain' | 'block-map' | 'flow-map'; type: 'hard' | 'soft' | 'async'; group: boolean }
interface Svc { tier: number; listFlow: boolean; deps: Dep[]; backlog: null | { flow: boolean; timeout: number; retry: number }; recovery: null | { lognormal: boolean; minutes: number } }

const svcArb = (n: number): fc.Arbitrary<Svc> =>
  fc.record({
    tier: fc.integer({ min: 0, max: 3 }),
    listFlow: fc.boolean(),
    deps: fc.array(fc.record({ to: fc.integer({ min: 0, max: n - 1 }), style: fc.constantFrom('plain', 'block-map', 'flow-map'), type: fc.constantFrom('hard', 'hard', 'soft', 'async'), group: fc.boolean() }) as fc.Arbitrary<Dep>, { maxLength: 3 }),
    backlog: fc.option(fc.record({ flow: fc.boolean(), timeout: fc.integer({ min: 1, max: 20 }), retry: fc.integer({ min: 1, max: 4 }) }), { nil: null }),
    recovery: fc.option(fc.record({ lognormal: fc.boolean(), minutes: fc.integer({ min: 1, max: 30 }) }), { nil: null }),
  }) as fc.Arbitrary<Svc>;

const catalogArb = fc.integer({ min: 3, max: 7 }).chain((n) =>
  fc.record({
    services: fc.array(svcArb(n), { minLength: n, maxLength: n }),
    faults: fc.array(fc.record({ svc: fc.integer({ min: 0, max: n - 1 }), at: fc.integer({ min: 0, max: 10 }), for: fc.integer({ min: 5, max: 60 }) }), { minLength: 1, maxLength: 2 }),
  }),
);

function yamlOf(c: { services: Svc[]; faults: Array<{ svc: number; at: number; for: number }> }): string {
  const lines = ['# random catalog', 'services:'];
  c.services.forEach((s, i) => {
    lines.push(`  s${i}:   # service ${i}`, `    name: Service ${i}`, `    tier: ${s.tier}`);
    const seen = new Set<number>();
    const items: string[] = [];
    const blockItems: string[][] = [];
    for (const d of s.deps) {
      if (d.to === i || seen.has(d.to)) continue;
      seen.add(d.to);
      const other = (d.to + 1) % c.services.length;
      if (d.group && other !== i && !seen.has(other) && d.type !== 'async') {
        seen.add(other);
        items.push(`{atLeast: 1, of: [s${d.to}, s${other}]}`);
        blockItems.push([`- {atLeast: 1, of: [s${d.to}, s${other}]}`]);
      } else if (d.style === 'plain' && d.type === 'hard') {
        items.push(`s${d.to}`);
        blockItems.push([`- s${d.to}   # plain`]);
      } else if (d.style === 'block-map' && !s.listFlow) {
        blockItems.push([`- service: s${d.to}`, ...(d.type === 'hard' ? [] : [`  type: ${d.type}`]), '  why: a reason']);
      } else {
        const text = `{service: s${d.to}${d.type === 'hard' ? '' : `, type: ${d.type}`}}`;
        items.push(text);
        blockItems.push([`- ${text}`]);
      }
    }
    if (s.listFlow && items.length) lines.push(`    dependsOn: [${items.join(', ')}]`);
    else if (!s.listFlow && blockItems.length) lines.push('    dependsOn:', ...blockItems.flatMap((it) => it.map((l) => `      ${l}`)));
    if (s.backlog) {
      const b = s.backlog;
      if (b.flow) lines.push(`    backlog: {arrival: 100/min, capacity: 150/min, timeout: ${b.timeout}m, retry: ${b.retry}}`);
      else lines.push('    backlog:', '      arrival: 100/min', '      capacity: 150/min', `      timeout: ${b.timeout}m   # deadline`, `      retry: ${b.retry}`);
    }
    if (s.recovery) lines.push('    recovery:', `      time: ${s.recovery.lognormal ? `{p50: ${s.recovery.minutes}m, p90: ${s.recovery.minutes * 2}m}` : `${s.recovery.minutes}m`}`);
  });
  lines.push('scenarios:', '  s:', '    faults:');
  for (const f of c.faults) lines.push(`      - {service: s${f.svc}, at: ${f.at}m, for: ${f.for}m}`);
  return `${lines.join('\n')}\n`;
}

describe('every candidate on random catalogs re-checks through its YAML patch', () => {
  it('holds for random catalogs and styles', async () => {
    await fc.assert(
      fc.asyncProperty(catalogArb, async (c) => {
        const text = yamlOf(c);
        const built = buildCatalog([{ file: 'r.yaml', bytes: Buffer.from(text) }]);
        if (!built.catalog) throw new Error(`generator wrote an invalid catalog:\n${text}\n${built.diagnostics.map((d) => d.message).join('\n')}`);
        const catalog = built.catalog;
        const inputs = [{ label: 's', input: { scenario: catalog.scenarios.get('s')! } }];
        const a = await advise(catalog, { inputs, trials: 0, seed: 1, screen: 1000, bundle: 0, runbookMinutes: 10 });
        for (const e of a.ranked) {
          const patched = patchYaml(catalog, new Map([['r.yaml', text]]), e.candidate.edits, { note: e.candidate.id }).get('r.yaml')!;
          const rebuilt = buildCatalog([{ file: 'r.yaml', bytes: Buffer.from(patched) }]);
          if (!rebuilt.catalog) throw new Error(`${e.candidate.id} wrote an invalid catalog:\n${patched}\n${rebuilt.diagnostics.map((d) => d.message).join('\n')}`);
          expect(patched).toContain('# random catalog');
          const m = measure(sample(rebuilt.catalog, [inputs[0]!.input], 0, 1, new Set(catalog.services.keys())));
          expect(m, `${e.candidate.id}\n${patched}`).toEqual(e.measure);
        }
      }),
      { numRuns: 60, seed: 16 },
    );
  }, 120_000);
});
