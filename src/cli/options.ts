/** Option parsers for commander that reject bad values with a clear message (exit 2). */
import { InvalidArgumentError } from 'commander';
import { parseDuration } from '../catalog/units.js';

export const parseIntOption = (min: number, max: number) => (value: string): number => {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}, got "${value}"`);
  }
  return n;
};

export const parseDurationOption = (value: string): number => {
  const m = parseDuration(value);
  if (m === undefined || m <= 0) throw new InvalidArgumentError(`expected a duration such as 90s, 15m, 2h37m or 1d, got "${value}"`);
  return m;
};

/** A fault duration: a duration, or `never` (the fault does not clear: Infinity). */
export const parseFaultDurationOption = (value: string): number =>
  value.trim().toLowerCase() === 'never' ? Infinity : parseDurationOption(value);

/**
 * A repeatable option naming services, comma-separated (`--fail a,b --fail c`). An empty id
 * (`--fail ,`, `--fail ''`, `--fail a,,b`) is refused rather than dropped: dropping it
 * silently would simulate or review less than the user asked for.
 */
export const collectServiceIds = (value: string, previous: readonly string[] = []): string[] => {
  const ids = value.split(',').map((s) => s.trim());
  if (ids.some((id) => id === '')) {
    throw new InvalidArgumentError(value.trim() === '' ? 'expected a service id, got nothing' : 'expected service ids separated by single commas, with no empty id between, before or after them');
  }
  return [...previous, ...ids];
};
