/**
 * One scenario of a source file (compose.ts): its faults, operator actions, detection,
 * observed milestones (compose-observed.ts), fitted parameters and affected services.
 */
import type { PlainObject } from './check-schema.js';
import type { Action, ActionKind, Scenario } from './model.js';
import { arr, has, obj, str, type PositionContext } from './compose-context.js';
import type { ParamReaders } from './compose-params.js';
import { composeObservations } from './compose-observed.js';

/** The scenario `id` of the `scenarios` mapping `scns`; undefined when it is not a mapping. */
export function composeScenario(ctx: PositionContext & ParamReaders, scns: PlainObject, id: string): Scenario | undefined {
  const { diagnostics, keyPos, itemPos, param, time, rampOf } = ctx;
  const sc = obj(scns[id]);
  if (!sc) return undefined;
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
    // a size that changes: {from, to, over} (src/engine/ramp.ts); `to` is the fault's size
    const capR = rampOf(fo, 'capacity');
    const demR = rampOf(fo, 'demand');
    const capP = capR ? capR.to : has(fo, 'capacity') ? param(fo, 'capacity') : undefined;
    const demP = demR ? demR.to : has(fo, 'demand') ? param(fo, 'demand') : undefined;
    return [{ service: str(fo.service)!, at, ...(str(fo.cell) !== undefined ? { cell: str(fo.cell)! } : {}), ...(forP ? { for: forP } : {}), ...(untilP && !forP ? { until: untilP } : {}), ...(capP ? { capacity: capP } : {}), ...(demP ? { demand: demP } : {}), ...(capR?.ramp ? { capacityRamp: capR.ramp } : {}), ...(demR?.ramp ? { demandRamp: demR.ramp } : {}), pos }];
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
  const observed = composeObservations(ctx, sc);
  const affectedList = arr(sc.affected);
  return {
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
  };
}
