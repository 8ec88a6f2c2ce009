/**
 * Semantic rules over a merged catalog. Each rule is a small function that pushes
 * diagnostics; none stops at the first problem.
 */
import type { Diagnostic } from './diagnostics.js';
import type { Param, Scenario, Service } from './model.js';
import { suggest } from '../util/text.js';
import { components, dependencyIndex, hardTargets, type DependencyIndex } from './dependency-index.js';
import { rampFaults } from './rules-ramp.js';
import { fillEdges } from './fill-rules.js';
import { sharedDraws } from './rules-draw.js';
import { overloadedBacklogs } from './rules-backlog.js';

export interface RuleInput {
  readonly services: ReadonlyMap<string, Service>;
  readonly scenarios: ReadonlyMap<string, Scenario>;
  /** The catalog's source files, for problems about the catalog as a whole. */
  readonly files?: readonly string[];
  /** `services` resolved to numbers, shared by the rules that read every dependency (built when absent). */
  readonly index?: DependencyIndex;
  /** The parameters that name a shared draw, as composing read them (none when absent). */
  readonly drawn?: readonly Param[];
}
export type Rule = (input: RuleInput, out: Diagnostic[]) => void;

const didYouMean = (id: string, services: ReadonlyMap<string, Service>): string => {
  const [best] = suggest(id, services.keys());
  return best ? `did you mean "${best}"?` : 'add it under services, or fix the id';
};

export const unknownReferences: Rule = ({ services, index }, out) => {
  const x = index ?? dependencyIndex(services);
  for (let i = 0; i < x.ids.length; i++) {
    for (let r = x.reqStart[i]!; r < x.reqStart[i + 1]!; r++) {
      for (let k = x.memberStart[r]!; k < x.memberStart[r + 1]!; k++) {
        if (x.member[k]! >= 0) continue;
        const s = x.services[i]!;
        const d = x.reqs[r]!;
        const j = k - x.memberStart[r]!;
        const target = d.of[j]!;
        out.push({ code: 'unknown-service', severity: 'error', message: `${s.id} depends on "${target}", which is not a service in this catalog`, pos: d.memberPos[j] ?? d.pos, hint: didYouMean(target, services) });
      }
    }
  }
};

export const selfDependency: Rule = ({ services, index }, out) => {
  const x = index ?? dependencyIndex(services);
  for (let i = 0; i < x.ids.length; i++) {
    for (let r = x.reqStart[i]!; r < x.reqStart[i + 1]!; r++) {
      for (let k = x.memberStart[r]!; k < x.memberStart[r + 1]!; k++) {
        if (x.member[k] !== i) continue;
        const s = x.services[i]!;
        const d = x.reqs[r]!;
        out.push({ code: 'self-dependency', severity: 'error', message: `${s.id} depends on itself`, pos: d.memberPos[k - x.memberStart[r]!] ?? d.pos, hint: 'remove this entry' });
      }
    }
  }
};

export const groupShape: Rule = ({ services }, out) => {
  for (const s of services.values()) {
    for (const d of s.dependsOn) {
      if (!d.group) continue;
      if (d.of.length === 0) {
        out.push({ code: 'group-empty', severity: 'error', message: `${s.id}: a redundancy group with no members`, pos: d.pos, hint: 'list the redundant services under "of"' });
        continue;
      }
      if (d.atLeast < 1 || d.atLeast > d.of.length) {
        out.push({ code: 'group-at-least', severity: 'error', message: `${s.id}: atLeast is ${d.atLeast} but the group has ${d.of.length} member(s)`, pos: d.pos, hint: `use a number from 1 to ${d.of.length}` });
      }
      const seen = new Set<string>();
      d.of.forEach((m, i) => {
        if (seen.has(m)) out.push({ code: 'group-duplicate-member', severity: 'warning', message: `${s.id}: "${m}" is listed twice in one group`, pos: d.memberPos[i] ?? d.pos });
        seen.add(m);
      });
    }
  }
};

