/**
 * Reconnect herds (docs/model.md, "Crash loops and reconnect herds"): when a service with a
 * queue comes back from an outage, every dependent with a client model reconnects and
 * retries: count × retry units of work land on its queue at once (a synchronized herd), or
 * arrive evenly over the clients' `spread` (jittered reconnects). A herd can push the queue
 * past its collapse threshold again: the same outage, a second time.
 */
import { backlogAt } from './backlog.js';
import { EV_HERD_END, type Sim } from './state.js';
import { slotShare } from './cells-run.js';
import { timeAfter } from './events.js';

/** The herd step of a model without client models: nothing to do, built once. */
const NO_HERD = { any: false, start: (): boolean => false, end: (): void => undefined } as const;

/** Per Sim, the two per-service arrays of its runs' herds: a workspace's runs reuse them (workspace.ts). */
const storage = new WeakMap<Sim, { readonly syncWork: Float64Array; readonly clients: Float64Array }>();

/** `S`'s herd arrays, all 0. */
function storageOf(S: Sim): { readonly syncWork: Float64Array; readonly clients: Float64Array } {
  const had = storage.get(S);
  if (had) { had.syncWork.fill(0); had.clients.fill(0); return had; }
  const made = { syncWork: new Float64Array(S.n), clients: new Float64Array(S.n) };
  storage.set(S, made);
  return made;
}

/**
 * The herd step of one run: `(i)` applies the reconnect surge of service i's clients at S.t
 * (i has just come back from down) and tells whether anything was added. `end(i, o)` ends
 * the spread surge of dependent o on i.
 */
export function herdOf(S: Sim): { readonly any: boolean; readonly start: (i: number) => boolean; readonly end: (i: number, o: number) => void } {
  if (S.model.withClients.length === 0) return NO_HERD;
  const g = S.g;
  const v = S.v;
  // per dependency: the synchronized work and clients; per (dependency, client): spread rate
  const { syncWork, clients } = storageOf(S);
  const spreads: Array<Array<{ o: number; rate: number; over: number }>> = [];
  let any = false;
  for (const o of S.model.withClients) {
    const c = S.model.services[o]!.clients!;
    const count = Math.max(0, v[c.count]!) * slotShare(S.model.cells, o); // a cell's clients: its share
    const work = count * Math.max(0, v[c.retry]!);
    const over = Math.max(0, v[c.spread]!);
    for (let r = g.reqStart[o]!; r < g.reqStart[o + 1]!; r++) {
      if (g.reqType[r] === 2) continue; // async work queues anyway: no connection to lose
      for (let k = g.memberStart[r]!; k < g.memberStart[r + 1]!; k++) {
        const d = g.reqMembers[k]!;
        if (!S.hasB[d]) continue;
        any = true;
        clients[d]! += count;
        if (over > 0) (spreads[d] ??= []).push({ o, rate: work / over, over });
        else syncWork[d]! += work;
      }
    }
  }
  const start = (i: number): boolean => {
    if (clients[i] === 0) return false;
    const t = S.t;
    S.B[i] = Math.min(S.bCapMax[i]!, backlogAt(S, i, t) + syncWork[i]!);
    S.bT[i] = t;
    for (const sp of spreads[i] ?? []) {
      S.herdRate[i]! += sp.rate;
      S.q.push(timeAfter(t, sp.over), EV_HERD_END, i, sp.o);
    }
    S.herdClients[i] = clients[i]!;
    S.herdPending[i] = 1;
    return true;
  };
  const end = (i: number, o: number): void => {
    for (const sp of spreads[i] ?? []) if (sp.o === o) { S.B[i] = backlogAt(S, i, S.t); S.bT[i] = S.t; S.herdRate[i] = Math.max(0, S.herdRate[i]! - sp.rate); }
  };
  return { any, start, end };
}
