/**
 * Turns one run's transition log into the documented result: per-service impact
 * intervals with causes, the recovery curve, and the critical path that explains
 * why the last service recovered when it did.
 */
import { trapDetail } from './slowstart.js';
import { episodeAt, panicDetail, shedDetail, shedStateOf, totalsAt } from './shedding.js';
import { CAUSE_SHEDDING } from './state.js';
import type { Model } from './model.js';
import { STATE_DEGRADED, STATE_DOWN, STATE_UP } from './model.js';
import {
  CAUSE_BACKLOG, CAUSE_CAPACITY, CAUSE_COLLAPSE, CAUSE_DEMAND, CAUSE_DEPENDENCY, CAUSE_DISABLED, CAUSE_FAULT, CAUSE_GROUP, CAUSE_MITIGATION,
  CAUSE_RESTART, CAUSE_THROTTLE, CAUSE_WARMUP, CAUSE_CRASHLOOP, CAUSE_HERD, type RunOutcome,
} from './simulate.js';
import { CAUSE_FILL } from './state.js';
import { fillDetail, isFillOf } from './cachefill-explain.js';
import { explainActions } from './explain-actions.js';
import { concurrentCauses } from './concurrent-causes.js';
import { collapseResult } from './collapse-episodes.js';
import { faultResults } from './explain-faults.js';
import type { ActionResult, CapacityPoint, Cause, CriticalStep, CriticalWait, Interval, RecoveryPoint, ServiceResult, SimulationResult, StateName } from './result.js';
import { capAt, capacityCurves, fractionDetail, pct, servedAtPoint } from './explain-capacity.js';
import { rampCapacityDetail, rampDemandDetail } from './ramp-explain.js';
import { staleDetail } from './stale.js';
import { oscillationResults } from './oscillation-explain.js';
import { cellCause, failoverSteps, isAggregate, overloadDetail, withCells } from './cells-explain.js';

const STATE_NAMES: readonly StateName[] = ['up', 'degraded', 'down'];
const KIND: Readonly<Record<number, Cause['kind']>> = {
  [CAUSE_FAULT]: 'fault',
  [CAUSE_DISABLED]: 'disabled',
  [CAUSE_DEPENDENCY]: 'dependency',
  [CAUSE_GROUP]: 'group',
  [CAUSE_WARMUP]: 'warmup',
  [CAUSE_COLLAPSE]: 'collapse',
  [CAUSE_BACKLOG]: 'backlog',
  [CAUSE_THROTTLE]: 'throttle',
  [CAUSE_MITIGATION]: 'throttle',
  [CAUSE_CAPACITY]: 'capacity',
  [CAUSE_DEMAND]: 'demand',
  [CAUSE_RESTART]: 'restart',
  [CAUSE_CRASHLOOP]: 'crashloop',
  [CAUSE_HERD]: 'herd',
  [CAUSE_FILL]: 'fill',
  [CAUSE_SHEDDING]: 'shedding',
};

/** "8 min", "1 h 30 min", "20 s": a duration in words. */
function minutesText(m: number): string {
  if (!Number.isFinite(m)) return 'indefinitely';
  if (m < 1) return `${Math.round(m * 60)} s`;
  const h = Math.floor(m / 60);
  const r = Math.round(m - 60 * h);
  return h > 0 ? `${h} h${r ? ` ${r} min` : ''}` : `${Math.round(m * 10) / 10} min`;
}

/** Rounds minutes for output: exact values are kept internally, output is stable to 1/1000 min. */
export const roundMinutes = (x: number): number => Math.round(x * 1000) / 1000;
const outTime = (x: number): number | null => (Number.isFinite(x) ? roundMinutes(x) : null);

interface RawInterval {
  state: number;
  start: number;
  end: number;
  kind: number;
  svc: number;
}

