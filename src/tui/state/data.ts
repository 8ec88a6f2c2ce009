/**
 * What the explorer knows about a catalog. Opening is cheap (display-safe strings for every
 * service, the compiled graph, the systems and the scenarios): the first frame needs no more.
 * The blast-radius ranking and the single-point-of-failure and shared-fate badges come from
 * single-failure sweeps of the review analyses (`analyseCatalog`), which a large catalog runs
 * after the first frame, off the main thread (src/tui/analysis-worker.ts); `withAnalysis`
 * then gives the ranked data. Pure: functions of the catalog.
 */
import type { Catalog, Tier } from '../../catalog/model.js';
import { compileGraph, type CompiledGraph } from '../../graph/compile.js';
import { sweepSingleFailures } from '../../analysis/sweep.js';
import { TIER_WEIGHTS } from '../../analysis/rank.js';
import { criticalServices } from '../../analysis/review.js';
import { dependencyOf } from '../../analysis/evidence.js';
import { safeText } from '../../util/text.js';
import { treeGraph, type TreeGraph } from './graph.js';

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
  /** The compiled graph; null until the analysis brings it (a large catalog's is compiled on a worker thread). */
  readonly cg: CompiledGraph | null;
  /** Neighbours for the dependency trees. */
  readonly graph: TreeGraph;
  /** Catalog name (safe), or the path it was opened from. */
  readonly title: string;
  /** Services in catalog order (the order of simulation results too). */
  readonly rows: readonly ServiceRow[];
  readonly byId: ReadonlyMap<string, number>;
  /** Row indices by blast radius, largest first; ties by weighted score, then id (catalog order until analysed). */
  readonly ranked: readonly number[];
  /** The ranking and badges are in (rows' radius, down, weighted, rank and badges are 0 and empty until then). */
  readonly analysed: boolean;
  /** Systems (raw names), most services first, then by name. */
  readonly systems: readonly string[];
  readonly scenarios: readonly ScenarioRow[];
}

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Names for a badge: the first few of `total`, then how many more. */
function listOf(ids: readonly string[], total = ids.length, max = 3): string {
  const shown = ids.slice(0, max).map(safeText).join(', ');
  return total > max ? `${shown} and ${total - max} more` : shown;
}

/** The `k` smallest of `ids` by string order, sorted (without sorting all of them). */
function smallest(ids: readonly string[], k: number): string[] {
  const out: string[] = [];
  for (const id of ids) {
    if (out.length === k && byString(id, out[k - 1]!) >= 0) continue;
    let j = Math.min(out.length, k - 1);
    if (out.length < k) out.push(id);
    while (j > 0 && byString(id, out[j - 1]!) < 0) (out[j] = out[j - 1]!, j--);
    out[j] = id;
  }
  return out;
}

/**
 * The sweeps' results, compact and structured-clone friendly (a worker thread computes them
 * for large catalogs): per service, what its failure alone affects; per SPOF cause, how many
 * critical services it takes down and the first three of them by id; per redundancy group
 * (requirement index), the single failures that defeat it.
 */
export interface Analysis {
  readonly affected: Uint32Array;
  readonly down: Uint32Array;
  readonly affectedByTier: Uint32Array;
  readonly spofCount: Uint32Array;
  /** [cause, first three target ids] for every cause with spofCount > 0. */
  readonly spofFirst: ReadonlyArray<readonly [number, readonly string[]]>;
  readonly groupCauses: ReadonlyArray<readonly [number, readonly number[]]>;
  /** The compiled graph the sweeps ran on, for data opened without one. */
  readonly cg?: CompiledGraph;
}

/** The ranking half of the analysis: one counting sweep. */
export function analyseRanking(cg: CompiledGraph): Pick<Analysis, 'affected' | 'down' | 'affectedByTier'> {
  const sw = sweepSingleFailures(cg);
  return { affected: sw.affected, down: sw.down, affectedByTier: sw.affectedByTier };
}

/**
 * The badge half: a sweep collecting the single failures that take each critical (tier 0-1)
 * service down and that defeat each redundancy group, without per-service counts.
 */
export function analyseBadges(cg: CompiledGraph, critical: readonly number[]): Pick<Analysis, 'spofCount' | 'spofFirst' | 'groupCauses'> {
  const sw = sweepSingleFailures(cg, { targets: critical, groups: true, counts: false });
  const spofCount = new Uint32Array(cg.n);
  const first = new Map<number, string[]>();
  // targets in id order, so the first three names met per cause are its first three by id
  const targets = [...sw.causes.keys()].sort((a, b) => byString(cg.ids[a]!, cg.ids[b]!));
  for (const t of targets) {
    for (const c of sw.causes.get(t)!) {
      if (c === t) continue;
      spofCount[c]!++;
      let f = first.get(c);
      if (!f) first.set(c, (f = []));
      if (f.length < 3) f.push(cg.ids[t]!);
    }
  }
  return { spofCount, spofFirst: [...first], groupCauses: [...sw.groupCauses].sort((a, b) => a[0] - b[0]) };
}

/** Both halves at once, in this thread: what small catalogs and tests use. */
export function analyseCatalog(catalog: Catalog, cg: CompiledGraph): Analysis {
  return { ...analyseRanking(cg), ...analyseBadges(cg, criticalIndices(catalog, cg)) };
}

/** Indices of the critical (tier 0-1) services: the SPOF targets of the review. */
export const criticalIndices = (catalog: Catalog, cg: CompiledGraph): number[] => criticalServices(catalog).map((id) => cg.index.get(id)!);

