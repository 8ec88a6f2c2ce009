/**
 * What a run of the engine (simulate.ts) takes besides the model and its parameter values, and
 * the budgets that guarantee it ends.
 */
import type { Workspace } from './workspace.js';

/**
 * Last line of defence for termination (docs/model.md, "Termination"). Time must advance: more
 * than MAX_INSTANTS_IN_A_BLINK instants within BLINK minutes (a zero-length step, or one that
 * creeps by ulps) stop the run with an error that says it is a bug, instead of hanging. So does a
 * run past MAX_EVENTS_BASE + MAX_EVENTS_PER_SERVICE × n events (about 20 s of work; queues that
 * take turns every few seconds for the 30 days of the horizon need a few million).
 */
export const BLINK = 1e-6;
export const MAX_INSTANTS_IN_A_BLINK = 10_000;
export const MAX_EVENTS_BASE = 20_000_000;
export const MAX_EVENTS_PER_SERVICE = 1_000_000;

/** Raised when a run exceeds its event budget: a bug of the engine, never of the catalog. */
export class EngineNonTermination extends Error {
  constructor(message: string) {
    super(`${message}; this is a bug in the engine (it must terminate: docs/model.md, "Termination")`);
    this.name = 'EngineNonTermination';
  }
}

/**
 * Re-evaluations within one instant after which the oscillation guard freezes a service's state
 * (guard.ts): only services a zero-time loop can pass through (members of cyclic blocks, slots of
 * services with cells, cold caches' origins); every other service is evaluated as often as its
 * dependencies change.
 */
export const MAX_EVALS_PER_INSTANT = 12;
/**
 * Evaluations past MAX_EVALS_PER_INSTANT by services the guard does not stop, per instant, before
 * the run stops as a bug (guard.ts): far above what a dependency graph can cause (about 10 s of work).
 */
export const MAX_EVALS_PAST_GUARD_BASE = 10_000_000;
export const MAX_EVALS_PAST_GUARD_PER_SERVICE = 1_000;

export interface RunOptions {
  /**
   * Record capacity and served-fraction curves and unserved minutes for every service
   * (default true). Monte Carlo turns it off: it reads recoveries only, and for catalogs
   * without fraction fields the three-state rules then run alone.
   */
  readonly curves?: boolean;
  /** Record every service's curve as the run goes, none derived afterwards (curves.ts; for tests). */
  readonly recordAll?: boolean;
  /**
   * Reuse this workspace's storage instead of allocating (workspace.ts). The outcome is then a
   * view of the workspace, overwritten by its next run: copy what you keep before that.
   */
  readonly workspace?: Workspace;
  /**
   * Stop the run once its whole state repeats (repeat.ts, docs/model.md "Termination"; default
   * true). Off, a run whose services take turns goes on to the 30-day cut (for tests and bench).
   */
  readonly repeatStop?: boolean;
  /** Changes logged before the watch for a repeat starts (default REPEAT_MIN_CHANGES + 4 per service; tests set 0). */
  readonly repeatAfter?: number;
}
