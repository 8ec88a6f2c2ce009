/**
 * Incident catalogs (Datadog 2023-03-08, Roblox 2021-10-28, GitHub 2018-10-21, Facebook
 * 2021-10-04): each validates with no diagnostic at all (what `validate --strict` requires),
 * carries one scenario with at least four observed milestones that cite a URL, justifies
 * every dependency, and documents itself. No simulated number is asserted here: the
 * observed-vs-simulated tables live in each catalog's README.md.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { loadCatalog } from '../../src/catalog/load.js';
import { prepareSimulation, simulate } from '../../src/engine/index.js';

const INCIDENTS = [
  '2023-03-08-datadog-systemd',
  '2021-10-28-roblox-consul',
  '2018-10-21-github-network-partition',
  '2021-10-04-facebook-bgp',
];

describe.each(INCIDENTS)('incident catalog %s', (id) => {
  const dir = `catalogs/incidents/${id}`;
  const { catalog, diagnostics } = loadCatalog(dir);

  it('validates with no error and no warning (validate --strict)', () => {
    expect(diagnostics.map((d) => `${d.severity} ${d.code} ${d.pos?.file}:${d.pos?.line}:${d.pos?.col} ${d.message}`)).toEqual([]);
    expect(catalog).toBeDefined();
  });

  it('models the mechanism with 8 to 30 services', () => {
    expect(catalog!.services.size).toBeGreaterThanOrEqual(8);
    expect(catalog!.services.size).toBeLessThanOrEqual(30);
  });

  it('has one scenario, named after the directory, with a wall-clock start', () => {
    expect([...catalog!.scenarios.keys()]).toEqual([id]);
    expect(catalog!.scenarios.get(id)!.start).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
  });

  it('has at least four observed milestones, each citing a URL', () => {
    const observed = catalog!.scenarios.get(id)!.observed ?? [];
    expect(observed.length).toBeGreaterThanOrEqual(4);
    for (const o of observed) expect(o.source, `${o.service} ${o.event}`).toMatch(/^https?:\/\/[^\s/]+\.[^\s]+/);
    // a time to full recovery is among them: the headline error of the incident library
    expect(observed.some((o) => o.service === 'all' && o.event === 'recovered')).toBe(true);
  });

  it('every observed milestone is about a service the simulation affects', () => {
    const sc = catalog!.scenarios.get(id)!;
    const result = simulate(prepareSimulation(catalog!), { scenario: sc });
    const affected = new Set(result.services.filter((s) => s.impactStartMinutes !== null).map((s) => s.id));
    for (const o of sc.observed ?? []) if (o.service !== 'all') expect(affected.has(o.service), o.service).toBe(true);
  });

  it('every dependency carries a one-line justification', () => {
    const missing = [...catalog!.services.values()].flatMap((s) => s.dependsOn.filter((d) => !d.why).map((d) => `${s.id} -> ${d.of.join(',')}`));
    expect(missing).toEqual([]);
  });

  it('labels every parameter in the comment block just above it', () => {
    // each parameter line is preceded by a block of comment lines naming its kind
    const kinds = /\[(published|derived|prior|assumed|fitted)/;
    for (const file of ['catalog.yaml', 'scenarios.yaml']) {
      const lines = readFileSync(`${dir}/${file}`, 'utf8').split('\n');
      lines.forEach((line, k) => {
        if (!/^\s+(time|for|until|capacity|arrival|timeout|mitigation|cap|retry|degradedCapacity|rate|over|units|needs|demand|coldStart):\s/.test(line)) return;
        let j = k - 1;
        const block: string[] = [];
        while (j >= 0 && lines[j]!.trim().startsWith('#')) block.push(lines[j--]!);
        expect(kinds.test(block.join(' ')) ? 'labelled' : `${file}:${k + 1}: ${line.trim()}`).toBe('labelled');
      });
    }
  });

  it('has a README with sources, a parameter table, the priors-only result and a section for docs/incidents.md', () => {
    const readme = readFileSync(`${dir}/README.md`, 'utf8');
    for (const heading of ['## For docs/incidents.md', '## Sources', '## Parameters', '## Priors-only result', '## What the model gets wrong']) {
      expect(readme, heading).toContain(heading);
    }
  });
});

describe('incident catalogs of this set', () => {
  it('all four are present', () => {
    expect(INCIDENTS.filter((id) => existsSync(`catalogs/incidents/${id}/catalog.yaml`))).toEqual(INCIDENTS);
  });
});
