/**
 * Incident catalogs modelled from public post-mortems (AWS 2021-12-07, Slack 2021-01-04,
 * Google 2020-12-14, Fastly 2021-06-08): each validates with --strict semantics (no error, no
 * warning), gives every dependency a reason, has one scenario whose only fault is the trigger
 * and whose actions each say why, carries at least four observed milestones each citing a URL,
 * and replays to a time for every milestone. Simulated times are deliberately not asserted: the
 * catalogs' READMEs report them against the observations, and `blast replay` compares them.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { loadCatalog } from '../../src/catalog/load.js';
import { prepareSimulation, simulate } from '../../src/engine/index.js';

const INCIDENTS = [
  '2021-12-07-aws-network-congestion',
  '2021-01-04-slack-transit-gateway',
  '2020-12-14-google-userid-quota',
  '2021-06-08-fastly-config-bug',
].filter((id) => existsSync(`catalogs/incidents/${id}`));

describe.each(INCIDENTS)('catalogs/incidents/%s', (id) => {
  const dir = `catalogs/incidents/${id}`;
  const { catalog, diagnostics } = loadCatalog(dir);

  it('validates with no error and no warning (--strict)', () => {
    expect(diagnostics.map((d) => `${d.severity} ${d.code} ${d.pos?.file}:${d.pos?.line}:${d.pos?.col} ${d.message}`)).toEqual([]);
    expect(catalog).toBeDefined();
  });

  it('models the mechanism with 8 to 30 services', () => {
    expect(catalog!.services.size).toBeGreaterThanOrEqual(8);
    expect(catalog!.services.size).toBeLessThanOrEqual(30);
  });

  it('gives every dependency a reason (why:), as the bundled AWS catalog does', () => {
    for (const s of catalog!.services.values()) for (const d of s.dependsOn) expect(d.why ?? '', `${s.id} -> ${d.of.join(',')}`).not.toBe('');
  });

  it('has one scenario, named after the directory, with the trigger as its only fault and a reason for every action', () => {
    expect([...catalog!.scenarios.keys()]).toEqual([id]);
    const sc = catalog!.scenarios.get(id)!;
    // one breakage; a load fault (a demand peak at a published time, docs/model.md "Load faults")
    // is part of the trigger, as Slack's 07:00 mini-peak is
    expect(sc.faults.length).toBeGreaterThanOrEqual(1);
    if (sc.faults.length > 1) expect(sc.faults.filter((f) => f.capacity === undefined && f.demand === undefined).length).toBeLessThanOrEqual(1);
    for (const a of sc.actions) expect(a.why ?? '', `action on ${a.service}`).not.toBe('');
  });

  it('has at least four observed milestones, each citing a URL', () => {
    const obs = catalog!.scenarios.get(id)!.observed ?? [];
    expect(obs.length).toBeGreaterThanOrEqual(4);
    for (const o of obs) expect(o.source, `${o.service} ${o.event}`).toMatch(/^https?:\/\/[^\s/]+\.[^\s/]+\/\S*/);
  });

  it('replays to a simulated time for every observed milestone', () => {
    const sc = catalog!.scenarios.get(id)!;
    const r = simulate(prepareSimulation(catalog!), { scenario: sc });
    const byId = new Map(r.services.map((s) => [s.id, s]));
    for (const o of sc.observed ?? []) {
      if (o.service === 'all') {
        expect(o.event === 'impact' ? r.affected : r.fullRecoveryMinutes, `all ${o.event}`).not.toBeNull();
        continue;
      }
      const s = byId.get(o.service)!;
      expect(s.impactStartMinutes, `${o.service} is affected`).not.toBeNull();
      if (o.event === 'recovered') expect(s.recoveredMinutes, `${o.service} recovers`).not.toBeNull();
    }
  });

  it('documents the model in a README with the priors-only result and the parameter table', () => {
    const readme = readFileSync(`${dir}/README.md`, 'utf8');
    expect(readme).toMatch(/## Summary for docs\/incidents\.md/);
    expect(readme).toMatch(/## Parameters/);
    expect(readme).toMatch(/priors only/i);
  });
});

it('finds the incident catalogs (the list above is not silently empty)', () => {
  expect(INCIDENTS[0]).toBe('2021-12-07-aws-network-congestion');
});