function cause(model: Model, out: RunOutcome, self: number, raw: RawInterval, states: (svc: number, t: number) => number, curves: readonly (readonly CapacityPoint[])[], intervals: (svc: number) => readonly RawInterval[]): Cause {
  const names = model.names;
  const unit = model.services[self]!.backlog?.unit ?? 'work';
  const who = raw.svc >= 0 ? raw.svc : self;
  if (raw.kind === CAUSE_GROUP && isAggregate(model, self)) return cellCause(model, self, who, raw.start, states, curves);
  let detail: string;
  switch (raw.kind) {
    case CAUSE_FAULT:
      detail = 'failed (scenario fault)';
      break;
    case CAUSE_DISABLED:
      detail = 'disabled by operators';
      break;
    case CAUSE_DEPENDENCY:
      detail = fractionDetail(model, self, who, raw.start, curves) ?? `${names[who]} is ${statesText(raw, intervals(who))}`;
      detail += staleDetail(model, out.log, self, who, raw.start);
      break;
    case CAUSE_CAPACITY:
      detail = rampCapacityDetail(model, self, raw.start, raw.end) ?? `capacity cut to ${pct(capAt(curves[self]!, raw.start))} by a load fault`;
      break;
    case CAUSE_DEMAND:
      if (who !== self) { detail = overloadDetail(model, self, who, raw.start, states, curves); break; }
      detail = `demand above capacity: ${pct(servedAtPoint(curves[self]!, raw.start))} of requests served`;
      { const grows = rampDemandDetail(model, self, raw.start, raw.end); if (grows !== null) detail += `; ${grows}`; }
      break;
    case CAUSE_CRASHLOOP:
      detail = `crash loop: backing off ${minutesText(raw.end - raw.start)} after a crash before its next restart`;
      break;
    case CAUSE_HERD:
      detail = `draining a reconnect surge from ${Math.round(out.herdClients[self]!).toLocaleString('en-US')} clients`;
      break;
    case CAUSE_FILL:
      detail = fillDetail(model, out.log, self, who, raw.start);
      break;
    case CAUSE_RESTART: {
      const c0 = capAt(curves[self]!, raw.start);
      const c1 = capAt(curves[self]!, Number.isFinite(raw.end) ? raw.end : raw.start);
      const hc = model.services[self]!.restart?.healthCheck;
      // a restart that does not advance while a health check judges its units: the slow-start trap
      // (a rise that ends at the panic threshold: the balancer's panic mode keeps warming hosts)
      detail = hc && c1 === c0 && c0 < 1 ? trapDetail(hc.threshold, pct(c0))
        : hc && hc.panic >= 0 && c1 > c0 && Math.abs(c1 - hc.panic) < 1e-6 ? panicDetail(hc.panic, pct(c0), pct(c1))
        : `restarting: capacity coming back host by host, ${pct(c0)} → ${pct(c1)}`;
      break;
    }
    case CAUSE_GROUP:
      detail = groupDetail(model, self, who, raw.start, states);
      break;
    case CAUSE_WARMUP:
      detail = who === self ? 'restarting / warming up' : `warming up after ${names[who]} recovered`;
      break;
    case CAUSE_COLLAPSE: {
      // this collapse's own largest queue (collapse-peaks.ts)
      const own = out.collapsePeaks?.of(self, raw.start, raw.end) ?? null;
      const queued = own !== null ? `${Math.round(own.peak).toLocaleString('en-US')} ${unit} queued` : `the ${unit} queued`;
      detail = `metastable collapse: ${queued} cannot be served within their timeout; work expires and is retried`;
      break;
    }
    case CAUSE_BACKLOG:
      detail =
        who !== self
          ? isFillOf(model, who, self) ? `draining ${unit} queued while cold-cache misses from ${names[who]} loaded it` : `draining ${unit} queued while ${names[who]} was impaired`
          : !Number.isNaN(out.collapseStart[self]!) && !(raw.start > out.collapseEnd[self]!)
            ? `draining ${unit} queued during its collapse`
            : `draining ${unit} queued while it was impaired`;
      break;
    case CAUSE_THROTTLE:
      detail = 'admission throttled by operators';
      break;
    case CAUSE_MITIGATION:
      detail = 'admission throttled by automatic mitigation after the collapse was detected';
      break;
    case CAUSE_SHEDDING: {
      const st = shedStateOf(out.log);
      detail = shedDetail(servedAtPoint(curves[self]!, raw.start), st ? episodeAt(st, self, raw.start) : null, unit, who !== self ? names[who]! : null);
      break;
    }
    default:
      detail = 'impaired';
  }
  return { kind: KIND[raw.kind] ?? 'dependency', service: model.graph.ids[who]!, detail };
}

/**
 * The states a dependency went through while it impaired `raw` ("down", "down, then degraded"):
 * the dependent's interval lasts as long as the same dependency is its cause, and that
 * dependency's own state can change within it without the dependent's label changing.
 * `list` is the dependency's impairment intervals in time order: a binary search finds the
 * first one that reaches past `raw.start`, so a long run with many changes stays linear.
 */
