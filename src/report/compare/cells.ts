/**
 * The words and numbers of a comparison, shared by its text and markdown renderers: times,
 * signed changes, service-hours and the per-service columns. Plain text; each renderer
 * escapes catalog text its own way.
 */
import { formatDuration } from '../../catalog/units.js';
import type { DifferenceStats } from '../../analysis/compare-trials.js';
import type { ServiceChange, ServiceSide } from '../../analysis/compare.js';

/** A time from minute 0: `+1h10m`, or `never`. */
export const at = (m: number | null): string => (m === null || !Number.isFinite(m) ? 'never' : `+${formatDuration(m)}`);

/** A duration: `1h54m (114 min)`, or `never`. */
export const span = (m: number | null): string => (m === null || !Number.isFinite(m) ? 'never' : `${formatDuration(m)} (${Math.round(m)} min)`);

/** A signed change of minutes: `+20m`, `-1h5m`, `0m`; infinite changes in words. */
export function signedDuration(m: number | null): string {
  if (m === null) return '–';
  if (m === Infinity) return 'never recovers';
  if (m === -Infinity) return 'recovers now';
  if (Math.abs(m) < 1 / 120) return '0m';
  return m > 0 ? `+${formatDuration(m)}` : `-${formatDuration(-m)}`;
}

/** A signed count: `+3`, `-2`, `0`. */
export const signedCount = (n: number): string => (n > 0 ? `+${n}` : String(n));

/** Hours with one decimal: `12.3`; `∞` for a run that never recovers. */
export const hours = (h: number | null): string => (h === null || !Number.isFinite(h) ? '∞' : (Math.round(h * 10) / 10).toFixed(1));

/** A signed change of hours: `+1.5`, `-0.3`, `0.0`. */
export function signedHours(h: number | null): string {
  if (h === null) return '–';
  if (!Number.isFinite(h)) return h > 0 ? '+∞' : '-∞';
  const r = Math.round(h * 10) / 10;
  return r > 0 ? `+${r.toFixed(1)}` : r === 0 ? '0.0' : r.toFixed(1);
}

const sideTime = (s: ServiceSide | null, pick: 'impact' | 'recovered'): string => {
  if (s === null) return 'absent';
  if (s.impactMinutes === null) return 'not affected';
  if (pick === 'impact') return at(s.impactMinutes);
  return s.recovered ? at(s.recoveredMinutes) : 'never';
};

/** The impact column: `+0m → +5m (+5m)`. */
export function impactCell(c: ServiceChange): string {
  const change = c.impactChangeMinutes === null ? '' : ` (${signedDuration(c.impactChangeMinutes)})`;
  return `${sideTime(c.a, 'impact')} → ${sideTime(c.b, 'impact')}${change}`;
}

/** The recovery column: `+1h54m → +1h10m (-44m)`. */
export function recoveryCell(c: ServiceChange): string {
  const change = c.recoveryChangeMinutes === null ? '' : ` (${signedDuration(c.recoveryChangeMinutes)})`;
  return `${sideTime(c.a, 'recovered')} → ${sideTime(c.b, 'recovered')}${change}`;
}

/** What happened to a service in a few words, when the columns alone do not say it. */
export const KIND_TEXT: Readonly<Record<ServiceChange['kind'], string>> = {
  changed: '',
  unchanged: 'unchanged',
  'newly-affected': 'newly affected',
  'no-longer-affected': 'no longer affected',
  'only-in-a': 'only in A',
  'only-in-b': 'only in B',
};

/** A difference distribution in one line: `P5 -10m, P50 +5m, P95 +30m; B lower in 20 %, same 10 %, higher 70 %`. */
export function differenceLine(d: DifferenceStats, fmt: (x: number) => string): string {
  const pc = (x: number): string => `${Math.round(x * 1000) / 10} %`;
  const undef = d.undefinedTrials ? `; ${d.undefinedTrials} trials where neither recovers left out` : '';
  return `P5 ${fmt(d.p5)}, P50 ${fmt(d.p50)}, P95 ${fmt(d.p95)}; B lower in ${pc(d.lower)}, same ${pc(d.same)}, higher ${pc(d.higher)}${undef}`;
}
