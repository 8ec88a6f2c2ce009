/**
 * The per-run helpers of the engine's loop (simulate.ts) that depend on the run's storage
 * only, not on its parameter values: the causal-state and backlog steps (closures over the
 * state's arrays) and the small output records they fill. A run without a workspace builds
 * its own; a workspace (workspace.ts) keeps one for all its runs, since its Sim and cycles
 * are the same objects from one run to the next.
 */
import type { Sim } from './state.js';
import type { Cycles } from './cycles.js';
import { causalStateOf, newCausal, type Causal } from './requirements.js';
import { updateBacklogOf, type QueueOut } from './backlog.js';
import { newBase, type Base } from './restart.js';
import { EV_ACTION, EV_ANCHOR } from './state.js';
import { ActionClock } from './timing.js';

export interface RunKit {
  /** The Sim and cycles the steps are bound to. */
  readonly S: Sim;
  readonly cy: Cycles;
  readonly causalState: (i: number, out: Causal) => void;
  readonly updateBacklog: (i: number, base: number, baseS: number, asyncBlock: number, out: QueueOut) => boolean;
  readonly C: Causal;
  readonly Bs: Base;
  readonly Q: QueueOut;
  /** capacityLine's binding service; servedLine's cause kind and service; a popped event. */
  readonly who: Int32Array;
  readonly fc: Int32Array;
  readonly ev: Float64Array;
  /** Per service: whether its clients lost their connections (herd.ts); all 0 at the start of a run. */
  readonly herdArmed: Uint8Array;
  /** The actions' and anchors' times (timing.ts), for the values S.v; its events go on S.q. */
  readonly clock: ActionClock;
}

/** The helpers bound to `S` and `cy`, the clock at the values S.v. */
export function newRunKit(S: Sim, cy: Cycles): RunKit {
  return {
    S, cy,
    causalState: causalStateOf(S, cy),
    updateBacklog: updateBacklogOf(S),
    C: newCausal(),
    Bs: newBase(),
    Q: { muA: 0, muK: 0, lambda: 0 },
    who: new Int32Array(1),
    fc: new Int32Array(2),
    ev: new Float64Array(5),
    herdArmed: new Uint8Array(S.n),
    // actions whose time counts from an event of the run are queued when that event happens
    clock: new ActionClock(S.model.timing, S.model.actions, S.v, (at, k) => S.q.push(at, EV_ACTION, S.model.actions[k]!.service, k), (at, an) => S.q.push(at, EV_ANCHOR, an, 0)),
  };
}