export const duplicateDependency: Rule = ({ services, index }, out) => {
  const x = index ?? dependencyIndex(services);
  // seenBy[t] = 1 + the last service that listed service t; ids that name no service in a set
  const seenBy = new Int32Array(x.ids.length);
  for (let i = 0; i < x.ids.length; i++) {
    let unknown: Set<string> | undefined;
    for (let r = x.reqStart[i]!; r < x.reqStart[i + 1]!; r++) {
      const d = x.reqs[r]!;
      if (d.group) continue;
      const t = x.member[x.memberStart[r]!]!;
      let again: boolean;
      if (t >= 0) {
        again = seenBy[t] === i + 1;
        seenBy[t] = i + 1;
      } else {
        unknown ??= new Set();
        again = unknown.has(d.of[0]!);
        unknown.add(d.of[0]!);
      }
      if (again) out.push({ code: 'duplicate-dependency', severity: 'warning', message: `${x.ids[i]!} lists "${d.of[0]!}" more than once`, pos: d.pos, hint: 'keep one entry' });
    }
  }
};

export const scenarioReferences: Rule = ({ services, scenarios }, out) => {
  for (const sc of scenarios.values()) {
    for (const f of sc.faults) {
      if (!services.has(f.service)) out.push({ code: 'scenario-unknown-service', severity: 'error', message: `scenario ${sc.id}: fault on unknown service "${f.service}"`, pos: f.pos, hint: didYouMean(f.service, services) });
      if (f.at.kind === 'const' && f.until?.kind === 'const' && f.until.value <= f.at.value) {
        out.push({ code: 'fault-window', severity: 'error', message: `scenario ${sc.id}: fault on ${f.service} ends before it starts`, pos: f.pos });
      }
    }
    for (const a of sc.actions) {
      if (!services.has(a.service)) out.push({ code: 'scenario-unknown-service', severity: 'error', message: `scenario ${sc.id}: action on unknown service "${a.service}"`, pos: a.pos, hint: didYouMean(a.service, services) });
    }
  }
};

/** Relative times: the service an anchor names exists; detection does not count from itself. */
export const anchorReferences: Rule = ({ services, scenarios }, out) => {
  for (const sc of scenarios.values()) {
    const anchors = [...sc.actions.flatMap((a) => (a.after ? [a.after] : [])), ...(sc.detection?.after ? [sc.detection.after] : [])];
    for (const an of anchors) {
      if (an.service !== undefined && !services.has(an.service)) {
        out.push({ code: 'scenario-unknown-service', severity: 'error', message: `scenario ${sc.id}: "${an.service} ${an.kind}" names an unknown service`, pos: an.pos, hint: didYouMean(an.service, services) });
      }
    }
    if (sc.detection?.after?.kind === 'detection') {
      out.push({ code: 'invalid-value', severity: 'error', message: `scenario ${sc.id}: detection cannot count from detection`, pos: sc.detection.after.pos, hint: 'count from start, fault-end or a service\'s impact' });
    }
  }
};

/** A URL somewhere in an observation's source (a section name may follow it). */
const URL_RE = /https?:\/\/[^\s]+/;

/** Observed milestones and the list of affected services name real services and cite a URL. */
export const observedReferences: Rule = ({ services, scenarios }, out) => {
  for (const sc of scenarios.values()) {
    for (const o of sc.observed ?? []) {
      if (o.service !== 'all' && !services.has(o.service)) {
        out.push({ code: 'scenario-unknown-service', severity: 'error', message: `scenario ${sc.id}: observation about unknown service "${o.service}"`, pos: o.pos, hint: `${didYouMean(o.service, services)} (or "all" for every service)` });
      }
      if (!URL_RE.test(o.source)) {
        out.push({ code: 'invalid-value', severity: 'error', message: `scenario ${sc.id}: an observation's source must name a URL (and optionally a section)`, pos: o.pos, hint: 'e.g. source: https://example.com/postmortem#timeline' });
      }
    }
    for (const f of sc.fitted ?? []) {
      if (!services.has(f.service)) out.push({ code: 'scenario-unknown-service', severity: 'error', message: `scenario ${sc.id}: "fitted" names unknown service "${f.service}"`, pos: f.pos, hint: didYouMean(f.service, services) });
    }
    for (const a of sc.affected ?? []) {
      if (!services.has(a.service)) out.push({ code: 'scenario-unknown-service', severity: 'error', message: `scenario ${sc.id}: "affected" names unknown service "${a.service}"`, pos: a.pos, hint: didYouMean(a.service, services) });
    }
  }
};

