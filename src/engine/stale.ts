/**
 * Stale dependencies (docs/model.md, "Stale dependencies"): an edge with `staleFor: d` sees its
 * dependency through a cache, a lease or a TTL. The dependency's impairment reaches the dependent
 * only once it has lasted `d`; a recovery before then is never felt; after it, the edge reads the
 * dependency's state as any edge does. DNS answers cached by resolvers, DWFM-style leases and
 * cached credentials all have this shape.
 *
 * State: `S.staleSince[m]`, when service m's current impairment began (NaN while it is up), kept
 * by {@link noteStaleChange} at every committed change of what dependents see.
 */
import { STATE_UP as STATE_UP_ } from './model.js';
import { EV_WAKE as EV_WAKE_, MAX_HORIZON as MAX_HORIZON_, type Sim } from './state.js';
import type { TransitionLog } from './events.js';
import type { Model } from './model.js';

// module-level copies of imports: read in hot loops without live-binding indirection
const STATE_UP = STATE_UP_;
const EV_WAKE = EV_WAKE_;
const MAX_HORIZON = MAX_HORIZON_;

/**
 * True while the impairment of dependency m is still hidden from dependent i by an edge whose
 * `staleFor` is the parameter slot `slot`: m is impaired (the caller checked), and less than
 * `staleFor` has passed since that began. Schedules i to look again when it expires. An
 * impairment not committed yet (inside a cyclic block's settling) counts from now.
 */
export function staleHides(S: Sim, slot: number, m: number, i: number): boolean {
  const ttl = S.v[slot]!;
  if (!(ttl > 0)) return false;
  const t = S.t;
  let since = S.staleSince[m]!;
  if (since !== since) since = t;
  const until = since + ttl;
  if (!(t < until)) return false;
  if (until <= MAX_HORIZON) S.q.push(until, EV_WAKE, i, 0);
  return true;
}

/** Records when service i's impairment began (`was` → `now`, what dependents see). */
export function noteStaleChange(S: Sim, i: number, was: number, now: number): void {
  if (now === STATE_UP) S.staleSince[i] = NaN;
  else if (was === STATE_UP) S.staleSince[i] = S.t;
}

/** When the impairment of service `who` that is under way at minute `t` began, from the log (NaN: up at t). */
export function impairedSinceAt(log: TransitionLog, who: number, t: number): number {
  let since = NaN;
  for (let k = 0; k < log.length && log.time[k]! <= t; k++) {
    if (log.service[k] !== who) continue;
    if (log.state[k] === STATE_UP) since = NaN;
    else if (since !== since) since = log.time[k]!;
  }
  return since;
}

/** "11 min", "1 h 5 min": a lag in words. */
function lagText(m: number): string {
  if (m < 1) return `${Math.round(m * 60)} s`;
  const h = Math.floor(m / 60);
  const r = Math.round((m - 60 * h) * 10) / 10;
  return h > 0 ? `${h} h${r ? ` ${r} min` : ''}` : `${r} min`;
}

/**
 * Words added to a dependency cause that went through a `staleFor` edge: how long the cached
 * state hid the dependency's impairment ("; cached answers kept it working for 11 min after
 * that began"). Empty when the edge has no `staleFor` or the impairment was felt at once.
 */
export function staleDetail(model: Model, log: TransitionLog, self: number, who: number, t: number): string {
  const rs = model.reqStale;
  if (!rs) return '';
  const g = model.graph;
  for (let r = g.reqStart[self]!; r < g.reqStart[self + 1]!; r++) {
    if (rs[r]! < 0) continue;
    for (let k = g.memberStart[r]!; k < g.memberStart[r + 1]!; k++) {
      if (g.reqMembers[k] !== who) continue;
      // only when this service was up until then: otherwise something else of its own held it
      if (!Number.isNaN(impairedSinceAt(log, self, t - 1e-9))) return '';
      const since = impairedSinceAt(log, who, t);
      const lag = t - since;
      if (!(lag > 1e-9)) return '';
      return `; its cached state (cache, lease, TTL) kept this service working for ${lagText(lag)} after that began, then expired`;
    }
  }
  return '';
}
