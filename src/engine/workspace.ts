/**
 * A workspace: the storage of one model's runs, kept from one run to the next so that running
 * the same model many times (Monte Carlo trials, a fit's or an advisor's replays) does not
 * allocate the engine's fifty-odd per-service arrays, its event queue and its transition log
 * every time. Each run that is given the workspace (`RunOptions.workspace`) puts the arrays
 * back to their values before a run (Sim.reset) instead of allocating them.
 *
 * The outcome of such a run is a view of the workspace: its arrays, its log and the curves
 * derived lazily from that log are overwritten by the next run given the same workspace. A
 * caller copies what it keeps before the next run (as runTrials does); runs without a
 * workspace allocate their own storage, and their outcomes stay valid for good.
 */
import type { Model } from './model.js';
import { Sim } from './state.js';
import { newCycles, type Cycles } from './cycles.js';
import { newRunKit, type RunKit } from './run-kit.js';

/** Storage reused by the runs of one model; one run at a time. */
export class Workspace {
  private S: Sim | null = null;
  private curves = false;
  private cy: Cycles | null = null;
  /** The cycles' state as newCycles made it, copied back before each run. */
  private pristine: Cycles | null = null;
  private readonly load: Uint8Array;
  /** The names of the cycles' arrays, read once. */
  private cyKeys: string[] | null = null;
  private kit: RunKit | null = null;

  constructor(readonly model: Model) {
    this.load = new Uint8Array(model.faults.length);
  }

  /** The run's state for parameter values `v`, as a new Sim(model, v, curves) would be. */
  sim(model: Model, v: Float64Array, curves: boolean): Sim {
    if (model !== this.model) throw new Error('a workspace was given a run of another model; this is a bug');
    if (this.S === null || this.curves !== curves) {
      this.S = new Sim(model, v, curves);
      this.curves = curves;
      this.cy = null;
    } else this.S.reset(v);
    return this.S;
  }

  /** The cyclic blocks' state of the current Sim, as newCycles(S) would make it. */
  cycles(S: Sim): Cycles {
    if (this.cy === null || this.pristine === null) {
      this.cy = newCycles(S);
      this.pristine = newCycles(S);
      return this.cy;
    }
    resetCycles(this.cy, this.pristine, (this.cyKeys ??= Object.keys(this.pristine)));
    return this.cy;
  }

  /** The loop's helpers bound to the current Sim and cycles (run-kit.ts), herd flags all 0, the clock at S.v. */
  runKit(S: Sim, cy: Cycles): RunKit {
    if (this.kit === null || this.kit.S !== S || this.kit.cy !== cy) this.kit = newRunKit(S, cy);
    else { this.kit.herdArmed.fill(0); this.kit.clock.reset(S.v); }
    return this.kit;
  }

  /** Which load faults are active, all off. */
  loadActive(): Uint8Array {
    return this.load.fill(0);
  }
}

/** Copies every array of `from` into `cy` (the constants blockOf and bitOf are the same either way). */
function resetCycles(cy: Cycles, from: Cycles, keys: readonly string[]): void {
  const c = cy as unknown as Record<string, unknown>;
  const f = from as unknown as Record<string, unknown>;
  for (let j = 0; j < keys.length; j++) {
    const k = keys[j]!;
    const x = f[k];
    if (ArrayBuffer.isView(x) && x !== c[k]) (c[k] as Int32Array).set(x as Int32Array);
  }
  cy.nTouched = 0;
  cy.settling = false;
}
