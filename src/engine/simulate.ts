/**
 * The propagation engine's core: an event-driven simulation of service states in
 * continuous time. Between events every queue is linear (or quadratic while a throttle
 * or a staged restart ramps), and every capacity and served fraction is a line, so each
 * next event is solved in closed form: results are exact, with no time step.
 *
 * The rules are documented in docs/model.md; each mechanism lives in its own module over
 * the shared typed-array state (state.ts): requirements, restart (warm-up and staged
 * restart), backlog (queues), capacity (fractions), load (load faults), cycles, actions.
 */
import { STATE_DEGRADED as STATE_DEGRADED_, STATE_DOWN as STATE_DOWN_, STATE_UP as STATE_UP_, type Model } from './model.js';
import { CAUSE_BACKLOG as CAUSE_BACKLOG_, CAUSE_COLLAPSE as CAUSE_COLLAPSE_, CAUSE_MITIGATION as CAUSE_MITIGATION_, CAUSE_NONE as CAUSE_NONE_, CAUSE_THROTTLE as CAUSE_THROTTLE_, EV_ACTION as EV_ACTION_, EV_BACKLOG as EV_BACKLOG_, EV_FAULT_END as EV_FAULT_END_, EV_FAULT_START as EV_FAULT_START_, EV_MITIGATION as EV_MITIGATION_, EV_RAMP_END as EV_RAMP_END_, EV_RESTART_END as EV_RESTART_END_, EV_CRASH_END as EV_CRASH_END_, EV_HERD_END as EV_HERD_END_, CAUSE_HERD as CAUSE_HERD_, EV_WAKE as EV_WAKE_, EV_ANCHOR as EV_ANCHOR_, EV_WARM_END as EV_WARM_END_, MAX_HORIZON as MAX_HORIZON_, Sim } from './state.js';
import { recoveryStepOf as recoveryStepOf_ } from './restart.js';
import { backlogAt as backlogAt_ } from './backlog.js';
import { faultEnd, faultStart } from './explain-faults.js';
import { FRAC_EPS as FRAC_EPS_, capacityLine as capacityLine_, moveServed as moveServed_, servedAt as servedAt_, servedLine as servedLine_ } from './capacity.js';
import { deferred as deferred_, newCycles as newCycles_, touch as touch_, updateOrigin as updateOrigin_, wakeBlockDependents as wakeBlockDependents_ } from './cycles.js';
import { applyAction as applyAction_ } from './actions.js';
import { herdOf as herdOf_ } from './herd.js';
import { applyLoadFaults as applyLoadFaults_, isLoadFault as isLoadFault_ } from './load.js';
import { CellRuntime } from './cells-run.js';
import { curveEager } from './curves.js';
import { outcomeOf, type RunOutcome } from './outcome.js';
import { plainServices, plainStepOf } from './plain.js';
import { noteStaleChange } from './stale.js';
import { applyScale, isScaleAction } from './scale.js';
import { newRunKit } from './run-kit.js';
import { rampLoad, servedChord } from './ramp.js';
import { fillOf } from './cachefill.js';
import { CAUSE_DEMAND, CAUSE_FILL, CAUSE_SHEDDING, EV_FILL, EV_SHED } from './state.js';
import { BLINK, EngineNonTermination, MAX_EVALS_PER_INSTANT as MAX_EVALS_PER_INSTANT_, MAX_EVENTS_BASE, MAX_EVENTS_PER_SERVICE, MAX_INSTANTS_IN_A_BLINK, type RunOptions } from './run-options.js';
import { engage, panicReached } from './shedding.js';
import { REPEAT_MIN_CHANGES, RepeatWatch, closeRepeat, keepsChanging, type Repeat } from './repeat.js';
import { OscillationGuard } from './guard.js';
import { instantOf } from './instant.js';

