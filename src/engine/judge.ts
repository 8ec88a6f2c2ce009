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
 * commits nothing (dependents keep seeing what they saw), it is noted here, and once nothing else
 * moves at that minute the noted queues are evaluated again one at a time, dependencies first,
 * each allowed to collapse on what it then sees; what a collapse changes propagates before the
 * next is judged. A queue whose limit was a passing state is not past it on
 * the settled state and simply goes on. Inside a cyclic block's fixpoint (cycles.ts) queues are
 * still judged where they are evaluated, on the block's tentative states.
 */
import { workOrder } from './worklist.js';
import type { CompiledGraph } from '../graph/compile.js';

/** `Sim.judge` while an instant propagates: no queue is judged yet. */
export const JUDGE_LATER = -1;
/**
 * `Sim.judge` while a cyclic block settles: its queues are judged where they are evaluated. (Noted
 * instead, a queue can be past its limit on the block's tentative states and not on its committed
 * ones, blocked by a member waiting for it: noted and judged in turn without end.)
 */
export const JUDGE_ANY = -2;

/** The queues found past their limit during an instant, waiting to be judged on its settled state. */
export class PendingJudgments {
  private readonly list: number[] = [];
  private readonly noted: Uint8Array;
  private readonly pos: Uint32Array;

  constructor(g: CompiledGraph) {
    this.noted = new Uint8Array(g.n);
    this.pos = workOrder(g).pos;
  }

  get size(): number {
    return this.list.length;
  }

  /** Notes queue i (once until it is judged). */
  add(i: number): void {
    if (this.noted[i]) return;
    this.noted[i] = 1;
    this.list.push(i);
  }

  /**
   * Takes the noted queue that comes first in the order with dependencies first: outside a cyclic
   * block, none of the others is one of its dependencies, so a collapse among them is judged
   * before the queues behind it see it.
   */
  next(): number {
    const L = this.list;
    let best = 0;
    for (let k = 1; k < L.length; k++) if (this.pos[L[k]!]! < this.pos[L[best]!]!) best = k;
    const i = L[best]!;
    L[best] = L[L.length - 1]!;
    L.pop();
    this.noted[i] = 0;
    return i;
  }

  /** Forgets every note (a run stopped within an instant leaves some). */
  clear(): void {
    for (const i of this.list) this.noted[i] = 0;
    this.list.length = 0;
  }
}