function statesText(raw: RawInterval, list: readonly RawInterval[]): string {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.end <= raw.start) lo = mid + 1;
    else hi = mid;
  }
  // the state at raw.start (up counts as degraded, as a dependency cause always read), then each change within
  const first = list[lo];
  const seq: number[] = [first && first.start <= raw.start && first.state === STATE_DOWN ? STATE_DOWN : STATE_DEGRADED];
  for (let j = lo; j < list.length && list[j]!.start < raw.end; j++) {
    const x = list[j]!;
    if (x.start > raw.start && x.state !== seq[seq.length - 1]) seq.push(x.state);
  }
  return seq.map((s) => (s === STATE_DOWN ? 'down' : 'degraded')).join(', then ');
}

/** "a" / "a and b" / "a, b and c". */
const listText = (xs: readonly string[]): string => (xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`);

/**
 * A redundancy group without quorum, naming every member that is out at time t, not only the
 * first: "redundancy group without quorum: A, B and C down (needs 2 of 3)".
 */
function groupDetail(model: Model, self: number, who: number, t: number, states: (svc: number, t: number) => number): string {
  const g = model.graph;
  for (let r = g.reqStart[self]!; r < g.reqStart[self + 1]!; r++) {
    const members = Array.from(g.reqMembers.subarray(g.memberStart[r]!, g.memberStart[r + 1]!));
    if (members.length < 2 || !members.includes(who)) continue;
    const down = members.filter((m) => states(m, t) === STATE_DOWN);
    const degraded = members.filter((m) => states(m, t) === STATE_DEGRADED);
    const parts = [...(down.length ? [`${listText(down.map((m) => model.names[m]!))} down`] : []), ...(degraded.length ? [`${listText(degraded.map((m) => model.names[m]!))} degraded`] : [])];
    return `redundancy group without quorum: ${parts.join('; ')} (needs ${g.reqAtLeast[r]} of ${members.length})`;
  }
  return `redundancy group without quorum (${model.names[who]} ${states(who, t) === STATE_DOWN ? 'down' : 'degraded'})`;
}

/**
 * Every cause of a dependency or group interval, the engine's own first: each further
 * requirement that imposed at least the interval's state during it (see concurrent-causes.ts).
 */
function allCauses(model: Model, out: RunOutcome, self: number, r: RawInterval, first: Cause, lookup: CauseLookup, states: (svc: number, t: number) => number, curves: readonly (readonly CapacityPoint[])[]): Cause[] {
  if (r.kind !== CAUSE_DEPENDENCY && r.kind !== CAUSE_GROUP) return [first];
  const list: Cause[] = [first];
  const seen = new Set([first.service]);
  for (const f of concurrentCauses(model, self, r, states, lookup.disabledAt, lookup.changes)) {
    for (const m of f.group ? f.members : [f.svc]) {
      const id = model.graph.ids[m]!;
      if (seen.has(id)) continue;
      seen.add(id);
      list.push(cause(model, out, self, { state: r.state, start: f.at, end: r.end, kind: f.group ? CAUSE_GROUP : CAUSE_DEPENDENCY, svc: m }, states, curves, lookup.intervals));
    }
  }
  return list;
}

/** Per-service change times and disabled stretches of one run, built once for {@link allCauses}. */
interface CauseLookup {
  readonly changes: (svc: number) => readonly number[];
  /** A service's impairment intervals, in time order. */
  readonly intervals: (svc: number) => readonly RawInterval[];
  readonly disabledAt: (svc: number, t: number) => boolean;
}

function causeLookup(raw: readonly RawInterval[][]): CauseLookup {
  const changes = raw.map((list) => list.flatMap((x) => (Number.isFinite(x.end) ? [x.start, x.end] : [x.start])));
  const disabled = raw.map((list) => list.filter((x) => x.kind === CAUSE_DISABLED));
  return {
    changes: (svc) => changes[svc]!,
    intervals: (svc) => raw[svc]!,
    disabledAt: (svc, t) => disabled[svc]!.length > 0 && disabled[svc]!.some((x) => x.start <= t && t < x.end),
  };
}

/** Builds the documented result of one run, made with parameter values `v`. */
export function explain(model: Model, out: RunOutcome, v: Float64Array = model.params.medians()): SimulationResult {
  const n = model.graph.n;
  const log = out.log;
  const raw: RawInterval[][] = Array.from({ length: n }, () => []);
  const curve: RecoveryPoint[] = [];
  const nShown = model.cells?.nServices ?? n;
  const counts = [nShown, 0, 0];
  const current = new Uint8Array(n);
  for (let k = 0; k < log.length; k++) {
    const t = log.time[k]!;
    const i = log.service[k]!;
    const list = raw[i]!;
    const open = list[list.length - 1];
    if (open && open.end === Infinity) open.end = t;
    const s = log.state[k]!;
    if (i < nShown) { counts[current[i]!]!--; counts[s]!++; } // a cell's state counts through its service's
    current[i] = s;
    if (s !== STATE_UP) list.push({ state: s, start: t, end: Infinity, kind: log.causeKind[k]!, svc: log.causeService[k]! });
    const nextT = k + 1 < log.length ? log.time[k + 1]! : Infinity;
    if (nextT !== t) curve.push({ minute: roundMinutes(t), up: counts[STATE_UP]!, degraded: counts[STATE_DEGRADED]!, down: counts[STATE_DOWN]! });
  }
  // drop zero-length intervals (a state passed through within one instant)
  for (const list of raw) for (let k = list.length - 1; k >= 0; k--) if (list[k]!.end === list[k]!.start) list.splice(k, 1);

  const stateAt = (svc: number, t: number): number => {
    for (const r of raw[svc]!) if (r.start <= t && t < r.end) return r.state;
    return STATE_UP;
  };

  const actions = explainActions(model, out);
  // an operator action timed from an event, named where it ended a collapse
  const timedBy = (i: number, t: number): string => {
    const a = actions.find((x) => x.after !== null && x.service === model.graph.ids[i] && x.atMinutes === roundMinutes(t) && (x.do === 'throttle' || x.do === 'restart'));
    return a ? ` (${a.explanation})` : '';
  };
  const curves = capacityCurves(out, n);
  const lookup = causeLookup(raw);
  const services: ServiceResult[] = model.graph.ids.map((id, i) => {
    const ints: Interval[] = [];
    for (const r of raw[i]!) {
      const first = cause(model, out, i, r, stateAt, curves, lookup.intervals);
      ints.push({ state: r.state === STATE_DOWN ? 'down' : 'degraded', start: roundMinutes(r.start), end: outTime(r.end), cause: first, causes: allCauses(model, out, i, r, first, lookup, stateAt, curves) });
    }
    const affected = !Number.isNaN(out.impactStart[i]!);
    const bm = model.services[i]!.backlog;
    return {
      id,
      name: model.names[i]!,
      tier: model.graph.tier[i]!,
      impactStartMinutes: affected ? roundMinutes(out.impactStart[i]!) : null,
      recoveredMinutes: affected ? outTime(out.recovered[i]!) : null,
      recovered: !affected || Number.isFinite(out.recovered[i]!),
      worstState: STATE_NAMES[out.worst[i]!]!,
      impairedMinutes: Number.isFinite(out.impaired[i]!) ? roundMinutes(out.impaired[i]!) : Infinity,
      intervals: ints,
      partial: model.partial[i] === 1,
      backlogPeak: bm && out.backlogPeak[i]! > 0 ? { value: Math.round(out.backlogPeak[i]!), atMinutes: roundMinutes(out.backlogPeakAt[i]!), unit: bm.unit } : null,
      capacity: curves[i]!,
      unservedMinutes: affected || out.unserved[i]! > 0 ? outTime(out.unserved[i]!) : 0,
      collapse: collapseResult(out, i, ints, (t) => timedBy(i, t), model.graph, (m) => ({ service: model.graph.ids[m]!, name: model.names[m]! })),
      ...shedResult(out, i, bm),
    };
  });

  return {
    scenario: model.scenarioId,
    scenarioName: model.scenarioName,
    start: model.start,
    horizonMinutes: roundMinutes(out.horizon),
    servicesTotal: nShown,
    affected: out.affected,
    fullRecoveryMinutes: Number.isFinite(out.fullRecovery) ? roundMinutes(out.fullRecovery) : null,
    services: model.cells ? withCells(model, services) : services,
    criticalPath: model.cells ? failoverSteps(model, criticalPath(model, out, raw, services, actions), services) : criticalPath(model, out, raw, services, actions),
    recoveryCurve: curve,
    faults: faultResults(model, v),
    actions,
    detectionMinutes: model.timing.detection >= 0 ? outTime(out.anchorAt[model.timing.detection]!) : null,
    ...(out.oscillating.length > 0 ? { oscillating: oscillationResults(model.names, model.graph.ids, out.oscillating) } : {}),
  };
}

/** The `shedding` field of service i's result: its work totals at the end of the run (none without shedding). */
function shedResult(out: RunOutcome, i: number, bm: Model['services'][number]['backlog']): { shedding?: NonNullable<ServiceResult['shedding']> } {
  const st = shedStateOf(out.log);
  if (!st || !st.on[i] || !bm) return {};
  const w = totalsAt(st, i, out.horizon);
  const r = (x: number): number => Math.round(x * 1000) / 1000;
  return { shedding: { arrived: r(w.arrived), served: r(w.served), shed: r(w.shed), unit: bm.unit } };
}

/**
 * The chain behind the time to full recovery: start at the last service to recover,
 * follow the cause of its last impairment to the service it waited on, and so on
 * back to the trigger.
 */
function criticalPath(model: Model, out: RunOutcome, raw: RawInterval[][], services: ServiceResult[], actions: readonly ActionResult[]): CriticalStep[] {
  let latest = -Infinity;
  for (let i = 0; i < model.graph.n; i++) {
    if (Number.isNaN(out.impactStart[i]!) || model.partial[i]) continue;
    if (out.recovered[i]! > latest) latest = out.recovered[i]!;
  }
  if (latest === -Infinity) return [];
  // among services recovering last together, start from the most downstream: one no other tied service waited on
  const tied: number[] = [];
  for (let i = 0; i < model.graph.n; i++) {
    if (!Number.isNaN(out.impactStart[i]!) && !model.partial[i] && out.recovered[i] === latest) tied.push(i);
  }
  const waitedOn = new Set(tied.map((i) => raw[i]![raw[i]!.length - 1]?.svc ?? -1));
  const last = tied.find((i) => !waitedOn.has(i)) ?? tied[0]!;
  const steps: CriticalStep[] = [];
  const visited = new Set<number>();
  let i = last;
  let at = out.recovered[i]!;
  let what = Number.isFinite(at) ? 'recovered' : 'never recovers';
  while (i >= 0 && !visited.has(i) && steps.length < 64) {
    visited.add(i);
    const list = raw[i]!;
    // the interval that ended at `at` (or the last one), and what it waited on
    let k = list.length - 1;
    while (k > 0 && list[k]!.start >= at) k--;
    const r = list[k];
    const res = services[i]!;
    const ints = res.intervals;
    const waitedOn = r ? waitsUntil(list, k, ints) : [];
    // a dependency that stopped blocking because operators acted on it at that moment (a
    // failover switched by disabling it, say): the action is the link, and ends the chain
    const acted = what.startsWith('stopped blocking ') ? actions.find((a) => a.service === res.id && a.atMinutes === roundMinutes(at)) : undefined;
    if (acted) {
      steps.push({ id: res.id, name: res.name, atMinutes: roundMinutes(at), what: `operators acted: ${acted.explanation}`, cause: r ? ints[k]?.cause ?? null : null, ...(r ? { waitedOn } : {}) });
      break;
    }
    steps.push({ id: res.id, name: res.name, atMinutes: roundMinutes(at), what: r?.kind === CAUSE_FAULT ? (Number.isFinite(at) ? 'fault cleared' : 'fault never clears') : what, cause: r ? ints[k]?.cause ?? null : null, ...(r ? { waitedOn } : {}) });
    if (!r) break;
    // Causes on the service itself (a collapse, a throttle, a drain after its collapse) were
    // preceded by the outage that led to them: walk back to the last interval that names another
    // service. A fault or an operator's disable on the service itself ends the chain.
    let j = k;
    while (j > 0 && list[j]!.svc === i && list[j]!.kind !== CAUSE_FAULT && list[j]!.kind !== CAUSE_DISABLED) j--;
    const next = list[j]!.svc;
    const nextAt = list[j]!.end;
    if (next < 0 || next === i) break;
    // the dependency's own recovery (or the moment it stopped blocking) is the next link
    const depRecovered = out.recovered[next]!;
    const fullyBack = Number.isFinite(depRecovered) && depRecovered <= nextAt + 1e-9;
    at = fullyBack ? depRecovered : nextAt;
    what = fullyBack ? 'recovered' : Number.isFinite(nextAt) ? `stopped blocking ${model.names[i]}` : 'never recovers';
    i = next;
  }
  return steps;
}

/**
 * The stretches of the unbroken impairment that interval k of a service belongs to, up to k:
 * each earlier interval that ends exactly where the next begins (the state or the cause
 * changed, the service did not recover in between).
 */
function waitsUntil(list: readonly RawInterval[], k: number, ints: readonly Interval[]): CriticalWait[] {
  let k0 = k;
  while (k0 > 0 && list[k0 - 1]!.end === list[k0]!.start) k0--;
  const out: CriticalWait[] = [];
  for (let j = k0; j <= k; j++) { const x = ints[j]!; out.push({ state: x.state, start: x.start, end: x.end, cause: x.cause }); }
  return out;
}

