/**
 * Schema-checked plain values → typed catalog elements, one source file at a time.
 * Only what the schema walker kept reaches here, so shapes are known to be right.
 */
import type { Diagnostic } from './diagnostics.js';
import type { Plain, PlainObject, Positions } from './check-schema.js';
import type { Action, ActionKind, BacklogModel, Dependency, DependencyType, Link, Param, Scenario, Service, SourcePos, Tier } from './model.js';

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
  const posOf = (o: object | undefined): SourcePos => (o && positions.of.get(o)) || fallback;
  const keyPos = (o: object, key: string): SourcePos => positions.keys.get(o)?.get(key) ?? posOf(o);
  const itemPos = (a: Plain[], i: number): SourcePos => positions.items.get(a)?.[i] ?? posOf(a);
  const valuePos = (o: PlainObject, key: string): SourcePos => positions.values.get(o)?.get(key) ?? keyPos(o, key);
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
    if (has(o, 'p50')) {
      const p50 = num(o.p50);
      const p90 = num(o.p90);
      if (p50 === undefined || p90 === undefined) return undefined;
      if (!(p50 > 0) || !(p90 >= p50)) {
        diagnostics.push({ code: 'invalid-value', severity: 'error', message: `${key}: a lognormal needs 0 < p50 ≤ p90`, pos: keyPos(owner, key), hint: 'for a fixed value write it alone' });
        return undefined;
      }
      return { kind: 'lognormal', p50, p90 };
    }
    const min = num(o.min);
    const max = num(o.max);
    if (min === undefined || max === undefined) return undefined;
    if (!(max >= min)) {
      diagnostics.push({ code: 'invalid-value', severity: 'error', message: `${key}: a range needs min ≤ max`, pos: keyPos(owner, key) });
      return undefined;
    }
    return { kind: 'uniform', min, max };
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
      const rsRate = rs ? param(rs, 'rate') : undefined;
      const rsCold = rs && has(rs, 'coldStart') ? param(rs, 'coldStart') : undefined;
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
      const optStr = (k: 'description' | 'owner' | 'system' | 'region' | 'zone'): Partial<Service> => (str(s[k]) !== undefined ? { [k]: str(s[k])! } : {});
      services.push({
        id,
        name: str(s.name)!,
        tier: (num(s.tier) ?? 2) as Tier,
        ...optStr('description'), ...optStr('owner'), ...optStr('system'), ...optStr('region'), ...optStr('zone'),
        links,
        labels,
        dependsOn: deps,
        ...(recTime ? { recovery: { time: recTime, state: (str(rec!.state) ?? 'down') as 'down' | 'degraded' } } : {}),
        ...(rsUnits && rsRate ? { restart: { units: rsUnits, rate: rsRate, ...(rsCold ? { coldStart: rsCold } : {}) } } : {}),
        ...(clBase && clCap ? { crashLoop: { base: clBase, cap: clCap, jitter: cl!.jitter === true } } : {}),
        ...(csCount ? { clients: { count: csCount, ...(csRetry ? { retry: csRetry } : {}), ...(csSpread ? { spread: csSpread } : {}) } } : {}),
        ...(backlog ? { backlog } : {}),
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
        return [{ service: str(fo.service)!, at, ...(forP ? { for: forP } : {}), ...(untilP && !forP ? { until: untilP } : {}), ...(capP ? { capacity: capP } : {}), ...(demP ? { demand: demP } : {}), pos }];
      });
      const actionList = arr(sc.actions);
      const actions = actionList.flatMap((a, i): Action[] => {
        const ao = obj(a);
        if (!ao || !str(ao.service) || !str(ao.do)) return [];
        const at = param(ao, 'at');
        if (!at) return [];
        const rate = has(ao, 'rate') ? param(ao, 'rate') : undefined;
        const over = has(ao, 'over') ? param(ao, 'over') : undefined;
        const kind = str(ao.do) as ActionKind;
        const pos = itemPos(actionList, i);
        if (kind === 'throttle' && !rate) {
          diagnostics.push({ code: 'missing-field', severity: 'error', message: 'a throttle action needs a "rate"', pos, hint: 'e.g. rate: 500/min' });
        }
        return [{
          at, service: str(ao.service)!, do: kind, drop: ao.drop === true,
          ...(rate ? { rate } : {}), ...(over ? { over } : {}), ...(str(ao.why) !== undefined ? { why: str(ao.why)! } : {}), pos,
        }];
      });
      scenarios.push({
        id,
        ...(str(sc.name) !== undefined ? { name: str(sc.name)! } : {}),
        ...(str(sc.description) !== undefined ? { description: str(sc.description)! } : {}),
        ...(str(sc.start) !== undefined ? { start: str(sc.start)! } : {}),
        faults,
        actions,
        pos: keyPos(scns, id),
      });
    }
  }
  const cat = obj(root?.catalog);
  const meta = {
    ...(cat && str(cat.name) !== undefined ? { name: str(cat.name)! } : {}),
    ...(cat && str(cat.description) !== undefined ? { description: str(cat.description)! } : {}),
  };
  return { file, meta, services, scenarios, diagnostics };
}
