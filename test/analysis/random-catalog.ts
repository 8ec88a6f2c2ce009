/**
 * fast-check arbitraries for small random catalogs (model objects, not YAML): any mix of
 * hard, soft and async dependencies, failOn: degraded, redundancy groups and cycles.
 */
import fc from 'fast-check';
import type { Catalog, Dependency, DependencyType, Service, Tier } from '../../src/catalog/model.js';

export interface CatalogShape {
  readonly tiers: Tier[];
  /** When set, service i depends only on services with a lower index, except every
   * `backEvery`-th requirement, which may point anywhere (a few cycles). */
  readonly layered?: { readonly backEvery: number };
  readonly reqs: Array<Array<{ members: number[]; atLeast: number; type: DependencyType; failOnDegraded: boolean }>>;
}

const pos = (line: number, col = 3) => ({ file: 'random.yaml', line, col });

/** Builds a Catalog from a shape; service i is "s<i>". Members equal to the owner are dropped. */
export function catalogFromShape(shape: CatalogShape): Catalog {
  const services = new Map<string, Service>();
  shape.tiers.forEach((tier, i) => {
    const dependsOn: Dependency[] = [];
    shape.reqs[i]!.forEach((r, j) => {
      const back = shape.layered ? (i + j) % shape.layered.backEvery === 0 : true;
      const members = back ? r.members : i === 0 ? [] : r.members.map((m) => m % i);
      const of = [...new Set(members.filter((m) => m !== i && m < shape.tiers.length))].map((m) => `s${m}`);
      if (of.length === 0) return;
      const group = of.length > 1;
      dependsOn.push({
        of,
        atLeast: group ? Math.min(Math.max(1, r.atLeast), of.length) : 1,
        group,
        type: r.type,
        failOn: r.failOnDegraded ? 'degraded' : 'down',
        failover: false,
        pos: pos(10 * i + j + 2, 7),
        memberPos: of.map((_, k) => pos(10 * i + j + 2, 9 + 3 * k)),
      });
    });
    services.set(`s${i}`, { id: `s${i}`, name: `Service ${i}`, tier, links: [], labels: new Map(), dependsOn, partial: false, pos: pos(10 * i + 1) });
  });
  return { meta: {}, services, scenarios: new Map(), files: ['random.yaml'] };
}

export interface ShapeOptions {
  readonly maxServices?: number;
  /** Only plain hard dependencies (no groups, soft, async or failOn). */
  readonly hardOnly?: boolean;
  /** One member per requirement (no redundancy groups), any type and failOn. */
  readonly plain?: boolean;
  /** Mostly acyclic: see {@link CatalogShape.layered}. */
  readonly layered?: { readonly backEvery: number };
}

export function shapeArb(opts: ShapeOptions = {}): fc.Arbitrary<CatalogShape> {
  const max = opts.maxServices ?? 7;
  return fc.integer({ min: 1, max }).chain((n) => {
    const req = opts.hardOnly
      ? fc.record({
          members: fc.array(fc.nat(n - 1), { minLength: 1, maxLength: 1 }),
          atLeast: fc.constant(1),
          type: fc.constant<DependencyType>('hard'),
          failOnDegraded: fc.constant(false),
        })
      : fc.record({
          members: fc.array(fc.nat(n - 1), { minLength: 1, maxLength: opts.plain ? 1 : 4 }),
          atLeast: fc.integer({ min: 1, max: 4 }),
          type: fc.constantFrom<DependencyType>('hard', 'hard', 'hard', 'soft', 'async'),
          failOnDegraded: fc.integer({ min: 0, max: 3 }).map((x) => x === 0),
        });
    return fc.record({
      ...(opts.layered ? { layered: fc.constant(opts.layered) } : {}),
      tiers: fc.array(fc.constantFrom<Tier>(0, 1, 2, 3), { minLength: n, maxLength: n }),
      reqs: fc.array(fc.array(req, { maxLength: 3 }), { minLength: n, maxLength: n }),
    });
  });
}
