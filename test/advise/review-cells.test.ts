/**
 * `blast review --advise` on cell-loss findings (src/advise/review-advice.ts,
 * src/advise/review-advice-cells.ts): each loss is pointed to the best candidate on that loss,
 * simulated for the cell-loss duration, with a benefit worked out by hand and checked against a
 * separate simulation of the patched catalog.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/catalog/build.js';
import type { Catalog } from '../../src/catalog/model.js';
import { cellLossFindings } from '../../src/analysis/cell-loss.js';
import { adviceLine, adviceMarkdown, adviseFindings } from '../../src/advise/review-advice.js';
import { applyEdits } from '../../src/advise/patch-catalog.js';
import { measure, sample } from '../../src/advise/evaluate.js';
import { runCli } from '../../src/cli/program.js';
import { memoryIo } from '../cli/helpers.js';

// api (tier 1) runs in three zones of a third each, no failover, no headroom; strict (tier 0)
// needs 90 % of it.
const ZONES = `services:
  api:
    name: API
    tier: 1
    cells: [a, b, c]
  strict:
    name: Strict
    tier: 0
    dependsOn: [{service: api, needs: 0.9}]
`;

const build = (text: string): Catalog => {
  const r = buildCatalog([{ file: 'c.yaml', bytes: Buffer.from(text, 'utf8') }]);
  if (!r.catalog) throw new Error(r.diagnostics.map((d) => d.message).join('; '));
  return r.catalog;
};

const made: string[] = [];
afterAll(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('review advice for a cell loss', () => {
  const catalog = build(ZONES);
  const targets = new Set(['api', 'strict']);

  it('losing zone a for 60 min: failover with 50 % headroom on api saves 10 service-hours', async () => {
    const findings = cellLossFindings(catalog, targets, { forMinutes: 60 });
    expect(findings.map((f) => f.lost)).toEqual(['a', 'b', 'c']);
    // --advise-for is 30 min here: a cell loss is advised on for its own duration (60 min)
    const { advice, advised, skipped } = await adviseFindings(catalog, findings, { forMinutes: 30, limit: 20 });
    expect([advised, skipped]).toEqual([3, 0]);
    const a = advice.get(findings[0]!.fingerprint)!;
    expect(a).toMatchObject({ service: 'api', forMinutes: 60, lost: 'a', cells: ['a'], candidate: 'cell-failover:api', kind: 'cell-failover', effort: 'medium' });
    // Baseline, losing a (1/3) for 60 min without failover: api serves 2/3, degraded 60 min
    // (tier 1 weight 4 × ½ × 60 = 120 weighted minutes); strict needs 0.9 > 2/3, down 60 min
    // (tier 0 weight 8 × 60 = 480). 600 min = 10 h.
    // With failover and headroom h = 1 / (2/3) − 1 = 0.5: each survivor carries D = 1.5 times
    // its traffic at capacity 1.5, d = 1, api serves everything and strict stays up: 0 h.
    // Saved: 10 − 0 = 10 service-hours.
    expect(a.serviceHours).toBeCloseTo(10, 9);
    // the same difference from a separate simulation of the input written by hand
    const input = { fail: ['api@a'], forMinutes: 60 };
    const patched = applyEdits(catalog, [
      { op: 'set-failover', service: 'api' },
      { op: 'set-headroom', service: 'api', value: 0.5 },
    ]);
    if ('reason' in patched) throw new Error(patched.reason);
    const counted = new Set(catalog.services.keys());
    const before = measure(sample(catalog, [input], 0, 1, counted)).serviceHours;
    const after = measure(sample(patched.catalog, [input], 0, 1, counted)).serviceHours;
    expect(before).toBeCloseTo(10, 9);
    expect(after).toBeCloseTo(0, 9);
    expect(a.serviceHours).toBe(before - after);
    // full recovery: api and strict recover when a comes back at minute 60; with the change
    // nothing is impaired (0): 60 min sooner
    expect(a.fullP50).toBe(60);
    // b and c are the same loss by symmetry
    for (const f of findings.slice(1)) expect(advice.get(f.fingerprint)).toMatchObject({ candidate: 'cell-failover:api', lost: f.lost });
    expect(adviceLine(a)).toBe(
      "API (api) fails over: a lost cell's traffic moves to its other 2 cells, with 50 % headroom: saves 10 service-hours of a 1h loss of cell a (medium effort; candidate cell-failover:api)",
    );
    const md = adviceMarkdown(findings, advice);
    expect(md).toContain('| failure | change | service-hours saved |');
    expect(md).toContain("| loss of cell a for 1h | API (api) fails over: a lost cell's traffic moves to its other 2 cells, with 50 % headroom | 10 | 1h | medium | `cell-failover:api` |");
    // one row per loss
    expect(md.split('\n').filter((l) => l.startsWith('| loss of cell')).length).toBe(3);
  });

  it('a group of zones is advised on as one loss, named as the finding names it', async () => {
    const [ab] = cellLossFindings(catalog, targets, { forMinutes: 60, groups: [{ name: 'ab', cells: ['a', 'b'] }] }).filter((f) => f.lost === 'ab');
    const { advice } = await adviseFindings(catalog, [ab!], { forMinutes: 60, limit: 20 });
    const a = advice.get(ab!.fingerprint)!;
    expect(a).toMatchObject({ lost: 'ab', cells: ['a', 'b'], forMinutes: 60 });
    expect(adviceLine(a)).toContain('of a 1h loss of ab (a and b)');
  });

  it('the limit counts cell losses with failing services, most severe first', async () => {
    const findings = cellLossFindings(catalog, targets, { forMinutes: 60 });
    const { advice, advised, skipped } = await adviseFindings(catalog, findings, { forMinutes: 60, limit: 1 });
    expect([advised, skipped]).toEqual([1, 2]);
    expect([...advice.values()].map((x) => x.lost)).toEqual(['a']);
  });

  it('blast review --advise: text, JSON and markdown', async () => {
    const d = mkdtempSync(join(tmpdir(), 'blast-review-cells-'));
    made.push(d);
    const f = join(d, 'c.yaml');
    writeFileSync(f, ZONES);
    const text = memoryIo();
    expect(await runCli(['review', f, '--advise', '--cell-loss-for', '30m'], text)).toBe(0);
    // half an hour: (120 + 480) / 2 = 300 weighted minutes = 5 h
    // the text wraps at 100 columns, a finding's continuation lines indented 13: read them joined
    expect(text.out().replace(/\n {13}(?=\S)/g, ' ')).toContain("           advise: API (api) fails over: a lost cell's traffic moves to its other 2 cells, with 50 % headroom: saves 5.0 service-hours of a 30m loss of cell a (medium effort; candidate cell-failover:api)");
    const json = memoryIo();
    expect(await runCli(['review', f, '--advise', '--json'], json)).toBe(0);
    const j = JSON.parse(json.out()) as { findings: Array<{ kind: string; lost?: string; advice?: { candidate: string; lost?: string; forMinutes: number; serviceHours: number } }> };
    const b = j.findings.find((x) => x.kind === 'cell-loss' && x.lost === 'b')!;
    expect(b.advice).toMatchObject({ candidate: 'cell-failover:api', lost: 'b', forMinutes: 60 });
    expect(b.advice!.serviceHours).toBeCloseTo(10, 9);
    const md = memoryIo();
    expect(await runCli(['review', f, '--advise', '--format', 'markdown'], md)).toBe(0);
    expect(md.out()).toContain('| loss of cell c for 1h |');
  });
});
