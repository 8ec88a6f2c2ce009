/**
 * Times in a report: minutes from the scenario's start ("+2h37m") and, when the scenario
 * states its wall-clock start, the local clock time at the offset written there ("02:25",
 * with the day when it is not the day of minute 0). Deterministic: never the machine's zone.
 */
import { formatDuration } from '../../catalog/units.js';
import { clockAt, offsetLabel, parseStart, type ClockStart } from '../../util/clock.js';

export interface TimeFormat {
  /** "+2h37m (02:25 20 Oct)" or "+2h37m"; "never" for null. */
  when(minutes: number | null): string;
  /** The clock time alone ("02:25", "14:20 20 Oct"), or null without a start. */
  clock(minutes: number): string | null;
  /** The clock's zone label ("UTC-07:00"), or null without a start. */
  readonly zone: string | null;
  /** Minute 0 as a date and time ("23:48 19 Oct 2025"), or null without a start. */
  readonly origin: string | null;
  readonly start: ClockStart | null;
}

/** A duration in minutes as "2h37m" ("never" for null or infinity). */
export function dur(minutes: number | null): string {
  if (minutes === null || !Number.isFinite(minutes)) return 'never';
  return formatDuration(minutes);
}

/** Time formatting for a scenario that starts at `startIso` (or has no stated start). */
export function timeFormat(startIso: string | null): TimeFormat {
  const start = parseStart(startIso) ?? null;
  const day0 = start ? clockAt(start, 0, true).slice(6) : '';
  const clock = (m: number): string | null => {
    if (!start) return null;
    const withDay = clockAt(start, m, true);
    return withDay.slice(6) === day0 ? withDay.slice(0, 5) : withDay;
  };
  return {
    start,
    zone: start ? offsetLabel(start) : null,
    origin: start ? `${clockAt(start, 0, true)} ${yearOf(start, 0)}` : null,
    clock,
    when(m) {
      if (m === null || !Number.isFinite(m)) return 'never';
      const c = clock(m);
      return c ? `+${formatDuration(m)} (${c})` : `+${formatDuration(m)}`;
    },
  };
}

function yearOf(start: ClockStart, minutes: number): number {
  return new Date(start.epochMs + (minutes + start.offsetMinutes) * 60_000).getUTCFullYear();
}

/**
 * Local date-time "YYYY-MM-DD HH:mm" of minute `m` at the start's offset, or from a fixed
 * origin (2000-01-01 00:00) when there is no start: the gantt chart's time axis.
 */
export function localStamp(start: ClockStart | null, m: number): string {
  const base = start ? start.epochMs + start.offsetMinutes * 60_000 : Date.UTC(2000, 0, 1);
  const d = new Date(base + Math.round(m) * 60_000);
  const p = (x: number): string => String(x).padStart(2, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
}

/** An integer with thousands separators ("266,000"), independent of the locale data. */
export function thousands(n: number): string {
  const s = String(Math.round(Math.abs(n)));
  return `${n < 0 ? '-' : ''}${s.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`;
}