/**
 * Hard-dependency cycles: services that all need each other cannot cold-start.
 * A group counts as hard only when every member is needed (atLeast = size).
 */
export const hardCycles: Rule = ({ services, index }, out) => {
  const x = index ?? dependencyIndex(services);
  const hard = hardTargets(x);
  for (const comp of components(x.ids.length, hard.start, hard.to, 2)) out.push(cycleDiagnostic(comp, x, hard));
};

/** Services named in a hard-cycle message before it is shortened. */
export const MAX_CYCLE_SHOWN = 12;

function cycleDiagnostic(comp: Int32Array, x: DependencyIndex, hard: { start: Uint32Array; to: Int32Array }): Diagnostic {
  // A readable cycle through the component, starting at its first service in source order.
  const inComp = new Set(comp);
  let start = comp[0]!;
  for (let k = 1; k < comp.length; k++) if (comp[k]! < start) start = comp[k]!;
  const prev = new Map<number, number>();
  const queue = [start];
  let closing: number | undefined;
  for (let head = 0; head < queue.length && closing === undefined; head++) {
    const v = queue[head]!;
    for (let e = hard.start[v]!; e < hard.start[v + 1]!; e++) {
      const w = hard.to[e]!;
      if (!inComp.has(w)) continue;
      if (w === start) { closing = v; break; }
      if (!prev.has(w)) { prev.set(w, v); queue.push(w); }
    }
  }
  const path = [start];
  for (let v = closing; v !== undefined && v !== start; v = prev.get(v)) path.splice(1, 0, v);
  path.push(start);
  const names = path.map((i) => x.ids[i]!);
  // A long cycle is shown by its ends; the full path helps nobody on one line.
  const shown = names.length > MAX_CYCLE_SHOWN ? [...names.slice(0, MAX_CYCLE_SHOWN - 2), `… ${names.length - MAX_CYCLE_SHOWN + 1} more`, ...names.slice(-1)] : names;
  const others = comp.length - (path.length - 1);
  return {
    code: 'hard-cycle',
    severity: 'warning',
    message: `hard-dependency cycle: ${shown.join(' → ')}${others > 0 ? ` (${comp.length} services need each other in all)` : ''}`,
    pos: x.services[start]!.pos,
    hint: 'none of these can start before the others: a cold-start deadlock risk; make one edge soft or break the cycle',
  };
}

export const noServices: Rule = ({ services, files }, out) => {
  if (services.size > 0) return;
  const file = files?.[0];
  out.push({
    code: 'no-services',
    severity: 'error',
    message: files && files.length > 1 ? `none of the ${files.length} catalog files defines a service` : 'the catalog defines no services',
    ...(file !== undefined ? { pos: { file, line: 1, col: 1 } } : {}),
    hint: 'add a "services:" mapping with at least one service',
  });
};

/** Capacity-fraction edges read one dependency's served fraction: not a group's, not through async. */
export const fractionEdges: Rule = ({ services }, out) => {
  for (const s of services.values()) {
    for (const d of s.dependsOn) {
      if (d.needs === undefined && d.scales === undefined) continue;
      const what = d.needs !== undefined ? 'needs' : 'scales';
      if (d.group || d.of.length !== 1) {
        out.push({ code: 'fraction-on-group', severity: 'error', message: `${s.id}: "${what}" applies to a single dependency, not a redundancy group`, pos: d.pos, hint: 'write one entry per member, or use atLeast alone' });
      } else if (d.type === 'async') {
        out.push({ code: 'fraction-on-async', severity: 'error', message: `${s.id}: "${what}" on an async dependency has no effect (async work queues instead)`, pos: d.pos, hint: 'make the edge hard or soft, or drop the field' });
      }
    }
  }
};