/**
 * Badges from the sweeps: a service is a single point of failure when its failure alone
 * takes down critical (tier 0-1) services other than itself; a redundancy group that one
 * failure defeats marks both that failure (shared fate) and the group's owner (false
 * redundancy). Groups that need every member are not redundancy and are left out, as in
 * the review's shared-fate findings.
 */
function reviewBadges(catalog: Catalog, cg: CompiledGraph, a: Pick<Analysis, 'spofCount' | 'spofFirst' | 'groupCauses'>): Badge[][] {
  const badges: Badge[][] = cg.ids.map(() => []);
  for (const [i, first] of a.spofFirst) {
    const n = a.spofCount[i]!;
    badges[i]!.push({ kind: 'spof', label: 'SPOF', detail: `its failure alone takes down ${n} critical service${n === 1 ? '' : 's'}: ${listOf(first, n)}` });
  }
  // A hub can defeat hundreds of groups, and a group fall to thousands of failures: only the
  // counts and the first few names are kept (hundreds of thousands of pairs on 20,000 services).
  const defeatCount = new Uint32Array(cg.n);
  const defeatFirst = new Map<number, string[]>();
  for (const [r, causes] of a.groupCauses) {
    const d = dependencyOf(catalog, cg, r);
    if (!d.group || d.atLeast >= d.of.length || causes.length === 0) continue;
    const owner = cg.reqOwner[r]!;
    const by = smallest(causes.map((c) => cg.ids[c]!), 3);
    badges[owner]!.push({ kind: 'false-redundancy', label: 'FALSE REDUNDANCY', detail: `its ${d.atLeast}-of-${d.of.length} group (${listOf(d.of)}) fails with ${listOf(by, causes.length)}` });
    const label = `the ${d.atLeast}-of-${d.of.length} group of ${safeText(cg.ids[owner]!)}`;
    for (const c of causes) {
      defeatCount[c]!++;
      let f = defeatFirst.get(c);
      if (!f) defeatFirst.set(c, (f = []));
      if (f.length < 2) f.push(label);
    }
  }
  for (const [i, first] of [...defeatFirst].sort((x, y) => x[0] - y[0])) {
    badges[i]!.push({ kind: 'shared-fate', label: 'SHARED FATE', detail: `its failure defeats ${listOf(first, defeatCount[i]!, 2)}` });
  }
  return badges;
}

/**
 * The explorer's view of a catalog before any analysis: every service in catalog order with
 * its display strings, and the graph for the trees. Cheap: the first frame waits for this only.
 * `cg` null: the compiled graph comes with the analysis (src/tui/analyse.ts).
 */
export function openExplorerData(catalog: Catalog, title: string, cg: CompiledGraph | null = compileGraph(catalog)): ExplorerData {
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
      radius: 0,
      down: 0,
      weighted: 0,
      rank: 0,
      badges: NO_BADGES,
    });
    byId.set(s.id, i);
    if (s.system) systemCount.set(s.system, (systemCount.get(s.system) ?? 0) + 1);
    i++;
  }
  const systems = [...systemCount.entries()].sort((a, b) => b[1] - a[1] || byString(a[0], b[0])).map(([k]) => k);
  const scenarios = [...catalog.scenarios.values()].map((sc) => ({
    id: safeText(sc.id),
    rawId: sc.id,
    name: safeText(sc.name ?? sc.id),
    description: sc.description ? safeText(sc.description) : null,
  }));
  const ids = rows.map((r) => r.rawId);
  return { catalog, cg, graph: treeGraph(catalog, ids, byId), title: safeText(catalog.meta.name ?? title), rows, byId, ranked: rows.map((r) => r.index), analysed: false, systems, scenarios };
}

const NO_BADGES: readonly Badge[] = [];

/**
 * The data with the analysis in: rows carry their radius, rank and badges, and `ranked` is
 * sorted by the radius itself (so its column reads in order), then by the tier-weighted score
 * `blast rank` orders by, then by id.
 */
export function withAnalysis(data: ExplorerData, a: Analysis): ExplorerData {
  const cg = a.cg ?? data.cg ?? compileGraph(data.catalog);
  const weighted = new Float64Array(cg.n);
  for (let i = 0; i < cg.n; i++) for (let t = 0; t < 4; t++) weighted[i] += a.affectedByTier[4 * i + t]! * TIER_WEIGHTS[t]!;
  const ranked = data.rows.map((r) => r.index).sort((x, y) => a.affected[y]! - a.affected[x]! || weighted[y]! - weighted[x]! || byString(cg.ids[x]!, cg.ids[y]!));
  const rank = new Uint32Array(cg.n);
  ranked.forEach((row, k) => (rank[row] = k + 1));
  const badges = reviewBadges(data.catalog, cg, a);
  const rows = data.rows.map((r) => ({ ...r, radius: a.affected[r.index]!, down: a.down[r.index]!, weighted: weighted[r.index]!, rank: rank[r.index]!, badges: badges[r.index]! }));
  return { ...data, cg, rows, ranked, analysed: true };
}

/** Builds the explorer's view of a catalog with its analysis, in this thread. */
export function buildExplorerData(catalog: Catalog, title: string): ExplorerData {
  const cg = compileGraph(catalog);
  return withAnalysis(openExplorerData(catalog, title, cg), analyseCatalog(catalog, cg));
}
