/**
 * One entry of a service's `dependsOn` (compose.ts): a service id alone, an object naming one
 * service, or a redundancy group (`of` with `atLeast`), with its type and fields.
 */
import type { Plain, PlainObject } from './check-schema.js';
import type { Dependency, DependencyType, FillModel, SourcePos } from './model.js';
import { arr, has, num, obj, str, type PositionContext } from './compose-context.js';
import type { ParamReaders } from './compose-params.js';

export function composeDependency(ctx: PositionContext & ParamReaders, v: Plain, pos: SourcePos): Dependency | undefined {
  const { itemPos, valuePos, keyPos, param } = ctx;
  /** `fill: {hitRatio, warm, share}` on an edge: a cache in front of the dependency (src/engine/cachefill.ts). */
  const fillOf = (o: PlainObject): { fill?: FillModel } => {
    const f = obj(o.fill);
    if (!f) return {};
    const hitRatio = param(f, 'hitRatio');
    const warm = has(f, 'warm') ? param(f, 'warm') : undefined;
    if (!hitRatio || (has(f, 'warm') && !warm)) return {};
    return { fill: { hitRatio, ...(warm ? { warm } : {}), share: num(f.share) ?? 1, pos: keyPos(o, 'fill') } };
  };
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
    ...fillOf(o),
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
}
