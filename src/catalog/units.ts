/**
 * Durations ("90s", "15m", "2h37m", "1d") and rates ("1200/min", "20/s") as written in
 * catalogs, parsed to minutes and to units per minute.
 */

const DURATION_UNIT_MINUTES: Readonly<Record<string, number>> = { d: 1440, h: 60, m: 1, s: 1 / 60 };
const DURATION_RE = /^(?:(\d+(?:\.\d+)?)d)?(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m)?(?:(\d+(?:\.\d+)?)s)?$/;

/** A JSON-Schema pattern equivalent to what {@link parseDuration} accepts. */
export const DURATION_PATTERN = '^(0|(?=\\d)(\\d+(\\.\\d+)?d)?(\\d+(\\.\\d+)?h)?(\\d+(\\.\\d+)?m)?(\\d+(\\.\\d+)?s)?)$';
export const RATE_PATTERN = '^\\d+(\\.\\d+)?[kM]?/(s|sec|min|m|h|hour|d|day)$';

/**
 * Minutes in a duration such as `2h37m`, or undefined when it is not one. `0` alone is
 * accepted. No surrounding spaces: exactly the strings {@link DURATION_PATTERN} matches.
 */
export function parseDuration(text: string): number | undefined {
  if (text === '0') return 0;
  if (text === '') return undefined;
  const m = DURATION_RE.exec(text);
  if (!m) return undefined;
  const [, d, h, mi, se] = m;
  if (d === undefined && h === undefined && mi === undefined && se === undefined) return undefined;
  return (
    Number(d ?? 0) * DURATION_UNIT_MINUTES.d! +
    Number(h ?? 0) * DURATION_UNIT_MINUTES.h! +
    Number(mi ?? 0) +
    Number(se ?? 0) * DURATION_UNIT_MINUTES.s!
  );
}

const RATE_UNIT_PER_MINUTE: Readonly<Record<string, number>> = {
  s: 60, sec: 60, min: 1, m: 1, h: 1 / 60, hour: 1 / 60, d: 1 / 1440, day: 1 / 1440,
};
const RATE_RE = /^(\d+(?:\.\d+)?)([kM]?)\/(s|sec|min|m|h|hour|d|day)$/;

/** Units per minute in a rate such as `1200/min` or `2.5k/h`, or undefined: exactly the strings {@link RATE_PATTERN} matches. */
export function parseRate(text: string): number | undefined {
  const m = RATE_RE.exec(text);
  if (!m) return undefined;
  const [, n, mult, unit] = m;
  const k = mult === 'k' ? 1e3 : mult === 'M' ? 1e6 : 1;
  return Number(n) * k * RATE_UNIT_PER_MINUTE[unit!]!;
}

/** Formats minutes compactly: `2h37m`, `45m`, `1d3h`, `30s`. */
export function formatDuration(minutes: number): string {
  if (!Number.isFinite(minutes)) return minutes > 0 ? '∞' : '-∞';
  if (minutes < 0) return `-${formatDuration(-minutes)}`;
  if (minutes === 0) return '0m';
  if (minutes < 1) return `${Math.round(minutes * 60)}s`;
  let m = Math.round(minutes);
  const d = Math.floor(m / 1440);
  m -= d * 1440;
  const h = Math.floor(m / 60);
  m -= h * 60;
  return `${d ? `${d}d` : ''}${h ? `${h}h` : ''}${m || (!d && !h) ? `${m}m` : ''}`;
}

/** Formats a per-minute rate for people: `1200/min`, `3.5/min`. */
export function formatRate(perMinute: number): string {
  const r = Math.round(perMinute * 100) / 100;
  return `${r}/min`;
}
