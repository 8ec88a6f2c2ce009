/**
 * `blast simulate` on queues that take turns for ever (docs/model.md, "Termination"): the run
 * stops where its whole state repeats, the summary says the recovery never comes because of the
 * oscillation, and the JSON carries where it stopped.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { memoryIo } from './helpers.js';

const hang = 'test/fixtures/advise/engine-hang.yaml';

describe('blast simulate on a run that oscillates', () => {
  it('the summary: never recovers, oscillating, where the state repeated', async () => {
    const io = memoryIo();
    expect(await runCli(['simulate', hang, '--scenario', 's'], io)).toBe(0);
    const out = io.out();
    expect(out).toContain('Time to full recovery: never (oscillating)');
    // s0 and s2 take turns every 4.8 + 9.6 = 14.4 min from 73.4 (test/engine/termination.test.ts)
    // lines wrap at 100 columns: the note read as one line
    expect(out.replace(/\n +/g, ' ')).toMatch(/Oscillating: Service 0 and Service 2 take turns every 14\.4 min from minute 73\.4 and never settle: the whole state at minute [\d.]+ \(queues, pending events\) repeats that of minute [\d.]+, so the run stopped there \(oscillating\)/);
  });

  it('the JSON: stoppedAtMinutes is where the run ends, one state period after the state it repeats', async () => {
    const io = memoryIo();
    expect(await runCli(['simulate', hang, '--scenario', 's', '--json'], io)).toBe(0);
    const r = JSON.parse(io.out()) as { horizonMinutes: number; fullRecoveryMinutes: number | null; oscillating: Array<{ services: string[]; periodMinutes: number; sinceMinutes: number; stoppedAtMinutes: number; statePeriodMinutes: number }> };
    expect(r.fullRecoveryMinutes).toBeNull();
    expect(r.oscillating).toHaveLength(1);
    const o = r.oscillating[0]!;
    expect([o.services, o.periodMinutes, o.sinceMinutes, o.statePeriodMinutes]).toEqual([['s0', 's2'], 14.4, 73.4, 14.4]);
    expect(o.stoppedAtMinutes).toBe(r.horizonMinutes);
    expect(r.horizonMinutes).toBeLessThan(1440);
  });
});
