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
