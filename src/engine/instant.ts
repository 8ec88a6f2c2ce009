/**
 * The propagation of one instant (docs/model.md, "Within an instant"): once its events are
 * applied, evaluate what they reach, settle the cyclic blocks they touched (cycles.ts), then judge
 * the queues found past their limit on the state the instant settled to (judge.ts), each change
 * propagated before the next is judged.
 */
import { settle as settle_, type Cycles } from './cycles.js';
import { JUDGE_ANY as JUDGE_ANY_, JUDGE_LATER as JUDGE_LATER_ } from './judge.js';
import { EngineNonTermination, MAX_EVALS_PER_INSTANT as MAX_EVALS_PER_INSTANT_ } from './run-options.js';
import type { Sim } from './state.js';

// module-level copies of imports: read once per instant without the live-binding indirection
const settle = settle_;
const JUDGE_ANY = JUDGE_ANY_;
const JUDGE_LATER = JUDGE_LATER_;
const MAX_EVALS_PER_INSTANT = MAX_EVALS_PER_INSTANT_;

/** The step that completes an instant, for a run's work-list `drain` and state `commit`. */
export function instantOf(S: Sim, cy: Cycles, drain: () => void, commit: (i: number, e: number, eK: number, eS: number) => void): () => void {
  /** Evaluates what the instant's changes reach, and settles the cyclic blocks they touched. */
  const propagate = (): void => {
    for (let round = 0; ; round++) {
      drain();
      if (cy.nTouched === 0 || round > MAX_EVALS_PER_INSTANT) break;
      // a block's fixpoint judges its queues where it evaluates them (judge.ts)
      S.judge = JUDGE_ANY;
      for (let k = 0; k < cy.nTouched; k++) { const b = cy.touched[k]!; cy.blockTouched[b] = 0; settle(S, cy, b, drain, commit); }
      S.judge = JUDGE_LATER;
      cy.nTouched = 0;
      if (S.work.length === 0) break;
    }
  };
  /** Judges the noted queues one at a time, dependencies first, each change propagated before the next. */
  const judgeSettled = (): void => {
    const p = S.pending!;
    const most = MAX_EVALS_PER_INSTANT * S.n;
    for (let judged = 0; p.length !== 0; judged++) {
      if (judged > most) throw new EngineNonTermination(`the queues judged at minute ${S.t} do not settle: more than ${most} judgments`);
      S.judge = p.take();
      S.enqueue(S.judge);
      drain();
      S.judge = JUDGE_LATER;
      propagate();
    }
  };
  return (): void => {
    propagate();
    if (S.pending !== null && S.pending.length !== 0) judgeSettled();
  };
}
