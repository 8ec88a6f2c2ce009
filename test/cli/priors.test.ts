/** `blast priors`: the priors table a modeller writes `{prior: <name>}` from, one prior in full, JSON, and a mistyped name. */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { PRIOR_NAMES, PRIORS } from '../../src/engine/priors.js';
import { memoryIo } from './helpers.js';

describe('blast priors', () => {
  it('lists every prior with its distribution in its unit: minutes, or a multiple for catch-up', async () => {
    const io = memoryIo();
    expect(await runCli(['priors'], io)).toBe(0);
    const out = io.out();
    for (const n of PRIOR_NAMES) expect(out).toMatch(new RegExp(`^${n} +lognormal`, 'm'));
    expect(out).toMatch(/^restart-fleet +lognormal, p50 1h30m, p90 5h: decision to restart a large fleet/m);
    expect(out).toMatch(/^catch-up +lognormal, p50 3\.3×, p90 5\.5×: a queue's capacity/m);
    for (const line of out.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
  });

  it('shows one prior with its basis and the incidents it was measured on', async () => {
    const io = memoryIo();
    expect(await runCli(['priors', 'restore-per-tb'], io)).toBe(0);
    expect(io.out()).toContain('value       lognormal, p50 3h, p90 12h');
    expect(io.out()).toContain('incidents   none of the incident library');
    expect(io.out().replace(/\s+/g, ' ')).toContain('Percona, "Comparing S3 Streaming Tools with Percona XtraBackup"');
  });

  it('--json gives the table as written in src/engine/priors.ts, with the unit', async () => {
    const io = memoryIo();
    expect(await runCli(['priors', '--json'], io)).toBe(0);
    const rows = JSON.parse(io.out()) as Array<{ name: string; unit: string; distribution: unknown; basis: string }>;
    expect(rows.map((r) => r.name)).toEqual([...PRIOR_NAMES]);
    expect(rows.find((r) => r.name === 'catch-up')).toMatchObject({ unit: 'ratio', distribution: { kind: 'lognormal', p50: 3.3, p90: 5.5 } });
    expect(rows.find((r) => r.name === 'detect')).toMatchObject({ unit: 'minutes', basis: PRIORS.detect.basis });
  });

  it('a mistyped name exits 2 with a suggestion, nothing on stdout', async () => {
    const io = memoryIo();
    expect(await runCli(['priors', 'restart-flet'], io)).toBe(2);
    expect(io.out()).toBe('');
    expect(io.err()).toContain('no prior named "restart-flet"');
    expect(io.err()).toContain('did you mean "restart-fleet"?');
  });
});
