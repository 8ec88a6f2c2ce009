/**
 * `blast review` with the cell-loss check on catalogs/example-regions: exit codes of
 * --fail-on, the baseline, the options and their mistakes (exit 2 with a clear message).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { memoryIo, tempDir } from '../cli/helpers.js';

const CAT = 'catalogs/example-regions';
const REGION = 'us-east-1=use1-az1,use1-az2,use1-az3';
const tmp = tempDir('cell-loss');
afterAll(() => tmp.cleanup());

async function review(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo();
  const code = await runCli(['review', CAT, ...args], io);
  // the text wraps at 100 columns, a finding's continuation lines indented 13: read them joined
  return { code, out: io.out().replace(/\n {13}(?=\S)/g, ' '), err: io.err() };
}

describe('blast review: cell loss', () => {
  it('lists each zone lost in text, with causes', async () => {
    const r = await review('--max-order', '1');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Cell loss (zone or region lost) (6)');
    expect(r.out).toContain('losing cell use1-az2 for 60 min degrades network (80 % served) and storage (80 % served)');
    expect(r.out).toContain('network (tier 0): 80 % served, 12 unserved min, no failover'); // 60 × 0.2
    expect(r.out).toContain('network: single point of failure for 4 targets (2 tier 0, 2 tier 1), if all 6 of its cells fail together');
  });

  it('counts for --fail-on: zones lost are medium, the region critical', async () => {
    // without SPOFs in the way: accept every finding of the zones-only review first
    const base = tmp.write('base.json', '');
    expect((await review('--max-order', '1', '--write-baseline', base)).code).toBe(0);
    // zones only: nothing new
    expect((await review('--max-order', '1', '--baseline', base, '--fail-on', 'medium')).code).toBe(0);
    // the region is a new finding, critical
    const r = await review('--max-order', '1', '--baseline', base, '--cell-group', REGION, '--fail-on', 'critical', '--json');
    expect(r.code).toBe(1);
    const json = JSON.parse(r.out) as { findings: Array<{ fingerprint: string; severity: string }>; counts: Record<string, number> };
    expect(json.findings.map((f) => [f.fingerprint, f.severity])).toEqual([['cell-loss:us-east-1:mobile:api+network+storage+web', 'critical']]);
    expect(json.counts.critical).toBe(1);
  });

  it('--no-cell-loss leaves the check out', async () => {
    const r = await review('--max-order', '1', '--no-cell-loss', '--json');
    const json = JSON.parse(r.out) as { findings: Array<{ kind: string }> };
    expect(json.findings.filter((f) => f.kind === 'cell-loss')).toEqual([]);
    expect(json.findings.length).toBeGreaterThan(0);
  });

  it('refuses a group with an unknown cell, a malformed one, and options without the check', async () => {
    const bad = await review('--cell-group', 'us-east-1=use1-az1,use1-az9');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('no service has a cell "use1-az9"');
    const malformed = await review('--cell-group', 'use1-az1');
    expect(malformed.code).toBe(2);
    expect(malformed.err).toContain('expected <name>=<cell>');
    const clash = await review('--cell-group', 'use1-az1=use1-az1,use1-az2');
    expect(clash.code).toBe(2);
    const without = await review('--no-cell-loss', '--cell-loss-for', '2h');
    expect(without.code).toBe(2);
    expect(without.err).toContain('go with the cell-loss check');
  });

  it('is deterministic: the same catalog gives the same bytes', async () => {
    const a = await review('--cell-group', REGION, '--format', 'sarif');
    const b = await review('--cell-group', REGION, '--format', 'sarif');
    expect(a.out).toBe(b.out);
  });
});
