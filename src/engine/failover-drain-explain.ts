/**
 * A gradual failover in words (docs/model.md, "Gradual failover"): how much of the failed
 * cells' traffic has moved, and when the drain runs, read off the curves of the run (not the
 * parameters: a Monte Carlo trial or a fit explains the values it drew).
 *
 * The cells not down (share W, serving s_k of what reaches them) carry D times their own
 * traffic, and the service serves s = D · Σ w_k · s_k, so D = s / Σ w_k · s_k and the moved
 * share of the failed cells' traffic is m = (D − 1) · W / (1 − W).
 */
import type { Model } from './model.js';
import { STATE_DEGRADED, STATE_DOWN, STATE_UP } from './model.js';
import type { CapacityPoint, ServiceResult } from './result.js';
import { servedAtPoint } from './explain-capacity.js';

/** Curves are rounded to 1e-6: a moved share within this of 0 or 1 is 0 or 1. */
const TOL = 1e-4;

type States = (svc: number, t: number) => number;
type Curves = readonly (readonly CapacityPoint[])[];

/** Whether the service at aggregate slot `agg` fails over gradually (`failover: {over}`). */
export const drains = (model: Model, agg: number): boolean => model.cellOver !== undefined && agg >= 0 && model.cellOver[agg]! >= 0;

const cellsOf = (model: Model, agg: number): number[] => {
  const plan = model.cells!;
  return Array.from(plan.cellSlots.subarray(plan.cellStart[agg]!, plan.cellStart[agg + 1]!));
};

/** The moved share (0 to 1) of the traffic of the cells of `agg` down at t, or null when it cannot be read. */
export function movedShare(model: Model, agg: number, t: number, states: States, curves: Curves): number | null {
  const plan = model.cells!;
  let W = 0;
  let own = 0;
  for (const j of cellsOf(model, agg)) {
    if (states(j, t) === STATE_DOWN) continue;
    W += plan.share[j]!;
    own += plan.share[j]! * servedAtPoint(curves[j]!, t);
  }
  if (!(W > 1e-9 && W < 1 - 1e-9) || !(own > 1e-9)) return null;
  const m = ((servedAtPoint(curves[agg]!, t) / own - 1) * W) / (1 - W);
  return m < 0 ? 0 : m > 1 ? 1 : m;
}

/**
 * The drain under way at t or ahead of it while the same cells stay down: `start` the last
 * curve point with nothing moved (null when it had started by t), `end` the first with all
 * moved; null when it does not complete while they stay down.
 */
export function drainWindow(model: Model, agg: number, t: number, states: States, curves: Curves): { start: number | null; end: number } | null {
  const cells = cellsOf(model, agg);
  const downKey = (u: number): string => cells.filter((j) => states(j, u) === STATE_DOWN).join(',');
  const key = downKey(t);
  const times = new Set<number>([t]);
  for (const c of [agg, ...cells]) for (const p of curves[c]!) if (p.minute > t) times.add(p.minute);
  let start: number | null = null;
  for (const u of [...times].sort((x, y) => x - y)) {
    if (downKey(u) !== key) break;
    const m = movedShare(model, agg, u, states, curves) ?? 0;
    if (m >= 1 - TOL) return { start, end: u };
    if (m <= TOL) start = u;
  }
  return null;
}

/**
 * Words for a drain of `agg` at t: "failing over a's traffic to b and c (40 % moved, all by
 * 7 min)" while under way, "a's traffic to fail over to b and c from 1 min to 7 min" while
 * ahead; null when all has moved (the step failover's words then hold) or none will.
 * `from` names the traffic, `to` the cells receiving it.
 */
export function drainText(model: Model, agg: number, t: number, from: string, to: string, states: States, curves: Curves): string | null {
  const m = movedShare(model, agg, t, states, curves);
  if (m !== null && m >= 0.995) return null;
  const win = drainWindow(model, agg, t, states, curves);
  if (m !== null && m > 0.005) return `failing over ${from} to ${to} (${Math.round(m * 100)} % moved${win ? `, all by ${minutes(win.end)}` : ''})`;
  if (win && win.start !== null) return `${from} to fail over to ${to} from ${minutes(win.start)} to ${minutes(win.end)}`;
  return null;
}

const minutes = (x: number): string => `${Math.round(x * 1000) / 1000} min`;

/** The least served fraction of cell `self` from t while its state stays the one at t (read off its curve). */
export function worstServed(self: number, t: number, states: States, curves: Curves): number {
  let worst = servedAtPoint(curves[self]!, t);
  const state = states(self, t);
  for (const p of curves[self]!) {
    if (p.minute <= t) continue;
    if (states(self, p.minute) !== state) break;
    if (p.served < worst) worst = p.served;
  }
  return worst;
}

/** States and curves of every slot from the results of a run (for the critical path's words). */
export function fromResults(all: readonly ServiceResult[]): { states: States; curves: Curves } {
  const curves = all.map((r) => r.capacity ?? []);
  const order: Record<string, number> = { up: STATE_UP, degraded: STATE_DEGRADED, down: STATE_DOWN };
  const states: States = (svc, t) => {
    for (const x of all[svc]!.intervals) if (x.start <= t + 1e-9 && (x.end === null || t < x.end - 1e-9)) return order[x.state]!;
    return STATE_UP;
  };
  return { states, curves };
}
