/**
 * Cells in the result (docs/model.md, "Cells, zones and regions"): the entry of a service
 * with cells stays its aggregate and gains `cells` (one entry per cell, as for a service);
 * the aggregate's impairment is explained in words ("cell use1-az1 down: 40 % of traffic
 * failing", "failover of use1-az1's traffic overloads use1-az2 (130 % of its capacity)");
 * a cause or a step of the critical path at a cell names it `<service>@<cell>`.
 */
import type { Model } from './model.js';
import { STATE_DEGRADED, STATE_DOWN, STATE_UP } from './model.js';
import type { CapacityPoint, CellResult, Cause, CriticalStep, ServiceResult } from './result.js';
import { pct, servedAtPoint } from './explain-capacity.js';
import { drainText, drainWindow, drains, fromResults, worstServed } from './failover-drain-explain.js';

/** "a" / "a and b" / "a, b and c". */
const listText = (xs: readonly string[]): string => (xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`);

/** Whether service `self` of the model is the aggregate of a service with cells. */
export const isAggregate = (model: Model, self: number): boolean => model.cells !== undefined && model.cells.role[self] === 1;

/**
 * The cause of an impairment of aggregate `self` starting at t, in words: which cells are
 * down or degraded, where failover moved their traffic and whom it overloads, and the share
 * of the service's traffic failing. `who` is the cell the engine named.
 */
export function cellCause(model: Model, self: number, who: number, t: number, states: (svc: number, t: number) => number, curves: readonly (readonly CapacityPoint[])[]): Cause {
  const plan = model.cells!;
  const cells = Array.from(plan.cellSlots.subarray(plan.cellStart[self]!, plan.cellStart[self + 1]!));
  const name = (j: number): string => plan.cellName[j]!;
  const down = cells.filter((j) => states(j, t) === STATE_DOWN);
  const up = cells.filter((j) => states(j, t) !== STATE_DOWN);
  // traffic moved: the service serves more than the cells not down serve of their own shares
  // (within a failover delay it has not moved yet)
  const own = up.reduce((x, j) => x + plan.share[j]! * servedAtPoint(curves[j]!, t), 0);
  const moving = plan.failover[self] === 1 && down.length > 0 && up.length > 0 && servedAtPoint(curves[self]!, t) > own + 1e-6;
  const parts: string[] = [];
  if (down.length > 0) parts.push(`${down.length > 1 ? 'cells' : 'cell'} ${listText(down.map(name))} down`);
  // a gradual failover under way or ahead (failover-drain-explain.ts)
  const gradual = drains(model, self) && down.length > 0 && up.length > 0 ? drainText(model, self, t, down.length > 1 ? `the traffic of ${listText(down.map(name))}` : `${name(down[0]!)}'s traffic`, listText(up.map(name)), states, curves) : null;
  if (gradual !== null && !moving) parts.push(gradual);
  if (moving) {
    const from = down.length > 1 ? `the traffic of ${listText(down.map(name))}` : `${name(down[0]!)}'s traffic`;
    const over = up.filter((j) => servedAtPoint(curves[j]!, t) < 1 - 1e-9);
    if (gradual !== null) {
      const load = over.map((j) => `${name(j)} (${pct(1 / Math.max(servedAtPoint(curves[j]!, t), 1e-9))} of its capacity)`);
      parts.push(over.length > 0 ? `${gradual}, overloading ${listText(load)}` : gradual);
    } else if (over.length > 0) {
      const load = over.map((j) => pct(1 / Math.max(servedAtPoint(curves[j]!, t), 1e-9)));
      // one figure when every overloaded cell carries the same load
      const text = load.every((x) => x === load[0])
        ? `${listText(over.map(name))} (${load[0]} of ${over.length > 1 ? 'their' : 'its'} capacity)`
        : listText(over.map((j, k) => `${name(j)} (${load[k]} of its capacity)`));
      parts.push(`failover of ${from} overloads ${text}`);
    } else parts.push(`${down.length > 1 ? 'their' : 'its'} traffic failed over to ${listText(up.map(name))}`);
  }
  const degraded = up.filter((j) => states(j, t) === STATE_DEGRADED && !(moving && servedAtPoint(curves[j]!, t) < 1 - 1e-9));
  if (degraded.length > 0) parts.push(`${degraded.length > 1 ? 'cells' : 'cell'} ${listText(degraded.map(name))} degraded`);
  if (parts.length === 0) parts.push(`cell ${name(who)} ${states(who, t) === STATE_UP ? 'overloaded' : 'impaired'}`);
  const failing = 1 - servedAtPoint(curves[self]!, t);
  const tail = failing > 0.005 ? `${pct(failing)} of traffic failing` : 'all traffic served, some of it late';
  return { kind: 'cell', service: model.graph.ids[who]!, detail: `${parts.join('; ')}: ${tail}` };
}

/**
 * Words for a cell overloaded by failover: "failover of az1's traffic: load 133 % of its
 * capacity, 75 % served"; every sibling cell down at t is named (the engine names the first).
 */
