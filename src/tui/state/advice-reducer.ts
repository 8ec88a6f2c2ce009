/**
 * The advisor in the explorer's state: asking for the candidates of the selected service
 * (computed by the shell, state/advice.ts, off the render path), their progress and result,
 * moving among them, and choosing one to draw its timeline against the current one. Pure.
 */
import type { SimulationResult } from '../../engine/index.js';
import type { ExplorerData } from './data.js';
import type { ServiceAdvice } from './advice.js';
import { DEFAULT_FAIL_MINUTES, selectedRow, startSim, type ExplorerState, type SimRequest } from './reducer.js';

/** A candidate's timeline, drawn against the simulation on screen. */
export interface Compare {
  /** The candidate's id, e.g. `replica:storage`. */
  readonly id: string;
  readonly title: string;
  readonly result: SimulationResult;
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

/** Two requests for the same simulation. */
export const sameRequest = (a: SimRequest, b: SimRequest): boolean =>
  a.kind === 'fail' && b.kind === 'fail' ? a.row === b.row && a.forMinutes === b.forMinutes : a.kind === 'scenario' && b.kind === 'scenario' && a.index === b.index;

/** The request the advisor runs over for `row`: the one on the timeline, else the row's own failure. */
export const adviceRequest = (s: ExplorerState, row: number): SimRequest => s.sim?.request ?? { kind: 'fail', row, forMinutes: DEFAULT_FAIL_MINUTES };

export function reduceAdvice(data: ExplorerData, st: ExplorerState, a: AdviceAction): ExplorerState {
  const adv = st.advice;
  switch (a.type) {
    case 'openAdvice': {
      const row = selectedRow(st);
      if (row === null) return { ...st, message: 'no service selected' };
      const request = adviceRequest(st, row);
      // the same service over the same input: shown again as it was (computed once per selection)
      if (adv && adv.row === row && sameRequest(adv.request, request) && adv.status !== 'failed') return { ...st, searching: false, overlay: { kind: 'advice' } };
      return { ...st, searching: false, overlay: { kind: 'advice' }, advice: { row, request, status: 'computing', done: 0, total: 0, result: null, cursor: 0, error: null } };
    }
    case 'adviceProgress':
      if (adv?.status !== 'computing') return st;
      return { ...st, advice: { ...adv, done: a.done, total: a.total } };
    case 'advised':
      if (!adv || adv.row !== a.row || adv.status !== 'computing') return st;
      return { ...st, advice: { ...adv, status: 'done', result: a.result, cursor: 0 } };
    case 'adviceFailed':
      if (!adv || adv.row !== a.row || adv.status !== 'computing') return st;
      return { ...st, advice: { ...adv, status: 'failed', error: a.message } };
    case 'adviceMove': {
      if (st.overlay.kind !== 'advice' || !adv?.result || adv.result.ranked.length === 0) return st;
      const cursor = Math.max(0, Math.min(adv.result.ranked.length - 1, adv.cursor + a.delta));
      return cursor === adv.cursor ? st : { ...st, advice: { ...adv, cursor } };
    }
    case 'adviceChoose': {
      if (st.overlay.kind !== 'advice') return st;
      const pick = adv?.result?.ranked[adv.cursor];
      if (!adv?.result || !pick) return { ...st, overlay: { kind: 'none' } };
      const compare: Compare = { id: pick.id, title: pick.title, result: pick.result };
      const closed = { ...st, overlay: { kind: 'none' as const } };
      // the timeline already shows what the advisor simulated: add the candidate's curve to it
      if (st.sim?.request && sameRequest(st.sim.request, adv.request)) return { ...closed, sim: { ...st.sim, compare } };
      // else open that simulation (the advisor's own baseline run), playing from the start as any other
      return startSim(data, closed, adv.result.baselineResult, adv.result.label, null, adv.request, compare);
    }
  }
}
