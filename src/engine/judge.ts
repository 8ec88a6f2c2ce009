/**
 * Collapses judged on the state an instant settles to (docs/model.md, "Within an instant").
 *
 * Within an instant the engine takes the services a change reaches dependencies first
 * (worklist.ts), but a queue can still be evaluated while one of its dependencies has not yet
 * taken its new state at that minute: a cyclic block settles after the work list drains, and a
 * cold cache, cells or reconnecting clients wake a service against the edges. States alone do not
 * mind (only the last evaluation of the instant counts), but a queue past its limit (more work
 * than it can serve within the timeout) collapses, or sheds, and that persists. So a queue found
 * past its limit while the instant is still propagating is not judged there: its evaluation
 * commits nothing (dependents keep seeing what they saw), it is noted (`Sim.pending`), and once
 * nothing else moves at that minute the noted queues are evaluated again one at a time,
 * dependencies first, each allowed to collapse on what it then sees; what a collapse changes propagates before the
 * next is judged. A queue whose limit was a passing state is not past it on the settled state and
 * simply goes on. The noted queues are a work list of their own (worklist.ts): taken dependencies
 * first, outside a cyclic block none of the others is one of its dependencies, so a collapse
 * among them is judged before the queues behind it see it. Inside a cyclic block's fixpoint
 * (cycles.ts) queues are still judged where they are evaluated, on the block's tentative states.
 */

/** `Sim.judge` while an instant propagates: no queue is judged yet. */
export const JUDGE_LATER = -1;
/**
 * `Sim.judge` while a cyclic block settles: its queues are judged where they are evaluated. (Noted
 * instead, a queue can be past its limit on the block's tentative states and not on its committed
 * ones, blocked by a member waiting for it: noted and judged in turn without end.)
 */
export const JUDGE_ANY = -2;
