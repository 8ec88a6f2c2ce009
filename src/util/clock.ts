/**
 * Wall-clock times for scenarios that state when minute 0 was (ISO 8601 with an
 * offset): minute 172 of a scenario starting 2025-10-19T23:48:00-07:00 is "02:40 (20 Oct)".
 * Deterministic: uses the offset written in the scenario, never the machine's zone.
 */

const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export interface ClockStart {
  readonly epochMs: number;
  readonly offsetMinutes: number;
}

/** Parses a scenario start; undefined when absent or not ISO 8601 with an offset. */
export function parseStart(iso: string | null | undefined): ClockStart | undefined {
  if (!iso) return undefined;
  const m = ISO_RE.exec(iso.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, off] = m;
  const offsetMinutes = off === 'Z' ? 0 : (off![0] === '-' ? -1 : 1) * (Number(off!.slice(1, 3)) * 60 + Number(off!.slice(4, 6)));
  const local = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0));
  return { epochMs: local - offsetMinutes * 60_000, offsetMinutes };
}

/**
 * "HH:MM" at the scenario's offset, with the day ("02:40 20 Oct") when `withDay`. Rounded to
 * the nearest minute, the rule durations follow too (formatDuration), so minute 915.6 after
 * 23:48 is 15:04, as "15h16m" after 23:48 is.
 */
export function clockAt(start: ClockStart, minutes: number, withDay = false): string {
  const d = new Date(Math.round((start.epochMs + (minutes + start.offsetMinutes) * 60_000) / 60_000) * 60_000);
  const hh = String(d.getUTCHours()).padStart(2, '0');
  const mm = String(d.getUTCMinutes()).padStart(2, '0');
  return withDay ? `${hh}:${mm} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}` : `${hh}:${mm}`;
}

/** The offset as written, e.g. "UTC-07:00". */
export function offsetLabel(start: ClockStart): string {
  const o = start.offsetMinutes;
  const sign = o < 0 ? '-' : '+';
  const a = Math.abs(o);
  return `UTC${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}
