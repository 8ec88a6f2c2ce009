/**
 * The per-instant oscillation guard (docs/model.md, "Cycles"): which services it stops, and the
 * budget that stands behind the services it does not.
 *
 * Within one instant the engine evaluates services from a work list taken dependencies first
 * (worklist.ts; simulate.ts, `drain`).
 * A service is put on it by an event of the instant, by a change of a dependency (its state; its
 * capacity or served line, or its queue's full flag, for the dependents that read them), by the
 * settling of a cyclic block (its members, and the services that waited for its commit), or by
 * one of three mechanisms that look back against the dependency edges: an aggregate of cells
 * wakes its cells and itself when traffic moves (cells-run.ts), a cold cache that empties or
 * starts its refill wakes its origin (cachefill.ts), and a queue whose clients reconnect wakes
 * itself once (herd.ts, after an evaluation that found it down).
 *
 * A zero-time loop of wake-ups can therefore only pass through a cyclic block (a strongly
 * connected component over every edge type: src/graph/compile.ts), a slot of a service with
 * cells, or the origin of a cold cache. Those are the *guarded* services: evaluated more than
 * MAX_EVALS_PER_INSTANT times in one instant, a guarded service keeps the state it reached
 * (cycles.ts's `settle` gives a block's members a fresh count, and settles a block at most
 * MAX_EVALS_PER_INSTANT + 1 rounds per instant).
 *
 * Every other service is never stopped: it is evaluated again each time a dependency changes,
 * so it ends the instant on the states its dependencies ended with (it used to keep a stale
 * label for ever when the guard cut it first: a dependent of a block that chattered within an
 * instant; a service with more than 12 dependencies changing one after another down a chain).
 * That ends by itself. Split a drain into *waves*: each starts when the work list hands out a
 * service earlier in its order than the one before. The work list holds a service at most once
 * and hands them out in order within a wave, so a service is evaluated at most once per wave. A
 * wave that evaluates no guarded service only wakes dependents (or, once after a recovery, a reconnecting queue itself), so a run of
 * such waves is at most about twice the longest dependency path L among unguarded services; every
 * other wave spends one of the finitely many evaluations the guard allows (G). Hence at most
 * about 2(L + 1)(G + 1) evaluations of an unguarded service per drain, and in practice one.
 *
 * Another fix was weighed: a later look (each unguarded service the guard stopped evaluated
 * once more after the instant settles) mends one stopped service, but not two in a row, where the
 * first of them to be looked at again reads the other's stale state, and what it changes can wake
 * a block again. Exempting the services a loop cannot pass through keeps the bound above whatever
 * the work list's order; taken dependencies first, an unguarded service is in practice evaluated
 * once per instant, after its dependencies.
 *
 * As the last line of defence (docs/model.md, "Termination"), evaluations of unguarded services
 * past the guard's count are budgeted per instant: a run over the budget is a bug of the engine
 * (a wake-up against the edges this file does not know of) and stops with
 * {@link EngineNonTermination}, as a run over its event budget does.
 */
import { blocksOf } from '../graph/compile.js';
import type { Model } from './model.js';
import { EngineNonTermination, MAX_EVALS_PAST_GUARD_BASE, MAX_EVALS_PAST_GUARD_PER_SERVICE, MAX_EVALS_PER_INSTANT } from './run-options.js';

/** Per slot: 1 where the oscillation guard applies (a member of a cyclic block, a slot of a service with cells, a cold cache's origin). */
export function guardedSlots(model: Model): Uint8Array {
  const g = model.graph;
  const n = g.n;
  const { blockOf } = blocksOf(g);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) if (blockOf[i]! >= 0) out[i] = 1;
  const cells = model.cells;
  if (cells !== undefined) for (let i = 0; i < n; i++) if (cells.role[i] !== 0) out[i] = 1;
  // an origin with cells: its aggregate and its cells are slots with cells, marked above
  if (model.fills !== undefined) for (const f of model.fills) out[f.origin] = 1;
  return out;
}

/**
 * The guard's decision for a service evaluated more than MAX_EVALS_PER_INSTANT times in the
 * current instant. Which services it stops is worked out at the first such evaluation of a run
 * (most runs never get there).
 */
export class OscillationGuard {
  private guarded: Uint8Array | null = null;
  private instant = -1;
  private past = 0;

  constructor(private readonly model: Model) {}

  /** Whether service i's evaluation is skipped (it keeps its state); `instant` and `t` identify the instant. */
  stops(i: number, instant: number, t: number): boolean {
    this.guarded ??= guardedSlots(this.model);
    if (this.guarded[i] === 1) return true;
    if (this.instant !== instant) { this.instant = instant; this.past = 0; }
    const budget = MAX_EVALS_PAST_GUARD_BASE + MAX_EVALS_PAST_GUARD_PER_SERVICE * this.guarded.length;
    if (++this.past > budget) {
      throw new EngineNonTermination(`more than ${budget} evaluations past the oscillation guard's ${MAX_EVALS_PER_INSTANT} within minute ${t} by services it does not stop`);
    }
    return false;
  }
}