// module-level copies of imports: read in hot loops without live-binding indirection
const MAX_HORIZON = MAX_HORIZON_;
const recoveryStepOf = recoveryStepOf_;
const backlogAt = backlogAt_;
const capacityLine = capacityLine_;
const servedAt = servedAt_;
const FRAC_EPS = FRAC_EPS_;
const servedLine = servedLine_;
const moveServed = moveServed_;
const newCycles = newCycles_;
const deferred = deferred_;
const touch = touch_;
const updateOrigin = updateOrigin_;
const wakeBlockDependents = wakeBlockDependents_;
const applyAction = applyAction_;
const herdOf = herdOf_;
const applyLoadFaults = applyLoadFaults_;
const isLoadFault = isLoadFault_;
const STATE_DEGRADED = STATE_DEGRADED_;
const STATE_DOWN = STATE_DOWN_;
const STATE_UP = STATE_UP_;
const CAUSE_BACKLOG = CAUSE_BACKLOG_;
const CAUSE_COLLAPSE = CAUSE_COLLAPSE_;
const CAUSE_MITIGATION = CAUSE_MITIGATION_;
const CAUSE_NONE = CAUSE_NONE_;
const CAUSE_THROTTLE = CAUSE_THROTTLE_;
const EV_ACTION = EV_ACTION_;
const EV_BACKLOG = EV_BACKLOG_;
const EV_FAULT_END = EV_FAULT_END_;
const EV_FAULT_START = EV_FAULT_START_;
const EV_MITIGATION = EV_MITIGATION_;
const EV_RAMP_END = EV_RAMP_END_;
const EV_RESTART_END = EV_RESTART_END_;
const EV_CRASH_END = EV_CRASH_END_;
const EV_HERD_END = EV_HERD_END_;
const CAUSE_HERD = CAUSE_HERD_;
const EV_WAKE = EV_WAKE_;
const EV_WARM_END = EV_WARM_END_;

const EV_ANCHOR = EV_ANCHOR_;
const MAX_EVALS_PER_INSTANT = MAX_EVALS_PER_INSTANT_;

export type { RunOutcome } from './outcome.js';
export {
  CAUSE_NONE, CAUSE_FAULT, CAUSE_DISABLED, CAUSE_DEPENDENCY, CAUSE_GROUP, CAUSE_WARMUP, CAUSE_COLLAPSE, CAUSE_BACKLOG, CAUSE_THROTTLE,
  CAUSE_MITIGATION, CAUSE_CAPACITY, CAUSE_DEMAND, CAUSE_RESTART, CAUSE_CRASHLOOP, CAUSE_HERD, MAX_HORIZON, CurveLog,
} from './state.js';
export { TransitionLog } from './events.js';

export { BLINK, EngineNonTermination, MAX_EVENTS_BASE, MAX_EVENTS_PER_SERVICE, MAX_INSTANTS_IN_A_BLINK, type RunOptions } from './run-options.js';

/**
 * Runs the model once with parameter values `v` (one per ParamTable slot).
 * Pure: same model and values → same outcome.
 */
