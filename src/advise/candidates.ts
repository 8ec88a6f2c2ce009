/**
 * Candidate changes, read off the baseline simulations: every change targets something
 * that was impaired in at least one input, and is a concrete list of catalog edits.
 *
 * - replica: a service whose outage reached its dependents gets a replica that does not
 *   share the dependency that failed (or, when it failed itself, an independent copy);
 * - degrade: a hard dependency that took its dependent down becomes soft (an assumption
 *   the user must confirm);
 * - break-cycle: inside a dependency cycle, such a dependency becomes async instead: the
 *   dependent starts without waiting for it (a cycle of hard dependencies otherwise holds
 *   itself down);
 * - admission-control / bounded-queue / runbook: a queue that collapsed gets admission
 *   control at capacity, a bound below its collapse threshold, or a runbook that throttles it
 *   sooner;
 * - standby: a service that had to warm up gets a pre-warmed standby (a quarter of the
 *   warm-up time);
 * - jitter: a queue that a reconnect herd collapsed again (or whose drain it delayed) gets its
 *   clients' reconnects spread (backoff with jitter): over the time the queue's spare capacity
 *   takes to absorb the surge, rounded up to a minute (double the spread they have, if that is
 *   no longer; {@link JITTER_FALLBACK_MINUTES} when a rate is a prior);
 * - faster-restart: a service whose staged restart held its recovery back restarts twice as fast
 *   (its rate doubled, or its `over` halved);
 * - crash-backoff, shed-writes, larger-buffer: see candidates-recovery.ts;
 * - cell-failover, cell-headroom: see candidates-cells.ts.
 */
import type { Catalog, Service } from '../catalog/model.js';
import { paramMedian as median } from '../engine/params.js';
import type { SimulationResult } from '../engine/result.js';
import { stronglyConnectedComponents } from '../graph/scc.js';
import { formatDuration } from '../catalog/units.js';
import type { Candidate } from './model.js';
import { roundPatched, singleDependencyIndex } from './patch-catalog.js';
import { recoveryCandidates } from './candidates-recovery.js';
import { cellCandidates } from './candidates-cells.js';

/** A pre-warmed standby takes over in this fraction of the warm-up time. */
export const STANDBY_FACTOR = 0.25;
/** A bounded queue holds at most this share of what capacity serves within the timeout. */
export const QUEUE_BOUND_SHARE = 0.8;

/** The spread of jittered reconnects when the queue's rates are priors, in minutes. */
export const JITTER_FALLBACK_MINUTES = 5;
/** How much faster a "faster staged restart" brings units back. */
export const RESTART_SPEEDUP = 2;

export interface CandidateOptions {
  /** The runbook's delay from collapse to throttle, in minutes. */
  readonly runbookMinutes: number;
}

const label = (s: Service): string => `${s.name} (${s.id})`;

/** A fresh id for a replica of `id`. */
function replicaId(catalog: Catalog, id: string): string {
  for (let k = 1; ; k++) {
    const r = k === 1 ? `${id}-replica` : `${id}-replica-${k}`;
    if (!catalog.services.has(r)) return r;
  }
}

