/**
 * Model parameters as numbered slots: each catalog or scenario parameter gets a slot,
 * a label for sensitivity reports, and a distribution. A trial is one Float64Array of
 * values; the point estimate uses medians.
 *
 * Every slot draws from its own random stream, seeded by the trial's seed and a hash of
 * the slot's label: a trial's values do not depend on the order in which slots were
 * added, so reordering catalog files or services changes no Monte Carlo result.
 */
import type { Distribution, Param } from '../catalog/model.js';
import { priorTable, type PriorTable } from './priors.js';
import { hashLabel, normal, Stream, streamSeed, Z90, type Rng } from './rng.js';

export interface ParamSlot {
  /**
   * e.g. "ec2-dwfm.backlog.capacity" or "scenario: fault 1 (dynamodb-endpoint-dns) duration";
   * a parameter taken from a prior is labelled "prior:<name> (<label>)".
   */
  readonly label: string;
  readonly dist: Distribution;
  /** The prior it came from, when it did. */
  readonly prior?: string;
  /** The factor the prior was multiplied by (`{prior: name, times: n}`), when not 1: `dist` is the prior × n. */
  readonly times?: number;
  /** Its shared draw (`draw: <name>`), when it has one: its stream is the draw's, not its label's. */
  readonly draw?: string;
}

export class ParamTable {
  readonly slots: ParamSlot[] = [];
  /**
   * Each slot's stream id (two 32-bit halves of its label's hash, at 2k and 2k + 1), computed
   * on the first draw: a point estimate never pays for hashing. A repeated label gets a
   * distinct stream ("label#2"). The slots of a shared draw (`draw: <name>`) all read the
   * draw's stream ("draw:<name>"): the same random numbers, so the same quantile of each one's
   * distribution when they are of one kind (the catalog's rules see to it, rules-draw.ts).
   */
  private ids: Uint32Array | null = null;
  private stream = new Stream();

  /** `priors`: the distributions `{prior: name}` parameters resolve to. */
  constructor(private readonly priors: PriorTable = priorTable()) {}

  /** Adds a parameter and returns its slot. A prior is resolved through the table. */
  add(label: string, param: Param): number {
    if (param.kind === 'prior') {
      const dist = this.priors[param.name];
      if (!dist) throw new Error(`bug: unknown prior "${param.name}" after validation`);
      // a free prior (`{prior: name, free: true}`) keeps its flag and position for `blast fit`
      const flags = param.free ? { free: true, ...(param.pos ? { pos: param.pos } : {}) } : {};
      const times = param.times ?? 1;
      if (times === 1) return this.push(`prior:${param.name} (${label})`, { ...dist, ...flags }, param.draw, param.name);
      return this.push(`prior:${param.name} ×${times} (${label})`, { ...scaleDist(dist, times), ...flags }, param.draw, param.name, times);
    }
    return this.push(label, param, param.draw);
  }

  private push(label: string, dist: Distribution, draw: string | undefined, prior?: string, times?: number): number {
    this.ids = null;
    const slot: ParamSlot = prior === undefined ? { label, dist } : times === undefined ? { label, dist, prior } : { label, dist, prior, times };
    this.slots.push(draw === undefined ? slot : { ...slot, draw });
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

  /** Fills `out` with one draw of every parameter for the trial seeded `trialSeed`. */
  sample(trialSeed: number, out: Float64Array): void {
    const rng = this.stream;
    const ids = this.streamIds();
    for (let i = 0; i < this.slots.length; i++) {
      const dist = this.slots[i]!.dist;
      if (dist.kind === 'const') {
        out[i] = dist.value;
        continue;
      }
      rng.reset(streamSeed(trialSeed, ids[2 * i]!, ids[2 * i + 1]!));
      out[i] = draw(dist, rng.next);
    }
  }

  private streamIds(): Uint32Array {
    if (this.ids) return this.ids;
    const ids = new Uint32Array(2 * this.slots.length);
    const seen = new Map<string, number>();
    this.slots.forEach((s, i) => {
      const count = (seen.get(s.label) ?? 0) + 1;
      seen.set(s.label, count);
      if (s.dist.kind === 'const') return; // drawn from no stream
      const [hi, lo] = hashLabel(s.draw !== undefined ? `draw:${s.draw}` : count === 1 ? s.label : `${s.label}#${count}`);
      ids[2 * i] = hi;
      ids[2 * i + 1] = lo;
    });
    return (this.ids = ids);
  }
}

/**
 * A distribution multiplied by a constant factor k > 0: a lognormal stays a lognormal with the same
 * spread (its quantiles, p50 and p90, scale by k), a range scales both ends, a constant its value.
 */
export function scaleDist(d: Distribution, k: number): Distribution {
  switch (d.kind) {
    case 'const':
      return { kind: 'const', value: d.value * k };
    case 'lognormal':
      return { kind: 'lognormal', p50: d.p50 * k, p90: d.p90 * k };
    case 'uniform':
      return { kind: 'uniform', min: d.min * k, max: d.max * k };
  }
}

export function median(p: Distribution): number {
  switch (p.kind) {
    case 'const':
      return p.value;
    case 'lognormal':
      return p.p50;
    case 'uniform':
      return (p.min + p.max) / 2;
  }
}

export function draw(p: Distribution, rng: Rng): number {
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

/**
 * The median of a catalog parameter, a prior resolved through the default table and scaled by
 * its `times` (what the point estimate uses): for code that reads a catalog without a model.
 */
export function paramMedian(p: Param): number {
  if (p.kind !== 'prior') return median(p);
  const d = priorTable()[p.name];
  if (d === undefined) throw new Error(`bug: unknown prior "${p.name}" after validation`);
  return (p.times ?? 1) * median(d);
}
