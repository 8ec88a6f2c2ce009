/**
 * A scenario's observed milestones (compose.ts): times written as durations from minute 0 or
 * as ISO 8601 timestamps placed against the scenario's start, with their event, fraction,
 * bound and tolerance.
 */
import type { PlainObject } from './check-schema.js';
import type { Observation, ObservedEvent } from './model.js';
import { parseDuration } from './units.js';
import { parseStart } from '../util/clock.js';
import { arr, has, num, obj, str, type PositionContext } from './compose-context.js';

/** An ISO 8601 timestamp with an offset, as observed times and scenario starts are written. */
const ISO_TIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** The date and time fields of a timestamp name a real moment (no 31 April, no 25:00). */
function calendarValid(text: string): boolean {
  const [y, mo, d, h, mi, se] = text.split(/[-T:.Z+]/).map(Number) as [number, number, number, number, number, number?];
  const t = new Date(Date.UTC(y, mo - 1, d, h, mi, se ?? 0));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d && t.getUTCHours() === h && t.getUTCMinutes() === mi && (se === undefined || se < 60);
}

/** A scenario's observed milestones; times as minutes from minute 0. */
export function composeObservations(ctx: PositionContext, sc: PlainObject): Observation[] {
  const { diagnostics, positions, keyPos, itemPos, valuePos } = ctx;
  const list = arr(sc.observed);
  const start = str(sc.start);
  const clock = parseStart(start);
  return list.flatMap((item, i): Observation[] => {
    const o = obj(item);
    if (!o || str(o.service) === undefined || str(o.event) === undefined || str(o.at) === undefined || str(o.source) === undefined) return [];
    const event = str(o.event) as ObservedEvent;
    const atText = str(o.at)!;
    const atPos = valuePos(o, 'at');
    let at = parseDuration(atText);
    if (at === undefined) {
      if (!ISO_TIME_RE.test(atText)) {
        diagnostics.push({ code: 'invalid-duration', severity: 'error', message: `observed time "${atText}" is neither a duration nor an ISO 8601 timestamp with an offset`, pos: atPos, hint: 'write a duration from minute 0 (3h15m) or a timestamp such as 2021-01-04T09:15:00-08:00' });
        return [];
      }
      const when = parseStart(atText);
      if (!when || !calendarValid(atText)) {
        diagnostics.push({ code: 'invalid-duration', severity: 'error', message: `observed time "${atText}" is not a valid timestamp`, pos: atPos, hint: 'check the date and the offset (e.g. -08:00 or Z)' });
        return [];
      }
      if (!clock) {
        diagnostics.push({
          code: 'missing-field', severity: 'error',
          message: start === undefined ? 'an observed timestamp needs the scenario\'s "start" (the wall-clock time of minute 0)' : `the scenario's start "${start}" is not an ISO 8601 timestamp with an offset, so this timestamp cannot be placed`,
          pos: atPos, hint: 'add start: <timestamp of minute 0> to the scenario, or write the time as a duration from minute 0',
        });
        return [];
      }
      at = (when.epochMs - clock.epochMs) / 60_000;
      if (at < 0) {
        diagnostics.push({ code: 'invalid-value', severity: 'error', message: `observed time ${atText} is before the scenario's start (${start})`, pos: atPos, hint: 'observations are times after minute 0' });
        return [];
      }
    }
    const fraction = num(o.fraction);
    // A fraction written but refused by the schema check (out of range) was reported there.
    if (event === 'capacity' && fraction === undefined && !positions.keys.get(o)?.has('fraction')) {
      diagnostics.push({ code: 'missing-field', severity: 'error', message: 'a "capacity" observation needs a "fraction" (0 to 1): the share of capacity reached', pos: itemPos(list, i), hint: 'e.g. fraction: 0.5' });
      return [];
    }
    if (event === 'capacity' && fraction === undefined) return [];
    if (event !== 'capacity' && has(o, 'fraction')) {
      diagnostics.push({ code: 'invalid-value', severity: 'error', message: `"fraction" belongs only to event: capacity, not to event: ${event}`, pos: keyPos(o, 'fraction'), hint: 'remove it, or use event: capacity' });
      return [];
    }
    const bound = str(o.bound) as 'upper' | 'lower' | undefined;
    if (bound === 'lower' && at === 0) {
      diagnostics.push({ code: 'invalid-value', severity: 'error', message: 'a lower bound at minute 0 says nothing: every time is at or after minute 0', pos: keyPos(o, 'bound'), hint: 'remove the bound, or give the time the event could not precede' });
      return [];
    }
    const tolerance = num(o.tolerance);
    return [{
      service: str(o.service)!, event, at,
      ...(fraction !== undefined ? { fraction } : {}),
      ...(bound !== undefined ? { bound } : {}),
      ...(tolerance !== undefined ? { tolerance } : {}),
      ...(str(o.label) !== undefined ? { label: str(o.label)! } : {}),
      source: str(o.source)!,
      pos: itemPos(list, i),
    }];
  });
}