export function generateCandidates(catalog: Catalog, baselines: readonly SimulationResult[], opts: CandidateOptions): Candidate[] {
  const out = new Map<string, Candidate>();
  const add = (c: Candidate): void => {
    if (!out.has(c.id)) out.set(c.id, c);
  };
  const ids = [...catalog.services.keys()];
  const succ = (id: string): string[] => catalog.services.get(id)!.dependsOn.flatMap((d) => [...d.of]);
  const scc = new Map<string, number>();
  stronglyConnectedComponents(ids, succ).forEach((comp, k) => {
    if (comp.length > 1) for (const id of comp) scc.set(id, k);
  });
  // dependents that depend on a service alone (hard or soft): who a replica would protect
  const singleDependents = new Map<string, number>();
  for (const s of catalog.services.values()) for (const d of s.dependsOn) if (!d.group && d.type !== 'async') singleDependents.set(d.of[0]!, (singleDependents.get(d.of[0]!) ?? 0) + 1);

  for (const r of baselines) {
    for (const res of r.services) {
      if (res.impactStartMinutes === null) continue;
      const s = catalog.services.get(res.id);
      if (!s) continue;
      // 1. hard dependencies that took this service down: soften them; replicate the dependency
      for (const iv of res.intervals) {
        if (iv.cause.kind !== 'dependency' || iv.state !== 'down') continue;
        const on = iv.cause.service;
        const k = singleDependencyIndex(s, on);
        if (k < 0 || s.dependsOn[k]!.type !== 'hard') continue;
        const dep = catalog.services.get(on)!;
        const cyclic = scc.has(s.id) && scc.get(s.id) === scc.get(on);
        if (cyclic) {
          add({
            id: `break-cycle:${s.id}->${on}`,
            kind: 'break-cycle',
            title: `${label(s)} starts without waiting for ${label(dep)} (breaks a dependency cycle)`,
            description: `Make the hard dependency of ${s.id} on ${on} async: the two depend on each other, so neither can start while the other is down; ${s.id} starts and serves first, and catches up with ${on} when it is back.`,
            assumption: `${s.id} can start and serve without ${on} (lazy connection, cached configuration): confirm before relying on it.`,
            edits: [{ op: 'soften', service: s.id, on, to: 'async' }],
          });
        }
        add({
          id: `degrade:${s.id}->${on}`,
          kind: 'degrade',
          title: `${label(s)} serves, degraded, without ${label(dep)}`,
          description: `Make the hard dependency of ${s.id} on ${on} soft: while ${on} is impaired, ${s.id} keeps serving in a degraded mode.`,
          assumption: `${s.id} can serve without ${on} (a fallback, a cache, a read-only mode): confirm before relying on it.`,
          edits: [{ op: 'soften', service: s.id, on, to: 'soft' }],
        });
      }
      // 2. this service's outage reached dependents that rely on it alone: a replica
      const down = res.intervals.filter((iv) => iv.state === 'down');
      if (down.length && (singleDependents.get(s.id) ?? 0) > 0) {
        const own = down.some((iv) => iv.cause.kind === 'fault' || iv.cause.kind === 'disabled');
        const via = down.filter((iv) => iv.cause.kind === 'dependency' || iv.cause.kind === 'group').map((iv) => iv.cause.service);
        const queue = down.some((iv) => iv.cause.kind === 'collapse');
        if (!queue && (own || via.length)) {
          const drop = [...new Set(via)].filter((m) => s.dependsOn.some((d) => d.of.includes(m)));
          // in words: every member of the requirements the replica leaves out (a whole group, if one failed)
          const gone = [...new Set(s.dependsOn.filter((d) => d.of.some((m) => drop.includes(m))).flatMap((d) => d.of))];
          const replica = replicaId(catalog, s.id);
          add({
            id: `replica:${s.id}`,
            kind: 'replica',
            title: drop.length ? `Replica of ${label(s)} that does not depend on ${gone.join(', ')}` : `Independent replica of ${label(s)}`,
            description: `Add ${replica}, a copy of ${s.id}${drop.length ? ` without its dependency on ${gone.join(', ')}` : ''}; every service that needs ${s.id} alone needs 1 of [${s.id}, ${replica}] instead.`,
            ...(drop.length ? { assumption: `the replica runs on something other than ${gone.join(', ')} (another zone, region or provider) and fails over automatically.` } : { assumption: 'the replica fails independently of the original (no shared deploy, data or configuration) and fails over automatically.' }),
            edits: [{ op: 'add-replica', of: s.id, replica, drop }],
          });
        }
      }
      // 3. a queue that collapsed
      if (res.collapse && s.backlog) {
        const b = s.backlog;
        if (b.timeout) {
          add({
            id: `admission-control:${s.id}`,
            kind: 'admission-control',
            title: `Admission control on ${label(s)}: admit work only at the rate it can serve in time`,
            description: `Remove the collapse of ${s.id}'s queue: work beyond what capacity serves within its timeout is held back or shed at the door instead of admitted and timed out (the backlog's timeout no longer applies).`,
            edits: [{ op: 'remove-timeout', service: s.id }],
          });
          const cap = median(b.capacity);
          const timeout = median(b.timeout);
          if (cap !== undefined && timeout !== undefined && Number.isFinite(cap * timeout)) {
            const bound = roundPatched(Math.floor(cap * timeout * QUEUE_BOUND_SHARE));
            const current = b.cap ? median(b.cap) : Infinity;
            if (bound > 0 && (current === undefined || current > bound)) {
              add({
                id: `bounded-queue:${s.id}`,
                kind: 'bounded-queue',
                title: `Bound ${label(s)}'s queue at ${bound.toLocaleString('en-US')} ${b.unit ?? 'units of work'}`,
                description: `Cap the queue at ${Math.round(QUEUE_BOUND_SHARE * 100)} % of what capacity serves within the timeout (${formatDuration(timeout)}); work beyond the bound is rejected at once.`,
                assumption: 'rejected work is retried later or lost; the simulation counts only the time impaired, not the work dropped.',
                edits: [{ op: 'set-backlog', service: s.id, field: 'cap', value: bound }],
              });
            }
          }
        }
        const mit = b.mitigation ? median(b.mitigation) : Infinity;
        if (mit === undefined || mit > opts.runbookMinutes) {
          add({
            id: `runbook:${s.id}`,
            kind: 'runbook',
            title: `Runbook for ${label(s)}: throttle admission ${formatDuration(opts.runbookMinutes)} after a collapse`,
            description: `An alert on ${s.id}'s queue and a runbook that throttles admission to capacity within ${formatDuration(opts.runbookMinutes)} (set with --runbook-delay); today's model: ${mit === undefined ? 'a prior' : Number.isFinite(mit) ? formatDuration(mit) : 'no mitigation'}.`,
            assumption: `operators can detect the collapse and act within ${formatDuration(opts.runbookMinutes)}; a scenario that states its own throttle or restart for ${s.id} keeps that timing.`,
            edits: [{ op: 'set-backlog', service: s.id, field: 'mitigation', value: opts.runbookMinutes }],
          });
        }
      }
      // 4. a warm-up after the causes cleared
      if (s.recovery && s.recovery.time.kind !== 'prior' && res.intervals.some((iv) => iv.cause.kind === 'warmup')) {
        add({
          id: `standby:${s.id}`,
          kind: 'standby',
          title: `Pre-warmed standby for ${label(s)}: warm-up cut to ${Math.round(STANDBY_FACTOR * 100)} %`,
          description: `Keep ${s.id} warm (standby capacity, warmed caches) so that it is serving again in a quarter of its recovery time.`,
          edits: [{ op: 'scale-recovery', service: s.id, factor: STANDBY_FACTOR }],
        });
      }
    }
  }
  // 5. reconnect herds: the clients of a queue that a herd collapsed again or kept draining
  for (const r of baselines) {
    for (const res of r.services) {
      const q = catalog.services.get(res.id);
      if (!q?.backlog || res.impactStartMinutes === null) continue;
      const firstDown = res.intervals.find((iv) => iv.state === 'down');
      const herd = res.intervals.some((iv) => iv.cause.kind === 'herd') || (res.collapse !== null && firstDown?.end != null && res.collapse.startMinutes >= firstDown.end);
      if (!herd) continue;
      for (const c of catalog.services.values()) {
        if (!c.clients || !c.dependsOn.some((d) => d.type !== 'async' && d.of.includes(q.id))) continue;
        const spread = jitterSpread(catalog, c);
        if (spread === undefined) continue;
        const prior = out.get(`jitter:${c.id}`);
        const of = prior ? [...new Set([...(prior.edits[0] as { of: readonly string[] }).of, q.id])] : [q.id];
        const cur = c.clients.spread ? median(c.clients.spread) : undefined;
        out.set(`jitter:${c.id}`, {
          id: `jitter:${c.id}`,
          kind: 'jitter',
          title: `${label(c)} reconnects with backoff and jitter, spread over ${formatDuration(spread)}`,
          description: `Spread the reconnects of ${c.id}'s clients over ${formatDuration(spread)} (randomised backoff with jitter) instead of ${cur === undefined ? 'all at once' : `over ${formatDuration(cur)}`}: the surge when ${of.join(', ')} comes back stays within its spare capacity instead of pushing its queue past the collapse threshold.`,
          assumption: `${c.id}'s client library can back off with jitter on reconnect (a retry policy, a connection pool setting).`,
          edits: [{ op: 'set-spread', service: c.id, of, value: spread }],
        });
      }
    }
  }
  // 6. a staged restart that held recovery back
  for (const r of baselines) {
    for (const res of r.services) {
      const s = catalog.services.get(res.id);
      if (!s?.restart || !res.intervals.some((iv) => iv.cause.kind === 'restart')) continue;
      const p = s.restart.rate ?? s.restart.over!;
      const m = median(p);
      if (m === undefined) continue;
      const pace = s.restart.rate ? `${roundPatched(m * RESTART_SPEEDUP)}/min instead of ${m}/min` : `over ${formatDuration(m / RESTART_SPEEDUP)} instead of ${formatDuration(m)}`;
      add({
        id: `faster-restart:${s.id}`,
        kind: 'faster-restart',
        title: `Faster staged restart of ${label(s)}: units back ${RESTART_SPEEDUP}× as fast`,
        description: `Bring ${s.id}'s units back ${pace} (larger batches, pre-pulled images, parallel health checks).`,
        assumption: `${s.id}'s own dependencies take the faster ramp (connections, cache fills) without failing.`,
        edits: [{ op: 'speed-restart', service: s.id, factor: RESTART_SPEEDUP }],
      });
    }
  }
  // 7. crash loops and backpressure (candidates-recovery.ts)
  for (const c of recoveryCandidates(catalog, baselines)) add(c);
  // 8. cells: failover, and the headroom that absorbs a lost cell (candidates-cells.ts)
  for (const c of cellCandidates(catalog, baselines)) add(c);
  return [...out.values()];
}

