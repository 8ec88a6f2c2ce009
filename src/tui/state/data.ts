/**
 * What the explorer knows about a catalog, computed once when it opens: display-safe
 * strings for every service, the blast-radius ranking, single-point-of-failure and
 * shared-fate badges (all from one single-failure sweep of the review analyses), the
 * systems and the scenarios. Pure: a function of the catalog.
 */
import type { Catalog, Tier } from '../../catalog/model.js';
import { buildGraph, type ServiceGraph } from '../../graph/build.js';
import { compileGraph, type CompiledGraph } from '../../graph/compile.js';
import { sweepSingleFailures, type SweepResult } from '../../analysis/sweep.js';
import { rankServices } from '../../analysis/rank.js';
import { criticalServices } from '../../analysis/review.js';
import { dependencyOf } from '../../analysis/evidence.js';
import { safeText } from '../../util/text.js';

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
  /** Blast radius: other services down or degraded when this one fails alone. */
  readonly radius: number;
  /** Of those, how many are down. */
  readonly down: number;
  /** The tier-weighted score of `blast rank`; breaks ties of the radius. */
  readonly weighted: number;
  /** Position in the ranking, from 1. */
  readonly rank: number;
  readonly badges: readonly Badge[];
}

/** A finding of the architecture review about a service, shown as a badge in its details. */
export interface Badge {
  readonly kind: 'spof' | 'shared-fate' | 'false-redundancy';
  readonly label: string;
  /** One sentence (safe text). */
  readonly detail: string;
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
  /** Row indices by blast radius, largest first; ties by weighted score, then id. */
  readonly ranked: readonly number[];
  /** Systems (raw names), most services first, then by name. */
  readonly systems: readonly string[];
  readonly scenarios: readonly ScenarioRow[];
}

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Names for a badge: the first few, then how many more. */
function listOf(ids: readonly string[], max = 3): string {
  const shown = ids.slice(0, max).map(safeText).join(', ');
  return ids.length > max ? `${shown} and ${ids.length - max} more` : shown;
}

/**
 * Badges from the sweep: a service is a single point of failure when its failure alone
 * takes down critical (tier 0-1) services other than itself; a redundancy group that one
 * failure defeats marks both that failure (shared fate) and the group's owner (false
 * redundancy). Groups that need every member are not redundancy and are left out, as in
 * the review's shared-fate findings.
 */
function reviewBadges(catalog: Catalog, cg: CompiledGraph, sw: SweepResult): Badge[][] {
  const badges: Badge[][] = cg.ids.map(() => []);
  const spofFor: string[][] = cg.ids.map(() => []);
  for (const [target, causes] of sw.causes) for (const c of causes) if (c !== target) spofFor[c]!.push(cg.ids[target]!);
  spofFor.forEach((targets, i) => {
    if (targets.length === 0) return;
    targets.sort(byString);
    badges[i]!.push({ kind: 'spof', label: 'SPOF', detail: `its failure alone takes down ${targets.length} critical service${targets.length === 1 ? '' : 's'}: ${listOf(targets)}` });
  });
  const defeats: string[][] = cg.ids.map(() => []);
  for (const [r, causes] of [...sw.groupCauses].sort((a, b) => a[0] - b[0])) {
    const d = dependencyOf(catalog, cg, r);
    if (!d.group || d.atLeast >= d.of.length || causes.length === 0) continue;
    const owner = cg.reqOwner[r]!;
    const group = `${d.atLeast}-of-${d.of.length} group (${listOf(d.of)})`;
    const by = causes.map((c) => cg.ids[c]!).sort(byString);
    badges[owner]!.push({ kind: 'false-redundancy', label: 'FALSE REDUNDANCY', detail: `its ${group} fails with ${listOf(by)}` });
    for (const c of causes) defeats[c]!.push(`the ${group.replace(/ \(.*$/, '')} of ${safeText(cg.ids[owner]!)}`);
  }
  defeats.forEach((groups, i) => {
    if (groups.length) badges[i]!.push({ kind: 'shared-fate', label: 'SHARED FATE', detail: `its failure defeats ${listOf(groups, 2)}` });
  });
  return badges;
}

/** Builds the explorer's view of a catalog: ranking and badges from one single-failure sweep. */
export function buildExplorerData(catalog: Catalog, title: string): ExplorerData {
  const graph = buildGraph(catalog);
  const cg = compileGraph(catalog);
  const targets = criticalServices(catalog).map((id) => cg.index.get(id)!);
  const sweep = sweepSingleFailures(cg, { targets, groups: true });
  // The list is sorted by the radius itself (so its column reads in order), then by the
  // tier-weighted score `blast rank` orders by, then by id.
  const ranking = rankServices(catalog, cg, sweep).sort((a, b) => b.blastRadius - a.blastRadius || b.weighted - a.weighted || byString(a.id, b.id));
  const rankOf = new Map(ranking.map((r, k) => [r.id, k] as const));
  const badges = reviewBadges(catalog, cg, sweep);
  const rows: ServiceRow[] = [];
  const byId = new Map<string, number>();
  const systemCount = new Map<string, number>();
  let i = 0;
  for (const s of catalog.services.values()) {
    const id = safeText(s.id);
    const name = safeText(s.name);
    const k = rankOf.get(s.id)!;
    const rr = ranking[k]!;
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
      radius: rr.blastRadius,
      down: rr.down,
      weighted: rr.weighted,
      rank: k + 1,
      badges: badges[i]!,
    });
    byId.set(s.id, i);
    if (s.system) systemCount.set(s.system, (systemCount.get(s.system) ?? 0) + 1);
    i++;
  }
  const ranked = ranking.map((r) => byId.get(r.id)!);
  const systems = [...systemCount.entries()].sort((a, b) => b[1] - a[1] || byString(a[0], b[0])).map(([k]) => k);
  const scenarios = [...catalog.scenarios.values()].map((sc) => ({
    id: safeText(sc.id),
    rawId: sc.id,
    name: safeText(sc.name ?? sc.id),
    description: sc.description ? safeText(sc.description) : null,
  }));
  return { catalog, graph, title: safeText(catalog.meta.name ?? title), rows, byId, ranked, systems, scenarios };
}
