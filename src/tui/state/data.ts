/**
 * What the explorer knows about a catalog, computed once when it opens: display-safe
 * strings for every service, the blast-radius ranking, the systems and the scenarios.
 * Pure: a function of the catalog (and of an optional ranking supplied by the caller).
 */
import type { Catalog, Tier } from '../../catalog/model.js';
import { buildGraph, type ServiceGraph } from '../../graph/build.js';
import { compileGraph } from '../../graph/compile.js';
import { safeText } from '../../util/text.js';
import { transitiveDependents } from './rank.js';

/** One service as the explorer shows it. Every string here is already `safeText`. */
export interface ServiceRow {
  readonly index: number;
  readonly id: string;
  /** The raw id, for lookups in the catalog, graph and simulation results. */
  readonly rawId: string;
  readonly name: string;
  readonly tier: Tier;
  /** The raw system name (filters compare raw values), or null. */
  readonly system: string | null;
  readonly systemLabel: string;
  readonly owner: string | null;
  readonly description: string | null;
  /** Lower-cased id and name, what incremental search matches against. */
  readonly haystack: string;
  /** Blast radius: services affected when this one fails (see {@link ExplorerData.radiusLabel}). */
  readonly radius: number;
}

export interface ScenarioRow {
  readonly id: string;
  readonly rawId: string;
  readonly name: string;
  readonly description: string | null;
}

export interface ExplorerData {
  readonly catalog: Catalog;
  readonly graph: ServiceGraph;
  /** Catalog name (safe), or the path it was opened from. */
  readonly title: string;
  /** Services in catalog order (the order of simulation results too). */
  readonly rows: readonly ServiceRow[];
  readonly byId: ReadonlyMap<string, number>;
  /** Row indices by blast radius, largest first; ties by id. */
  readonly ranked: readonly number[];
  /** What `radius` counts, for the list header and the detail pane. */
  readonly radiusLabel: string;
  /** Systems (raw names), most services first, then by name. */
  readonly systems: readonly string[];
  readonly scenarios: readonly ScenarioRow[];
}

export interface RankingInput {
  /** Per service, in catalog order. */
  readonly radius: ArrayLike<number>;
  readonly label: string;
}

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Builds the explorer's view of a catalog. Without `ranking`, the blast radius is the
 * number of services that depend on each one, directly or transitively.
 */
export function buildExplorerData(catalog: Catalog, title: string, ranking?: RankingInput): ExplorerData {
  const graph = buildGraph(catalog);
  const radius = ranking?.radius ?? transitiveDependents(compileGraph(catalog));
  const rows: ServiceRow[] = [];
  const byId = new Map<string, number>();
  const systemCount = new Map<string, number>();
  let i = 0;
  for (const s of catalog.services.values()) {
    const id = safeText(s.id);
    const name = safeText(s.name);
    rows.push({
      index: i,
      id,
      rawId: s.id,
      name,
      tier: s.tier,
      system: s.system ?? null,
      systemLabel: s.system ? safeText(s.system) : '',
      owner: s.owner ? safeText(s.owner) : null,
      description: s.description ? safeText(s.description) : null,
      haystack: `${id}\n${name}`.toLowerCase(),
      radius: radius[i] ?? 0,
    });
    byId.set(s.id, i);
    if (s.system) systemCount.set(s.system, (systemCount.get(s.system) ?? 0) + 1);
    i++;
  }
  const ranked = rows.map((r) => r.index).sort((a, b) => rows[b]!.radius - rows[a]!.radius || byString(rows[a]!.rawId, rows[b]!.rawId));
  const systems = [...systemCount.entries()].sort((a, b) => b[1] - a[1] || byString(a[0], b[0])).map(([k]) => k);
  const scenarios = [...catalog.scenarios.values()].map((sc) => ({
    id: safeText(sc.id),
    rawId: sc.id,
    name: safeText(sc.name ?? sc.id),
    description: sc.description ? safeText(sc.description) : null,
  }));
  return {
    catalog,
    graph,
    title: safeText(catalog.meta.name ?? title),
    rows,
    byId,
    ranked,
    radiusLabel: ranking?.label ?? 'dependents, direct or transitive',
    systems,
    scenarios,
  };
}