export function run(model: Model, v: Float64Array, options: RunOptions = {}): RunOutcome {
  const ws = options.workspace;
  const S = ws ? ws.sim(model, v, options.curves !== false) : new Sim(model, v, options.curves !== false);
  const n = S.n;
  const cy = ws ? ws.cycles(S) : newCycles(S);
  const { st, stCauseK, stCauseS, hasB, collapsed, thrOn, processing, B, log, curves } = S;
  const { fracMode, fracNotify, bpNotify } = model;
  // The fraction layer runs where it decides labels or feeds a dependent that reads fractions,
  // and everywhere when the curves are wanted; elsewhere the three-state rules are the whole story.
  const keepCurves = options.curves !== false;
  // with curves, the layer runs where a curve is not a function of the state alone (curves.ts)
  const fracOn = !keepCurves ? model.fracNeeded : options.recordAll ? new Uint8Array(n).fill(1) : curveEager(model);
  const loadActive = ws ? ws.loadActive() : new Uint8Array(model.faults.length);
  // services with cells: aggregates, failover, faults and actions on a whole service (cells-run.ts)
  const cells = model.cells ? new CellRuntime(S, model.cells, loadActive, keepCurves) : null;

  // the helpers that depend on the storage only (and the clock of the actions' times, reset to v):
  // a workspace keeps them from run to run (run-kit.ts)
  const { C, causalState, updateBacklog, Bs, Q, who, fc, ev, herdArmed, clock } = ws ? ws.runKit(S, cy) : newRunKit(S, cy);
  S.clock = clock;
  for (let k = 0; k < model.faults.length; k++) {
    const f = model.faults[k]!;
    const at = faultStart(f, v);
    S.q.push(at, EV_FAULT_START, f.service, k);
    const end = faultEnd(f, v, at);
    if (end < Infinity) S.q.push(end, EV_FAULT_END, f.service, k);
  }
  clock.begin();

  const recoveryStep = recoveryStepOf(S);
  const ramps = model.rampSvc;
  const chord = new Float64Array(2);
  const herd = herdOf(S);
  const fill = fillOf(S, loadActive, cells, keepCurves); // cold caches loading their origins (cachefill.ts)
  const fillOn = fill.any;
  const staleOn = model.reqStale !== undefined; // stale.ts: when each impairment began
  const shedSt = S.shedding; // load shedding and panic mode (shedding.ts); null when unused
  // the watch for a repeat of the whole state (repeat.ts), once the log holds many changes
  let watch: RepeatWatch | null = null;

  /** Re-evaluates service i at S.t, logging any change of what dependents see. */
  const evaluate = (i: number): void => {
    if (cells !== null && cells.role[i] === 1) {
      const e = cells.evaluate(i, cy);
      const bi = cy.blockOf[i]!;
      if (bi >= 0) updateOrigin(S, cy, i, bi, e, cells.k, cells.org);
      if (cy.settling) {
        if (e !== st[i]) wakeBlockDependents(S, cy, i, bi);
        st[i] = e; stCauseK[i] = cells.k; stCauseS[i] = cells.s;
        return;
      }
      commit(i, e, cells.k, cells.s);
      return;
    }
    const t = S.t;
    if (ramps !== undefined && ramps[i] === 1) rampLoad(S, i, loadActive); // load faults that grow (ramp.ts)
    if (fillOn) fill.load(i); // and cold caches in front of it (cachefill.ts): a demand slope too
    causalState(i, C);
    recoveryStep(i, C.c, C.ck, C.cS, C.capFrac, Bs);
    const base = Bs.base;
    const frac = fracOn[i]!; // 0: no fraction layer; 1: the whole layer; 2: capacity follows the label (curves.ts)
    let prevCap = 1;
    let prevSrv = 1;
    let prevCapK = 0;
    let prevSrvK = 0;
    let capCause = CAUSE_NONE;
    if (frac === 1) {
      // the capacity and served lines before this evaluation, at t
      prevCap = S.capA[i]! + S.capK[i]! * (t - S.capT[i]!);
      prevSrv = servedAt(S, i, t);
      prevCapK = S.capK[i]!;
      prevSrvK = S.srvK[i]!;
      capCause = capacityLine(S, i, base === STATE_DOWN, base === STATE_DEGRADED, Bs, C, who);
    } else if (frac === 2) {
      // what capacityLine gives without fraction fields: a level line (capK stays 0) set by the label
      prevCap = S.capA[i]!;
      prevSrv = servedAt(S, i, t);
      prevSrvK = S.srvK[i]!;
      S.capA[i] = base === STATE_DOWN ? 0 : base === STATE_DEGRADED && Bs.capFrac < 1 ? Bs.capFrac : 1;
    } else S.capA[i] = base === STATE_DEGRADED ? Bs.capFrac : 1; // the three-state rules alone: what a queue processes at
    // past its limit before the instant settled: judged then (judge.ts), nothing committed now
    let later = false;
    if (hasB[i]) {
      later = updateBacklog(i, base, Bs.baseS, C.asyncBlock, Q);
      if (watch !== null && processing[i]) watch.processed[i] = 1; // its content was read (repeat.ts)
      if (bpNotify[i]) {
        const f = B[i]! >= S.bCapMax[i]! && S.bSlope0[i]! >= 0 ? 1 : 0;
        if (f !== S.full[i]) { S.full[i] = f; S.enqueueDependents(i); }
      }
      // Clients lose their connections while it is down or collapsed; once it answers again they
      // reconnect at once (the surge is judged in a re-evaluation within this instant).
      if (herd.any && !cy.settling && !later) {
        if (base === STATE_DOWN || collapsed[i]) herdArmed[i] = 1;
        else if (herdArmed[i]) { herdArmed[i] = 0; if (herd.start(i)) S.enqueue(i); }
      }
    }

    // what dependents see under the three-state rules
    let e = base;
    let eK = Bs.baseK;
    let eS = Bs.baseS;
    if (hasB[i] && collapsed[i]) { e = STATE_DOWN; eK = CAUSE_COLLAPSE; eS = i; }
    else if (e === STATE_UP && thrOn[i]) { e = STATE_DEGRADED; eK = S.thrByMitigation[i] ? CAUSE_MITIGATION : CAUSE_THROTTLE; eS = i; }
    else if (e === STATE_UP && hasB[i] && processing[i] && B[i]! > 0) {
      e = STATE_DEGRADED;
      if (S.herdPending[i]) { eK = CAUSE_HERD; eS = i; } else { eK = CAUSE_BACKLOG; eS = S.blockedBy[i]! >= 0 ? S.blockedBy[i]! : i; }
    }

    if (frac !== 0) {
      // the served fraction; where the service uses capacity fractions, the label it implies
      let sa: number;
      let sk: number;
      if (!hasB[i]) { const d = S.demand[i]!; sa = S.capA[i]! / d; sk = S.capK[i]! / d; }
      else if (base === STATE_DOWN || collapsed[i]) { sa = 0; sk = 0; }
      else if (!processing[i]) { sa = S.capA[i]!; sk = 0; } // work waits for an async dependency: callers are served
      else if (Q.lambda > 0) { sa = Q.muA / Q.lambda; sk = Q.muK / Q.lambda; }
      else { sa = Q.muA > 0 ? 1 : 0; sk = 0; }
      // a demand that is a line: c/d is not a line; follow it by chords (a gradual failover,
      // failover-drain.ts; a ramping load fault or a cold cache's refill, ramp.ts, cachefill.ts,
      // within RAMP_EPS)
      if (S.demK[i] !== 0) {
        if (cells !== null && cells.drain !== null && cells.drain.on(i)) {
          if (cells.drain.servedNow(i, base === STATE_DOWN, Q)) { sa = cells.drain.sa; sk = cells.drain.sk; }
        } else if (!hasB[i] || (base !== STATE_DOWN && !collapsed[i] && processing[i] && Q.lambda > 0)) {
          chord[0] = sa; chord[1] = sk;
          if (hasB[i]) servedChord(S, i, Q.muA, Q.muK, Q.lambda, S.bArr[i]! * S.demK[i]!, chord);
          else servedChord(S, i, S.capA[i]!, S.capK[i]!, S.demand[i]!, S.demK[i]!, chord);
          sa = chord[0]!; sk = chord[1]!;
        }
      }
      if (frac === 2) {
        // capacity follows the label: only a move of the served line needs the layer (servedLine's own test)
        if (sa >= 1 - FRAC_EPS) { sa = 1; sk = 0; }
        if (sa < 0) sa = 0;
        const moved = sa !== prevSrv || sk !== prevSrvK;
        if (moved) moveServed(S, i, sa, sk);
        if ((moved || S.capA[i] !== prevCap) && keepCurves) {
          // the two points written here: passed to a call that is not inlined, the numbers are boxed
          const k = curves.room2();
          curves.time[k] = t; curves.service[k] = i; curves.capacity[k] = prevCap; curves.served[k] = prevSrv;
          curves.time[k + 1] = t; curves.service[k + 1] = i; curves.capacity[k + 1] = S.capA[i]!; curves.served[k + 1] = sa;
        }
      } else {
        const fl = servedLine(S, i, sa, sk, capCause, who[0]!, fc);
        // a fraction label that is worse wins; one as bad names its cause when it is what slows a drain
        // (a cell's queue filling with traffic a gradual failover moves to it: the failover's demand is the cause)
        if (fracMode[i] && (fl > e || (fl === e && e !== STATE_UP && eK === CAUSE_BACKLOG && fc[0] !== CAUSE_NONE && (S.capA[i]! < 1 || (cells !== null && cells.drain !== null && cells.drain.on(i) && (cells.moved[i]! > 1 || S.demK[i]! > 0)))))) { e = fl; eK = fc[0]!; eS = fc[1]!; }
        // a queue that grows because a demand (a load fault, ramping or not: ramp.ts) is above capacity: blamed on the demand
        else if (fl === e && eK === CAUSE_BACKLOG && fc[0] === CAUSE_DEMAND && (S.bSlope0[i]! > 0 || S.bCurv[i]! > 0)) { eK = fc[0]!; eS = fc[1]!; }
        const capNow = S.capA[i]!;
        const srvNow = servedAt(S, i, t);
        if (capNow !== prevCap || srvNow !== prevSrv || S.capK[i] !== prevCapK || S.srvK[i] !== prevSrvK) {
          if (keepCurves) curves.push2(t, i, prevCap, prevSrv, capNow, srvNow);
          if (fracNotify[i]) S.enqueueDependents(i);
        }
      }
    }
    if (later) return;
    // load shedding names itself while it rejects work (a dependency that cut its capacity stays blamed)
    if (shedSt !== null && shedSt.active[i] && e !== STATE_DOWN) { eS = e === STATE_DEGRADED && eS >= 0 ? eS : i; e = STATE_DEGRADED; eK = CAUSE_SHEDDING; }
    if (e === STATE_UP) { eK = CAUSE_NONE; eS = -1; }
    else if (cells !== null && eK === CAUSE_DEMAND && cells.role[i] === 2) eS = cells.demandSource(i); // failover's load: from the cell that failed
    // load this service does not keep up with while a cold cache in front of it refills, and the
    // queue those misses left: name the cache (cachefill.ts)
    if (fillOn) {
      if (e === STATE_UP) fill.forget(i);
      else if (eS === i && (eK === CAUSE_DEMAND || eK === CAUSE_BACKLOG) && S.fillDem[i]! > 1) { const c = fill.source(i); if (c >= 0) { eK = CAUSE_FILL; eS = c; } }
      else if (eS === i && eK === CAUSE_BACKLOG) { const c = fill.drainSource(i); if (c >= 0) eS = c; }
    }

    const bi = cy.blockOf[i]!;
    if (bi >= 0) updateOrigin(S, cy, i, bi, e, eK, C.org);
    if (cy.settling) {
      // inside a cyclic block's fixpoint: tentative, only the block's members see it
      if (e !== st[i]) wakeBlockDependents(S, cy, i, bi);
      st[i] = e; stCauseK[i] = eK; stCauseS[i] = eS;
      return;
    }
    commit(i, e, eK, eS);
  };

  // state changes of the services whose curves are derived afterwards (curves.ts)
  let lazyChanges = 0;
  /** Records a change of what dependents see and wakes them. */
  const commit = (i: number, e: number, eK: number, eS: number): void => {
    if (e === st[i] && eK === stCauseK[i] && eS === stCauseS[i]) return;
    const t = S.t;
    const was = st[i]!;
    if (was !== STATE_UP) S.impaired[i]! += t - S.lastChange[i]!;
    S.lastChange[i] = t;
    if (was === STATE_UP && e !== STATE_UP && Number.isNaN(S.impactStart[i]!)) S.impactStart[i] = t;
    if (e === STATE_UP) {
      S.recovered[i] = t;
      // impaired only within this instant (its first impairment began now): no impact at all
      if (S.impactStart[i] === t) { S.impactStart[i] = NaN; S.worst[i] = STATE_UP; }
    } else if (e > S.worst[i]!) S.worst[i] = e;
    st[i] = e; stCauseK[i] = eK; stCauseS[i] = eS;
    log.push(t, i, e, eK, eS);
    clock.onChange(i, was, e, t);
    if (staleOn && e !== was) noteStaleChange(S, i, was, e);
    if (fillOn) fill.onCommit(i, was, e, eS);
    // dependents read only the state; a new cause with the same state changes nothing for them
    if (e !== was) { S.enqueueDependents(i); if (fracOn[i] === 0) lazyChanges++; }

  };

  // services the three-state rules decide alone take one step (plain.ts)
  const plain = options.recordAll ? null : plainServices(model, fracOn);
  const plainStep = plainStepOf(S, commit);

  const guard = new OscillationGuard(model); // which services the oscillation guard stops (guard.ts)
  const drain = (): void => {
    const { evalStamp, evalCount } = S;
    const work = S.work;
    while (work.length > 0) {
      const i = work.take(); // dependencies first (worklist.ts)
      if (cy.settling && deferred(cy, i)) continue; // outside the settling block: after its commit
      if (evalStamp[i] !== S.instant) { evalStamp[i] = S.instant; evalCount[i] = 0; }
      if (++evalCount[i]! > MAX_EVALS_PER_INSTANT && guard.stops(i, S.instant, S.t)) continue; // oscillation guard: keep the state reached
      if (plain !== null && plain[i] === 1) { plainStep(i); continue; }
      if (!cy.settling) touch(cy, i);
      evaluate(i);
    }
  };

  // evaluate what an instant's events reach, settle its blocks, judge its queues (instant.ts)
  const completeInstant = instantOf(S, cy, drain, commit);

  const q = S.q;
  const maxEvents = MAX_EVENTS_BASE + MAX_EVENTS_PER_SERVICE * n;
  // the watch for a repeat of the whole state starts once the log holds many changes (repeat.ts);
  let watchFrom = options.repeatStop === false ? Infinity : options.repeatAfter ?? REPEAT_MIN_CHANGES + 4 * n;
  // by default the watch starts only once some service keeps changing (a big run that settles logs
  // many changes, a few per service, and its snapshots would cost O(services) each)
  const gated = options.repeatAfter === undefined;
  let repeat: Repeat | null = null;
  let events = 0;
  let blinkAt = -Infinity;
  let inBlink = 0;
  while (q.size > 0) {
    const t = q.peekTime();
    if (t > MAX_HORIZON) break;
    if (t - blinkAt > BLINK) { blinkAt = t; inBlink = 0; }
    else if (++inBlink > MAX_INSTANTS_IN_A_BLINK) throw new EngineNonTermination(`the run does not advance: more than ${MAX_INSTANTS_IN_A_BLINK} instants within ${BLINK} min of minute ${t}`);
    S.t = t;
    S.instant++;
    while (q.size > 0 && q.peekTime() <= t) {
      if (++events > maxEvents) throw new EngineNonTermination(`the run handled more than ${maxEvents} events (reached minute ${t})`);
      q.pop(ev);
      if (watch !== null) watch.popped(ev); // the ties the watch must not stop across (repeat-ties.ts)
      const kind = ev[1]!;
      const i = ev[2]!;
      const x = ev[3]!;
      switch (kind) {
        case EV_FAULT_START:
          if (cells !== null && cells.role[i] !== 0) { cells.fault(i, x, 1); break; }
          if (isLoadFault(S, x)) { loadActive[x] = 1; applyLoadFaults(S, i, loadActive); } else S.faults[i]!++;
          S.enqueue(i);
          break;
        case EV_FAULT_END:
          if (cells !== null && cells.role[i] !== 0) { cells.fault(i, x, -1); clock.onFaultEnd(x, S.t); break; }
          if (isLoadFault(S, x)) { loadActive[x] = 0; applyLoadFaults(S, i, loadActive); } else S.faults[i]!--;
          S.enqueue(i);
          clock.onFaultEnd(x, S.t);
          break;
        case EV_ANCHOR: clock.fire(i, S.t); break;
        case EV_WARM_END: if (S.warmGen[i] === x) S.enqueue(i); break;
        case EV_RESTART_END: if (S.rsGen[i] === x) { if (!panicReached(S, i)) S.rsOn[i] = 0; S.enqueue(i); } break;
        case EV_SHED: if (S.shedding !== null && engage(S.shedding, i, x)) S.enqueue(i); break;
        case EV_CRASH_END: if (S.crashGen[i] === x) S.enqueue(i); break;
        case EV_HERD_END: herd.end(i, x); S.enqueue(i); break;
        case EV_FILL: fill.step(i, x); break;
        case EV_WAKE: S.enqueue(i); break;
        case EV_BACKLOG: if (S.bGen[i] === x) { S.bNext[i] = Infinity; S.enqueue(i); } break;
        case EV_MITIGATION:
          // applied in evaluate, once every event of this instant is in: a dependency failing
          // at this very moment postpones the mitigation
          if (S.mitGen[i] === x && collapsed[i]) { S.mitDue[i] = 1; S.enqueue(i); }
          break;
        case EV_RAMP_END:
          if (thrOn[i] && S.rampT1[i] === t) {
            if (hasB[i]) { B[i] = backlogAt(S, i, t); S.bT[i] = t; }
            thrOn[i] = 0; S.thrRate[i] = Infinity; S.rampT0[i] = -1; S.rampT1[i] = -1;
            S.enqueue(i);
          }
          break;
        case EV_ACTION:
          if (cells !== null && cells.role[i] === 1) cells.action(i, model.actions[x]!); else
          if (isScaleAction(model.actions[x]!)) applyScale(S, i, model.actions[x]!, loadActive); else
          applyAction(S, i, model.actions[x]!);
          if (fillOn && model.actions[x]!.kind === 'restart') fill.flush(i); // a restart empties a cache
          S.enqueue(i);
          S.enqueueDependents(i);
          break;
      }
    }
    completeInstant();
    for (let k = 0; k < cy.nTouched; k++) cy.blockTouched[cy.touched[k]!] = 0;
    cy.nTouched = 0;
    if (log.length >= watchFrom) {
      if (watch === null && gated && !keepsChanging(log, watchFrom - REPEAT_MIN_CHANGES - 4 * n, n)) { watchFrom = log.length + REPEAT_MIN_CHANGES + 4 * n; continue; }
      watch ??= new RepeatWatch(S, { cy, herdArmed, loadActive, anchorAt: clock.anchorAt, cells, fill });
      const from = watch.check();
      if (from >= 0) { repeat = { from, at: t }; break; }
    }
  }

  // the curves of services recorded lazily are derived from the log when first read (outcome.ts)
  const lazy = keepCurves && options.recordAll !== true ? lazyChanges : -1;
  const nServices = cells === null ? n : cells.plan.nServices;
  const out = outcomeOf(S, fracOn, nServices, lazy, clock, events);
  return repeat === null ? out : closeRepeat(out, S, repeat, nServices); // (the catalog's services: not the cell slots)
}
