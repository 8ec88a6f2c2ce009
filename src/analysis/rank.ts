/**
 * Blast-radius ranking: for every service, how many other services its failure alone
 * affects (down or degraded, by the rules of semantics.ts), how many it takes down, and a
 * tier-weighted score. On a graph of plain hard dependencies the radius is exactly the
 * number of services that reach it backwards (its transitive dependents).
 */
import type { Catalog } from '../catalog/model.js';
import type { CompiledGraph } from '../graph/compile.js';
import { sweepSingleFailures, type SweepResult } from './sweep.js';

/** Weight of an affected service by tier: each tier counts twice the next less critical one. */
export const TIER_WEIGHTS: readonly number[] = [8, 4, 2, 1];

export interface RankRow {
  readonly id: string;
  readonly name: string;
  readonly tier: number;
  /** Other services down or degraded when this one fails alone. */
  readonly blastRadius: number;
  /** Of those, how many are down. */
  readonly down: number;
  /** Of those, how many are degraded (not down). */
  readonly degraded: number;
  /** Σ over affected services of TIER_WEIGHTS[tier]. */
  readonly weighted: number;
  /** Affected services by tier (0..3). */
  readonly byTier: readonly [number, number, number, number];
  /** Service-hours of impairment when it fails for the requested time (simulation), when asked for. */
  readonly serviceHours?: number;
}

/** Rows for every service, most damaging first (weighted, then radius, then id). */
export function rankServices(catalog: Catalog, cg: CompiledGraph, sweep: SweepResult = sweepSingleFailures(cg)): RankRow[] {
  const rows: RankRow[] = cg.ids.map((id, i) => {
    const s = catalog.services.get(id)!;
    const byTier = [0, 1, 2, 3].map((t) => sweep.affectedByTier[4 * i + t]!) as [number, number, number, number];
    return {
      id,
      name: s.name,
      tier: s.tier,
      blastRadius: sweep.affected[i]!,
      down: sweep.down[i]!,
      degraded: sweep.affected[i]! - sweep.down[i]!,
      weighted: byTier.reduce((acc, c, t) => acc + c * TIER_WEIGHTS[t]!, 0),
      byTier,
    };
  });
  return rows.sort(compareRows);
}

export function compareRows(a: RankRow, b: RankRow): number {
  return b.weighted - a.weighted || b.blastRadius - a.blastRadius || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
