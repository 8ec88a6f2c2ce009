/**
 * Shell: background work at a lower priority than the explorer's own thread. The advisor's
 * and the analysis's worker threads call this first: on a machine whose cores are busy, the
 * scheduler then gives the thread that answers keys its turn before them. Linux only (a thread
 * has its own nice value there, set through its thread id); elsewhere, and when refused, it does
 * nothing.
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

/** Nice value of the explorer's worker threads (0 is the default, 19 the lowest). */
export const BACKGROUND_NICE = 10;

export function lowerThisThreadsPriority(nice = BACKGROUND_NICE): void {
  try {
    // "/proc/thread-self" links to "<pid>/task/<tid>"
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, nice);
  } catch {
    // not Linux, or not allowed: the thread keeps its priority
  }
}
