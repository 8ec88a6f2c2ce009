/**
 * Model parameters as numbered slots: each catalog or scenario parameter gets a slot,
 * a label for sensitivity reports, and a distribution. A trial is one Float64Array of
 * values; the point estimate uses medians.
 */
import type { Param } from '../catalog/model.js';
import { normal, Z90, type Rng } from './rng.js';

export interface ParamSlot {
  /** e.g. "ec2-dwfm.backlog.capacity" or "scenario: fault dynamodb-endpoint-dns for". */
  readonly label: string;
  readonly dist: Param;
}

export class ParamTable {
  readonly slots: ParamSlot[] = [];

  /** Adds a parameter and returns its slot. */
  add(label: string, dist: Param): number {
    this.slots.push({ label, dist });
    return this.slots.length - 1;
  }

  /** Adds an optional parameter; -1 when absent. */
  addOpt(label: string, dist: Param | undefined): number {
    return dist ? this.add(label, dist) : -1;
  }

  /** Medians: the values of a single, point-estimate simulation. */
  medians(): Float64Array {
    return Float64Array.from(this.slots, (s) => median(s.dist));
  }

  /** Indices of the slots that are uncertain (sampled). */
  uncertain(): number[] {
    return this.slots.flatMap((s, i) => (s.dist.kind === 'const' ? [] : [i]));
  }

  /** Fills `out` with one draw of every parameter. */
  sample(rng: Rng, out: Float64Array): void {
    for (let i = 0; i < this.slots.length; i++) out[i] = draw(this.slots[i]!.dist, rng);
  }
}

export function median(p: Param): number {
  switch (p.kind) {
    case 'const':
      return p.value;
    case 'lognormal':
      return p.p50;
    case 'uniform':
      return (p.min + p.max) / 2;
  }
}

export function draw(p: Param, rng: Rng): number {
  switch (p.kind) {
    case 'const':
      return p.value;
    case 'lognormal': {
      if (p.p90 <= p.p50) return p.p50;
      const sigma = (Math.log(p.p90) - Math.log(p.p50)) / Z90;
      return Math.exp(Math.log(p.p50) + sigma * normal(rng));
    }
    case 'uniform':
      return p.min + (p.max - p.min) * rng();
  }
}
