/**
 * Schema-checked plain values → typed catalog elements, one source file at a time.
 * Only what the schema walker kept reaches here, so shapes are known to be right.
 */
import type { Diagnostic } from './diagnostics.js';
import type { Plain, PlainObject, Positions } from './check-schema.js';
import { suggest } from '../util/text.js';
import type { Action, ActionKind, Anchor, AnchorKind, BacklogModel, CellsModel, Dependency, DependencyType, Link, Observation, ObservedEvent, Param, Scenario, Service, SourcePos, Tier } from './model.js';
import { DEFAULT_TIER } from './model.js';
import { parseDuration } from './units.js';
import { parseStart } from '../util/clock.js';

/** An ISO 8601 timestamp with an offset, as observed times and scenario starts are written. */
const ISO_TIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** The date and time fields of a timestamp name a real moment (no 31 April, no 25:00). */
function calendarValid(text: string): boolean {
  const [y, mo, d, h, mi, se] = text.split(/[-T:.Z+]/).map(Number) as [number, number, number, number, number, number?];
  const t = new Date(Date.UTC(y, mo - 1, d, h, mi, se ?? 0));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d && t.getUTCHours() === h && t.getUTCMinutes() === mi && (se === undefined || se < 60);
}

export interface ComposedFile {
  readonly file: string;
  readonly meta: { name?: string; description?: string };
  readonly services: Service[];
  readonly scenarios: Scenario[];
  readonly diagnostics: Diagnostic[];
}

const has = (o: PlainObject, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);
const obj = (v: Plain | undefined): PlainObject | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? v : undefined);
const arr = (v: Plain | undefined): Plain[] => (Array.isArray(v) ? v : []);
const str = (v: Plain | undefined): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: Plain | undefined): number | undefined => (typeof v === 'number' ? v : undefined);

