/**
 * The advisor in the explorer's state (the reducer's `advice` and its actions): asking for the
 * candidates of the selected service (computed by the shell, state/advice.ts, off the render
 * path), their progress and result, moving among them, and choosing one to draw its timeline
 * against the current one.
 */
import type { Curve } from './curve.js';
import type { ServiceAdvice } from './advice.js';
import type { SimRequest } from './requests.js';

/** A candidate's recovery, drawn against the simulation on screen. */
export interface Compare {
  /** The candidate's id, e.g. `replica:storage`. */
  readonly id: string;
  readonly title: string;
  readonly result: Curve;
}

export interface AdviceView {
  /** The service the candidates are for (index into data.rows). */
  readonly row: number;
  /** What they are simulated over: the timeline's request, or the service failing for 30 minutes. */
  readonly request: SimRequest;
  readonly status: 'computing' | 'done' | 'failed';
  /** Simulations done and to do, while computing. */
  readonly done: number;
  readonly total: number;
  readonly result: ServiceAdvice | null;
  /** The highlighted candidate (index into result.ranked). */
  readonly cursor: number;
  readonly error: string | null;
}

export type AdviceAction =
  | { readonly type: 'openAdvice' }
  | { readonly type: 'adviceProgress'; readonly done: number; readonly total: number }
  | { readonly type: 'advised'; readonly row: number; readonly result: ServiceAdvice }
  | { readonly type: 'adviceFailed'; readonly row: number; readonly message: string }
  | { readonly type: 'adviceMove'; readonly delta: number }
  | { readonly type: 'adviceChoose' };

