/**
 * Compiles the onset of a load fault that grows (`capacity: {from, to, over}`, ramp.ts) into
 * parameter slots: the size at the fault's start (default 1, nominal) and the onset's length.
 */
import type { Fault, Param } from '../catalog/model.js';
import type { ParamTable } from './params.js';

const one: Param = { kind: 'const', value: 1 };

/** Slots of a fault's ramps (-1 for a size that does not ramp). */
export function rampSlots(f: Fault, label: string, params: ParamTable): { capFrom: number; capOver: number; demFrom: number; demOver: number } {
  const c = f.capacityRamp;
  const d = f.demandRamp;
  return {
    capFrom: c ? params.add(`${label} capacity from`, c.from ?? one) : -1,
    capOver: c ? params.add(`${label} capacity over`, c.over) : -1,
    demFrom: d ? params.add(`${label} demand from`, d.from ?? one) : -1,
    demOver: d ? params.add(`${label} demand over`, d.over) : -1,
  };
}