export function overloadDetail(model: Model, self: number, from: number, t: number, states: (svc: number, t: number) => number, curves: readonly (readonly CapacityPoint[])[]): string {
  const plan = model.cells!;
  const a = plan.parent[self]!;
  const down = a >= 0 ? Array.from(plan.cellSlots.subarray(plan.cellStart[a]!, plan.cellStart[a + 1]!)).filter((j) => j !== self && states(j, t) === STATE_DOWN) : [];
  const names = down.length > 0 ? down.map((j) => plan.cellName[j]!) : [plan.cellName[from]!];
  const whose = names.length > 1 ? `the traffic of ${listText(names)}` : `${names[0]}'s traffic`;
  if (drains(model, a)) {
    // the load rises with the drain: its peak over the impairment says more than its start
    const worst = worstServed(self, t, states, curves);
    return `failover of ${whose}, moved gradually: load up to ${pct(1 / Math.max(worst, 1e-9))} of its capacity, ${pct(worst)} of requests served at worst`;
  }
  const s = servedAtPoint(curves[self]!, t);
  return `failover of ${whose}: load ${pct(1 / Math.max(s, 1e-9))} of its capacity, ${pct(s)} of requests served`;
}

/**
 * The documented services from the result of every slot: the catalog's services in catalog
 * order, each service with cells carrying its cells' entries.
 */
export function withCells(model: Model, all: readonly ServiceResult[]): ServiceResult[] {
  const plan = model.cells!;
  const out: ServiceResult[] = [];
  for (let a = 0; a < plan.nServices; a++) {
    const r = all[a]!;
    if (plan.role[a] !== 1) { out.push(r); continue; }
    const cells: CellResult[] = [];
    for (let k = plan.cellStart[a]!; k < plan.cellStart[a + 1]!; k++) {
      const j = plan.cellSlots[k]!;
      cells.push({ ...all[j]!, partial: r.partial, cell: plan.cellName[j]!, share: Math.round(plan.share[j]! * 1e6) / 1e6 });
    }
    out.push({ ...r, backlogPeak: peakOf(cells), collapse: collapseOf(cells), cells });
  }
  return out;
}

/**
 * A service's queue is the sum of its cells': its peak is reported as the sum of the cells'
 * peaks (at the latest of their times), an upper bound of the total at any one time.
 */
function peakOf(cells: readonly CellResult[]): ServiceResult['backlogPeak'] {
  const peaks = cells.flatMap((c) => (c.backlogPeak ? [c.backlogPeak] : []));
  if (peaks.length === 0) return null;
  return { value: peaks.reduce((a, p) => a + p.value, 0), atMinutes: Math.max(...peaks.map((p) => p.atMinutes)), unit: peaks[0]!.unit };
}

/** The earliest collapse of a cell judged before a dependency settled (collapse-episodes.ts), if any. */
function firstJudgedBefore(cs: ReadonlyArray<NonNullable<ServiceResult['collapse']>>): Pick<NonNullable<ServiceResult['collapse']>, 'judgedBefore'> {
  const early = cs.flatMap((c) => (c.judgedBefore ? [c.judgedBefore] : []));
  return early.length ? { judgedBefore: early.reduce((a, j) => (j.atMinutes < a.atMinutes ? j : a)) } : {};
}

/**
 * The service collapsed from its first cell's collapse until its last cell's ended (null: one
 * never did); its queue while collapsed, like its peak, the sum of its cells' (an upper bound).
 */
function collapseOf(cells: readonly CellResult[]): ServiceResult['collapse'] {
  const cs = cells.flatMap((c) => (c.collapse ? [c.collapse] : []));
  if (cs.length === 0) return null;
  const open = cs.find((c) => c.endMinutes === null);
  const last = open ?? cs.reduce((a, c) => (c.endMinutes! > a.endMinutes! ? c : a));
  const name = (c: (typeof cs)[number]): string => cells.find((x) => x.collapse === c)!.cell;
  const queued = cs.flatMap((c) => (c.queued ? [c.queued] : []));
  return {
    startMinutes: Math.min(...cs.map((c) => c.startMinutes)),
    endMinutes: open ? null : last.endMinutes,
    endedBy: cs.length === 1 ? last.endedBy : `${last.endedBy} (cell ${name(last)}, the last of ${cs.length} to collapse)`,
    ...(queued.length ? { queued: { value: queued.reduce((a, q) => a + q.value, 0), atMinutes: Math.max(...queued.map((q) => q.atMinutes)) } } : {}),
    ...firstJudgedBefore(cs),
  };
}

/**
 * A service with failover recovers when its failed cell's traffic moves, not when that cell
 * comes back: the critical path then ends at the cell, "traffic failed over", instead of
 * going on through the causes of the cell's own outage. `all` has the result of every slot.
 */
export function failoverSteps(model: Model, steps: readonly CriticalStep[], all: readonly ServiceResult[]): CriticalStep[] {
  const plan = model.cells!;
  const out: CriticalStep[] = [];
  for (let k = 0; k < steps.length; k++) {
    const step = steps[k]!;
    out.push(step);
    const prev = steps[k - 1];
    const j = plan.graph.index.get(step.id);
    if (!prev || j === undefined || plan.role[j] !== 2 || plan.graph.ids[plan.parent[j]!] !== prev.id || !plan.failover[j]) continue;
    const back = all[j]!.recoveredMinutes;
    if (back !== null && back <= step.atMinutes + 1e-9) continue;
    const a = plan.parent[j]!;
    const iv = drains(model, a) ? all[j]!.intervals.find((x) => x.start <= step.atMinutes + 1e-9 && (x.end === null || x.end > step.atMinutes)) : undefined;
    const read = iv ? fromResults(all) : null;
    const win = iv && read ? drainWindow(model, a, iv.start, read.states, read.curves) : null;
    const when = win && win.start !== null ? ` from ${win.start} to ${win.end} min` : '';
    out[out.length - 1] = { ...step, what: `traffic failed over${when} (the cell ${back === null ? 'never recovers' : `is back at ${back} min`})` };
    break;
  }
  return out;
}