/** Backpressure needs an async edge to one service with a bounded queue. */
export const backpressureEdges: Rule = ({ services }, out) => {
  for (const s of services.values()) {
    for (const d of s.dependsOn) {
      if (!d.backpressure) continue;
      const target = d.of.length === 1 ? services.get(d.of[0]!) : undefined;
      const problem =
        d.type !== 'async' ? 'applies to an async dependency (a hard or soft one already impairs this service)'
        : d.group || d.of.length !== 1 ? 'applies to a single dependency, not a redundancy group'
        : target && !target.backlog?.cap ? `needs a bounded queue: give ${target.id} a backlog with a cap`
        : null;
      if (problem) out.push({ code: 'backpressure-shape', severity: 'error', message: `${s.id}: backpressure ${problem}`, pos: d.pos, hint: 'e.g. {service: queue, type: async, backpressure: true} with backlog: {..., cap: 100000} on the queue' });
    }
  }
};

/** Load faults: a capacity left is a fraction; a fault is either breakage or load. */
export const loadFaults: Rule = ({ scenarios, services }, out) => {
  const constOver = (p: { kind: string; value?: number; max?: number; p90?: number } | undefined, limit: number): boolean =>
    p !== undefined && ((p.kind === 'const' && p.value! > limit) || (p.kind === 'uniform' && p.max! > limit) || (p.kind === 'lognormal' && p.p90! > limit));
  for (const sc of scenarios.values()) {
    for (const f of sc.faults) {
      if (constOver(f.capacity as never, 1)) {
        out.push({ code: 'invalid-value', severity: 'error', message: `scenario ${sc.id}: a fault's capacity is the fraction left, from 0 to 1`, pos: f.pos, hint: 'e.g. capacity: 0.5 for half the capacity' });
      }
    }
    // operators changing capacity or demand (src/engine/scale.ts): capacity stays above 0; not per cell yet
    for (const a of sc.actions) {
      if (a.do !== 'scale' && a.do !== 'shed') continue;
      const c = a.capacity;
      if (a.do === 'scale' && c && ((c.kind === 'const' && !(c.value > 0)) || (c.kind === 'uniform' && !(c.min > 0)))) {
        out.push({ code: 'invalid-value', severity: 'error', message: `scenario ${sc.id}: a scale action's capacity is a multiple of nominal capacity, more than 0`, pos: a.pos, hint: 'to take the service out, use do: disable' });
      }
      if (services.get(a.service)?.cells) {
        out.push({ code: 'invalid-value', severity: 'error', message: `scenario ${sc.id}: ${a.do} on ${a.service}, a service with cells, is not supported`, pos: a.pos, hint: 'scale or shed a service without cells' });
      }
    }
  }
  for (const s of services.values()) {
    const c = s.restart?.coldStart;
    if (c && c.kind === 'const' && c.value < 1) {
      out.push({ code: 'invalid-value', severity: 'error', message: `${s.id}: restart.coldStart is how many times slower warming is under load, at least 1`, pos: s.pos, hint: 'use 1 when load makes no difference' });
    }
    const u = s.restart?.units;
    if (u && u.kind === 'const' && !(u.value > 0)) {
      out.push({ code: 'invalid-value', severity: 'error', message: `${s.id}: restart.units must be more than 0`, pos: s.pos });
    }
    // units / rate minutes: a restart at no pace never ends, and the service never comes back
    const r = s.restart?.rate;
    if (r && ((r.kind === 'const' && !(r.value > 0)) || (r.kind === 'uniform' && !(r.min > 0)))) {
      out.push({ code: 'invalid-value', severity: 'error', message: `${s.id}: restart.rate must be more than 0 (at 0 the restart never ends)`, pos: s.pos, hint: 'for a service that never comes back, fail it with for: never' });
    }
  }
};

/** How far the shares of a service's cells may sum from 1 (rounding in what is written). */
export const SHARE_TOLERANCE = 1e-6;

/**
 * Cells (docs/model.md, "Cells, zones and regions"): shares are positive and sum to 1; a
 * cell-local dependency joins cells of the same name on both sides; a fault or an action
 * names a cell its service has.
 */