export function composeFile(file: string, root: PlainObject | undefined, positions: Positions): ComposedFile {
  const diagnostics: Diagnostic[] = [];
  const fallback: SourcePos = { file, line: 1, col: 1 };
  const at = positions.at;
  const posOf = (o: object | undefined): SourcePos => {
    const p = o && positions.of.get(o);
    return p === undefined ? fallback : at(p);
  };
  const keyPos = (o: object, key: string): SourcePos => {
    const p = positions.keys.get(o)?.get(key);
    return p === undefined ? posOf(o) : at(p);
  };
  const itemPos = (a: Plain[], i: number): SourcePos => {
    const p = positions.items.get(a)?.[i];
    return p === undefined ? posOf(a) : at(p);
  };
  const valuePos = (o: PlainObject, key: string): SourcePos => {
    const p = positions.values.get(o)?.get(key);
    return p === undefined ? keyPos(o, key) : at(p);
  };
  // Keys in source order: an object's own key order puts integer-like keys ("1", "42") first.
  const keysOf = (o: PlainObject): string[] => {
    const written = positions.keys.get(o);
    return written ? [...written.keys()].filter((k) => has(o, k)) : Object.keys(o);
  };

  const param = (owner: PlainObject, key: string): Param | undefined => {
    const v = owner[key];
    if (typeof v === 'number') return { kind: 'const', value: v };
    const o = obj(v);
    if (!o) return undefined;
    // A distribution missing a bound was already reported by the schema check.
    if (has(o, 'prior')) {
      const name = str(o.prior);
      return name === undefined ? undefined : { kind: 'prior', name, ...freeFlag(o) };
    }
    if (has(o, 'p50')) {
      const p50 = num(o.p50);
      const p90 = num(o.p90);
      if (p50 === undefined || p90 === undefined) return undefined;
      if (!(p50 > 0) || !(p90 >= p50)) {
        diagnostics.push({ code: 'invalid-value', severity: 'error', message: `${key}: a lognormal needs 0 < p50 ≤ p90`, pos: keyPos(owner, key), hint: 'for a fixed value write it alone' });
        return undefined;
      }
      return { kind: 'lognormal', p50, p90, ...freeFlag(o) };
    }
    const min = num(o.min);
    const max = num(o.max);
    if (min === undefined || max === undefined) return undefined;
    if (!(max >= min)) {
      diagnostics.push({ code: 'invalid-value', severity: 'error', message: `${key}: a range needs min ≤ max`, pos: keyPos(owner, key) });
      return undefined;
    }
    return { kind: 'uniform', min, max, ...freeFlag(o) };
  };
  // A free parameter remembers where its key is written, for `blast fit --write`.
  function freeFlag(o: PlainObject): { free?: true; pos?: SourcePos } {
    return o.free === true ? { free: true, pos: posOf(o) } : {};
  }

  /**
   * A time: a duration parameter from minute 0, or `{after: <event>, plus: <duration>}`.
   * Undefined when invalid (reported here or by the schema check).
   */
  const time = (owner: PlainObject, key: string): { at: Param; after?: Anchor; extra?: Param[] } | undefined => {
    const o = obj(owner[key]);
    if (!o || !has(o, 'after')) {
      const at = param(owner, key);
      return at ? { at } : undefined;
    }
    const text = str(o.after);
    if (text === undefined) return undefined;
    const after = anchor(text, valuePos(o, 'after'));
    // plus: one duration, or a list of durations added
    const list = Array.isArray(o.plus) ? o.plus : undefined;
    const terms = !has(o, 'plus') ? [{ kind: 'const' as const, value: 0 }]
      : list ? list.map((_, i) => param(list as unknown as PlainObject, String(i)))
      : [param(o, 'plus')];
    if (!after || terms.length === 0 || terms.some((t) => t === undefined)) return undefined;
    const [first, ...rest] = terms as Param[];
    return { at: first!, after, ...(rest.length ? { extra: rest } : {}) };
  };

  const anchor = (text: string, pos: SourcePos): Anchor | undefined => {
    if (text === 'start' || text === 'detection' || text === 'fault-end') return { kind: text, pos };
    const m = /^(\S+) +(impact|down|recovered)$/.exec(text.trim());
    if (m) return { kind: m[2] as AnchorKind, service: m[1]!, pos };
    const svc = /^(\S+)$/.exec(text.trim());
    const [near] = suggest(text.trim(), ['start', 'detection', 'fault-end']);
    diagnostics.push({
      code: 'invalid-value',
      severity: 'error',
      message: `"${text}" is not an event to count from`,
      pos,
      hint: near ? `did you mean "${near}"?` : svc ? `write "${svc[1]!} impact", "${svc[1]!} down" or "${svc[1]!} recovered"` : 'use start, detection, fault-end, or "<service-id> impact|down|recovered"',
    });
    return undefined;
  };

  const dependency = (v: Plain, pos: SourcePos): Dependency | undefined => {
    if (typeof v === 'string') {
      return { of: [v], atLeast: 1, group: false, type: 'hard', failOn: 'down', failover: false, pos, memberPos: [pos] };
    }
    const o = obj(v);
    if (!o) return undefined;
    const common = {
      type: (str(o.type) ?? 'hard') as DependencyType,
      failOn: (str(o.failOn) ?? 'down') as 'down' | 'degraded',
      failover: o.failover === true,
      ...(num(o.capacity) !== undefined ? { capacity: num(o.capacity)! } : {}),
      ...(num(o.needs) !== undefined ? { needs: num(o.needs)! } : {}),
      ...(o.scales === true ? { scales: 1 } : num(o.scales) !== undefined ? { scales: num(o.scales)! } : {}),
      ...(o.backpressure === true ? { backpressure: true } : {}),
      ...(has(o, 'staleFor') && param(o, 'staleFor') ? { staleFor: param(o, 'staleFor')! } : {}),
      ...(o.cell === 'local' ? { cell: 'local' as const } : {}),
      ...(str(o.why) !== undefined ? { why: str(o.why)! } : {}),
      pos,
    };
    if (has(o, 'service')) {
      if (str(o.service) === undefined) return undefined;
      return { of: [str(o.service)!], atLeast: 1, group: false, memberPos: [valuePos(o, 'service')], ...common };
    }
    if (!has(o, 'of') || num(o.atLeast) === undefined) return undefined;
    const members = arr(o.of);
    return {
      of: members.map((m) => String(m)),
      atLeast: num(o.atLeast)!,
      group: true,
      memberPos: members.map((_, i) => itemPos(members, i)),
      ...common,
    };
  };

  const services: Service[] = [];
  const svcs = obj(root?.services);
  if (svcs) {
    for (const id of keysOf(svcs)) {
      const s = obj(svcs[id]);
      if (!s || str(s.name) === undefined) continue;
      const deps: Dependency[] = [];
      const depList = arr(s.dependsOn);
      depList.forEach((d, i) => {
        const dep = dependency(d, itemPos(depList, i));
        if (dep) deps.push(dep);
      });
      const links: Link[] = arr(s.links).flatMap((l): Link[] => {
        if (typeof l === 'string') return [{ title: l, url: l }];
        const lo = obj(l);
        return lo && str(lo.url) !== undefined ? [{ title: str(lo.title) ?? str(lo.url)!, url: str(lo.url)! }] : [];
      });
      const labels = new Map<string, string>();
      const lab = obj(s.labels);
      if (lab) for (const k of keysOf(lab)) if (typeof lab[k] === 'string') labels.set(k, lab[k] as string);
      const rec = obj(s.recovery);
      const recTime = rec ? param(rec, 'time') : undefined;
      const rs = obj(s.restart);
      const rsUnits = rs ? param(rs, 'units') : undefined;
      const rsRate = rs && has(rs, 'rate') ? param(rs, 'rate') : undefined;
      const rsOver = rs && has(rs, 'over') ? param(rs, 'over') : undefined;
      if (rs && has(rs, 'rate') === has(rs, 'over')) {
        diagnostics.push({ code: 'invalid-value', severity: 'error', message: `${id}: restart needs exactly one of rate (units per unit of time) and over (how long the whole restart takes)`, pos: keyPos(s, 'restart'), hint: 'e.g. restart: {units: 100, rate: 20/min} or restart: {units: 100, over: {prior: restart-fleet}}' });
      }
      const rsCold = rs && has(rs, 'coldStart') ? param(rs, 'coldStart') : undefined;
      const hc = rs ? obj(rs.healthCheck) : undefined;
      const hcGrace = hc ? param(hc, 'grace') : undefined;
      const hcWarm = hc ? param(hc, 'warmup') : undefined;
      const rsHealth = hc && hcGrace && hcWarm && num(hc.threshold) !== undefined ? { healthCheck: { threshold: num(hc.threshold)!, grace: hcGrace, warmup: hcWarm } } : {};
      const cl = obj(s.crashLoop);
      const clBase = cl ? param(cl, 'base') : undefined;
      const clCap = cl ? param(cl, 'cap') : undefined;
      const cs = obj(s.clients);
      const csCount = cs ? param(cs, 'count') : undefined;
      const csRetry = cs && has(cs, 'retry') ? param(cs, 'retry') : undefined;
      const csSpread = cs && has(cs, 'spread') ? param(cs, 'spread') : undefined;
      const bl = obj(s.backlog);
      let backlog: BacklogModel | undefined;
      if (bl) {
        const arrival = param(bl, 'arrival');
        const capacity = param(bl, 'capacity');
        if (arrival && capacity) {
          const opt = (k: 'cap' | 'timeout' | 'retry' | 'degradedCapacity' | 'mitigation'): Partial<BacklogModel> => {
            const p = has(bl, k) ? param(bl, k) : undefined;
            return p ? { [k]: p } : {};
          };
          backlog = {
            arrival, capacity,
            ...opt('cap'), ...opt('timeout'), ...opt('retry'), ...opt('degradedCapacity'), ...opt('mitigation'),
            ...(str(bl.unit) !== undefined ? { unit: str(bl.unit)! } : {}),
          };
        }
      }
      const cells = cellsOf(id, s);
      const optStr = (k: 'description' | 'owner' | 'system' | 'region' | 'zone'): Partial<Service> => (str(s[k]) !== undefined ? { [k]: str(s[k])! } : {});
      services.push({
        id,
        name: str(s.name)!,
        tier: (num(s.tier) ?? DEFAULT_TIER) as Tier,
        ...(num(s.tier) === undefined ? { tierDefaulted: true as const } : {}),
        ...optStr('description'), ...optStr('owner'), ...optStr('system'), ...optStr('region'), ...optStr('zone'),
        links,
        labels,
        dependsOn: deps,
        ...(recTime ? { recovery: { time: recTime, state: (str(rec!.state) ?? 'down') as 'down' | 'degraded' } } : {}),
        ...(rsUnits && (rsRate || rsOver) ? { restart: { units: rsUnits, ...(rsRate ? { rate: rsRate } : { over: rsOver! }), ...(rsCold ? { coldStart: rsCold } : {}), ...rsHealth } } : {}),
        ...(clBase && clCap ? { crashLoop: { base: clBase, cap: clCap, jitter: cl!.jitter === true } } : {}),
        ...(csCount ? { clients: { count: csCount, ...(csRetry ? { retry: csRetry } : {}), ...(csSpread ? { spread: csSpread } : {}) } } : {}),
        ...(backlog ? { backlog } : {}),
        ...(cells ? { cells } : {}),
        partial: s.partial === true,
        pos: keyPos(svcs, id),
      });
    }
  }

  const scenarios: Scenario[] = [];
  const scns = obj(root?.scenarios);
  if (scns) {
    for (const id of keysOf(scns)) {
      const sc = obj(scns[id]);
      if (!sc) continue;
      const faultList = arr(sc.faults);
      const faults = faultList.flatMap((f, i) => {
        const fo = obj(f);
        if (!fo || !str(fo.service)) return [];
        const at = has(fo, 'at') ? param(fo, 'at') : { kind: 'const' as const, value: 0 };
        if (!at) return [];
        const forP = has(fo, 'for') ? param(fo, 'for') : undefined;
        const untilP = has(fo, 'until') ? param(fo, 'until') : undefined;
        const pos = itemPos(faultList, i);
        if (forP && untilP) {
          diagnostics.push({ code: 'fault-window', severity: 'error', message: 'a fault takes "for" or "until", not both', pos: keyPos(fo, 'until') });
        }
        const capP = has(fo, 'capacity') ? param(fo, 'capacity') : undefined;
        const demP = has(fo, 'demand') ? param(fo, 'demand') : undefined;
        return [{ service: str(fo.service)!, at, ...(str(fo.cell) !== undefined ? { cell: str(fo.cell)! } : {}), ...(forP ? { for: forP } : {}), ...(untilP && !forP ? { until: untilP } : {}), ...(capP ? { capacity: capP } : {}), ...(demP ? { demand: demP } : {}), pos }];
      });
      const actionList = arr(sc.actions);
      const actions = actionList.flatMap((a, i): Action[] => {
        const ao = obj(a);
        if (!ao || !str(ao.service) || !str(ao.do)) return [];
        const when = time(ao, 'at');
        if (!when) return [];
        const rate = has(ao, 'rate') ? param(ao, 'rate') : undefined;
        const over = has(ao, 'over') ? param(ao, 'over') : undefined;
        const kind = str(ao.do) as ActionKind;
        const pos = itemPos(actionList, i);
        if (kind === 'throttle' && !rate) {
          diagnostics.push({ code: 'missing-field', severity: 'error', message: 'a throttle action needs a "rate"', pos, hint: 'e.g. rate: 500/min' });
        }
        const capacity = has(ao, 'capacity') ? param(ao, 'capacity') : undefined;
        const demand = has(ao, 'demand') ? param(ao, 'demand') : undefined;
        if (kind === 'scale' && !capacity) {
          diagnostics.push({ code: 'missing-field', severity: 'error', message: 'a scale action needs a "capacity" (a multiple of nominal capacity)', pos, hint: 'e.g. capacity: 2 to double it' });
        }
        if (kind === 'shed' && !demand) {
          diagnostics.push({ code: 'missing-field', severity: 'error', message: 'a shed action needs a "demand" (a multiple of normal demand)', pos, hint: 'e.g. demand: 0.7 when 30 % of the traffic is moved away' });
        }
        return [{
          ...when, service: str(ao.service)!, do: kind, drop: ao.drop === true, ...(str(ao.cell) !== undefined ? { cell: str(ao.cell)! } : {}),
          ...(rate ? { rate } : {}), ...(over ? { over } : {}), ...(capacity ? { capacity } : {}), ...(demand ? { demand } : {}), ...(str(ao.why) !== undefined ? { why: str(ao.why)! } : {}), pos,
        }];
      });
      const detection = has(sc, 'detection') ? time(sc, 'detection') : undefined;
      const observed = observations(sc);
      const affectedList = arr(sc.affected);
      scenarios.push({
        id,
        ...(str(sc.name) !== undefined ? { name: str(sc.name)! } : {}),
        ...(str(sc.description) !== undefined ? { description: str(sc.description)! } : {}),
        ...(str(sc.start) !== undefined ? { start: str(sc.start)! } : {}),
        faults,
        actions,
        ...(detection ? { detection: { ...detection, pos: keyPos(sc, 'detection') } } : {}),
        ...(has(sc, 'observed') ? { observed } : {}),
        ...(has(sc, 'fitted') ? { fitted: arr(sc.fitted).flatMap((f, i) => {
          const fo = obj(f);
          return fo && str(fo.service) !== undefined && str(fo.param) !== undefined
            ? [{ service: str(fo.service)!, param: str(fo.param)!, ...(str(fo.why) !== undefined ? { why: str(fo.why)! } : {}), pos: itemPos(arr(sc.fitted), i) }]
            : [];
        }) } : {}),
        ...(has(sc, 'affected') ? { affected: affectedList.flatMap((a, i) => (typeof a === 'string' ? [{ service: a, pos: itemPos(affectedList, i) }] : [])) } : {}),
        pos: keyPos(scns, id),
      });
    }
  }
  /** `cells` (a list: equal shares; a mapping: shares as written), with `failover` and `headroom`. */
  function cellsOf(id: string, s: PlainObject): CellsModel | undefined {
    const c = s.cells;
    if (c === undefined) {
      for (const k of ['failover', 'headroom']) {
        if (has(s, k)) diagnostics.push({ code: 'cell-shape', severity: 'error', message: `${id}: "${k}" belongs to a service with cells, and ${id} has none`, pos: keyPos(s, k), hint: 'add cells: [a, b, c] (equal shares) or cells: {a: 0.5, b: 0.5}, or remove the field' });
      }
      return undefined;
    }
    let names: string[];
    let shares: number[];
    if (Array.isArray(c)) {
      names = c.filter((x): x is string => typeof x === 'string');
      const seen = new Set<string>();
      names.forEach((n, i) => {
        if (seen.has(n)) diagnostics.push({ code: 'cell-shape', severity: 'error', message: `${id}: cell "${n}" is listed twice`, pos: itemPos(c, i), hint: 'each cell once' });
        seen.add(n);
      });
      names = [...seen];
      shares = names.map(() => 1 / names.length);
    } else {
      const o = obj(c);
      if (!o) return undefined;
      names = keysOf(o).filter((k) => typeof o[k] === 'number');
      shares = names.map((k) => o[k] as number);
    }
    if (names.length === 0) return undefined;
    // failover: true (at once), false, or a duration parameter (after that long)
    // or {after, over}: a gradual failover (its traffic moves linearly over `over`, after `after`)
    const drain = obj(s.failover);
    const gradual = drain !== undefined && has(drain, 'over');
    const after = gradual ? (has(drain, 'after') ? param(drain, 'after') : undefined) : s.failover !== undefined && typeof s.failover !== 'boolean' ? param(s, 'failover') : undefined;
    const over = gradual ? param(drain, 'over') : undefined;
    return { names, shares, failover: s.failover === true || after !== undefined || gradual, ...(after ? { failoverAfter: after } : {}), ...(over ? { failoverOver: over } : {}), headroom: num(s.headroom) ?? 0, pos: keyPos(s, 'cells') };
  }

  /** A scenario's observed milestones; times as minutes from minute 0. */
  function observations(sc: PlainObject): Observation[] {
    const list = arr(sc.observed);
    const start = str(sc.start);
    const clock = parseStart(start);
    return list.flatMap((item, i): Observation[] => {
      const o = obj(item);
      if (!o || str(o.service) === undefined || str(o.event) === undefined || str(o.at) === undefined || str(o.source) === undefined) return [];
      const event = str(o.event) as ObservedEvent;
      const atText = str(o.at)!;
      const atPos = valuePos(o, 'at');
      let at = parseDuration(atText);
      if (at === undefined) {
        if (!ISO_TIME_RE.test(atText)) {
          diagnostics.push({ code: 'invalid-duration', severity: 'error', message: `observed time "${atText}" is neither a duration nor an ISO 8601 timestamp with an offset`, pos: atPos, hint: 'write a duration from minute 0 (3h15m) or a timestamp such as 2021-01-04T09:15:00-08:00' });
          return [];
        }
        const when = parseStart(atText);
        if (!when || !calendarValid(atText)) {
          diagnostics.push({ code: 'invalid-duration', severity: 'error', message: `observed time "${atText}" is not a valid timestamp`, pos: atPos, hint: 'check the date and the offset (e.g. -08:00 or Z)' });
          return [];
        }
        if (!clock) {
          diagnostics.push({
            code: 'missing-field', severity: 'error',
            message: start === undefined ? 'an observed timestamp needs the scenario\'s "start" (the wall-clock time of minute 0)' : `the scenario's start "${start}" is not an ISO 8601 timestamp with an offset, so this timestamp cannot be placed`,
            pos: atPos, hint: 'add start: <timestamp of minute 0> to the scenario, or write the time as a duration from minute 0',
          });
          return [];
        }
        at = (when.epochMs - clock.epochMs) / 60_000;
        if (at < 0) {
          diagnostics.push({ code: 'invalid-value', severity: 'error', message: `observed time ${atText} is before the scenario's start (${start})`, pos: atPos, hint: 'observations are times after minute 0' });
          return [];
        }
      }
      const fraction = num(o.fraction);
      // A fraction written but refused by the schema check (out of range) was reported there.
      if (event === 'capacity' && fraction === undefined && !positions.keys.get(o)?.has('fraction')) {
        diagnostics.push({ code: 'missing-field', severity: 'error', message: 'a "capacity" observation needs a "fraction" (0 to 1): the share of capacity reached', pos: itemPos(list, i), hint: 'e.g. fraction: 0.5' });
        return [];
      }
      if (event === 'capacity' && fraction === undefined) return [];
      if (event !== 'capacity' && has(o, 'fraction')) {
        diagnostics.push({ code: 'invalid-value', severity: 'error', message: `"fraction" belongs only to event: capacity, not to event: ${event}`, pos: keyPos(o, 'fraction'), hint: 'remove it, or use event: capacity' });
        return [];
      }
      const bound = str(o.bound) as 'upper' | 'lower' | undefined;
      if (bound === 'lower' && at === 0) {
        diagnostics.push({ code: 'invalid-value', severity: 'error', message: 'a lower bound at minute 0 says nothing: every time is at or after minute 0', pos: keyPos(o, 'bound'), hint: 'remove the bound, or give the time the event could not precede' });
        return [];
      }
      const tolerance = num(o.tolerance);
      return [{
        service: str(o.service)!, event, at,
        ...(fraction !== undefined ? { fraction } : {}),
        ...(bound !== undefined ? { bound } : {}),
        ...(tolerance !== undefined ? { tolerance } : {}),
        ...(str(o.label) !== undefined ? { label: str(o.label)! } : {}),
        source: str(o.source)!,
        pos: itemPos(list, i),
      }];
    });
  }

  const cat = obj(root?.catalog);
  const meta = {
    ...(cat && str(cat.name) !== undefined ? { name: str(cat.name)! } : {}),
    ...(cat && str(cat.description) !== undefined ? { description: str(cat.description)! } : {}),
  };
  return { file, meta, services, scenarios, diagnostics };
}
