/**
 * A service's collapses as its result sums them up (ServiceResult.collapse): the engine keeps
 * the first collapse's start and the last one's end, so a service that collapsed twice also
 * says how many times, counted from its intervals.
 */
import type { Interval } from './result.js';

/**
 * How many separate collapses the intervals hold (stretches whose cause is a collapse, apart
 * from the one before), when more than one: a result's `collapse` then spans the first's start
 * to the last's end, and the intervals give each.
 */
export function collapseEpisodes(ints: readonly Interval[]): { episodes?: number } {
  let n = 0;
  let prevEnd = NaN;
  for (const iv of ints) {
    if (iv.cause.kind !== 'collapse') continue;
    if (iv.start !== prevEnd) n++;
    prevEnd = iv.end ?? Infinity;
  }
  return n > 1 ? { episodes: n } : {};
}