export const cellRules: Rule = ({ services, scenarios }, out) => {
  const cellList = (s: Service): string => s.cells!.names.join(', ');
  const near = (name: string, s: Service): string => {
    const [best] = suggest(name, s.cells!.names);
    return best ? `did you mean "${best}"? (cells of ${s.id}: ${cellList(s)})` : `cells of ${s.id}: ${cellList(s)}`;
  };
  for (const s of services.values()) {
    const c = s.cells;
    if (c) {
      const zero = c.names.filter((_, i) => !(c.shares[i]! > 0));
      const sum = c.shares.reduce((a, x) => a + x, 0);
      if (zero.length > 0) {
        out.push({ code: 'cells-shares', severity: 'error', message: `${s.id}: cell ${zero.map((z) => `"${z}"`).join(', ')} has a share of 0: it would serve no traffic`, pos: c.pos, hint: 'give every cell a share above 0, or remove it' });
      } else if (Math.abs(sum - 1) > SHARE_TOLERANCE) {
        out.push({ code: 'cells-shares', severity: 'error', message: `${s.id}: the traffic shares of its cells sum to ${Math.round(sum * 1e6) / 1e6}, not 1`, pos: c.pos, hint: `shares are fractions of the service's traffic, e.g. {${c.names.map((n) => `${n}: ${Math.round((1 / c.names.length) * 100) / 100}`).join(', ')}}; a list [${c.names.join(', ')}] gives equal shares` });
      }
      if (c.headroom > 0 && s.backlog) {
        out.push({ code: 'cell-shape', severity: 'error', message: `${s.id}: "headroom" on a service with a backlog: its spare capacity is already the backlog's capacity minus its arrival`, pos: c.pos, hint: 'remove headroom; raise backlog.capacity for more spare capacity' });
      }
    }
    for (const d of s.dependsOn) {
      if (d.cell !== 'local') continue;
      if (!c) {
        out.push({ code: 'cell-shape', severity: 'error', message: `${s.id}: "cell: local" on a service without cells`, pos: d.pos, hint: `give ${s.id} cells, or remove "cell: local" (a global dependency)` });
        continue;
      }
      d.of.forEach((target, i) => {
        const t = services.get(target);
        if (!t) return; // unknown-service says so
        if (!t.cells) {
          out.push({ code: 'cell-unknown', severity: 'error', message: `${s.id}: "cell: local" on ${target}, which has no cells`, pos: d.memberPos[i] ?? d.pos, hint: `give ${target} the cells ${cellList(s)}, or make the dependency global` });
          return;
        }
        const missing = c.names.filter((n) => !t.cells!.names.includes(n));
        if (missing.length > 0) {
          out.push({ code: 'cell-unknown', severity: 'error', message: `${s.id}: cell-local dependency on ${target}, which has no cell ${missing.map((m) => `"${m}"`).join(', ')}`, pos: d.memberPos[i] ?? d.pos, hint: `cells of ${target}: ${cellList(t)}; every cell of ${s.id} needs one of the same name` });
        }
      });
    }
  }
  for (const sc of scenarios.values()) {
    for (const x of [...sc.faults.map((f) => ({ what: 'fault', ...f })), ...sc.actions.map((a) => ({ what: 'action', ...a }))]) {
      if (x.cell === undefined) continue;
      const t = services.get(x.service);
      if (!t) continue; // scenario-unknown-service says so
      if (!t.cells) {
        out.push({ code: 'cell-unknown', severity: 'error', message: `scenario ${sc.id}: ${x.what} on cell "${x.cell}" of ${x.service}, which has no cells`, pos: x.pos, hint: `remove "cell", or give ${x.service} cells` });
      } else if (!t.cells.names.includes(x.cell)) {
        out.push({ code: 'cell-unknown', severity: 'error', message: `scenario ${sc.id}: ${x.what} on cell "${x.cell}", which ${x.service} does not have`, pos: x.pos, hint: near(x.cell, t) });
      }
    }
  }
};

export const RULES: readonly Rule[] = [noServices, unknownReferences, selfDependency, groupShape, duplicateDependency, scenarioReferences, anchorReferences, observedReferences, hardCycles, fractionEdges, loadFaults, rampFaults, backpressureEdges, cellRules, fillEdges, sharedDraws, overloadedBacklogs];
