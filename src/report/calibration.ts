/**
 * Compares a simulation with published milestones: the calibration table behind
 * docs/calibration.md and the calibration test.
 */
import type { SimulationResult } from '../engine/result.js';

export interface Milestone {
  readonly label: string;
  /** null for the time to full recovery. */
  readonly service: string | null;
  readonly measure: 'recovered' | 'impactStart' | 'fullRecovery';
  readonly published: number;
  readonly confidence?: string;
}

export interface MilestoneSet {
  readonly scenario: string;
  readonly source: string;
  readonly tolerance: { readonly minutes: number; readonly fraction: number };
  readonly milestones: readonly Milestone[];
  readonly stretch?: readonly Milestone[];
}

export interface CalibrationRow {
  readonly milestone: Milestone;
  readonly simulated: number | null;
  readonly error: number | null;
  readonly allowed: number;
  readonly ok: boolean;
}

export function simulatedValue(result: SimulationResult, m: Milestone): number | null {
  if (m.measure === 'fullRecovery') return result.fullRecoveryMinutes;
  const s = result.services.find((x) => x.id === m.service);
  if (!s) return null;
  return m.measure === 'impactStart' ? s.impactStartMinutes : s.recoveredMinutes;
}

export function calibrate(result: SimulationResult, set: MilestoneSet, which: 'milestones' | 'stretch' = 'milestones'): CalibrationRow[] {
  return (set[which] ?? []).map((m) => {
    const simulated = simulatedValue(result, m);
    const allowed = Math.max(set.tolerance.minutes, set.tolerance.fraction * m.published);
    const error = simulated === null ? null : simulated - m.published;
    return { milestone: m, simulated, error, allowed, ok: error !== null && Math.abs(error) <= allowed };
  });
}

/**
 * Pairs of milestones whose published order the simulation reverses (ties in the
 * published times impose no order).
 */
export function orderViolations(rows: readonly CalibrationRow[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (let a = 0; a < rows.length; a++) {
    for (let b = 0; b < rows.length; b++) {
      const ra = rows[a]!;
      const rb = rows[b]!;
      if (ra.milestone.published < rb.milestone.published && ra.simulated !== null && rb.simulated !== null && ra.simulated > rb.simulated) {
        out.push([ra.milestone.label, rb.milestone.label]);
      }
    }
  }
  return out;
}

const fmt = (x: number | null): string => (x === null ? '-' : String(Math.round(x)));

/** The calibration table in markdown (docs/calibration.md embeds it; a test keeps it current). */
export function calibrationTable(rows: readonly CalibrationRow[]): string {
  return [
    '| milestone | published (min) | simulated (min) | error (min) | allowed (min) | within |',
    '|---|---:|---:|---:|---:|:-:|',
    ...rows.map(
      (r) =>
        `| ${r.milestone.label} | ${r.milestone.published} | ${fmt(r.simulated)} | ${r.error === null ? '-' : (r.error >= 0 ? '+' : '') + Math.round(r.error)} | ${Math.round(r.allowed)} | ${r.ok ? 'yes' : '**no**'} |`,
    ),
  ].join('\n');
}
