/**
 * What the page asks of a simulation result at a moment: each service's state, the counts,
 * the moments at which something changes, and why a service is impaired (its cause, that
 * cause's cause, … back to the trigger). Pure; no DOM.
 */
import type { ServiceResult, SimulationResult } from '../engine/index.js';

export type Shown = 'idle' | 'up' | 'degraded' | 'down';

/** A result read back from the page's JSON: infinite impaired times were written as null. */
export function decodeResult(r: SimulationResult): SimulationResult {
  return { ...r, services: r.services.map((s) => ({ ...s, impairedMinutes: s.impairedMinutes ?? Infinity })) };
}

/** The state of `s` at minute `t`: its interval covering t, or up. */
export function stateAt(s: ServiceResult, t: number): 'up' | 'degraded' | 'down' {
  for (const i of s.intervals) if (i.start <= t && (i.end === null || t < i.end)) return i.state;
  return 'up';
}

/** How a service is drawn at `t`: impaired states, "up" once it was affected, "idle" otherwise. */
export function shownAt(s: ServiceResult | undefined, t: number): Shown {
  if (!s || s.impactStartMinutes === null || t < s.impactStartMinutes) return 'idle';
  return stateAt(s, t);
}

export interface Counts {
  readonly up: number;
  readonly degraded: number;
  readonly down: number;
  /** Impaired services that count towards full recovery (not partial). */
  readonly impairedFull: number;
  readonly impairedPartial: number;
}

export function countsAt(result: SimulationResult, t: number): Counts {
  let degraded = 0;
  let down = 0;
  let partial = 0;
  for (const s of result.services) {
    const st = stateAt(s, t);
    if (st === 'up') continue;
    if (st === 'down') down++;
    else degraded++;
    if (s.partial) partial++;
  }
  return { up: result.services.length - degraded - down, degraded, down, impairedFull: degraded + down - partial, impairedPartial: partial };
}

/** Every minute at which some state changes, ascending, starting with 0. */
export function changeTimes(result: SimulationResult, extra: readonly number[] = []): number[] {
  const set = new Set<number>([0, ...extra.filter(Number.isFinite)]);
  for (const s of result.services) {
    for (const i of s.intervals) {
      set.add(i.start);
      if (i.end !== null) set.add(i.end);
    }
  }
  return [...set].sort((a, b) => a - b);
}

/** Where the time axis ends: the last change, a little further when something never recovers. */
export function timeSpan(result: SimulationResult, extra: readonly number[] = []): number {
  const times = changeTimes(result, extra);
  const last = Math.max(1, times[times.length - 1] ?? 0, result.fullRecoveryMinutes ?? 0);
  const never = result.services.some((s) => s.impactStartMinutes !== null && !s.recovered);
  return Math.ceil(never ? last + Math.max(60, 0.25 * last) : last);
}

export interface WhyStep {
  readonly id: string;
  readonly name: string;
  readonly state: 'degraded' | 'down';
  readonly detail: string;
  /** Since when this cause holds (minutes). */
  readonly since: number;
  readonly until: number | null;
}

/**
 * Why `id` is impaired at `t`: its current cause, then the cause of that cause's service at
 * the same moment, until a service impaired on its own account (a fault, a collapse, …) or a loop.
 */
export function whyAt(result: SimulationResult, id: string, t: number): WhyStep[] {
  const byId = new Map(result.services.map((s) => [s.id, s]));
  const out: WhyStep[] = [];
  const seen = new Set<string>();
  let cur = byId.get(id);
  while (cur && !seen.has(cur.id) && out.length < 64) {
    seen.add(cur.id);
    const i = cur.intervals.find((x) => x.start <= t && (x.end === null || t < x.end));
    if (!i) break;
    out.push({ id: cur.id, name: cur.name, state: i.state, detail: i.cause.detail, since: i.start, until: i.end });
    if (i.cause.service === cur.id) break;
    cur = byId.get(i.cause.service);
  }
  return out;
}

/** Services by search relevance: exact id first, then exact name, id prefix, name prefix, substring. */
export function searchServices(services: ReadonlyArray<{ readonly id: string; readonly name: string }>, query: string, max = 20): Array<{ id: string; name: string }> {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  const rank = (s: { id: string; name: string }): number => {
    const id = s.id.toLowerCase();
    const name = s.name.toLowerCase();
    if (s.id === query.trim()) return 0;
    if (id === q) return 1;
    if (name === q) return 2;
    if (id.startsWith(q)) return 3;
    if (name.startsWith(q)) return 4;
    if (id.includes(q)) return 5;
    if (name.includes(q)) return 6;
    return 99;
  };
  return services
    .map((s) => ({ s, r: rank(s) }))
    .filter((x) => x.r < 99)
    .sort((a, b) => a.r - b.r || a.s.id.length - b.s.id.length || (a.s.id < b.s.id ? -1 : a.s.id > b.s.id ? 1 : 0))
    .slice(0, max)
    .map((x) => ({ id: x.s.id, name: x.s.name }));
}
