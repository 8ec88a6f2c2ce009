/**
 * One service of a source file (compose.ts): its fields, dependencies (compose-dependency.ts),
 * links and labels, recovery, staged restart, crash loop, clients, backlog and cells
 * (compose-cells.ts).
 */
import type { PlainObject } from './check-schema.js';
import type { BacklogModel, Dependency, Link, Param, Service, Tier } from './model.js';
import { DEFAULT_TIER } from './model.js';
import { arr, has, num, obj, str, type PositionContext } from './compose-context.js';
import type { ParamReaders } from './compose-params.js';
import { composeDependency } from './compose-dependency.js';
import { composeCells } from './compose-cells.js';

/** The service `id` of the `services` mapping `svcs`; undefined when the schema check dropped what it needs. */
export function composeService(ctx: PositionContext & ParamReaders, svcs: PlainObject, id: string): Service | undefined {
  const { diagnostics, keyPos, itemPos, keysOf, param, written } = ctx;
  const s = obj(svcs[id]);
  if (!s || str(s.name) === undefined) return undefined;
  const deps: Dependency[] = [];
  const depList = arr(s.dependsOn);
  depList.forEach((d, i) => {
    const dep = composeDependency(ctx, d, itemPos(depList, i));
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
  // (a rate or an `over` written with a bad value was reported by the schema check: not missing)
  if (rs && written(rs, 'rate') === written(rs, 'over')) {
    diagnostics.push({ code: 'invalid-value', severity: 'error', message: `${id}: restart needs exactly one of rate (units per unit of time) and over (how long the whole restart takes)`, pos: keyPos(s, 'restart'), hint: 'e.g. restart: {units: 100, rate: 20/min} or restart: {units: 100, over: {prior: restart-fleet}}' });
  }
  const rsCold = rs && has(rs, 'coldStart') ? param(rs, 'coldStart') : undefined;
  const hc = rs ? obj(rs.healthCheck) : undefined;
  const hcGrace = hc ? param(hc, 'grace') : undefined;
  const hcWarm = hc ? param(hc, 'warmup') : undefined;
  const rsHealth = hc && hcGrace && hcWarm && num(hc.threshold) !== undefined ? { healthCheck: { threshold: num(hc.threshold)!, grace: hcGrace, warmup: hcWarm, ...(num(hc.panic) !== undefined ? { panic: num(hc.panic)! } : {}) } } : {};
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
    const capacity = capacityOf(param(bl, 'capacity'), arrival);
    if (arrival && capacity) {
      const opt = (k: 'cap' | 'timeout' | 'retry' | 'degradedCapacity' | 'mitigation'): Partial<BacklogModel> => {
        const p = has(bl, k) ? param(bl, k) : undefined;
        return p ? { [k]: p } : {};
      };
      // load shedding (docs/model.md, "Load shedding and panic mode"): `true` engages at once
      const shed = obj(bl.shedding);
      const shedAfter = bl.shedding === true ? ({ kind: 'const', value: 0 } as const) : shed ? param(shed, 'after') : undefined;
      if (shedAfter && !has(bl, 'timeout')) {
        diagnostics.push({ code: 'invalid-value', severity: 'error', message: `${id}: backlog.shedding needs backlog.timeout: it rejects the work that cannot be served within it`, pos: keyPos(bl, 'shedding'), hint: 'e.g. backlog: {arrival: 1000/min, capacity: 1500/min, timeout: 1m, shedding: true}' });
      }
      backlog = {
        arrival, capacity,
        ...opt('cap'), ...opt('timeout'), ...opt('retry'), ...opt('degradedCapacity'), ...opt('mitigation'),
        ...(str(bl.unit) !== undefined ? { unit: str(bl.unit)! } : {}),
        ...(shedAfter ? { shedding: { after: shedAfter } } : {}),
      };
    }
  }
  const cells = composeCells(ctx, id, s);
  /**
   * A capacity written as a ratio prior (`{prior: catch-up}`, the only priors the schema takes
   * there) is that multiple of the arrival: the prior scaled by it (`times`), which needs a
   * fixed arrival.
   */
  function capacityOf(c: Param | undefined, arrival: Param | undefined): Param | undefined {
    if (c?.kind !== 'prior' || arrival === undefined) return c;
    if (arrival.kind !== 'const') {
      diagnostics.push({ code: 'invalid-value', severity: 'error', message: `${id}: backlog.capacity {prior: ${c.name}} is a multiple of the arrival, which must then be a fixed rate`, pos: keyPos(bl!, 'capacity'), hint: 'write arrival as one rate (e.g. arrival: 1200/min), or capacity as a rate or a range of rates' });
      return undefined;
    }
    return { ...c, times: (c.times ?? 1) * arrival.value };
  }
  const optStr = (k: 'description' | 'owner' | 'system' | 'region' | 'zone'): Partial<Service> => (str(s[k]) !== undefined ? { [k]: str(s[k])! } : {});
  return {
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
  };
}
