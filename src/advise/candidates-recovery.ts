/**
 * Candidates for the engine's recovery and flow mechanisms that have no fix elsewhere
 * (docs/model.md, "Crash loops and reconnect herds" and "Backpressure"), read off the baseline:
 *
 * - crash-backoff: a service whose crash loop held it down after its cause cleared (cause
 *   `crashloop`) gets a lower longest backoff, {@link CRASH_CAP_MINUTES} (the value Kubernetes
 *   KEP-4603 proposes for the kubelet's CrashLoopBackOff, instead of 5 min), or half its cap
 *   when that is already as short: after the cause clears it waits at most that long;
 * - shed-writes / larger-buffer: a writer blocked by a full queue (an async edge with
 *   `backpressure: true`) sheds the writes instead of blocking, or the queue gets a buffer that
 *   holds twice what arrived while the writer was blocked (a larger buffer also takes longer to
 *   drain, and can cross a collapse threshold: the simulation says whether it pays).
 */
import type { Catalog, Service } from '../catalog/model.js';
import { paramMedian as median } from '../engine/params.js';
import type { SimulationResult } from '../engine/result.js';
import { formatDuration } from '../catalog/units.js';
import type { Candidate } from './model.js';
import { backpressureIndex, roundPatched } from './patch-catalog.js';

/** The longest crash-loop backoff the `crash-backoff` candidate proposes, in minutes. */
export const CRASH_CAP_MINUTES = 1;
/** A larger buffer holds this many times what arrived while its writers were blocked. */
export const BUFFER_HEADROOM = 2;

const label = (s: Service): string => `${s.name} (${s.id})`;

/** The lower cap for `s`'s crash loop, or undefined when it would not shorten the longest wait. */
function lowerCap(s: Service): number | undefined {
  const cl = s.crashLoop!;
  const cap = median(cl.cap);
  const base = median(cl.base);
  const target = cap === undefined || cap > CRASH_CAP_MINUTES ? CRASH_CAP_MINUTES : roundPatched(cap / 2);
  // the engine's longest backoff is max(cap, base): a cap below the base changes nothing
  if (target <= 0 || (base !== undefined && cap !== undefined && Math.max(target, base) >= Math.max(cap, base))) return undefined;
  return target;
}

export function recoveryCandidates(catalog: Catalog, baselines: readonly SimulationResult[]): Candidate[] {
  const out = new Map<string, Candidate>();
  const add = (c: Candidate): void => {
    if (!out.has(c.id)) out.set(c.id, c);
  };
  for (const r of baselines) {
    for (const res of r.services) {
      const s = catalog.services.get(res.id);
      if (!s || res.impactStartMinutes === null) continue;
      // a crash loop that held the service down after its cause cleared
      if (s.crashLoop && res.intervals.some((iv) => iv.cause.kind === 'crashloop')) {
        const cap = lowerCap(s);
        const was = median(s.crashLoop.cap);
        if (cap !== undefined) {
          add({
            id: `crash-backoff:${s.id}`,
            kind: 'crash-backoff',
            title: `${label(s)} retries a crashed restart at least every ${formatDuration(cap)}`,
            description: `Lower the longest backoff of ${s.id}'s crash loop to ${formatDuration(cap)} (today ${was === undefined ? 'a prior' : formatDuration(was)}): once its cause clears it waits at most that long for its next restart.`,
            assumption: `restarting ${s.id} that often while its cause persists does not add load that matters to what it depends on.`,
            edits: [{ op: 'set-crash-cap', service: s.id, value: cap }],
          });
        }
      }
      // a writer blocked by a full queue (backpressure)
      for (const iv of res.intervals) {
        if (iv.cause.kind !== 'dependency' || iv.state !== 'down') continue;
        const on = iv.cause.service;
        if (backpressureIndex(s, on) < 0) continue;
        const q = catalog.services.get(on)!;
        add({
          id: `shed-writes:${s.id}->${on}`,
          kind: 'shed-writes',
          title: `${label(s)} sheds writes to ${label(q)} when its queue is full instead of blocking`,
          description: `Drop the backpressure of ${s.id}'s writes to ${on}: while ${on}'s queue is full, ${s.id} rejects or defers those writes and keeps serving everything else.`,
          assumption: `the writes shed while ${on}'s queue is full can be lost or retried later; the simulation counts only the time impaired, not the work dropped.`,
          edits: [{ op: 'drop-backpressure', service: s.id, on }],
        });
        const buffer = largerBuffer(q, res.intervals.filter((x) => x.cause.kind === 'dependency' && x.cause.service === on && x.state === 'down'));
        if (buffer !== undefined) {
          add({
            id: `larger-buffer:${on}`,
            kind: 'larger-buffer',
            title: `Larger buffer for ${label(q)}: ${buffer.toLocaleString('en-US')} ${q.backlog!.unit ?? 'units of work'}`,
            description: `Raise the cap of ${on}'s queue to ${buffer.toLocaleString('en-US')}, twice what arrived while its writers were blocked on top of today's cap: writers block later, or not at all; the fuller queue takes longer to drain.`,
            assumption: `${on} has the memory or disk for the larger queue.`,
            edits: [{ op: 'set-backlog', service: on, field: 'cap', value: buffer }],
          });
        }
      }
    }
  }
  return [...out.values()];
}

/**
 * The cap that holds today's cap plus {@link BUFFER_HEADROOM} × the arrivals (× retry) of the
 * minutes the writer was blocked; undefined when a rate is a prior or the cap is not constant.
 */
function largerBuffer(q: Service, blocked: ReadonlyArray<{ start: number; end: number | null }>): number | undefined {
  const b = q.backlog;
  const cap = b?.cap ? median(b.cap) : undefined;
  const arrival = b ? median(b.arrival) : undefined;
  const retry = b?.retry ? median(b.retry) : 1;
  if (cap === undefined || arrival === undefined || retry === undefined) return undefined;
  const minutes = blocked.reduce((t, iv) => t + (iv.end === null ? Infinity : iv.end - iv.start), 0);
  if (!Number.isFinite(minutes) || minutes <= 0) return undefined;
  return Math.ceil(cap + BUFFER_HEADROOM * minutes * arrival * Math.max(1, retry));
}