/**
 * The spread, in minutes, for `client`'s reconnects: the surge count × retry over the spare
 * capacity (capacity − arrival) of the worst of its queue dependencies, rounded up to a minute;
 * when that is no longer than the spread it has, twice that; undefined if nothing changes.
 */
function jitterSpread(catalog: Catalog, client: Service): number | undefined {
  const cm = client.clients!;
  const count = median(cm.count);
  const retry = cm.retry ? median(cm.retry) : 1;
  let need = 0;
  for (const d of client.dependsOn) {
    if (d.type === 'async') continue;
    for (const id of d.of) {
      const b = catalog.services.get(id)?.backlog;
      if (!b) continue;
      const cap = median(b.capacity);
      const arr = median(b.arrival);
      if (count === undefined || retry === undefined || cap === undefined || arr === undefined) need = Math.max(need, JITTER_FALLBACK_MINUTES);
      else need = Math.max(need, cap > arr ? Math.ceil((count * retry) / (cap - arr)) : JITTER_FALLBACK_MINUTES);
    }
  }
  if (need <= 0) return undefined;
  const cur = cm.spread ? median(cm.spread) : 0;
  if (cur === undefined) return undefined;
  return need > cur ? Math.max(1, need) : roundPatched(2 * Math.max(cur, 0.5));
}
